import CIMData
import CIMWorkload
import DesignDB
import Foundation

/// Search runs in the design database: `search_run`, `search_member` and `search_checkpoint`.
///
/// Each generation is committed in one transaction (members and checkpoint together), so a run killed
/// at any point resumes from its last complete generation.
public final class SQLiteRunCheckpointStore: RunCheckpointStore {
    public let db: Database
    private let runs: SearchRunStore
    private let evaluations: SQLiteEvaluationStore
    private let modelVersion: String
    private let predictorVersion: String

    /// `evaluations` resolves member designs to `design` rows; versions are recorded with each run.
    public init(evaluations: SQLiteEvaluationStore, modelVersion: String, predictorVersion: String) throws {
        db = evaluations.db
        self.evaluations = evaluations
        runs = try SearchRunStore(db)
        self.modelVersion = modelVersion
        self.predictorVersion = predictorVersion
    }

    public func createRun(settings: SearchSettings) throws -> Int64 {
        let space = try? settings.searchSpace()
        // The space's name (a file's path is in the settings), as precompute jobs record it.
        var record = SearchRunRecord(
            algorithm: settings.algorithm.rawValue, settingsJSON: try settings.json(), space: space?.name ?? settings.space,
            seed: Int(truncatingIfNeeded: settings.options.seed), modelVersion: modelVersion,
            predictorVersion: predictorVersion)
        record.spaceSHA256 = space?.sha256 ?? ""
        record.networkSHA256 = settings.networkCSV.map { SHA256.hex($0) } ?? ""
        record.technologySHA256 = settings.technologySHA256 ?? ""
        return try runs.create(record)
    }

    public func settings(ofRun run: Int64) throws -> SearchSettings? {
        guard let r = try runs.run(id: run) else { return nil }
        return try SearchSettings.fromJSON(r.settingsJSON)
    }

    public func saveGeneration(run: Int64, checkpoint: SearchCheckpoint, stats: GenerationStats,
                               members: [RunMember]) throws {
        let step = try runs.nextCheckpointStep(runID: run)
        try db.transaction {
            var rows: [SearchMemberRecord] = []
            for (slot, m) in members.enumerated() {
                guard let lookup = m.lookup, let id = try evaluations.designID(for: lookup) else { continue }
                let key = lookup.design.network.subnet.map { CIMNASKey(hardware: lookup.design.hardware, subnet: $0).description }
                rows.append(SearchMemberRecord(
                    generation: step - 1, slot: slot, designID: id,
                    objective: m.objective.isFinite ? m.objective : nil, constraintViolation: m.violation, cimnasKey: key))
            }
            try runs.recordGeneration(runID: run, generation: step - 1, members: rows)
            try runs.saveCheckpoint(SearchCheckpointRecord(
                runID: run, step: step, stage: checkpoint.stage, generation: checkpoint.generation,
                evaluations: checkpoint.evaluations + checkpoint.priorEvaluations, bestObjective: stats.bestObjective,
                feasibleFraction: stats.feasibleFraction, elapsed_s: stats.seconds, stateJSON: checkpoint.json()))
        }
    }

    public func latestCheckpoint(ofRun run: Int64) throws -> SearchCheckpoint? {
        guard let text = try runs.latestCheckpointState(runID: run) else { return nil }
        return try SearchCheckpoint.fromJSON(text)
    }

    public func finishRun(_ run: Int64, bestDesignKey: String?, seconds: Double) throws {
        try runs.setStatus(runID: run, .finished)
    }

    /// Marks a run interrupted (e.g. on an error), so `cimnas` can list runs to resume.
    public func markInterrupted(_ run: Int64) throws {
        try runs.setStatus(runID: run, .interrupted)
    }

    /// Deletes checkpoints and members after `step` (tests: simulates a kill after that generation).
    public func truncate(run: Int64, toSteps step: Int) throws {
        try runs.truncate(runID: run, toSteps: step)
    }
}
