import CIMHardware
import Testing

@Suite struct SRAMChipTests {
    let model = SRAMChipModel(chip: .baseline7nm, technology: TestTechnology.parameters)

    /// A 3×3 conv, 64→64 channels, 8-bit: CRS = 576 → 9 row chunks of 64; 8-bit weights take two 4-cell
    /// units, so a 64-column row holds 8 weights → 8 column chunks; 72 macros per copy, 14 replicas on 1024.
    @Test func fittingLayerMapping() throws {
        let layer = LayerWorkload(name: "c", shape: LayerShape(C: 64, M: 64, R: 3, S: 3, P: 56, Q: 56), inputBits: 8, weightBits: 8)
        let cost = try model.evaluate(layer)
        #expect(cost.macrosPerCopy == 72 && cost.replicas == 910 && cost.passes == 1)
        #expect(cost.utilization == 1)
        let mvm = model.macroEvaluation(inputBits: 8, weightBits: 8)
        // 3136 positions over 910 replicas → 4 steps of one MVM (two 4-bit slices).
        #expect(isClose(cost.latency_s, 4 * mvm.latencyPerMVM_s, rel: 1e-12))
        #expect(isClose(cost.macroEnergy_J, 72 * 3136 * mvm.energyPerMVM_pJ * 1e-12, rel: 1e-12))
        #expect(cost.weightReloadEnergy_J == 0)
        let parts = cost.macroEnergy_J + cost.tileBufferEnergy_J + cost.routerEnergy_J + cost.glbEnergy_J
        #expect(isClose(cost.energy_j, parts, rel: 1e-12))
        #expect(cost.macs == 115_605_504)
        // A macro-limited chip cannot beat the macro's own efficiency.
        #expect(cost.topsPerW < mvm.topsPerW)
    }

    /// ResNet50's fc (2048×1000, 8 b) on a 16-macro chip needs 32·125 = 4000 macros: 250 passes with reloads.
    @Test func oversizedLayerRunsInPassesWithReloads() throws {
        var chip = SRAMChip.baseline7nm
        chip.macrosPerTile = 4
        chip.tiles = 4
        let small = SRAMChipModel(chip: chip, technology: TestTechnology.parameters)
        let fc = LayerWorkload(name: "fc", shape: LayerShape(kind: .linear, C: 2048, M: 1000, P: 1, Q: 1), inputBits: 8, weightBits: 8)
        let cost = try small.evaluate(fc)
        #expect(cost.macrosPerCopy == 4000 && cost.passes == 250 && cost.replicas == 1)
        #expect(cost.weightReloadEnergy_J > 0)
        let mvm = small.macroEvaluation(inputBits: 8, weightBits: 8)
        #expect(isClose(cost.latency_s, 250 * mvm.latencyPerMVM_s + 249 * 64 * mvm.cycle_s, rel: 1e-12))
    }

    /// The inline cache returns exactly the direct evaluation, also past its capacity (oldest entries replaced).
    @Test func mvmCacheMatchesDirectEvaluationPastCapacity() {
        var cache = SRAMChipModel.MVMCache()
        let pairs = (1...5).flatMap { i in (1...5).map { (i, $0) } }  // 25 > capacity 16
        #expect(pairs.count > SRAMChipModel.MVMCache.capacity)
        for round in 0..<2 {
            for (ib, wb) in pairs {
                let layer = LayerWorkload(name: "l", shape: LayerShape(C: 8, M: 8, P: 1, Q: 1), inputBits: ib, weightBits: wb)
                #expect(cache.get(layer, model) == model.macroEvaluation(inputBits: ib, weightBits: wb), "round \(round) \(ib)/\(wb)")
            }
        }
    }

    @Test func tooWideWeightsAreRejected() {
        var chip = SRAMChip.baseline7nm
        chip.macro = .colonnade
        chip.macro.cols = 16
        chip.technology_nm = 65
        let m = SRAMChipModel(chip: chip, technology: TestTechnology.parameters)
        let layer = LayerWorkload(name: "x", shape: LayerShape(C: 8, M: 8, P: 4, Q: 4), inputBits: 8, weightBits: 16)
        #expect(throws: SRAMMappingError.self) { try m.evaluate(layer) }
    }

    @Test func areaAddsMacrosBuffersRoutersAndGlb() {
        let c = SRAMChip.baseline7nm
        let expected = Double(c.macroCount) * model.macroArea_um2
            + Double(c.tiles) * (model.inputBuffer.area_um2 + model.outputBuffer.area_um2)
            + Double(c.routerCount) * model.router.area_um2 + model.glb.area_um2
        #expect(isClose(model.area_mm2, expected * 1e-6, rel: 1e-12))
        // The Sinangil macro is 2556 µm² at 7 nm.
        #expect(isClose(model.macroArea_um2, 2556, rel: 1e-9))
    }

    /// Lower voltage: lower energy, longer latency; fewer bits: both lower.
    @Test func knobsMoveCostsTheRightWay() throws {
        let layer = LayerWorkload(name: "c", shape: LayerShape(C: 64, M: 64, R: 3, S: 3, P: 28, Q: 28), inputBits: 8, weightBits: 8)
        var low = SRAMChip.baseline7nm
        low.voltage_v = 0.65
        let lowCost = try SRAMChipModel(chip: low, technology: TestTechnology.parameters).evaluate(layer)
        let base = try model.evaluate(layer)
        #expect(lowCost.energy_j < base.energy_j && lowCost.latency_s > base.latency_s)
        var four = layer
        four.inputBits = 4
        four.weightBits = 4
        let fourCost = try model.evaluate(four)
        #expect(fourCost.energy_j < base.energy_j && fourCost.latency_s <= base.latency_s)
    }

    @Test func networkTotalsSumLayers() throws {
        let layers = [
            LayerWorkload(name: "a", shape: LayerShape(C: 3, M: 64, R: 7, S: 7, P: 112, Q: 112, stride: 2), inputBits: 8, weightBits: 8),
            LayerWorkload(name: "b", shape: LayerShape(kind: .pointwise, C: 64, M: 256, P: 56, Q: 56), inputBits: 6, weightBits: 4),
        ]
        let net = try model.evaluate(network: layers)
        let l = try layers.map { try model.evaluate($0) }
        #expect(isClose(net.energy_j, l[0].energy_j + l[1].energy_j, rel: 1e-12))
        #expect(isClose(net.latency_s, l[0].latency_s + l[1].latency_s, rel: 1e-12))
        #expect(isClose(net.edap_j_s_mm2, net.energy_j * net.latency_s * net.area_mm2, rel: 1e-12))
        #expect(isClose(net.topsPerMM2, net.tops / model.area_mm2, rel: 1e-12))
    }

    @Test func hardwareConfigMapsOntoChip() {
        var hw = HardwareConfig.cimnasDefault
        hw.technology_nm = 7
        hw.adcBits = 5
        let chip = SRAMChip(hardware: hw)
        #expect(chip.macro.design == .sinangil && chip.macro.rows == 128 && chip.macro.cols == 128 && chip.macro.adcBits == 5)
        #expect(chip.tiles == 128 && chip.macrosPerTile == 16 && chip.glbDepth == 16384 && chip.voltage_v == 0.7)
    }
}
