import CIMSearch
import CIMWorkload
import Foundation

/// The paper's search (GA, population 150 × 100 generations, paper constraints) with the real cost model and
/// predictor on a SQLite cache, as `cimnas search` runs it: cold on an empty database, then warm on the
/// database the cold run filled (a fresh evaluator, so every hit comes from SQLite).
func runSearchBenchmarks(_ runner: BenchmarkRunner) throws {
    guard runner.wants("search.paper") else { return }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let (predictor, source) = benchPredictor()
    let accuracy = APQAccuracyModel(predictor: predictor)
    let cost = try CIMLoopCostModel.default32nm(mode: .default)
    let settings = SearchSettings()
    let reps = 1  // one cold + one warm run: a cold run takes minutes on a shared 2-core machine
    var cold: [Double] = [], warm: [Double] = []
    var evaluations = 0
    var warmHitRate = 0.0
    for _ in 0..<reps {
        let path = scratchDatabasePath("search")
        defer { removeDatabase(path) }
        for pass in 0..<2 {
            let store = try SQLiteEvaluationStore(path: path)
            let evaluator = DesignEvaluator(costModel: cost, accuracyModel: accuracy, store: store, workers: cores)
            let runs = try SQLiteRunCheckpointStore(evaluations: store, modelVersion: evaluator.modelVersion,
                                                    predictorVersion: evaluator.predictorVersion)
            let search = try CIMNASSearch(settings: settings, evaluator: evaluator)
            var outcome: SearchOutcome?
            let s = try seconds { outcome = try search.run(runStore: runs) }
            evaluations = outcome!.evaluations
            if pass == 0 { cold.append(s) } else { warm.append(s); warmHitRate = outcome!.cache.designHitRate }
        }
    }
    let o = settings.options
    let base = "GA \(o.populationSize)×\(o.generations), \(evaluations) evaluations, \(cores) workers, SQLite cache, "
        + "predictor: \(source)"
    if runner.wants("search.paper.cold") {
        runner.record("search.paper.cold", unit: "s", higherIsBetter: false, goal: .atMost(10), values: cold,
                      note: base + "; empty database")
    }
    if runner.wants("search.paper.warm") {
        runner.record("search.paper.warm", unit: "s", higherIsBetter: false, goal: .atMost(2), values: warm,
                      note: base + "; database of the cold run, design hit rate \(formatNumber(100 * warmHitRate)) %")
    }
}
