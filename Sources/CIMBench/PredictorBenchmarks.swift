import CIMAccuracy
import CIMWorkload
import Foundation

/// The shipped predictor, else the test fixture, else a seeded random MLP of APQ's size (the forward pass
/// costs the same whatever the weights).
func benchPredictor() -> (AccuracyPredictor, String) {
    if let p = try? AccuracyPredictor.loadDefault() {
        return (p, "shipped default, hidden \(p.model.hidden)×\(p.model.hiddenLayers)")
    }
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/apq_random_init_seed7.weights")
    if let p = try? AccuracyPredictor.load(from: fixture) {
        return (p, "fixture apq_random_init_seed7, hidden \(p.model.hidden)×\(p.model.hiddenLayers)")
    }
    let meta = PredictorMetadata(predictorVersion: "bench-random", featureBits: APQEncoding.BitMode.real.rawValue,
                                 calibration: nil, provenance: [:])
    return (AccuracyPredictor(model: PredictorMLP(hidden: 400, hiddenLayers: 3, seed: 7), metadata: meta),
            "random MLP 400×3")
}

/// Random subnets of APQ's space with random bits (from the predictor helper's benchmark).
func randomSubnetSpecs(_ n: Int, seed: UInt64) -> [SubnetSpec] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in
        var s = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8,
                                   depths: (0..<6).map { _ in 2 + rng.nextInt(below: 3) })
        for i in 0..<SubnetSpec.blockCount {
            s.kernels[i] = [3, 5, 7][rng.nextInt(below: 3)]
            s.expandIndices[i] = rng.nextInt(below: APQEncoding.expandChoices[i])
            s.pwWeightBits[i] = [4, 6, 8][rng.nextInt(below: 3)]
            s.pwActivationBits[i] = [4, 6, 8][rng.nextInt(below: 3)]
            s.dwWeightBits[i] = [4, 6, 8][rng.nextInt(below: 3)]
            s.dwActivationBits[i] = [4, 6, 8][rng.nextInt(below: 3)]
        }
        return s
    }
}

func runPredictorBenchmarks(_ runner: BenchmarkRunner) throws {
    guard runner.wants("predictor") else { return }
    let (predictor, source) = benchPredictor()
    let n = runner.quick ? 5_000 : 20_000
    let specs = randomSubnetSpecs(n, seed: 42)
    let reps = runner.reps(7, quick: 3)
    try runner.measure("predictor.batched", unit: "predictions/s", higherIsBetter: true, goal: .atLeast(100_000),
                       repetitions: reps,
                       note: "AccuracyPredictor.predict of \(n) random subnets in one batch (validate + encode + MLP "
                           + "+ calibration), one core; \(source)") {
        var sum = 0.0
        let s = try seconds { sum = try predictor.predict(specs).reduce(0) { $0 + $1.rawScore } }
        blackHole(sum)
        return Double(n) / s
    }
    var batch = SparseFeatureBatch()
    for s in specs { batch.append(s, bits: .real) }
    let apqSize = PredictorMLP(hidden: 400, hiddenLayers: 2, seed: 1)
    runner.measure("predictor.mlp_only.apq400", unit: "predictions/s", higherIsBetter: true, repetitions: reps,
                   note: "PredictorMLP.predict(batch), hidden 400×2 (APQ's size), features pre-encoded, one core") {
        var sum: Float = 0
        let s = seconds { sum = apqSize.predict(batch).reduce(0, +) }
        blackHole(sum)
        return Double(n) / s
    }
}
