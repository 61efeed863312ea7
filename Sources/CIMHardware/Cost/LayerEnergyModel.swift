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
        let stride = options.compatCimnas ? 1 : shape.stride
        var mapping = SpatialMapping.allocate(shape, weightBits: weightBits, on: hw, memo: &memo)
        mapping.checkGlobalBuffer(depth: hw.glbDepth, stride: stride, inputBits: inputBits)
        var cost = LayerCost(name: layer.name, components_j: ComponentValues(), componentActions: ComponentValues(),
                             actions: ActionCounts(), mapping: mapping, cycles: 0, cycle_s: cycleSeconds(hw),
                             macs: Double(shape.G) * Double(shape.C) * Double(shape.M) * Double(shape.R)
                                 * Double(shape.S) * Double(shape.P) * Double(shape.Q) * Double(shape.N),
                             utilization_percent: 0, area_mm2: chipArea.area_mm2)
        guard mapping.isFeasible else { return cost }
        let a = ActionCounts(mapping: mapping, stride: stride, loopOrder: options.loopOrder,
                             exactResiduals: options.exactResiduals, glbCapacity_bits: glbCapacity_bits(hw),
                             inputBits: inputBits)
        cost.actions = a
        cost.cycles = mapping.cycles
        let cycles = Double(mapping.cycles)
        let v = vectorAccesses(a, inputBits: inputBits, macrosPerTile: hw.macrosPerTile)
        var n = ComponentValues()
        n.cimUnit = a.cellReads
        n.rowDrivers = a.rowDriverReads
        n.columnDrivers = a.adcConversions
        n.adc = a.adcConversions
        n.inputBuffer = v.inputBufferReads + v.inputBufferWrites
        n.outputBuffer = v.outputBufferReads + v.outputBufferWrites
        n.router = v.router
        n.glb = v.glbReads + v.glbWrites
        cost.componentActions = n

        var j = ComponentValues()
        j.cimUnit = n.cimUnit * e.cellRead_pJ
        j.rowDrivers = n.rowDrivers * e.rowDriverRead_pJ
        j.columnDrivers = n.columnDrivers * e.columnDriverRead_pJ
        j.adc = n.adc * e.adcConvert_pJ
        j.inputBuffer = v.inputBufferReads * e.inputBufferRead_pJ + v.inputBufferWrites * e.inputBufferWrite_pJ
            + e.inputBufferLeakPerCycle_pJ * cycles * a.tilesUsed
        j.outputBuffer = v.outputBufferReads * e.outputBufferRead_pJ + v.outputBufferWrites * e.outputBufferWrite_pJ
            + e.outputBufferLeakPerCycle_pJ * cycles * a.tilesUsed
        j.router = n.router * e.routerRead_pJ
        j.glb = v.glbReads * e.glbRead_pJ + v.glbWrites * e.glbWrite_pJ + e.glbLeakPerCycle_pJ * cycles
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

    /// Global-buffer capacity, bits (depth × 2048-bit words).
    @inlinable
    public static func glbCapacity_bits(_ hw: HardwareConfig) -> Double {
        Double(hw.glbDepth) * Double(glbWidth_bits)
    }

    /// Whole vector accesses of the buffer levels (what their per-action energies multiply): Timeloop counts
    /// ceil(bits per instance / width) accesses per instance. Tile buffers are 8 × macros-per-tile bits wide.
    @inlinable
    public static func vectorAccesses(_ a: ActionCounts, inputBits: Int, macrosPerTile: Int) -> VectorAccesses {
        let ib = Double(max(1, inputBits)), ob = Double(outputBits)
        let bufferWidth = Double(bufferBitsPerMacro * max(1, macrosPerTile))
        let glbWidth = Double(glbWidth_bits), routerWidth = Double(routerWidth_bits)
        let tiles = a.tilesUsed, routers = a.routersUsed
        var v = VectorAccesses()
        v.inputBufferReads = wholeAccesses(a.inputBufferReads * ib, instances: tiles, width: bufferWidth)
        v.inputBufferWrites = wholeAccesses(a.inputBufferFills * ib, instances: tiles, width: bufferWidth)
        v.outputBufferReads = wholeAccesses(a.outputBufferReads * ob, instances: tiles, width: bufferWidth)
        v.outputBufferWrites = wholeAccesses(a.outputBufferFills * ob, instances: tiles, width: bufferWidth)
            + wholeAccesses(a.outputBufferUpdates * ob, instances: tiles, width: bufferWidth)
        v.router = wholeAccesses(a.routerInputReads * ib, instances: routers, width: routerWidth)
            + wholeAccesses(a.routerOutputReads * ob, instances: routers, width: routerWidth)
        // Output partial sums arriving from the routers are read (read-modify-write) and updated.
        let outputUpdates = wholeAccesses(a.glbOutputUpdates * ob, instances: 1, width: glbWidth)
        v.glbReads = wholeAccesses(a.glbInputReads * ib, instances: 1, width: glbWidth) + outputUpdates
        v.glbWrites = wholeAccesses(a.glbInputFills * ib, instances: 1, width: glbWidth)
            + wholeAccesses(a.glbOutputFills * ob, instances: 1, width: glbWidth) + outputUpdates
        return v
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

/// Whole vector accesses of the buffer levels of one layer (`LayerEnergyModel.vectorAccesses`).
public struct VectorAccesses: Hashable, Sendable {
    public var inputBufferReads = 0.0, inputBufferWrites = 0.0
    public var outputBufferReads = 0.0, outputBufferWrites = 0.0
    /// Router reads of inputs and outputs (its only energy-carrying action).
    public var router = 0.0
    public var glbReads = 0.0, glbWrites = 0.0

    @inlinable public init() {}
}
