import CIMAccuracy
import CIMWorkload
import Testing

/// `QuantSensitivity.fitWithLeaveOneOut` on its own, and the shipped calibration's leave-one-out RMSE
/// recomputed from the anchors rather than read back from the weights file.
@Suite struct LeaveOneOutFitTests {
    /// Four anchors built from a known model (top-1 = 10 + 70·score − 3·D): the fit recovers it and every
    /// leave-one-out prediction is exact. Tolerance 1e-9 (a 3 × 3 solve).
    @Test func exactAnchorsAreRecoveredAndLeftOutExactly() throws {
        let truth = QuantSensitivity(slope_pct: 70, intercept_pct: 10, fourBitDrop_pct: 3,
                                     kindWeights: QuantSensitivity.priorKindWeights,
                                     positionWeights: QuantSensitivity.priorPositionWeights)
        let depths = [2, 3, 4, 3, 3, 2]
        let specs = [SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: depths),
                     .uniform(kernel: 3, expandIndex: 0, bits: 4, depths: depths),
                     .uniform(kernel: 3, expandIndex: 0, bits: 6, depths: depths),
                     .uniform(kernel: 5, expandIndex: 0, bits: 4, depths: depths)]
        let scores = [0.86, 0.87, 0.88, 0.89]
        let anchors = zip(specs, scores).enumerated().map { k, p in
            AccuracyAnchor(name: "a\(k)", spec: p.0, top1_pct: truth.top1_pct(score8: p.1, spec: p.0), source: "synthetic")
        }
        let fitted = try #require(QuantSensitivity.fitWithLeaveOneOut(anchors: anchors, scores8: scores))
        #expect(abs(fitted.model.slope_pct - 70) < 1e-9 && abs(fitted.model.intercept_pct - 10) < 1e-9)
        #expect(abs(fitted.model.fourBitDrop_pct - 3) < 1e-9)
        #expect(fitted.results.count == 4)
        for r in fitted.results {
            #expect(abs(r.fitted_pct - r.measured_pct) < 1e-9)
            #expect(abs(try #require(r.leaveOneOut_pct) - r.measured_pct) < 1e-9)
        }
        #expect(fitted.leaveOneOutRMSE_pct < 1e-9)
        #expect(fitted.model.leaveOneOutRMSE_pct == fitted.leaveOneOutRMSE_pct)
    }

    /// Moving one anchor by +1 point: each left-out prediction equals a fit on the other three, and the
    /// RMSE is the root mean square of those four residuals (recomputed here by hand).
    @Test func leaveOneOutPredictionsAreFitsWithoutTheAnchor() throws {
        let depths = [2, 3, 4, 3, 3, 2]
        let specs = [SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: depths),
                     .uniform(kernel: 3, expandIndex: 0, bits: 4, depths: depths),
                     .uniform(kernel: 3, expandIndex: 0, bits: 6, depths: depths),
                     .uniform(kernel: 5, expandIndex: 0, bits: 4, depths: depths),
                     .uniform(kernel: 7, expandIndex: 0, bits: 6, depths: depths)]
        let scores = [0.86, 0.87, 0.88, 0.89, 0.875]
        let top1 = [70.0, 66.0, 69.5, 68.0, 71.0]
        let anchors = (0..<5).map { AccuracyAnchor(name: "a\($0)", spec: specs[$0], top1_pct: top1[$0], source: "synthetic") }
        let fitted = try #require(QuantSensitivity.fitWithLeaveOneOut(anchors: anchors, scores8: scores))
        var se = 0.0
        for k in 0..<5 {
            let rest = (0..<5).filter { $0 != k }
            let alone = try #require(QuantSensitivity.fit(anchors: rest.map { anchors[$0] }, scores8: rest.map { scores[$0] }))
            let expected = alone.top1_pct(score8: scores[k], spec: specs[k])
            #expect(abs(try #require(fitted.results[k].leaveOneOut_pct) - expected) < 1e-9)
            se += (expected - top1[k]) * (expected - top1[k])
        }
        #expect(abs(fitted.leaveOneOutRMSE_pct - (se / 5).squareRoot()) < 1e-9)
        #expect(fitted.leaveOneOutRMSE_pct > 0.1)
    }

    /// The shipped calibration's leave-one-out RMSE, recomputed from the four calibration anchors with the
    /// shipped MLP's 8-bit scores. Tolerance 0.005 points (the file stores it rounded).
    @Test func shippedLeaveOneOutRMSEIsRecomputed() throws {
        let p = try DefaultPredictorTests.shipped()
        let anchors = AccuracyAnchor.calibrationSet
        let scores = try anchors.map { try p.rawScore($0.spec, bits: .forceEightBit) }
        let fitted = try #require(QuantSensitivity.fitWithLeaveOneOut(anchors: anchors, scores8: scores))
        let stored = try #require(p.metadata.calibration?.leaveOneOutRMSE_pct)
        #expect(abs(fitted.leaveOneOutRMSE_pct - stored) < 0.005, "recomputed \(fitted.leaveOneOutRMSE_pct) vs stored \(stored)")
        #expect(abs(fitted.leaveOneOutRMSE_pct - 1.66) < 0.01)
    }
}
