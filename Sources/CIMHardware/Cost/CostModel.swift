/// The CiMLoop-faithful cost model: the component models (per-action energies, per-instance areas) composed
/// with the mapping and action counts. Pure and allocation-free per layer once the hardware is prepared.
public struct CostModel: Sendable {
    /// Model version carried by every stored result; bump when any number the model returns can change.
    public static let version = "cimloop-cimnas/2"

    public let components: ComponentModel

    public init(components: ComponentModel) {
        self.components = components
    }

    /// Chip area by component (layer-independent); zero when a knob is unusable (see `invalidKnob`).
    public func chipArea(_ hw: HardwareConfig) -> ChipArea {
        if components.invalidKnob(hw) != nil { return ChipArea(areas: InstanceAreas(), hardware: hw) }
        return ChipArea(areas: components.instanceAreas(hw), hardware: hw)
    }

    /// Energy, latency and throughput of one layer on `hw`.
    public func evaluate(_ layer: LayerWorkload, on hw: HardwareConfig,
                         options: EvaluationOptions = .standard) -> LayerCost {
        if let problem = components.invalidKnob(hw) {
            return Self.unusable(layer, on: hw, chipArea: ChipArea(areas: InstanceAreas(), hardware: hw),
                                 options: options, problem: problem)
        }
        let prepared = components.prepare(hw)
        return Self.evaluate(layer, on: prepared, chipArea: ChipArea(areas: prepared.areas, hardware: hw),
                             options: options)
    }

    /// A whole network, layer after layer on the whole chip; the hardware is prepared once.
    public func evaluate(network layers: [LayerWorkload], on hw: HardwareConfig,
                         options: EvaluationOptions = .standard) -> NetworkCost {
        if let problem = components.invalidKnob(hw) {
            let area = ChipArea(areas: InstanceAreas(), hardware: hw)
            return NetworkCost(layers: layers.map {
                Self.unusable($0, on: hw, chipArea: area, options: options, problem: problem)
            }, chipArea: area)
        }
        let prepared = components.prepare(hw)
        let area = ChipArea(areas: prepared.areas, hardware: hw)
        // Layers of one network repeat shapes: a small greedy memo (one allocation per network) pays off.
        var memo = GreedyMemo(entries: Self.networkMemoEntries)
        var costs: [LayerCost] = []
        costs.reserveCapacity(layers.count)
        for layer in layers {
            costs.append(Self.evaluate(layer, on: prepared, chipArea: area, options: options, memo: &memo))
        }
        return NetworkCost(layers: costs, chipArea: area)
    }

    /// The hot path: one layer on prepared hardware (no heap allocation).
    ///
    /// Data-value averages come from the layer's histograms (CiMLoop defaults when absent); an unusable
    /// histogram makes the layer infeasible with the histogram problem as the reason.
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, on prepared: PreparedHardware, chipArea: ChipArea,
                                options: EvaluationOptions = .standard) -> LayerCost {
        var memo = GreedyMemo.none
        return evaluate(layer, on: prepared, chipArea: chipArea, options: options, memo: &memo)
    }

    /// Greedy-memo entries `evaluate(network:on:options:)` uses.
    public static let networkMemoEntries = 256

    /// The hot path with the mapping's greedy searches memoised in `memo` (same result).
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, on prepared: PreparedHardware, chipArea: ChipArea,
                                options: EvaluationOptions, memo: inout GreedyMemo) -> LayerCost {
        var layer = layer
        var options = options
        if options.swapInputWeightBits {
            swap(&layer.inputBits, &layer.weightBits)
            options.swapInputWeightBits = false
        }
        let hw = prepared.hardware
        let averages: (input: Double, weight: Double)
        do {
            averages = try DataValueStatistics.averages(layer, bitsPerCell: hw.bitsPerCell)
        } catch {
            return unusable(layer, on: hw, chipArea: chipArea, options: options, problem: error.description)
        }
        return evaluate(layer, averages: averages, on: prepared, chipArea: chipArea, options: options, memo: &memo)
    }

    /// The hot path with the data-value averages given (they depend only on the layer's histograms, bits
    /// and the bits per cell, so a caller sweeping hardware can compute them once per layer and bpc with
    /// `DataValueStatistics.averages`). The bit swap, if requested, must already be applied to `averages`.
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, averages: (input: Double, weight: Double),
                                on prepared: PreparedHardware, chipArea: ChipArea,
                                options: EvaluationOptions = .standard) -> LayerCost {
        var memo = GreedyMemo.none
        return evaluate(layer, averages: averages, on: prepared, chipArea: chipArea, options: options, memo: &memo)
    }

    /// `evaluate(_:averages:on:chipArea:options:)` with the greedy searches memoised in `memo`.
    @inlinable
    public static func evaluate(_ layer: LayerWorkload, averages: (input: Double, weight: Double),
                                on prepared: PreparedHardware, chipArea: ChipArea,
                                options: EvaluationOptions, memo: inout GreedyMemo) -> LayerCost {
        var layer = layer
        var options = options
        if options.swapInputWeightBits {
            swap(&layer.inputBits, &layer.weightBits)
            options.swapInputWeightBits = false
        }
        let energies = prepared.actionEnergies(inputBits: layer.inputBits, weightBits: layer.weightBits,
                                               averageInput: averages.input, averageWeight: averages.weight)
        var cost = LayerEnergyModel.evaluate(layer, on: prepared.hardware, energies: energies, chipArea: chipArea,
                                             options: options, memo: &memo)
        cost.ledger.cycle_s = prepared.cycle_s
        return cost
    }

    /// A layer that cannot be evaluated at all (unusable knob or histogram): infeasible with `problem`.
    @inlinable
    static func unusable(_ layer: LayerWorkload, on hw: HardwareConfig, chipArea: ChipArea,
                         options: EvaluationOptions, problem: String) -> LayerCost {
        var cost = LayerEnergyModel.evaluate(layer, on: hw, energies: ActionEnergies(), chipArea: chipArea,
                                             options: options)
        cost.mapping.infeasibleReason = .invalid(problem)
        var ledger = CostLedger()
        ledger.feasible = false
        ledger.area_mm2 = cost.ledger.area_mm2
        ledger.macs = cost.ledger.macs
        ledger.cycle_s = cost.ledger.cycle_s
        cost.ledger = ledger
        cost.actions = ActionCounts()
        cost.utilization_percent = 0
        return cost
    }
}
