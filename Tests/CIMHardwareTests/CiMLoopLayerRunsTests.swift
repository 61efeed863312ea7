import CIMData
import CIMHardware
import Foundation
import Testing

/// The mapping half against 101 real CiMLoop runs of MobileNetV2 layers on random CIMNAS-space chips
/// (Tests/Fixtures/cimloop_mbv2_layers.json, trimmed from the shared reference data), fed with each run's
/// per-action energies (ERT) and per-instance areas (ART).
///
/// Split rule, fixed before any tuning: a run is held out when the first hex digit of SHA-256(run name) is
/// 0–3 (24 runs); the other 77 (76 mapped) were the only ones looked at while the loop-nest accounting was written.
@Suite struct CiMLoopLayerRunsTests {
    struct Run: Sendable {
        let name: String
        let heldOut: Bool
        /// nil for the run CiMLoop could not map.
        let golden: GoldenMappingRun?
        let hardware: HardwareConfig
        let layer: LayerWorkload
        /// Timeloop's per-level, per-dataspace scalar counts: "level.Dataspace.reads|fills|updates" → total.
        let timeloopCounts: [String: Double]
    }

    static let runs: [Run] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cimloop_mbv2_layers.json")
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["runs"] as! [[String: Any]]).map { r in
            let name = r["name"] as! String
            let heldOut = "0123".contains(SHA256.hex(name).first!)
            let h = (r["hw"] as! [String: String]).mapValues { Double($0)! }
            let hw = HardwareConfig(voltage_v: h["VOLTAGE"]!, bitsPerCell: Int(h["BITS_PER_CELL"]!),
                                    baseLatency_s: h["BASE_LATENCY"]!, rows: Int(h["ROWS"]!), cols: Int(h["COLS"]!),
                                    routerGroup: Int(h["SRG"]!), tilesPerChip: Int(h["TIC"]!),
                                    macrosPerTile: Int(h["MIT"]!), glbDepth: Int(h["GLB_DEPTH"]!))
            let l = (r["layer"] as! [String: String]).mapValues { Int($0)! }
            let shape = LayerShape(G: l["G"]!, C: l["C"]!, M: l["M"]!, R: l["R"]!, S: l["S"]!, P: l["P"]!,
                                   Q: l["Q"]!, N: l["N"]!, stride: l["stride"]!)
            let layer = LayerWorkload(name: name, shape: shape, inputBits: (r["input_bits"] as! NSNumber).intValue,
                                      weightBits: (r["weight_bits"] as! NSNumber).intValue)
            guard let run = r["run"] as? [String: Any] else {
                return Run(name: name, heldOut: heldOut, golden: nil, hardware: hw, layer: layer, timeloopCounts: [:])
            }
            var counts: [String: Double] = [:]
            for (level, stats) in run["stats"] as! [String: [String: Any]] {
                for (ds, v) in stats["ds"] as! [String: [String: NSNumber]] {
                    let instances = v["Utilized instances (max)"]!.doubleValue
                    counts["\(level).\(ds).reads"] = v["Scalar reads (per-instance)"]!.doubleValue * instances
                    counts["\(level).\(ds).fills"] = v["Scalar fills (per-instance)"]!.doubleValue * instances
                    counts["\(level).\(ds).updates"] = v["Scalar updates (per-instance)"]!.doubleValue * instances
                }
            }
            return Run(name: name, heldOut: heldOut, golden: GoldenMappingRun(id: name, run), hardware: hw,
                       layer: layer, timeloopCounts: counts)
        }
    }()

    static let mapped = runs.filter { $0.golden != nil }.map(\.name)
    static let byName = Dictionary(uniqueKeysWithValues: runs.map { ($0.name, $0) })

    static func evaluate(_ run: Run) -> LayerCost {
        let g = run.golden!
        return LayerEnergyModel.evaluate(g.layer, on: g.hardware, energies: g.energies, areas: g.areas)
    }

    /// |model − CiMLoop| / CiMLoop of the layer energy, per run.
    static let energyErrors: [String: Double] = {
        var out: [String: Double] = [:]
        for name in mapped {
            let run = byName[name]!
            out[name] = mappingRelErr(evaluate(run).energy_j, run.golden!.energy_j)
        }
        return out
    }()

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        return s[Int((p * Double(s.count - 1)).rounded(.down))]
    }

    @Test func runsAndSplit() {
        #expect(Self.runs.count == 101)
        #expect(Self.mapped.count == 100)
        #expect(Self.runs.filter(\.heldOut).count == 24)
        #expect(Self.runs.filter { $0.heldOut && $0.golden != nil }.count == 24)
    }

    /// Tolerance: cycles exact; chip area 1e-9 relative (ART × instance counts, as CiMLoop sums them).
    @Test(arguments: mapped) func cyclesAndAreaExact(name: String) {
        let run = Self.byName[name]!
        let cost = Self.evaluate(run)
        #expect(cost.feasible, "\(name): \(cost.infeasibleReason ?? "")")
        #expect(cost.cycles == run.golden!.cycles, "\(name) cycles \(cost.cycles) vs \(run.golden!.cycles)")
        #expect(mappingRelErr(cost.area_mm2, run.golden!.area_mm2) < 1e-9,
                "\(name) area \(cost.area_mm2) vs \(run.golden!.area_mm2)")
    }

    /// Tolerance: every run's layer energy within 1 %. Measured worst: 0.39 % (mbv2 held-out part; see
    /// `tuningVersusHeldOut`). What remains is CiMLoop printing fJ/compute with 3 significant digits.
    @Test(arguments: mapped) func energyWithinOnePercent(name: String) {
        let err = Self.energyErrors[name]!
        #expect(err <= 0.01, "\(name) energy error \(err)")
    }

    /// Timeloop's scalar counts of the buffer levels (reads, fills, updates × utilised instances) are
    /// reproduced for every run. Tolerance 1e-4 relative (Timeloop rounds per-instance counts).
    @Test(arguments: mapped) func bufferCountsMatchTimeloop(name: String) {
        let run = Self.byName[name]!
        let cost = Self.evaluate(run)
        let a = cost.actions
        let ib = Double(run.layer.inputBits), ob = 8.0
        let ours: [String: Double] = [
            "glb.Inputs.reads": a.glbInputReads * ib, "glb.Inputs.fills": a.glbInputFills * ib,
            "glb.Outputs.reads": a.glbOutputUpdates * ob, "glb.Outputs.updates": a.glbOutputUpdates * ob,
            "glb.Outputs.fills": a.glbOutputFills * ob,
            "router.Inputs.reads": a.routerInputReads * ib, "router.Outputs.reads": a.routerOutputReads * ob,
            "input_buffer.Inputs.reads": a.inputBufferReads * ib, "input_buffer.Inputs.fills": a.inputBufferFills * ib,
            "output_buffer.Outputs.reads": a.outputBufferReads * ob,
            "output_buffer.Outputs.fills": a.outputBufferFills * ob,
            "output_buffer.Outputs.updates": a.outputBufferUpdates * ob,
        ]
        for (key, value) in ours.sorted(by: { $0.key < $1.key }) {
            let golden = run.timeloopCounts[key]!
            #expect(mappingRelErr(value, golden) <= 1e-4, "\(name) \(key): \(value) vs Timeloop \(golden)")
        }
    }

    /// The issue's goals, on the tuning part and separately on the held-out part: median ≤ 0.1 %, p95 ≤ 3 %.
    /// Measured (cost model v2): tuning (76 runs) median 0.040 %, p95 0.17 %, max 0.24 %; held-out (24 runs)
    /// median 0.039 %, p95 0.25 %, max 0.39 %.
    @Test func tuningVersusHeldOut() {
        let tuning = Self.mapped.filter { !Self.byName[$0]!.heldOut }.map { Self.energyErrors[$0]! }
        let heldOut = Self.mapped.filter { Self.byName[$0]!.heldOut }.map { Self.energyErrors[$0]! }
        for (part, errors) in [("tuning", tuning), ("held-out", heldOut)] {
            let median = Self.percentile(errors, 0.5), p95 = Self.percentile(errors, 0.95)
            print("cimloop_mbv2_layers \(part): n=\(errors.count) median=\(median) p95=\(p95) max=\(errors.max()!)")
            #expect(median <= 0.001, "\(part) median \(median)")
            #expect(p95 <= 0.03, "\(part) p95 \(p95)")
        }
    }

    /// mbv2_r0030_L03: CiMLoop's mapper finds no mapping (its message is the generic "no valid mappings" help
    /// text, which mentions fan-out and capacity violations alike). The weights fit; one step's inputs and
    /// outputs (every P/Q position is spatial, 10.4 Mbit) exceed the 2048-deep GLB (4.2 Mbit).
    @Test func globalBufferNoFitIsReported() {
        let run = Self.byName["mbv2_r0030_L03"]!
        #expect(run.golden == nil)
        let cost = LayerEnergyModel.evaluate(run.layer, on: run.hardware, energies: ActionEnergies(),
                                             areas: InstanceAreas())
        #expect(!cost.feasible)
        #expect(cost.infeasibleReason == "no legal mapping: one step needs 10436608 bits of inputs and outputs in the "
                + "global buffer, which holds 4194304 bits (glb depth 2048 × 2048); the chip needs a deeper global buffer")
        var deeper = run.hardware
        deeper.glbDepth = 8192
        let fits = LayerEnergyModel.evaluate(run.layer, on: deeper, energies: ActionEnergies(), areas: InstanceAreas())
        #expect(fits.feasible)
    }
}
