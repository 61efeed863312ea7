import CIMONNX
import CIMSearch
import CIMWorkload
import Foundation

/// ONNX import of the ResNet50 graph of Tests/Fixtures/onnx/resnet50.onnx (tools/make_onnx_fixtures.py):
/// protobuf decoding, shape inference over 175 nodes and the 54-row table.
func runONNXBenchmarks(_ runner: BenchmarkRunner) throws {
    guard runner.wants("onnx_import_resnet50") else { return }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("Tests/Fixtures/onnx/resnet50.onnx"))
    let reps = runner.reps(7, quick: 3)
    let perRep = runner.quick ? 20 : 100
    try runner.measure("onnx_import_resnet50.latency", unit: "ms/import", higherIsBetter: false, repetitions: reps,
                       note: "ONNXImporter.importModel of a 33 kB ResNet50 graph (175 nodes, weights as shapes) → 54 rows") {
        var rows = 0
        let s = try seconds {
            for _ in 0..<perRep { rows += try ONNXImporter.importModel(data, file: "resnet50.onnx").rows.count }
        }
        blackHole(rows)
        return s / Double(perRep) * 1e3
    }
}

/// A cold two-network co-design (ResNet50 + ResNet18 on one chip of `cimnas-rram-32nm`, GA 24 × 4, real cost
/// model, SQLite cache on an empty database): network designs evaluated per second, without the own-best runs.
func runCoDesignBenchmarks(_ runner: BenchmarkRunner) throws {
    guard runner.wants("codesign_two_network") else { return }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let cost = try CIMLoopCostModel.default32nm(mode: .default)
    let (predictor, _) = benchPredictor()
    let accuracy = APQAccuracyModel(predictor: predictor)
    let options = GAOptions(populationSize: 24, generations: 4, seed: 1)
    let constraints = SearchConstraints(maxArea_mm2: 3000)
    try runner.measure("codesign_two_network.evaluations", unit: "designs/s", higherIsBetter: true, warmup: 0,
                       repetitions: runner.reps(3, quick: 1),
                       note: "search --network resnet50 --network resnet18: GA 24×4 over the shared hardware genes, \(cores) workers, cold SQLite cache") {
        let path = scratchDatabasePath("codesign")
        defer { removeDatabase(path) }
        let store = try SQLiteEvaluationStore(path: path)
        let evaluator = DesignEvaluator(costModel: cost, accuracyModel: accuracy, store: store, workers: cores)
        let settings = SearchSettings(algorithm: .ga, objective: .scalar(.ela), options: options, constraints: constraints)
        let template = try CIMNASSearch(settings: settings, evaluator: evaluator).baselineGenome
        let search = CoDesignSearch(space: try SearchSpace.named("cimnas-rram-32nm"), evaluator: evaluator,
                                    networks: ["resnet50", "resnet18"], objective: .ela, aggregate: .sum,
                                    capacity: .perNetwork, constraints: constraints, options: options, template: template)
        var outcome: CoDesignOutcome?
        let s = try seconds { outcome = try search.run(compareOwnBest: false) }
        return Double(outcome!.designEvaluations) / s
    }
}
