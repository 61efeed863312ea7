/// The mapping half of the cost model: maps a layer, counts actions and prices them with given per-action
/// energies (docs/cost-model.md, "How a layer is costed"). The component models (or golden ERT values) supply the energies.
public enum LayerEnergyModel {
    /// OUTPUT_BITS of the CIMNAS configuration (tile buffers and ADC word width).
    public static let outputBits = 8
    /// Global-buffer word width, bits.
    public static let glbWidth_bits = 2048
    /// Router transfer width, bits.
    public static let routerWidth_bits = 128
    /// Tile buffers hold one 8-bit value per macro of the tile per word.
    public static let bufferBitsPerMacro = 8

    /// GLOBAL_CYCLE_SECONDS: base latency (× 1/VOLTAGE under stock CiMLoop voltage scaling).
    @inlinable
    public static func cycleSeconds(_ hw: HardwareConfig) -> Double {
        hw.stockVoltageScaling && hw.voltage_v > 0 ? hw.baseLatency_s / hw.voltage_v : hw.baseLatency_s
    }

    /// Evaluates `layer` on `hw` with the given per-action energies and the chip's area.
    ///
    /// `layer.inputBits`/`weightBits` are used as given unless `options.swapInputWeightBits`.
    /// Never traps: a layer without a legal mapping comes back with `feasible == false` and a reason.
    /// - Complexity: O(1) apart from the greedy allocation; no heap allocation.
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, on hw: HardwareConfig, energies e: ActionEnergies,
                                chipArea: ChipArea, options: EvaluationOptions = .standard) -> LayerCost {
        var memo = GreedyMemo.none
        return evaluate(layer, on: hw, energies: e, chipArea: chipArea, options: options, memo: &memo)
    }

    /// `evaluate(_:on:energies:chipArea:options:)` with the mapping's greedy searches memoised (same result).
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, on hw: HardwareConfig, energies e: ActionEnergies,
                                chipArea: ChipArea, options: EvaluationOptions,
                                memo: inout GreedyMemo) -> LayerCost {
        let weightBits = options.swapInputWeightBits ? layer.inputBits : layer.weightBits
        let mapping = SpatialMapping.allocate(layer.shape, weightBits: weightBits, on: hw, memo: &memo)
        var cost = countProfile(layer, mapping: mapping, on: hw, chipArea: chipArea, options: options)
        cost.ledger.cycle_s = cycleSeconds(hw)
        cost.ledger.price(e)
        return cost
    }

    /// The layer's cost with counts but no energies yet (a count profile): the mapping's action counts
    /// turned into priced actions per component and kind, cycles, MACs, area and utilisation. Pricing the
    /// profile with ``CostLedger/price(_:)`` gives `evaluate`'s result; the precompute caches profiles.
    /// - Complexity: O(1) apart from the action counts; no heap allocation.
    @inlinable
    public static func countProfile(_ layer: LayerWorkload, mapping: SpatialMapping, on hw: HardwareConfig,
                                    chipArea: ChipArea, options: EvaluationOptions) -> LayerCost {
        let inputBits = options.swapInputWeightBits ? layer.weightBits : layer.inputBits
        let weightBits = options.swapInputWeightBits ? layer.inputBits : layer.weightBits
        let shape = layer.shape
        let stride = options.compatCimnas ? 1 : shape.stride
        var mapping = mapping
        mapping.checkGlobalBuffer(depth: hw.glbDepth, stride: stride, inputBits: inputBits)
        var ledger = CostLedger()
        ledger.area_mm2 = chipArea.components_mm2
        ledger.macs = Double(shape.G) * Double(shape.C) * Double(shape.M) * Double(shape.R)
            * Double(shape.S) * Double(shape.P) * Double(shape.Q) * Double(shape.N)
        ledger.feasible = mapping.isFeasible
        var cost = LayerCost(name: layer.name, ledger: ledger, actions: ActionCounts(), mapping: mapping,
                             utilization_percent: 0)
        guard mapping.isFeasible else { return cost }
        let a = ActionCounts(mapping: mapping, stride: stride, loopOrder: options.loopOrder,
                             exactResiduals: options.exactResiduals, glbCapacity_bits: glbCapacity_bits(hw),
                             inputBits: inputBits)
        cost.actions = a
        let cycles = Double(mapping.cycles)
        ledger.cycles = cycles
        let ib = Double(max(1, inputBits)), ob = Double(outputBits)
        let bufferWidth = Double(bufferBitsPerMacro * max(1, hw.macrosPerTile))
        let glbWidth = Double(glbWidth_bits), routerWidth = Double(routerWidth_bits)

        ledger.parts.cimUnit.counts.read = a.cellReads
        ledger.parts.rowDrivers.counts.read = a.rowDriverReads
        ledger.parts.columnDrivers.counts.read = a.adcConversions
        ledger.parts.adc.counts.convert = a.adcConversions
        // Timeloop counts whole vector accesses per instance: ceil(bits per instance / width).
        let tiles = a.tilesUsed, routers = a.routersUsed
        ledger.parts.inputBuffer.counts.read = wholeAccesses(a.inputBufferReads * ib, instances: tiles, width: bufferWidth)
        ledger.parts.inputBuffer.counts.write = wholeAccesses(a.inputBufferFills * ib, instances: tiles, width: bufferWidth)
        ledger.parts.inputBuffer.counts.leakCycle = cycles * tiles
        ledger.parts.outputBuffer.counts.read = wholeAccesses(a.outputBufferReads * ob, instances: tiles, width: bufferWidth)
        ledger.parts.outputBuffer.counts.write = wholeAccesses(a.outputBufferFills * ob, instances: tiles, width: bufferWidth)
        ledger.parts.outputBuffer.counts.update = wholeAccesses(a.outputBufferUpdates * ob, instances: tiles,
                                                          width: bufferWidth)
        ledger.parts.outputBuffer.counts.leakCycle = cycles * tiles
        ledger.parts.router.counts.read = wholeAccesses(a.routerInputReads * ib, instances: routers, width: routerWidth)
            + wholeAccesses(a.routerOutputReads * ob, instances: routers, width: routerWidth)
        // Global-buffer outputs are filled once; partial outputs arriving from the routers are read
        // (read-modify-write) and updated.
        let glbUpdates = wholeAccesses(a.glbOutputUpdates * ob, instances: 1, width: glbWidth)
        ledger.parts.glb.counts.read = wholeAccesses(a.glbInputReads * ib, instances: 1, width: glbWidth) + glbUpdates
        ledger.parts.glb.counts.write = wholeAccesses(a.glbInputFills * ib, instances: 1, width: glbWidth)
            + wholeAccesses(a.glbOutputFills * ob, instances: 1, width: glbWidth) + glbUpdates
        ledger.parts.glb.counts.leakCycle = cycles
        cost.ledger = ledger

        // Timeloop utilisation: MACs × Wb / (cycles × macros × rows × cols × WBPS).
        let slots = cycles * Double(hw.macroCount) * Double(hw.rows) * Double(hw.cols)
            * Double(mapping.weightBitsPerSlice)
        cost.utilization_percent = slots > 0 ? ledger.macs * Double(weightBits) / slots * 100 : 0
        return cost
    }

    /// Global-buffer capacity, bits (depth × 2048-bit words).
    @inlinable
    public static func glbCapacity_bits(_ hw: HardwareConfig) -> Double {
        Double(hw.glbDepth) * Double(glbWidth_bits)
    }

    /// Whole `width`-bit accesses when `bits` are spread evenly over `instances`: ceil per instance × instances.
    @inlinable @inline(__always)
    static func wholeAccesses(_ bits: Double, instances: Double, width: Double) -> Double {
        let n = max(1, instances)
        let perInstance = bits / n / width
        // Guard against 1 ulp above an integer turning into one extra access.
        return (perInstance * (1 - 1e-12)).rounded(.up) * n
    }

    /// Convenience: evaluates with per-instance areas instead of a precomputed `ChipArea`.
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, on hw: HardwareConfig, energies: ActionEnergies,
                                areas: InstanceAreas, options: EvaluationOptions = .standard) -> LayerCost {
        evaluate(layer, on: hw, energies: energies, chipArea: ChipArea(areas: areas, hardware: hw), options: options)
    }
}
