import CIMAccuracy
import CIMWorkload
import Foundation

/// Batched accuracy-predictor throughput on one core: MLP only, and encoding + MLP + calibration.
enum PredictorBenchmark {
    static func randomSpecs(_ n: Int, seed: UInt64) -> [SubnetSpec] {
        var rng = PredictorRNG(seed: seed)
        return (0..<n).map { _ in
            var s = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: (0..<6).map { _ in 2 + rng.nextInt(below: 3) })
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

    /// CPU time of this thread (the machine is shared, so wall time understates per-core speed).
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Best of 3 runs, in predictions per CPU-second.
    static func rate(_ n: Int, _ body: () -> Void) -> Double {
        (0..<3).map { _ in
            let t0 = cpuSeconds()
            body()
            return Double(n) / (cpuSeconds() - t0)
        }.max()!
    }

    static func run() {
        let n = 20_000
        let specs = randomSpecs(n, seed: 42)
        var batch = SparseFeatureBatch()
        for s in specs { batch.append(s, bits: .real) }
        var sink: Float = 0
        for (name, model) in [("small (128)", PredictorMLP(hidden: 128, hiddenLayers: 2, seed: 1)),
                              ("apq (400)", PredictorMLP(hidden: 400, hiddenLayers: 2, seed: 1))] {
            let r = rate(n) { sink += model.predict(batch).reduce(0, +) }
            print("predictor MLP \(name): \(Int(r)) predictions per CPU-second (batched, 1 thread)")
        }
        if let p = try? AccuracyPredictor.loadDefault() {
            let r = rate(n) { sink += Float((try? p.predict(specs))?.count ?? 0) }
            print("predictor default, encode + MLP + calibration: \(Int(r)) predictions per CPU-second")
        }
        if sink.isNaN { print("") }
    }
}
