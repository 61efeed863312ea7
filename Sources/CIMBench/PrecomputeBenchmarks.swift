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

/// `precompute --store pareto` (the Pareto archive) of a hardware subspace for the baseline MobileNetV2, then
/// `best_edap_archive` on the archive. `CIMBENCH_ARCHIVE_SPACE` and `CIMBENCH_ARCHIVE_FIX` pick another
/// subspace (`CIMBENCH_ARCHIVE_FIX=` with an empty value sweeps the whole space); one repetition then.
func runArchiveBenchmarks(_ runner: BenchmarkRunner) throws {
    let names = ["precompute.pareto", "db.best_edap_archive"]
    guard names.contains(where: runner.wants) else { return }
    let env = ProcessInfo.processInfo.environment
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let spaceName = env["CIMBENCH_ARCHIVE_SPACE"] ?? "cimnas-rram-32nm"
    let fix = env["CIMBENCH_ARCHIVE_FIX"] ?? "base_latency_s=4e-9,router_group=4,tiles_per_chip=16,macros_per_tile=16"
    let custom = env["CIMBENCH_ARCHIVE_SPACE"] != nil || env["CIMBENCH_ARCHIVE_FIX"] != nil
    let subspace = try HardwareSubspace(space: try SearchSpace.named(spaceName), fix: fix)
    let cost = try CIMLoopCostModel.default32nm(mode: .default)
    let accuracy = APQAccuracyModel(predictor: benchPredictor().0)
    let path = scratchDatabasePath("archive")
    defer { removeDatabase(path) }
    var members = 0
    let label = "\(spaceName) hardware, \(fix.isEmpty ? "whole space" : "--fix " + fix), \(subspace.count) chips"
    func sweep() throws -> Double {
        removeDatabase(path)
        let db = try Database(path: path)
        let p = try Precomputer(db: db, subspace: subspace, mode: .default, costModel: cost, accuracyModel: accuracy,
                                options: PrecomputeOptions(mode: .exhaustive, workers: cores, batchSize: 50_000, store: .pareto))
        var summaries: [PrecomputeSummary] = []
        let s = try seconds { summaries = try p.run([CIMNASBaseline.design]) }
        precondition(summaries.allSatisfy(\.finished))
        members = summaries.reduce(0) { $0 + $1.frontierSize }
        return Double(subspace.count) / s
    }
    try runner.measure(names[0], unit: "designs/s", higherIsBetter: true, warmup: 0,
                       repetitions: custom ? 1 : runner.reps(3, quick: 1),
                       note: "\(label), baseline MobileNetV2, \(cores) workers, --store pareto, batches of 50,000, empty database each run",
                       sample: sweep)
    // The query row alone still needs the archive: built once, not timed.
    if runner.wants(names[1]) && !runner.wants(names[0]) { _ = try sweep() }
    if members > 0 {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("  (\(subspace.count) chips per run; archive \(members) designs, database \(bytes / 1_000_000) MB)")
    }
    guard runner.wants(names[1]), FileManager.default.fileExists(atPath: path) else { return }
    let db = try Database(path: path)
    let query = try NamedQuery.named("best_edap_archive")
    // Bounds at the median area and latency of the archive's members, one knob value fixed.
    // The last free knob: a circuit knob when any is free (they follow the mapping knobs).
    guard let knob = subspace.knobs.last(where: { $0.values.count > 1 }) else { return }
    let value = knob.values[knob.values.count / 2].description
    let area = try db.scalar("SELECT area_mm2 FROM design ORDER BY area_mm2 LIMIT 1 OFFSET (SELECT count(*) / 2 FROM design)")?.double ?? 1e9
    let latency = try db.scalar("SELECT latency_s FROM design ORDER BY latency_s LIMIT 1 OFFSET (SELECT count(*) / 2 FROM design)")?.double ?? 1e9
    let args = ["knob": knob.name, "value": value, "max_area_mm2": "\(area)", "max_latency_s": "\(latency)"]
    try runner.measure(names[1], unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2,
                       repetitions: runner.reps(31, quick: 11),
                       note: "archive of \(label); best_edap_archive, \(knob.name)=\(value), area and latency ≤ the members' medians") {
        var rows = 0
        let s = try seconds { rows = try query.run(db, arguments: args).rows.count }
        precondition(rows <= 1)
        return s * 1e3
    }
}
