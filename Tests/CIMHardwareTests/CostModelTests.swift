import CIMHardware
import Foundation
import Testing

/// The composed cost model (component models + mapping) end to end, no-fit reporting, and properties.
@Suite struct CostModelTests {
    static let model = CostModel(components: TestTechnology.model)

    /// The shipped workloads' histograms for a golden run ("resnet18/02" …).
    static let histograms: [String: (inputs: [Double], weights: [Double])] = {
        let root = try! Fixtures.json("cimloop_workload_histograms.json") as! [String: Any]
        let layers = root["layers"] as! [String: [String: [Double]]]
        return layers.mapValues { ($0["inputs"]!, $0["weights"]!) }
    }()

    static func goldenLayer(_ id: String) -> (GoldenMappingRun, LayerWorkload) {
        let run = GoldenMappingRun.all[id]!
        let raw = try! Fixtures.goldenRuns()[id]!
        let key = "\(raw["dnn"] as! String)/\(raw["layer"] as! String)"
        var layer = run.layer
        layer.inputHistogram = histograms[key]!.inputs
        layer.weightHistogram = histograms[key]!.weights
        return (run, layer)
    }

    /// Tolerance: total energy 0.3 %, every component 0.6 % (golden rounding 0.5 % + component models
    /// ≤ 0.05 %), area 0.1 %, cycles exact — everything computed from the technology tables and histograms.
    @Test(arguments: GoldenMappingRun.ids) func goldenRunsEndToEnd(id: String) {
        let (run, layer) = Self.goldenLayer(id)
        let cost = Self.model.evaluate(layer, on: run.hardware)
        #expect(cost.feasible)
        #expect(cost.cycles == run.cycles)
        let err = mappingRelErr(cost.energy_j, run.energy_j)
        #expect(err <= 0.003, "\(id) energy \(cost.energy_j) vs \(run.energy_j) (\(err))")
        for c in CostComponent.allCases where c != .columnDrivers {
            let golden = run.componentEnergy_j[c.rawValue]!
            #expect(mappingRelErr(cost.components_j[c], golden) <= 0.006, "\(id) \(c.rawValue)")
        }
        #expect(mappingRelErr(Self.model.chipArea(run.hardware).area_mm2, run.area_mm2) < 0.001)
        #expect(mappingRelErr(cost.latency_s, Double(run.cycles) * run.hardware.baseLatency_s) < 1e-12)
    }

    /// docs/cost-model.md, "Mapping": resnet18/02 on [0.6, 3, 2e-9, 32, 32, 1, 4, 4, 2048] has no legal mapping.
    @Test func infeasibleRunGReportsReason() {
        let hw = HardwareConfig(voltage_v: 0.6, bitsPerCell: 3, baseLatency_s: 2e-9, rows: 32, cols: 32,
                                routerGroup: 1, tilesPerChip: 4, macrosPerTile: 4, glbDepth: 2048)
        let layer = LayerWorkload(name: "resnet18/02", shape: LayerShape(C: 64, M: 64, R: 3, S: 3, P: 56, Q: 56),
                                  inputBits: 8, weightBits: 8)
        let cost = Self.model.evaluate(layer, on: hw)
        #expect(!cost.feasible)
        #expect(cost.energy_j == .infinity)
        #expect(cost.latency_s == .infinity)
        #expect(cost.tops_per_w == 0 && cost.tops == 0 && cost.tops_per_mm2 == 0)
        let reason = cost.infeasibleReason ?? ""
        #expect(reason.hasPrefix("no legal mapping: weight dim"), "\(reason)")
        #expect(cost.mapping.infeasibleReason!.remainingFactor > 1)
        #expect(cost.area_mm2 > 0)

        let net = Self.model.evaluate(network: [layer, layer], on: hw)
        #expect(!net.feasible)
        #expect(net.firstInfeasibleLayer == 0)
        #expect(net.infeasibleReason?.hasPrefix("layer 0 (resnet18/02): no legal mapping") == true)
        #expect(net.energy_j == .infinity && net.tops_per_w == 0)
    }

