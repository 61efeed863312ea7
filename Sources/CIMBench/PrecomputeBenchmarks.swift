import CIMSearch
import CIMWorkload
import DesignDB
import Foundation

/// Exhaustive precompute of a fixed hardware subspace for the baseline MobileNetV2 (what `cimnas precompute`
/// runs): evaluate every point with all workers, write `design` rows in batched transactions, maintain the
/// Pareto slices. Each repetition starts from an empty database.
func runPrecomputeBenchmarks(_ runner: BenchmarkRunner) throws {
    let name = "precompute.exhaustive"
    guard runner.wants(name) else { return }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let fix = "base_latency_s=4e-9,router_group=4,tiles_per_chip=16,macros_per_tile=16"
    let space = try SearchSpace.named("cimnas-rram-32nm")
    let subspace = try HardwareSubspace(space: space, fix: fix)
    let cost = try CIMLoopCostModel.default32nm(mode: .default)
    let accuracy = APQAccuracyModel(predictor: benchPredictor().0)
    var points = 0
    try runner.measure(name, unit: "designs/s", higherIsBetter: true, warmup: 0, repetitions: runner.reps(3, quick: 1),
                       note: "cimnas-rram-32nm hardware, --fix \(fix), baseline MobileNetV2, \(cores) workers, "
                           + "design rows in batches of 20,000, empty database each run") {
        let path = scratchDatabasePath("precompute")
        defer { removeDatabase(path) }
        let db = try Database(path: path)
        let p = try Precomputer(db: db, subspace: subspace, mode: .default, costModel: cost, accuracyModel: accuracy,
                                options: PrecomputeOptions(mode: .exhaustive, workers: cores))
        var summaries: [PrecomputeSummary] = []
        let s = try seconds { summaries = try p.run([CIMNASBaseline.design]) }
        points = summaries.reduce(0) { $0 + $1.total }
        precondition(summaries.allSatisfy(\.finished))
        return Double(points) / s
    }
    if points > 0 { print("  (\(points) hardware points per run)") }
}
