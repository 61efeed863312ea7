import CIMAccuracy
import CIMWorkload

/// The APQ-style accuracy predictor (`CIMAccuracy.AccuracyPredictor`) as the search's `AccuracyModel`.
///
/// The objective's accuracy (`score`) is what CIMNAS divides by: in `--compat cimnas` the raw MLP output
/// with 8-bit quantization features (docs/search.md, quirk 2); by default the calibrated top-1 as a fraction, so the
/// quantization policy changes accuracy (falling back to the raw score when the weights file has no
/// calibration).
public struct APQAccuracyModel: AccuracyModel {
    public let predictor: AccuracyPredictor

    public init(predictor: AccuracyPredictor) {
        self.predictor = predictor
    }

    /// Loads the shipped default predictor (`datasets/predictors/cimnas-default.weights`).
    public static func loadDefault() throws -> APQAccuracyModel {
        APQAccuracyModel(predictor: try AccuracyPredictor.loadDefault())
    }

    public var version: String { predictor.predictorVersion }

    public func predict(_ spec: SubnetSpec, mode: CompatMode) throws -> AccuracyPrediction {
        let p = try predictor.predict(spec)
        let top1 = p.top1_pct ?? 0
        if mode.feedsPredictorEightBitFeatures {
            let raw = try predictor.rawScore(spec, bits: .forceEightBit)
            return AccuracyPrediction(score: raw, top1_percent: top1)
        }
        let score = p.top1_pct.map { $0 / 100 } ?? p.rawScore
        return AccuracyPrediction(score: score, top1_percent: top1)
    }
}
