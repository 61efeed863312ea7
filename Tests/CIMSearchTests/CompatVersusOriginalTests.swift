import CIMHardware
import CIMSearch
import CIMWorkload
import Foundation
import Testing

/// `--compat cimnas` against results the original CIMNAS recorded (Tests/Fixtures/cimnas_golden_configs.json:
/// smoke run, single-architecture baseline, top-3 of the example run; Tests/Fixtures/cimnas_constr8_results.json:
/// the 306 designs of the example run with area ≤ 8 cm²). Latency and area are reproduced; energy is not:
/// the original ran an older CiMLoop / NeuroSim plug-in (docs/validation.md lists what was ruled out), so
/// these tests hold the achieved energy error to what is measured plus a stated margin.
@Suite struct CompatVersusOriginalTests {
    struct Recorded: Sendable {
        let name: String
        let design: Design
        let energy_j: Double, latency_s: Double, area_cm2: Double
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func json(_ name: String) -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name))) as! [String: Any]
    }

    static func recorded(_ name: String, key: String, _ out: [String: Any]) -> Recorded {
        Recorded(name: name, design: try! CIMNASKey(parsing: key).design, energy_j: (out["e"] as! NSNumber).doubleValue,
                 latency_s: (out["l"] as! NSNumber).doubleValue, area_cm2: (out["a"] as! NSNumber).doubleValue)
    }

    /// Smoke run (2 designs), baseline, top-3.
    static let named: [Recorded] = {
        let g = json("cimnas_golden_configs.json")
        var out: [Recorded] = []
        let smoke = (g["smoke_run_search_ELA_acc_constr8"] as! [String: Any])["entries"] as! [String: [String: Any]]
        for (i, key) in smoke.keys.sorted().enumerated() { out.append(recorded("smoke\(i + 1)", key: key, smoke[key]!)) }
        let b = g["single_arch_baseline_mbv2"] as! [String: Any]
        let hw = (b["hw"] as! [NSNumber]).map(\.doubleValue)
        let spec = SubnetSpec(depths: [2, 3, 4, 3, 3, 2], kernels: Array(repeating: 3, count: 21),
                              expandIndices: MobileNetV2Supernet.expandChoiceCounts.map { $0 - 1 },
                              pwWeightBits: Array(repeating: 8, count: 21), pwActivationBits: Array(repeating: 8, count: 21),
                              dwWeightBits: Array(repeating: 8, count: 21), dwActivationBits: Array(repeating: 8, count: 21))
        let chip = HardwareConfig(voltage_v: hw[0], bitsPerCell: Int(hw[1]), baseLatency_s: hw[2], rows: Int(hw[3]),
                                  cols: Int(hw[4]), routerGroup: Int(hw[5]), tilesPerChip: Int(hw[6]),
                                  macrosPerTile: Int(hw[7]), glbDepth: Int(hw[8]))
        let bo = b["out"] as! [String: Any]
        out.append(Recorded(name: "baseline", design: Design(hardware: chip, network: .mobileNetV2(spec)),
                            energy_j: (bo["e"] as! NSNumber).doubleValue, latency_s: (bo["l"] as! NSNumber).doubleValue,
                            area_cm2: (bo["a"] as! NSNumber).doubleValue))
        for i in 1...3 {
            let t = g["example_top\(i)"] as! [String: Any]
            out.append(recorded("top\(i)", key: t["key"] as! String, t["out"] as! [String: Any]))
        }
        return out
    }()

    static let constr8: [Recorded] = {
        json("cimnas_constr8_results.json").map { recorded($0.key, key: $0.key, $0.value as! [String: Any]) }
            .sorted { $0.name < $1.name }
    }()

    /// Our `--compat cimnas` energy, latency and area (cm²) of a design.
    static func evaluate(_ d: Design, model: CIMLoopCostModel) throws -> (energy_j: Double, latency_s: Double, area_cm2: Double) {
        let layers = try Workloads.layers(for: d, mode: .cimnas)
        let cost = model.model.evaluate(network: CompatMode.cimnas.hardwareView(of: layers), on: d.hardware,
                                        options: model.options)
        return (cost.energy_j, cost.latency_s, cost.chipArea.area_mm2 / 100)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        return s[Int((p * Double(s.count - 1)).rounded(.down))]
    }

    /// Smoke run, baseline and top-3 against the original's records. Tolerance: latency 1e-6 relative;
    /// energy error and area error (ours / original − 1) within the measured value ± 0.02 (absolute), the
    /// margin covering model changes that leave the cause untouched. Measured (cost model v2), energy:
    /// smoke +31.3 % / +36.0 %, baseline +37.7 %, top-1 +59.9 %, top-2 +24.1 %, top-3 +46.2 %. Area: top-3
    /// exact; the smoke run and the notebook baseline record 27–31 % more area than CiMLoop gives for the
    /// same chip (an older plug-in build; docs/validation.md), so area is held to the measured error there.
    @Test func smokeBaselineAndTopThree() throws {
        let model = try CIMLoopCostModel.default32nm(mode: .cimnas)
        let measured: [String: (energy: Double, area: Double)] = [
            "smoke1": (0.3128, -0.2747), "smoke2": (0.3601, -0.3059), "baseline": (0.3769, -0.2743),
            "top1": (0.5989, 0), "top2": (0.2412, 0), "top3": (0.4624, 0),
        ]
        for r in Self.named {
            let ours = try Self.evaluate(r.design, model: model)
            let e = ours.energy_j / r.energy_j - 1, a = ours.area_cm2 / r.area_cm2 - 1
            print("compat vs original \(r.name): energy \(e) latency \(ours.latency_s / r.latency_s - 1) area \(a)")
            let m = try #require(measured[r.name])
            #expect(abs(ours.latency_s / r.latency_s - 1) < 1e-6, "\(r.name) latency")
            #expect(abs(e - m.energy) <= 0.02, "\(r.name) energy error \(e)")
            #expect(m.area == 0 ? abs(a) < 1e-6 : abs(a - m.area) <= 0.02, "\(r.name) area error \(a)")
        }
    }

    /// The 306 constr8 designs: latency and area exact (1e-6) for all; energy |error| median and p90 within
    /// the measured values ± 0.02. Measured (cost model v2): median 28.8 %, p90 55.8 %, range +4.2 % to
    /// +83.3 % (always high).
    @Test func constr8Designs() throws {
        let model = try CIMLoopCostModel.default32nm(mode: .cimnas)
        var energy: [Double] = []
        var latencyWorst = 0.0, areaWorst = 0.0
        for r in Self.constr8 {
            let ours = try Self.evaluate(r.design, model: model)
            energy.append(ours.energy_j / r.energy_j - 1)
            latencyWorst = max(latencyWorst, abs(ours.latency_s / r.latency_s - 1))
            areaWorst = max(areaWorst, abs(ours.area_cm2 / r.area_cm2 - 1))
        }
        let magnitude = energy.map(abs)
        let median = Self.percentile(magnitude, 0.5), p90 = Self.percentile(magnitude, 0.9)
        print("compat vs original constr8: n=\(energy.count) energy |error| median=\(median) p90=\(p90) "
              + "min=\(energy.min()!) max=\(energy.max()!) latency worst=\(latencyWorst) area worst=\(areaWorst)")
        #expect(Self.constr8.count == 306)
        #expect(latencyWorst < 1e-6)
        #expect(areaWorst < 1e-6)
        #expect(abs(median - 0.2883) <= 0.02, "median \(median)")
        #expect(abs(p90 - 0.5582) <= 0.02, "p90 \(p90)")
        #expect(energy.min()! > 0, "the original's energy is lower for every design")
    }
}
