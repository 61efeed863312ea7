/// One committed generation of a search run (`search_checkpoint` row): the algorithm state as JSON.
public struct SearchCheckpointRecord: Hashable, Sendable {
    public var runID: Int64
    /// 1, 2, … per run; the newest step is where `--resume` continues.
    public var step: Int
    public var stage: Int
    public var generation: Int
    public var evaluations: Int
    public var bestObjective: Double?
    public var feasibleFraction: Double
    public var elapsed_s: Double
    public var stateJSON: String
    /// Set by the store on insertion when nil.
    public var createdAt: String?

    public init(runID: Int64, step: Int, stage: Int, generation: Int, evaluations: Int, bestObjective: Double?,
                feasibleFraction: Double, elapsed_s: Double, stateJSON: String, createdAt: String? = nil) {
        self.runID = runID
        self.step = step
        self.stage = stage
        self.generation = generation
        self.evaluations = evaluations
        self.bestObjective = bestObjective
        self.feasibleFraction = feasibleFraction
        self.elapsed_s = elapsed_s
        self.stateJSON = stateJSON
        self.createdAt = createdAt
    }
}

/// `search_checkpoint`: the state a run resumes from, one row per committed generation.
extension SearchRunStore {
    static let nextStepSQL = "SELECT coalesce(max(step), 0) + 1 FROM search_checkpoint WHERE run_id = ?1"
    static let insertCheckpointSQL = """
        INSERT INTO search_checkpoint (run_id, step, stage, generation, evaluations, best_objective,
            feasible_fraction, elapsed_s, state_json, created_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """
    static let latestStateSQL = "SELECT state_json FROM search_checkpoint WHERE run_id = ?1 ORDER BY step DESC LIMIT 1"
    static let deleteCheckpointsAfterSQL = "DELETE FROM search_checkpoint WHERE run_id = ?1 AND step > ?2"
    static let deleteMembersFromSQL = "DELETE FROM search_member WHERE run_id = ?1 AND generation >= ?2"
    static let markTruncatedSQL = "UPDATE search_run SET status = 'interrupted', generations_done = ?2 WHERE id = ?1"

    /// The step the run's next checkpoint takes (1 for a run without one).
    public func nextCheckpointStep(runID: Int64) throws -> Int {
        Int(try db.scalar(Self.nextStepSQL, [.integer(runID)])?.int64 ?? 1)
    }

    /// Stores a checkpoint (in the caller's transaction, if any).
    public func saveCheckpoint(_ c: SearchCheckpointRecord) throws {
        let s = try db.prepare(Self.insertCheckpointSQL)
        try s.bind(c.runID, at: 1)
        try s.bind(c.step, at: 2)
        try s.bind(c.stage, at: 3)
        try s.bind(c.generation, at: 4)
        try s.bind(c.evaluations, at: 5)
        try s.bind(c.bestObjective, at: 6)
        try s.bind(c.feasibleFraction, at: 7)
        try s.bind(c.elapsed_s, at: 8)
        try s.bind(c.stateJSON, at: 9)
        try s.bind(c.createdAt ?? Timestamp.now(), at: 10)
        try s.run()
    }

    /// The state of the run's newest checkpoint, or nil when it has none.
    public func latestCheckpointState(runID: Int64) throws -> String? {
        try db.scalar(Self.latestStateSQL, [.integer(runID)])?.string
    }

    /// Deletes checkpoints after `step` and members from generation `step` on, and marks the run interrupted
    /// with `step` generations done, atomically (what a kill after that generation leaves).
    public func truncate(runID: Int64, toSteps step: Int) throws {
        try db.transaction {
            _ = try db.query(Self.deleteCheckpointsAfterSQL, [.integer(runID), .integer(Int64(step))])
            _ = try db.query(Self.deleteMembersFromSQL, [.integer(runID), .integer(Int64(step))])
            _ = try db.query(Self.markTruncatedSQL, [.integer(runID), .integer(Int64(step))])
        }
    }
}