    /// Degenerate inputs never trap: they come back infeasible with a reason.
    @Test func degenerateInputsAreInfeasibleNotCrashes() {
        var hw = HardwareConfig.cimnasDefault
        hw.rows = 0
        let layer = LayerWorkload(shape: LayerShape(C: 8, M: 8, P: 4, Q: 4), inputBits: 8, weightBits: 8)
        #expect(Self.model.evaluate(layer, on: hw).infeasibleReason?.contains("array 0×128") == true)
        #expect(LayerEnergyModel.evaluate(layer, on: hw, energies: ActionEnergies(), areas: InstanceAreas())
            .infeasibleReason?.contains("rows = 0") == true)
        var bad = layer
        bad.shape.C = 0
        #expect(Self.model.evaluate(bad, on: .cimnasDefault).infeasibleReason?.contains("C = 0") == true)
        var hist = layer
        hist.inputHistogram = [1, 2]
        #expect(Self.model.evaluate(hist, on: .cimnasDefault).infeasibleReason?.contains("bins") == true)
    }

    /// A depthwise layer with more groups than macros cannot fit (G must be spatial).
    @Test func depthwiseWithTooManyGroupsIsInfeasible() {
        let hw = HardwareConfig(voltage_v: 0.7, bitsPerCell: 4, baseLatency_s: 4e-9, rows: 64, cols: 64,
                                routerGroup: 2, tilesPerChip: 2, macrosPerTile: 4, glbDepth: 2048)
        let layer = LayerWorkload(shape: LayerShape(kind: .depthwise, G: 96, C: 1, M: 1, R: 3, S: 3, P: 14, Q: 14),
                                  inputBits: 8, weightBits: 8)
        let cost = Self.model.evaluate(layer, on: hw)
        #expect(!cost.feasible)
        #expect(cost.mapping.infeasibleReason?.dim == .G)
        #expect(cost.mapping.infeasibleReason?.remainingFactor == 6)
    }

    /// Property: energy increases strictly with input bits (more pulses per read), all else equal.
    @Test func energyMonotoneInInputBits() {
        let (run, layer) = Self.goldenLayer("A_r18_02")
        var previous = 0.0
        for bits in 2...8 {
            var l = layer
            l.inputBits = bits
            let e = Self.model.evaluate(l, on: run.hardware).energy_j
            #expect(e > previous, "input bits \(bits)")
            previous = e
        }
    }

    /// Property: energy increases with voltage (row drivers and ADC encoder scale with V²).
    @Test func energyMonotoneInVoltage() {
        let (run, layer) = Self.goldenLayer("H_r18_06")
        var previous = 0.0
        for v in stride(from: 0.5, through: 0.85, by: 0.05) {
            var hw = run.hardware
            hw.voltage_v = v
            let e = Self.model.evaluate(layer, on: hw).energy_j
            #expect(e > previous, "voltage \(v)")
            previous = e
        }
    }

    /// Property: adding macros (per tile, tiles or router groups) never increases latency.
    @Test func latencyNonIncreasingInMacros() {
        let layers = ["A_r18_02", "B_r18_00", "D_mbv3_01", "J_mbv3_05"].map { Self.goldenLayer($0).1 }
        for layer in layers {
            for knob in 0..<3 {
                var previous = Double.infinity
                for n in [1, 2, 4, 8, 16, 32] {
                    var hw = HardwareConfig.cimnasDefault
                    switch knob {
                    case 0: hw.macrosPerTile = n
                    case 1: hw.tilesPerChip = n
                    default: hw.routerGroup = n
                    }
                    let cost = LayerEnergyModel.evaluate(layer, on: hw, energies: ActionEnergies(),
                                                         areas: InstanceAreas())
                    guard cost.feasible else { continue }
                    #expect(cost.latency_s <= previous, "\(layer.name) knob \(knob) n \(n)")
                    previous = cost.latency_s
                }
            }
        }
    }

    /// Strides: cycles and MACs do not change; input traffic shrinks to the strided footprint, and the
    /// CIMNAS-compat mode reproduces stride-1 traffic.
    @Test func strideChangesOnlyInputTraffic() {
        let base = LayerShape(C: 32, M: 64, R: 3, S: 3, P: 28, Q: 28, stride: 1)
        var strided = base
        strided.stride = 2
        let hw = HardwareConfig.cimnasDefault
        let l1 = LayerWorkload(shape: base, inputBits: 8, weightBits: 8)
        let l2 = LayerWorkload(shape: strided, inputBits: 8, weightBits: 8)
        let c1 = Self.model.evaluate(l1, on: hw), c2 = Self.model.evaluate(l2, on: hw)
        let compat = Self.model.evaluate(l2, on: hw, options: .cimnas)
        #expect(c1.cycles == c2.cycles && c1.macs == c2.macs)
        #expect(c2.actions.glbInputFills == Double(32 * (27 * 2 + 3) * (27 * 2 + 3)))
        #expect(c1.actions.glbInputFills == Double(32 * 30 * 30))
        #expect(c2.actions.glbInputReads > c1.actions.glbInputReads)
        #expect(compat.actions == c1.actions)
        #expect(compat.energy_j == c1.energy_j)
        #expect(c2.components_j.cimUnit == c1.components_j.cimUnit)
    }

    /// swapInputWeightBits evaluates with the two precisions exchanged.
    @Test func swapInputWeightBits() {
        let layer = LayerWorkload(shape: LayerShape(C: 64, M: 64, R: 3, S: 3, P: 14, Q: 14), inputBits: 4, weightBits: 8)
        var swapped = layer
        swapped.inputBits = 8
        swapped.weightBits = 4
        let a = Self.model.evaluate(layer, on: .cimnasDefault, options: EvaluationOptions(swapInputWeightBits: true))
        let b = Self.model.evaluate(swapped, on: .cimnasDefault)
        #expect(a.energy_j == b.energy_j && a.cycles == b.cycles)
    }

    /// Network totals are sums; EDAP = e·l·a; TOPS/W = 2·MACs/e; CIMNAS aggregates are means and maxima.
    @Test func networkAggregation() {
        let ids = ["A_r18_02", "H_r18_06", "J_mbv3_05"]
        let layers = ids.map { Self.goldenLayer($0).1 }
        let hw = GoldenMappingRun.all["A_r18_02"]!.hardware
        let net = Self.model.evaluate(network: layers, on: hw)
        let singles = layers.map { Self.model.evaluate($0, on: hw) }
        #expect(net.feasible)
        #expect(mappingRelErr(net.energy_j, singles.reduce(0) { $0 + $1.energy_j }) < 1e-12)
        #expect(mappingRelErr(net.latency_s, singles.reduce(0) { $0 + $1.latency_s }) < 1e-12)
        #expect(mappingRelErr(net.edap_j_s_mm2, net.energy_j * net.latency_s * net.area_mm2) < 1e-12)
        #expect(mappingRelErr(net.tops_per_w, 2 * net.macs / net.energy_j / 1e12) < 1e-12)
        #expect(mappingRelErr(net.tops_per_mm2, 2 * net.macs / net.latency_s / 1e12 / net.area_mm2) < 1e-12)
        let m = net.cimnas
        #expect(mappingRelErr(m.a, 18.4983) < 0.001)
        #expect(mappingRelErr(m.a_tpw, singles.reduce(0) { $0 + $1.tops_per_w } / 3) < 1e-12)
        #expect(m.m_tpw == singles.map(\.tops_per_w).max()!)
        #expect(m.m_tpm == singles.map(\.tops_per_mm2).max()!)
        #expect(mappingRelErr(m.tp, singles.reduce(0) { $0 + $1.tops } / 3) < 1e-12)
        #expect(m.u == singles.map(\.utilization_percent).max()!)
        #expect(mappingRelErr(m.au, m.u * m.a) < 1e-12)
        #expect(mappingRelErr(net.components_j.total, net.energy_j) < 1e-12)
    }

    @Test func versionIsStable() {
        // 2: leakage is a counted action (cycles × instances) and output-buffer updates are kept apart from
        // writes, so sums change in the last bit.
        #expect(CostModel.version == "cimloop-cimnas/2")
    }
}

