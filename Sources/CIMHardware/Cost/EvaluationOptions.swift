/// How a layer is evaluated: compatibility switches and the mapper's loop-order choice.
public struct EvaluationOptions: Hashable, Sendable, Codable {
    /// Treat every layer as stride 1 for input traffic, as the original CIMNAS evaluations did
    /// (its workload files spelled the stride keys so that Timeloop ignored them; docs/cost-model.md, "Mapping").
    public var compatCimnas: Bool
    /// Swap input and weight bits before evaluating (the original CIMNAS quirk; normally applied by the
    /// workload layer, exposed here for direct use).
    public var swapInputWeightBits: Bool
    /// Order of the temporal P/Q loops at the global buffer.
    public var loopOrder: LoopOrder
    /// Account for residual (imperfect) splits as Timeloop does (average utilised instances for the tile
    /// buffers and router, exact coverage for GLB input reads; docs/cost-model.md, "Action counts") instead of the largest-tile closed forms
    /// that multiply maximum tiles.
    public var exactResiduals: Bool

    @inlinable
    public init(compatCimnas: Bool = false, swapInputWeightBits: Bool = false,
                loopOrder: LoopOrder = .mapperChoice, exactResiduals: Bool = true) {
        self.compatCimnas = compatCimnas
        self.swapInputWeightBits = swapInputWeightBits
        self.loopOrder = loopOrder
        self.exactResiduals = exactResiduals
    }

    /// Every option by its declared name, `name=value` joined by `;` (the cache-key part of the options:
    /// renaming a Swift property does not change it; adding an option must add it here).
    public var canonicalKey: String {
        "compat_cimnas=\(compatCimnas ? 1 : 0);swap_input_weight_bits=\(swapInputWeightBits ? 1 : 0)"
            + ";loop_order=\(loopOrder.rawValue);exact_residuals=\(exactResiduals ? 1 : 0)"
    }

    /// Defaults: strides applied, mapper's loop order, exact residual accounting.
    public static let standard = EvaluationOptions()
    /// The original CIMNAS evaluation: stride 1 for input traffic.
    public static let cimnas = EvaluationOptions(compatCimnas: true)
}

/// Which temporal loop over output positions is innermost (only input-buffer reuse depends on it).
public enum LoopOrder: String, Hashable, Sendable, Codable, CaseIterable {
    /// The order with fewer input-buffer fills, i.e. lower energy at equal cycles — what Timeloop's EDP
    /// mapper picks (ties: Q innermost). Reproduces all ten golden runs.
    case mapperChoice
    case qInnermost
    case pInnermost
}
