import CIMHardware

/// Which implementation's behaviour to reproduce: the correct model (default) or the original CIMNAS code.
///
/// `--compat cimnas` reproduces the quirks of the original implementation that change numbers
/// (docs/search.md, "Quirks"). Each quirk is a separate property so that every module asks only
/// about the quirk it implements.
public enum CompatMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The correct model.
    case `default`
    /// The original CIMNAS code, quirks included.
    case cimnas

    /// Input and weight bits are swapped when passed to the hardware model (docs/search.md, quirk 1).
    @inlinable public var swapsInputAndWeightBits: Bool { self == .cimnas }
    /// Capacity uses Σ C·R·S·M·⌈w/bpc⌉ with depthwise layers counted as C = M = 1 (docs/search.md, quirk 3).
    @inlinable public var usesOriginalCapacityFormula: Bool { self == .cimnas }
    /// The stride is ignored when counting input traffic (docs/search.md, quirk 8; the cost model reads this flag).
    @inlinable public var ignoresStrideForInputTraffic: Bool { self == .cimnas }
    /// The accuracy predictor is fed 8-bit quantization features (docs/search.md, quirk 2; the predictor reads this flag).
    @inlinable public var feedsPredictorEightBitFeatures: Bool { self == .cimnas }
    /// feature_mix is recorded with 7 activation bits, as the original's bits.json ([8, 7]; docs/search.md, "Quirks").
    @inlinable public var featureMixActivationBits: Int { self == .cimnas ? 7 : 8 }

    /// The layer as the hardware model should see it: in compat mode input and weight bits are exchanged.
    @inlinable public func hardwareView(of layer: LayerWorkload) -> LayerWorkload {
        guard swapsInputAndWeightBits else { return layer }
        var swapped = layer
        swapped.inputBits = layer.weightBits
        swapped.weightBits = layer.inputBits
        return swapped
    }

    /// `hardwareView(of:)` applied to every layer.
    @inlinable public func hardwareView(of layers: [LayerWorkload]) -> [LayerWorkload] {
        layers.map { hardwareView(of: $0) }
    }
}

extension CompatMode {
    /// The cost model's options for this mode. The bit swap is *not* set here: it is applied once, by
    /// `hardwareView(of:)` / `Design.hardwareLayers(mode:)`, so it cannot be applied twice.
    public var evaluationOptions: EvaluationOptions {
        var options = EvaluationOptions.standard
        options.compatCimnas = ignoresStrideForInputTraffic
        options.swapInputWeightBits = false
        return options
    }
}

extension Design {
    /// The layers as the hardware model must receive them in `mode` (bits swapped in compat mode).
    public func hardwareLayers(mode: CompatMode) throws(Workloads.Error) -> [LayerWorkload] {
        mode.hardwareView(of: try Workloads.layers(for: self, mode: mode))
    }
}
