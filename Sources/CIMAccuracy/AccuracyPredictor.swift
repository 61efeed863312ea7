import CIMData
import CIMWorkload
import Foundation

/// A loaded accuracy predictor: the MLP plus its calibration to ImageNet top-1 and bit sensitivity.
///
/// `rawScore` is APQ-style: the MLP output on the 772-d one-hot (for the shipped default, distilled from
/// the real `acc_quant.pt` as CIMNAS calls it, ≈ 0.86–0.89). `top1_percent` applies the calibration of
/// `QuantSensitivity` to the 8-bit raw score and subtracts the bit-sensitivity penalty, so bits matter.
public struct AccuracyPredictor: Sendable {
    public let model: PredictorMLP
    public let metadata: PredictorMetadata

    /// One prediction.
    public struct Prediction: Sendable, Equatable {
        /// Calibrated ImageNet top-1 (%) at the spec's bits; nil when the file has no calibration.
        public var top1_percent: Double?
        /// The MLP output with the bit one-hots the predictor was trained on (8 bits for the default).
        public var rawScore: Double
    }

    /// `predictorVersion` of the shipped default (`datasets/predictors/cimnas-default.weights`).
    public static let defaultVersion = "cimnas-small128-apqdistill-v1"

    /// File name of the default predictor inside `datasets/predictors/`.
    public static let defaultFileName = "cimnas-default.weights"

    public init(model: PredictorMLP, metadata: PredictorMetadata) {
        self.model = model
        self.metadata = metadata
    }

    /// Identifies the predictor (cache key component).
    public var predictorVersion: String { metadata.predictorVersion }

    /// The bit mode the MLP's features use (8-bit unless the file says it was trained on real bits).
    public var featureBits: APQEncoding.BitMode { APQEncoding.BitMode(rawValue: metadata.featureBits) ?? .forceEightBit }

    /// Loads a weights file.
    public static func load(from url: URL) throws -> AccuracyPredictor {
        let (model, meta) = try PredictorWeightsFile.read(from: url)
        return AccuracyPredictor(model: model, metadata: meta)
    }

    /// Where the default predictor lives: `predictors/cimnas-default.weights` in `datasets` when given,
    /// else in the first place `DatasetLocator` looks (CIMNAS_DATASETS, the installed share/cimnas, the source tree).
    /// - Throws: `DatasetLocator.NotFound` (one line naming every place looked in) when no place holds it.
    public static func defaultURL(datasets: URL? = nil) throws -> URL {
        let relative = "predictors/" + defaultFileName
        if let datasets { return datasets.appendingPathComponent(relative) }
        return try DatasetLocator.locate(relative)
    }

    /// Loads the shipped default predictor.
    public static func loadDefault() throws -> AccuracyPredictor { try load(from: defaultURL()) }

    /// Predictions for many specs; features are built once into one batch.
    ///
    /// `mode == .cimnas` reproduces the original: the raw score with 8-bit features and no top-1.
    /// - Complexity: O(count · cost of one MLP pass); one allocation per batch.
    public func predict(_ specs: [SubnetSpec], mode: CompatMode = .default) throws -> [Prediction] {
        for s in specs { try APQEncoding.validate(s) }
        let bits: APQEncoding.BitMode = mode.feedsPredictorEightBitFeatures ? .forceEightBit : featureBits
        var batch = SparseFeatureBatch()
        batch.indices.reserveCapacity(specs.count * 6 * SubnetSpec.blockCount)
        for s in specs { batch.append(s, bits: bits) }
        let raw = model.predict(batch)
        return specs.indices.map { k in
            let r = Double(raw[k])
            let top1 = mode.feedsPredictorEightBitFeatures ? nil : metadata.calibration?.top1_percent(score8: r, spec: specs[k])
            return Prediction(top1_percent: top1, rawScore: r)
        }
    }

    /// The prediction for one spec.
    public func predict(_ spec: SubnetSpec, mode: CompatMode = .default) throws -> Prediction {
        try predict([spec], mode: mode)[0]
    }

    /// The raw MLP score with explicit bit features; `.forceEightBit` is `--compat cimnas`.
    public func rawScore(_ spec: SubnetSpec, bits: APQEncoding.BitMode) throws -> Double {
        Double(model.predict(indices: try APQEncoding.activeIndices(spec, bits: bits)))
    }
}
