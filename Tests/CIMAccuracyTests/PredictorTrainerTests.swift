@testable import CIMAccuracy
import CIMWorkload
import Testing

@Suite struct PredictorTrainerTests {
    /// A small seeded problem: target = weighted sum of which kernel is 7 and how many blocks are active.
    static func problem(count: Int, seed: UInt64) -> (SparseFeatureBatch, [Double]) {
        var rng = SplitMix64(seed: seed)
        var batch = SparseFeatureBatch()
        var targets: [Double] = []
        for _ in 0..<count {
            var spec = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8,
                                          depths: (0..<6).map { _ in 2 + rng.nextInt(below: 3) })
            var t = 0.0
            for i in 0..<SubnetSpec.blockCount {
                spec.kernels[i] = [3, 5, 7][rng.nextInt(below: 3)]
                spec.dwWeightBits[i] = [4, 6, 8][rng.nextInt(below: 3)]
                if spec.isActive(block: i) {
                    t += spec.kernels[i] == 7 ? 0.02 : 0.005
                    t -= spec.dwWeightBits[i] == 4 ? 0.01 : 0
                }
            }
            batch.append(try! APQEncoding.activeIndices(spec, bits: .real))
            targets.append(0.8 + t)
        }
        return (batch, targets)
    }

    static func trained(seed: UInt64) -> (PredictorMLP, PredictorTrainer.Report, Double, Double) {
        let (x, y) = problem(count: 96, seed: 11)
        let (vx, vy) = problem(count: 32, seed: 12)
        var model = PredictorMLP(hidden: 16, hiddenLayers: 2, seed: seed)
        let before = PredictorTrainer.meanSquaredError(model, x, y)
        var options = PredictorTrainer.Options()
        options.epochs = 40
        options.batchSize = 16
        options.learningRate = 3e-3
        options.seed = seed
        let report = PredictorTrainer.train(&model, features: x, targets: y, validation: (vx, vy), options: options)
        return (model, report, before, PredictorTrainer.meanSquaredError(model, x, y))
    }

    @Test func trainingReducesLossAndIsDeterministic() {
        let (a, report, before, after) = Self.trained(seed: 5)
        #expect(after < before / 10, "MSE \(before) → \(after)")
        #expect(report.bestValidationMSE! < before / 10)
        let (b, _, _, _) = Self.trained(seed: 5)
        #expect(a == b)  // bit-identical parameters for the same seed
        let (c, _, _, _) = Self.trained(seed: 6)
        #expect(a != c)
    }

    /// The analytic gradient agrees with a central finite difference for parameters of every tensor.
    @Test func gradientMatchesFiniteDifference() {
        let (x, y) = Self.problem(count: 4, seed: 3)
        let model = PredictorMLP(hidden: 8, hiddenLayers: 2, seed: 9)
        let yf = y.map(Float.init)
        var scratch = PredictorTrainer.BackpropScratch(hidden: 8, layers: 2)
        for s in 0..<4 { _ = PredictorTrainer.backprop(model, x, sample: s, target: yf[s], scale: 0.5, scratch: &scratch) }
        // Loss = mean over 4 samples of (y − t)²; its gradient is Σ 2(y − t)/4 · ∂y = scale 0.5.
        func loss(_ m: PredictorMLP) -> Double {
            let p = m.predict(x)
            return (0..<4).map { Double(p[$0] - yf[$0]) * Double(p[$0] - yf[$0]) }.reduce(0, +) / 4
        }
        let l = model.layout
        let firstArch = Int(x.indices[0]), firstQuant = Int(x.indices[x.offsets[1] - 1]) - 520
        let probes = [l.arch + firstArch * 8 + 3, l.archBias + 1, l.quant + firstQuant * 8 + 2, l.quantBias + 5,
                      l.weight(0) + 9, l.bias(0) + 2, l.weight(1) + 17, l.bias(1) + 4, l.regressor + 6, l.regressorBias]
        var checked = 0
        for k in probes {
            var plus = model, minus = model
            let h: Float = 1e-2
            plus.parameters[k] += h
            minus.parameters[k] -= h
            let numeric = (loss(plus) - loss(minus)) / Double(2 * h)
            let analytic = Double(scratch.grad[k])
            #expect(abs(numeric - analytic) <= 2e-3 * max(1, abs(numeric)), "parameter \(k): \(analytic) vs \(numeric)")
            if analytic != 0 { checked += 1 }
        }
        #expect(checked >= 6)
    }
}

@Suite struct RegressionMetricsTests {
    @Test func handComputedExamples() {
        // Ranks of [10, 20, 30, 40] vs [1, 3, 2, 4]: d = (0, 1, −1, 0), ρ = 1 − 6·2/(4·15) = 0.8.
        let m = RegressionMetrics(predicted: [10, 20, 30, 40], actual: [1, 3, 2, 4])
        #expect(isClose(m.spearman, 0.8, abs: 1e-12))
        // Pairs: 6, one discordant (20,30 vs 3,2): τ = (5 − 1)/6.
        #expect(isClose(m.kendall, 4.0 / 6.0, abs: 1e-12))
        #expect(isClose(m.mae, (9 + 17 + 28 + 36) / 4.0, abs: 1e-12))
        #expect(isClose(m.rmse, ((81.0 + 289 + 784 + 1296) / 4).squareRoot(), abs: 1e-12))
    }

    @Test func tiesUseAverageRanksAndTauB() {
        #expect(RegressionMetrics.averageRanks([5, 1, 5, 3]) == [3.5, 1, 3.5, 2])
        // a = [1, 2, 2, 3], b = [1, 2, 3, 4]: 6 pairs, 1 tie in a, 5 concordant: τ_b = 5/√(5·6).
        let m = RegressionMetrics(predicted: [1, 2, 2, 3], actual: [1, 2, 3, 4])
        #expect(isClose(m.kendall, 5 / (30.0).squareRoot(), abs: 1e-12))
        // Spearman with ties: ranks [1, 2.5, 2.5, 4] vs [1, 2, 3, 4] → Pearson = 4.5/√(4.5·5).
        #expect(isClose(m.spearman, 4.5 / (4.5 * 5).squareRoot(), abs: 1e-12))
        let perfect = RegressionMetrics(predicted: [3, 2, 1], actual: [30, 20, 10])
        #expect(perfect.spearman == 1 && perfect.kendall == 1 && perfect.rmse > 0)
    }
}
