import CIMAccuracy
import CIMWorkload
import Foundation

/// The shipped predictor, else the test fixture (same architecture), else a seeded random MLP of APQ's size.
/// The MLP's cost does not depend on its weights, so all three time the same.
func benchPredictor() -> (AccuracyPredictor, String) {
    if let p = try? AccuracyPredictor.loadDefault() { return (p, "shipped default weights") }
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/apq_random_init_seed7.weights")
    if let p = try? AccuracyPredictor.load(from: fixture) { return (p, "fixture apq_random_init_seed7.weights") }
    let meta = PredictorMetadata(predictorVersion: "bench-random", featureBits: APQEncoding.BitMode.real.rawValue,
                                 calibration: nil, provenance: [:])
    return (AccuracyPredictor(model: PredictorMLP(hidden: 400, hiddenLayers: 3, seed: 7), metadata: meta),
            "random MLP 400×3")
}

func runPredictorBenchmarks(_ runner: BenchmarkRunner) throws {
    guard runner.wants("predictor") else { return }
    let (predictor, source) = benchPredictor()
    let space = try SearchSpace.named("cimnas-rram-32nm")
    var rng = BenchRandom(seed: 7)
    var specs: [SubnetSpec] = []
    while specs.count < 1_000 {
        if let s = try space.decode(space.randomGenome(using: &rng)).network.subnet { specs.append(s) }
    }
    let batches = runner.quick ? 5 : 20
    try runner.measure("predictor.batched", unit: "predictions/s", higherIsBetter: true, goal: .atLeast(100_000),
                   repetitions: runner.reps(7, quick: 3),
                   note: "AccuracyPredictor.predict([SubnetSpec]) in batches of \(specs.count), one core, "
                       + "hidden \(predictor.model.hidden)×\(predictor.model.hiddenLayers) (\(source))") {
        var sum = 0.0
        let s = try seconds {
            for _ in 0..<batches { sum += try predictor.predict(specs).reduce(0) { $0 + $1.rawScore } }
        }
        blackHole(sum)
        return Double(batches * specs.count) / s
    }
}
