import CIMData
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
        let step = Int(try db.scalar("SELECT coalesce(max(step), 0) + 1 FROM search_checkpoint WHERE run_id = ?1",
                                     [.integer(run)])?.int64 ?? 1)
        try db.transaction {
            var rows: [SearchMemberRecord] = []
            for (slot, m) in members.enumerated() {
                guard let lookup = m.lookup, let id = try evaluations.designID(for: lookup) else { continue }
                rows.append(SearchMemberRecord(
                    generation: step - 1, slot: slot, designID: id,
                    objective: m.objective.isFinite ? m.objective : nil, constraintViolation: m.violation))
            }
            try runs.recordGeneration(runID: run, generation: step - 1, members: rows)
            let s = try db.prepare("""
                INSERT INTO search_checkpoint (run_id, step, stage, generation, evaluations, best_objective,
                    feasible_fraction, seconds, state_json, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                """)
            try s.bind(run, at: 1)
            try s.bind(step, at: 2)
            try s.bind(checkpoint.stage, at: 3)
            try s.bind(checkpoint.generation, at: 4)
            try s.bind(checkpoint.evaluations + checkpoint.priorEvaluations, at: 5)
            try s.bind(stats.bestObjective, at: 6)
            try s.bind(stats.feasibleFraction, at: 7)
            try s.bind(stats.seconds, at: 8)
            try s.bind(checkpoint.json(), at: 9)
            try s.bind(Timestamp.now(), at: 10)
            try s.run()
        }
    }

    public func latestCheckpoint(ofRun run: Int64) throws -> SearchCheckpoint? {
        guard let v = try db.scalar(
            "SELECT state_json FROM search_checkpoint WHERE run_id = ?1 ORDER BY step DESC LIMIT 1", [.integer(run)]),
            let text = v.string else { return nil }
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
        try db.transaction {
            _ = try db.query("DELETE FROM search_checkpoint WHERE run_id = ?1 AND step > ?2", [.integer(run), .integer(Int64(step))])
            _ = try db.query("DELETE FROM search_member WHERE run_id = ?1 AND generation >= ?2", [.integer(run), .integer(Int64(step))])
            _ = try db.query("UPDATE search_run SET status = 'interrupted', generations_done = ?2 WHERE id = ?1",
                             [.integer(run), .integer(Int64(step))])
        }
    }
}
