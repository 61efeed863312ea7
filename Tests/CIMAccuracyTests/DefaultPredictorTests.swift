import CIMAccuracy
import CIMWorkload
import Foundation
import Testing

@Suite struct DefaultPredictorTests {
    static let predictorsDir = Fixtures.repositoryRoot.appendingPathComponent("datasets/predictors")

    static func shipped() throws -> AccuracyPredictor {
        try AccuracyPredictor.load(from: predictorsDir.appendingPathComponent(AccuracyPredictor.defaultFileName))
    }

    /// docs/accuracy.md states held-out Spearman 0.999 and RMSE 0.00018; re-evaluate the shipped weights on that split.
    @Test func heldOutSpearmanAndRMSEMatchDocs() throws {
        let p = try Self.shipped()
        #expect(p.predictorVersion == "cimnas-small128-apqdistill-v1")
        #expect(p.predictorVersion == AccuracyPredictor.defaultVersion)
        #expect(p.featureBits == .forceEightBit)
        let data = try Fixtures.trainingData()
        #expect(data.count == 2918)
        let seed = try #require(p.metadata.provenance["seed"].flatMap(UInt64.init))
        let frac = try #require(p.metadata.provenance["heldOutFraction"].flatMap(Double.init))
        let held = data.subset(data.split(heldOutFraction: frac, seed: seed).heldOut)
        #expect(held.count == 584)
        let raw = p.model.predict(held.features(bits: .forceEightBit)).map(Double.init)
        let m = RegressionMetrics(predicted: raw, actual: held.targets)
        #expect(m.spearman >= 0.999 - 0.002, "Spearman \(m.spearman)")
        #expect(m.rmse <= 0.00018 + 0.00002, "RMSE \(m.rmse)")
    }

    /// The raw score tracks the real acc_quant.pt outputs of the 10 golden vectors (as CIMNAS called it):
    /// every vector within 0.00021 (measured worst 0.000199).
    @Test func goldenVectorsRawScoreCloseToRealAPQ() throws {
        let p = try Self.shipped()
        var predicted: [Double] = [], actual: [Double] = []
        var worst = 0.0
        for v in try Fixtures.golden().vectors {
            let r = try p.rawScore(v.spec.subnet, bits: .forceEightBit)
            worst = max(worst, abs(r - v.predicted_acc_quant_output))
            predicted.append(r); actual.append(v.predicted_acc_quant_output)
        }
        print("golden vectors: worst |raw score − acc_quant.pt| = \(worst)")
        // Measured 0.000199 (README: ≤ 0.0002); tolerance 0.00021.
        #expect(worst <= 0.00021, "worst \(worst)")
        #expect(RegressionMetrics(predicted: predicted, actual: actual).spearman > 0.9)
    }

    @Test func fewerBitsPredictLowerTop1() throws {
        let p = try Self.shipped()
        let spec = try Fixtures.golden().vectors[0].spec.subnet
        let eight = try #require(try p.predict(spec.withUniformBits(8)).top1_pct)
        let four = try #require(try p.predict(spec.withUniformBits(4)).top1_pct)
        let mixed = try #require(try p.predict(spec).top1_pct)
        #expect(four < mixed && mixed < eight)
        #expect(four < eight - 2)  // all-4-bit loses the fitted fourBitDrop (≈ 3 points)
        // Lowering one sensitive layer (block 0's depthwise weights) 8 → 4 lowers the prediction.
        var lowered = spec.withUniformBits(8)
        lowered.dwWeightBits[0] = 4
        let one = try #require(try p.predict(lowered).top1_pct)
        #expect(one < eight)
        // …and more than lowering a less sensitive kind (pointwise activations) of the same block.
        var pwa = spec.withUniformBits(8)
        pwa.pwActivationBits[0] = 4
        #expect(try #require(try p.predict(pwa).top1_pct) > one)
        // The raw APQ-style score ignores bits (8-bit features), as in APQ/CIMNAS.
        #expect(try p.predict(lowered).rawScore == p.predict(spec.withUniformBits(8)).rawScore)
        // --compat cimnas: raw score only, identical for every bit policy.
        let compat = try p.predict(spec.withUniformBits(4), mode: .cimnas)
        let specRaw = try p.predict(spec).rawScore
        #expect(compat.top1_pct == nil && compat.rawScore == specRaw)
    }

    @Test func calibrationIsNearTheMeasuredAnchors() throws {
        let p = try Self.shipped()
        let cal = try #require(p.metadata.calibration)
        // docs/accuracy.md: leave-one-out RMSE 1.66 points over the 4 anchors.
        #expect(isClose(try #require(cal.leaveOneOutRMSE_pct), 1.66, abs: 0.01))
        for a in AccuracyAnchor.calibrationSet {
            let top1 = try #require(try p.predict(a.spec).top1_pct)
            #expect(abs(top1 - a.top1_pct) < 0.5, "\(a.name): \(top1) vs \(a.top1_pct)")
        }
        // The searched-net anchor in code is the golden file's anchor.
        let golden = try Fixtures.golden().measured_anchors_no_prediction[0]
        #expect(golden.spec.subnet == AccuracyAnchor.cimnasSearched.spec)
        #expect(golden.measured_top1 == AccuracyAnchor.cimnasSearched.top1_pct)
    }

    @Test func degradationIsZeroAtEightAndOneAtFourBits() {
        let s = QuantSensitivity(slope_pct: 1, intercept_pct: 0, fourBitDrop_pct: 3,
                                 kindWeights: QuantSensitivity.priorKindWeights,
                                 positionWeights: QuantSensitivity.priorPositionWeights)
        let spec = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: [3, 3, 3, 3, 3, 2])
        #expect(s.quantizationDegradation(spec) == 0)
        #expect(isClose(s.quantizationDegradation(spec.withUniformBits(4)), 1, abs: 1e-12))
        #expect(isClose(QuantSensitivity.bitCost(6), 15.0 / 255.0, abs: 1e-12))
    }
}

@Suite struct DefaultPredictorIndependentCheckTests {
    /// CIMNAS results of another run (constr8) carry the real acc_quant.pt output per key; the 62 whose
    /// architecture is not in the training CSV are an independent check. docs/accuracy.md: Spearman 0.9995, RMSE 0.00017.
    @Test func unseenConstr8ArchitecturesMatchRealAPQ() throws {
        let p = try DefaultPredictorTests.shipped()
        let results = try #require(try JSONSerialization.jsonObject(with: try Fixtures.data("cimnas_constr8_results.json")) as? [String: [String: Any]])
        let training = try Fixtures.trainingData()
        let seen = Set(training.specs.map { $0.withUniformBits(8) })
        var predicted: [Double] = [], actual: [Double] = []
        for (key, fields) in results {
            let spec = try CIMNASKey(parsing: key).subnet
            if seen.contains(spec.withUniformBits(8)) { continue }
            predicted.append(try p.rawScore(spec, bits: .forceEightBit))
            actual.append(try #require(fields["acc"] as? Double))
        }
        #expect(predicted.count == 62)
        let m = RegressionMetrics(predicted: predicted, actual: actual)
        #expect(m.spearman >= 0.995, "Spearman \(m.spearman)")
        #expect(m.rmse <= 0.0003, "RMSE \(m.rmse)")
    }
}
