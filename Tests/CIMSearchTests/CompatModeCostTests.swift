import CIMHardware
import CIMSearch
import CIMWorkload
import Testing

/// The same design through the cost model in both modes (issue 4): `--compat cimnas` swaps input and
/// weight bits for the hardware model, counts input traffic at stride 1 and checks capacity with the
/// original formula. Each quirk is isolated on one layer, then the whole design is compared.
@Suite struct CompatModeCostTests {
    static let chip = HardwareConfig.cimnasDefault
    /// The smoke architecture (docs/search.md, "Reference values"), a mixed-precision MobileNetV2 subnet.
    static let smokeKey = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"

    func layerCost(_ layer: LayerWorkload, _ mode: CompatMode, on hw: HardwareConfig = chip) throws -> LayerCost {
        let model = try CIMLoopCostModel.default32nm(mode: mode)
        return model.model.evaluate(network: [mode.hardwareView(of: layer)], on: hw, options: model.options).layers[0]
    }

    /// Stride 2, equal bits: only the input-traffic quirk differs. Counting the input at stride 1 makes
    /// its footprint (P−1)+R instead of 2(P−1)+R rows, so the global buffer moves less input; the
    /// compute (cells, ADC conversions, cycles) is the same.
    @Test func strideOneInputTrafficMovesLessInput() throws {
        let layer = LayerWorkload(name: "s2", shape: LayerShape(kind: .conv, C: 64, M: 128, R: 3, S: 3, P: 28, Q: 28, stride: 2),
                                  inputBits: 8, weightBits: 8)
        let d = try layerCost(layer, .default), c = try layerCost(layer, .cimnas)
        #expect(d.feasible && c.feasible)
        #expect(c.cycles == d.cycles)
        #expect(c.componentActions[.cimUnit] == d.componentActions[.cimUnit])
        #expect(c.componentActions[.adc] == d.componentActions[.adc])
        #expect(c.componentActions[.glb] < d.componentActions[.glb])
        #expect(c.components_j[.glb] < d.components_j[.glb])
        #expect(c.energy_j < d.energy_j)
        // Stride 1 layers are untouched by this quirk.
        let s1 = LayerWorkload(name: "s1", shape: LayerShape(kind: .conv, C: 64, M: 64, R: 3, S: 3, P: 28, Q: 28), inputBits: 8, weightBits: 8)
        #expect(try layerCost(s1, .default) == layerCost(s1, .cimnas))
    }

    /// Stride 1, weights 4 bits and activations 8: the original hands the model 8-bit weights and 4-bit
    /// inputs. At 4 bits per cell each weight then takes two cells, doubling cell and ADC actions, while
    /// half the input bits halve the input-buffer traffic.
    @Test func swappedBitsDoubleCellsAndHalveInputs() throws {
        let layer = LayerWorkload(name: "w4a8", shape: LayerShape(kind: .conv, C: 64, M: 64, R: 3, S: 3, P: 28, Q: 28),
                                  inputBits: 8, weightBits: 4)
        #expect(CompatMode.cimnas.hardwareView(of: layer).inputBits == 4)
        #expect(CompatMode.cimnas.hardwareView(of: layer).weightBits == 8)
        let d = try layerCost(layer, .default), c = try layerCost(layer, .cimnas)
        #expect(d.feasible && c.feasible)
        #expect(c.componentActions[.cimUnit] == 2 * d.componentActions[.cimUnit])
        #expect(c.componentActions[.adc] == 2 * d.componentActions[.adc])
        #expect(c.componentActions[.inputBuffer] < d.componentActions[.inputBuffer])
        #expect(c.energy_j < d.energy_j)
        // Equal bits: the swap changes nothing.
        let same = LayerWorkload(name: "w8a8", shape: layer.shape, inputBits: 8, weightBits: 8)
        #expect(try layerCost(same, .default) == layerCost(same, .cimnas))
    }

    /// The whole smoke design: the original capacity formula under-counts the depthwise layers, and the
    /// network evaluates to different totals whose direction follows the two layer-level quirks.
    @Test func wholeDesignInBothModes() throws {
        let design = try CIMNASKey(parsing: Self.smokeKey).design
        var totals: [CompatMode: (energy: Double, latency: Double, glb: Double, cells: Int)] = [:]
        for mode in [CompatMode.default, .cimnas] {
            let layers = try Workloads.layers(for: design, mode: mode)
            let model = try CIMLoopCostModel.default32nm(mode: mode)
            let cost = model.model.evaluate(network: mode.hardwareView(of: layers), on: design.hardware, options: model.options)
            #expect(cost.feasible, "\(mode)")
            let capacity = CapacityCheck.check(layers, on: design.hardware, mode: mode)
            totals[mode] = (cost.energy_j, cost.latency_s, cost.components_j[.glb], capacity.requiredCells)
        }
        let d = try #require(totals[.default]), c = try #require(totals[.cimnas])
        #expect(c.cells == 25_821_054 && d.cells == 26_940_928)   // docs/search.md, quirk 3: the original under-counts
        // Less input traffic through the global buffer (stride-2 layers), so less energy overall
        // (measured: 1.645 mJ vs 1.846 mJ, −11 %); latency moves by ~1 % only (the swap re-maps a few layers).
        #expect(c.glb < d.glb)
        #expect(c.energy < d.energy)
        #expect(abs(c.latency / d.latency - 1) < 0.05 && c.latency != d.latency)
    }
}
