/// A layer with everything that does not depend on the hardware computed once: the bit swap applied, the
/// data-value averages for every bits-per-cell, the options it is evaluated with.
public struct PreparedLayer: Sendable {
    /// The layer as evaluated (input and weight bits already swapped when the options asked for it).
    public let workload: LayerWorkload
    /// Options with `swapInputWeightBits` cleared (the swap is already in `workload`).
    public let options: EvaluationOptions
    /// Average input slice value (independent of the hardware); NaN when the histogram is unusable.
    @usableFromInline let inputAverage: Double
    /// Average weight slice value for slices of s = min(bits per cell, weight bits) bits, at index s − 1;
    /// empty when it cannot be precomputed (the evaluation then takes the straightforward path).
    @usableFromInline let weightAverages: [Double]

    /// - Complexity: O(weight bits · histogram bins · bits); once per layer.
    public init(_ layer: LayerWorkload, options: EvaluationOptions = .standard) {
        var layer = layer
        var options = options
        if options.swapInputWeightBits {
            swap(&layer.inputBits, &layer.weightBits)
            options.swapInputWeightBits = false
        }
        workload = layer
        self.options = options
        var input = Double.nan
        var weights: [Double] = []
        if layer.weightBits >= 1, layer.weightBits <= 62 {
            for s in 1...layer.weightBits {
                guard let a = try? DataValueStatistics.averages(layer, bitsPerCell: s) else {
                    weights = []
                    break
                }
                input = a.input
                weights.append(a.weight)
            }
        }
        inputAverage = input
        weightAverages = weights
    }

    /// The averages `DataValueStatistics.averages(workload, bitsPerCell:)` returns, or nil when they were
    /// not precomputed (unusable histogram or bit counts).
    @inlinable @inline(__always)
    func averages(bitsPerCell: Int) -> (input: Double, weight: Double)? {
        guard bitsPerCell >= 1, !weightAverages.isEmpty else { return nil }
        return (inputAverage, weightAverages[min(bitsPerCell, weightAverages.count) - 1])
    }
}

/// A network prepared once for evaluation on many chips (`NetworkEvaluator`).
public struct PreparedNetwork: Sendable {
    public let layers: [PreparedLayer]

    /// - Complexity: O(layers · weight bits · histogram work); once per network.
    public init(_ layers: [LayerWorkload], options: EvaluationOptions = .standard) {
        self.layers = layers.map { PreparedLayer($0, options: options) }
    }
}

/// Evaluates prepared layers and networks fast, with a private memo of the mapping's greedy searches.
///
/// Results equal `CostModel.evaluate` exactly (the memo returns what the pure search returns; the averages
/// are the same function's values). A value type: give every thread its own evaluator. The memo is allocated
/// once in `init`; evaluating a layer allocates nothing.
public struct NetworkEvaluator: Sendable {
    public var memo: GreedyMemo

    /// An evaluator whose greedy memo holds `memoEntries` allocations (rounded up to a power of two).
    public init(memoEntries: Int = 16384) {
        memo = GreedyMemo(entries: memoEntries)
    }

    /// One prepared layer on prepared hardware (the hot path; no heap allocation).
    @inlinable
    public mutating func evaluate(_ layer: PreparedLayer, on prepared: PreparedHardware,
                                  chipArea: ChipArea) -> LayerCost {
        guard let averages = layer.averages(bitsPerCell: prepared.hardware.bitsPerCell) else {
            return CostModel.evaluate(layer.workload, on: prepared, chipArea: chipArea, options: layer.options)
        }
        return CostModel.evaluate(layer.workload, averages: averages, on: prepared, chipArea: chipArea,
                                  options: layer.options, memo: &memo)
    }

    /// A whole prepared network on `hw` (prepared once here), as `CostModel.evaluate(network:on:options:)`.
    @inlinable
    public mutating func evaluate(_ network: PreparedNetwork, on hw: HardwareConfig,
                                  model: CostModel) -> NetworkCost {
        if model.components.invalidKnob(hw) != nil {
            return model.evaluate(network: network.layers.map(\.workload), on: hw,
                                  options: network.layers.first?.options ?? .standard)
        }
        let prepared = model.components.prepare(hw)
        return evaluate(network, on: prepared, chipArea: ChipArea(areas: prepared.areas, hardware: hw))
    }

    /// A whole prepared network on prepared hardware: one array allocation for the result.
    @inlinable
    public mutating func evaluate(_ network: PreparedNetwork, on prepared: PreparedHardware,
                                  chipArea: ChipArea) -> NetworkCost {
        var costs: [LayerCost] = []
        costs.reserveCapacity(network.layers.count)
        for layer in network.layers {
            costs.append(evaluate(layer, on: prepared, chipArea: chipArea))
        }
        return NetworkCost(layers: costs, chipArea: chipArea)
    }
}
