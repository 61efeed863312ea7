import CIMWorkload

/// What a weights file says about itself.
public struct PredictorMetadata: Codable, Sendable, Equatable {
    /// Identifies the predictor in caches and reports, e.g. `cimnas-small128-distilled-v1`.
    public var predictorVersion: String
    /// Which bit one-hots the MLP saw in training (`APQEncoding.BitMode` raw value).
    public var featureBits: String
    /// Score → top-1 calibration and bit sensitivity; nil for a bare MLP (e.g. a converted `acc_quant.pt`).
    public var calibration: QuantSensitivity?
    /// Free-form provenance: source data, command, seed, split, generator, metrics.
    public var provenance: [String: String]

    enum CodingKeys: String, CodingKey {
        case calibration, provenance
        case predictorVersion = "predictor_version", featureBits = "feature_bits"
    }

    public init(predictorVersion: String, featureBits: String, calibration: QuantSensitivity?, provenance: [String: String]) {
        self.predictorVersion = predictorVersion
        self.featureBits = featureBits
        self.calibration = calibration
        self.provenance = provenance
    }
}

/// Calibrated ImageNet top-1 from the raw APQ-style score plus a per-layer-kind bit-sensitivity penalty.
///
/// `top1_percent = intercept_pct + slope_pct · score8 − fourBitDrop_pct · D(spec)`, where `score8` is the MLP
/// output with 8-bit features and `D` ∈ [0, 1] is the position-weighted mean over active blocks of
/// `Σ_kind kindWeights[kind] · bitCost(bits)`; `bitCost` is 1 at 4 bits, 0 at 8 bits and follows
/// quantization-noise power (∝ 4^−bits) in between. So an all-4-bit net loses exactly `fourBitDrop_pct`.
public struct QuantSensitivity: Codable, Sendable, Equatable {
    /// Top-1 (%) per unit of raw score.
    public var slope_pct: Double
    /// Top-1 (%) at raw score 0.
    public var intercept_pct: Double
    /// Top-1 (%) lost when every searchable layer is at 4 bits (weights and activations).
    public var fourBitDrop_pct: Double
    /// Share of the penalty per layer kind: pw weight, pw activation, dw weight, dw activation (sum 1).
    public var kindWeights: [Double]
    /// Relative sensitivity of each of the 21 blocks (prior, not fitted).
    public var positionWeights: [Double]
    /// Leave-one-out RMSE (%) of the fit over its anchors; documentation only.
    public var leaveOneOutRMSE_pct: Double?

    enum CodingKeys: String, CodingKey {
        case slope_pct, intercept_pct
        case fourBitDrop_pct = "four_bit_drop_pct", kindWeights = "kind_weights", positionWeights = "position_weights"
        case leaveOneOutRMSE_pct = "leave_one_out_rmse_pct"
    }

    public init(slope_pct: Double, intercept_pct: Double, fourBitDrop_pct: Double, kindWeights: [Double],
                positionWeights: [Double], leaveOneOutRMSE_pct: Double? = nil) {
        self.slope_pct = slope_pct
        self.intercept_pct = intercept_pct
        self.fourBitDrop_pct = fourBitDrop_pct
        self.kindWeights = kindWeights
        self.positionWeights = positionWeights
        self.leaveOneOutRMSE_pct = leaveOneOutRMSE_pct
    }

    /// Prior share per kind: depthwise weights (per-tensor quantized, few weights per channel) are the
    /// most fragile part of MobileNetV2 quantization; activations and pointwise weights follow.
    public static let priorKindWeights: [Double] = [0.2, 0.2, 0.35, 0.25]
    /// Prior position weights: uniform (the anchors cannot identify per-position sensitivity).
    public static let priorPositionWeights: [Double] = [Double](repeating: 1, count: SubnetSpec.blockCount)

    /// Relative cost of `bits` ∈ {4, 6, 8}: `(4^(4−b) − 4^−4) / (1 − 4^−4)`, i.e. 1, 0.0588, 0.
    @inlinable public static func bitCost(_ bits: Int) -> Double {
        let floor = 1.0 / 256
        var p = 1.0
        for _ in 0..<max(0, bits - 4) { p /= 4 }
        return max(0, (p - floor) / (1 - floor))
    }

    /// The penalty fraction `D(spec)` ∈ [0, 1] (0 for all-8-bit, 1 for all-4-bit).
    public func quantizationDegradation(_ spec: SubnetSpec) -> Double {
        var num = 0.0, den = 0.0
        for i in 0..<SubnetSpec.blockCount where spec.isActive(block: i) {
            let p = positionWeights[i]
            let c = kindWeights[0] * Self.bitCost(spec.pwWeightBits[i]) + kindWeights[1] * Self.bitCost(spec.pwActivationBits[i])
                + kindWeights[2] * Self.bitCost(spec.dwWeightBits[i]) + kindWeights[3] * Self.bitCost(spec.dwActivationBits[i])
            num += p * c
            den += p
        }
        let kindSum = kindWeights.reduce(0, +)
        return den > 0 && kindSum > 0 ? num / (den * kindSum) : 0
    }

    /// Calibrated top-1 (%) for a spec whose 8-bit raw score is `score8`.
    public func top1_percent(score8: Double, spec: SubnetSpec) -> Double {
        intercept_pct + slope_pct * score8 - fourBitDrop_pct * quantizationDegradation(spec)
    }
}
