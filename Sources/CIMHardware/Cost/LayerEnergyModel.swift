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
        let inputBits = options.swapInputWeightBits ? layer.weightBits : layer.inputBits
        let weightBits = options.swapInputWeightBits ? layer.inputBits : layer.weightBits
        let shape = layer.shape
        let mapping = SpatialMapping.allocate(shape, weightBits: weightBits, on: hw, memo: &memo)
        var cost = LayerCost(name: layer.name, components_j: ComponentValues(), componentActions: ComponentValues(),
                             actions: ActionCounts(), mapping: mapping, cycles: 0, cycle_s: cycleSeconds(hw),
                             macs: Double(shape.G) * Double(shape.C) * Double(shape.M) * Double(shape.R)
                                 * Double(shape.S) * Double(shape.P) * Double(shape.Q) * Double(shape.N),
                             utilization_percent: 0, area_mm2: chipArea.area_mm2)
        guard mapping.isFeasible else { return cost }
        let stride = options.compatCimnas ? 1 : shape.stride
        let a = ActionCounts(mapping: mapping, stride: stride, loopOrder: options.loopOrder,
                             exactResiduals: options.exactResiduals)
        cost.actions = a
        cost.cycles = mapping.cycles
        let cycles = Double(mapping.cycles)
        let ib = Double(max(1, inputBits)), ob = Double(outputBits)
        let bufferWidth = Double(bufferBitsPerMacro * max(1, hw.macrosPerTile))
        let glbWidth = Double(glbWidth_bits), routerWidth = Double(routerWidth_bits)

        var n = ComponentValues()
        n.cimUnit = a.cellReads
        n.rowDrivers = a.rowDriverReads
        n.columnDrivers = a.adcConversions
        n.adc = a.adcConversions
        // Timeloop counts whole vector accesses per instance: ceil(bits per instance / width).
        let tiles = a.tilesUsed, routers = a.routersUsed
        let ibReads = wholeAccesses(a.inputBufferReads * ib, instances: tiles, width: bufferWidth)
        let ibWrites = wholeAccesses(a.inputBufferFills * ib, instances: tiles, width: bufferWidth)
        n.inputBuffer = ibReads + ibWrites
        let obReads = wholeAccesses(a.outputBufferReads * ob, instances: tiles, width: bufferWidth)
        let obWrites = wholeAccesses(a.outputBufferFills * ob, instances: tiles, width: bufferWidth)
            + wholeAccesses(a.outputBufferUpdates * ob, instances: tiles, width: bufferWidth)
        n.outputBuffer = obReads + obWrites
        n.router = wholeAccesses(a.routerInputReads * ib, instances: routers, width: routerWidth)
            + wholeAccesses(a.routerOutputReads * ob, instances: routers, width: routerWidth)
        let glbOutput = wholeAccesses(a.glbOutputAccesses * ob, instances: 1, width: glbWidth)
        let glbReads = wholeAccesses(a.glbInputReads * ib, instances: 1, width: glbWidth) + glbOutput
        let glbWrites = wholeAccesses(a.glbInputFills * ib, instances: 1, width: glbWidth) + 2 * glbOutput
        n.glb = glbReads + glbWrites
        cost.componentActions = n

        var j = ComponentValues()
        j.cimUnit = n.cimUnit * e.cellRead_pJ
        j.rowDrivers = n.rowDrivers * e.rowDriverRead_pJ
        j.columnDrivers = n.columnDrivers * e.columnDriverRead_pJ
        j.adc = n.adc * e.adcConvert_pJ
        j.inputBuffer = ibReads * e.inputBufferRead_pJ + ibWrites * e.inputBufferWrite_pJ
            + e.inputBufferLeakPerCycle_pJ * cycles * a.tilesUsed
        j.outputBuffer = obReads * e.outputBufferRead_pJ + obWrites * e.outputBufferWrite_pJ
            + e.outputBufferLeakPerCycle_pJ * cycles * a.tilesUsed
        j.router = n.router * e.routerRead_pJ
        j.glb = glbReads * e.glbRead_pJ + glbWrites * e.glbWrite_pJ + e.glbLeakPerCycle_pJ * cycles
        cost.components_j.cimUnit = j.cimUnit * 1e-12
        cost.components_j.rowDrivers = j.rowDrivers * 1e-12
        cost.components_j.columnDrivers = j.columnDrivers * 1e-12
        cost.components_j.adc = j.adc * 1e-12
        cost.components_j.inputBuffer = j.inputBuffer * 1e-12
        cost.components_j.outputBuffer = j.outputBuffer * 1e-12
        cost.components_j.router = j.router * 1e-12
        cost.components_j.glb = j.glb * 1e-12

        // Timeloop utilisation: MACs × Wb / (cycles × macros × rows × cols × WBPS).
        let slots = cycles * Double(hw.macroCount) * Double(hw.rows) * Double(hw.cols)
            * Double(mapping.weightBitsPerSlice)
        cost.utilization_percent = slots > 0 ? cost.macs * Double(weightBits) / slots * 100 : 0
        return cost
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