extension CostModelTests {
    /// Knobs the component models cannot evaluate give an infeasible layer with the knob named.
    @Test func unusableKnobIsInfeasibleWithReason() {
        var hw = HardwareConfig.cimnasDefault
        hw.voltage_v = 0
        let layer = LayerWorkload(shape: LayerShape(C: 8, M: 8, P: 4, Q: 4), inputBits: 8, weightBits: 8)
        let cost = Self.model.evaluate(layer, on: hw)
        #expect(!cost.feasible)
        #expect(cost.infeasibleReason?.contains("voltage") == true)
        let net = Self.model.evaluate(network: [layer], on: hw)
        #expect(!net.feasible && net.energy_j == .infinity)
        #expect(Self.model.chipArea(hw).area_mm2 == 0)
    }
}

extension CostModelTests {
    /// Results survive a JSON round trip unchanged (stored results carry the model version separately).
    @Test func layerAndNetworkCostsRoundTripThroughJSON() throws {
        let (run, layer) = Self.goldenLayer("A_r18_02")
        let net = Self.model.evaluate(network: [layer], on: run.hardware)
        let data = try JSONEncoder().encode(net)
        let back = try JSONDecoder().decode(NetworkCost.self, from: data)
        #expect(back == net)
        #expect(back.energy_j == net.energy_j)
    }
}

extension CostModelTests {
    /// Precomputed data-value averages give the same result as the histogram path.
    @Test func precomputedAveragesMatch() throws {
        let (run, layer) = Self.goldenLayer("F_r18_11_h3")
        let prepared = Self.model.components.prepare(run.hardware)
        let area = ChipArea(areas: prepared.areas, hardware: run.hardware)
        let averages = try DataValueStatistics.averages(layer, bitsPerCell: run.hardware.bitsPerCell)
        let a = CostModel.evaluate(layer, averages: averages, on: prepared, chipArea: area)
        let b = CostModel.evaluate(layer, on: prepared, chipArea: area)
        #expect(a == b)
        #expect(a == Self.model.evaluate(layer, on: run.hardware))
    }
}
