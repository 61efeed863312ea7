/// A search run (`search_run` row).
public struct SearchRunRecord: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, CaseIterable {
        case running, finished, failed, interrupted
    }

    public var id: Int64?
    public var algorithm: String
    public var settingsJSON: String
    public var space: String
    public var seed: Int
    public var status: Status
    public var startedAt: String?
    public var finishedAt: String?
    public var generationsDone: Int
    public var modelVersion: String
    public var predictorVersion: String
    /// Digests of the space file, the composed technology and a network file ("" when not given).
    public var spaceSHA256 = "", technologySHA256 = "", networkSHA256 = ""

    public init(id: Int64? = nil, algorithm: String, settingsJSON: String, space: String, seed: Int,
                status: Status = .running, startedAt: String? = nil, finishedAt: String? = nil, generationsDone: Int = 0,
                modelVersion: String, predictorVersion: String) {
        self.id = id
        self.algorithm = algorithm
        self.settingsJSON = settingsJSON
        self.space = space
        self.seed = seed
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.generationsDone = generationsDone
        self.modelVersion = modelVersion
        self.predictorVersion = predictorVersion
    }
}

/// One member of a search generation (`search_member` row).
public struct SearchMemberRecord: Hashable, Sendable {
    public var generation: Int
    /// Position in the population.
    public var slot: Int
    public var designID: Int64
    public var objective: Double?
    public var constraintViolation: Double
    public var rank: Int?

    public init(generation: Int, slot: Int, designID: Int64, objective: Double?, constraintViolation: Double = 0,
                rank: Int? = nil) {
        self.generation = generation
        self.slot = slot
        self.designID = designID
        self.objective = objective
        self.constraintViolation = constraintViolation
        self.rank = rank
    }
}

/// `search_run` and `search_member`: searches, so they can be resumed and compared.
public final class SearchRunStore {
    let db: Database

    public init(_ db: Database) throws { self.db = db }

    static let runColumns = """
        id, algorithm, settings_json, space, seed, status, started_at, finished_at, generations_done, model_version,
        predictor_version
        """

    /// Records a new run and returns its id.
    public func create(_ run: SearchRunRecord) throws -> Int64 {
        let s = try db.prepare("""
            INSERT INTO search_run (algorithm, settings_json, space, seed, status, started_at, finished_at, generations_done,
                model_version, predictor_version, space_sha256, technology_sha256, network_sha256)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
        try s.bind(.text(run.algorithm), at: 1)
        try s.bind(run.settingsJSON, at: 2)
        try s.bind(run.space, at: 3)
        try s.bind(run.seed, at: 4)
        try s.bind(run.status.rawValue, at: 5)
        try s.bind(run.startedAt ?? Timestamp.now(), at: 6)
        try s.bind(run.finishedAt, at: 7)
        try s.bind(run.generationsDone, at: 8)
        try s.bind(run.modelVersion, at: 9)
        try s.bind(run.spaceSHA256, at: 11)
        try s.bind(run.technologySHA256, at: 12)
        try s.bind(run.networkSHA256, at: 13)
        try s.bind(run.predictorVersion, at: 10)
        try s.run()
        return db.lastInsertRowID
    }

    /// Stores one generation's members and advances `generations_done`, atomically.
    public func recordGeneration(runID: Int64, generation: Int, members: [SearchMemberRecord]) throws {
        let insert = try db.prepare("""
            INSERT OR REPLACE INTO search_member (run_id, generation, slot, design_id, objective, constraint_violation, rank)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        try db.transaction {
            for m in members {
                try insert.bind(runID, at: 1)
                try insert.bind(m.generation, at: 2)
                try insert.bind(m.slot, at: 3)
                try insert.bind(m.designID, at: 4)
                try insert.bind(m.objective, at: 5)
                try insert.bind(m.constraintViolation, at: 6)
                try insert.bind(m.rank, at: 7)
                try insert.run()
            }
            let update = try db.prepare("UPDATE search_run SET generations_done = max(generations_done, ?2) WHERE id = ?1")
            try update.bind(runID, at: 1)
            try update.bind(generation + 1, at: 2)
            try update.run()
        }
    }

    /// Sets the status (and the finish time for a terminal status).
    public func setStatus(runID: Int64, _ status: SearchRunRecord.Status) throws {
        let s = try db.prepare("UPDATE search_run SET status = ?2, finished_at = ?3 WHERE id = ?1")
        try s.bind(runID, at: 1)
        try s.bind(status.rawValue, at: 2)
        try s.bind(status == .running ? nil : Timestamp.now(), at: 3)
        try s.run()
    }

    /// The run, or nil.
    public func run(id: Int64) throws -> SearchRunRecord? {
        let s = try db.prepare("SELECT \(Self.runColumns) FROM search_run WHERE id = ?1")
        try s.bind(id, at: 1)
        guard try s.step() else { return nil }
        return SearchRunRecord(
            id: s.int64(0), algorithm: s.string(1), settingsJSON: s.string(2), space: s.string(3), seed: s.int(4),
            status: SearchRunRecord.Status(rawValue: s.string(5)) ?? .failed, startedAt: s.string(6),
            finishedAt: s.optionalString(7), generationsDone: s.int(8), modelVersion: s.string(9),
            predictorVersion: s.string(10))
    }

    /// Members of one generation, by slot.
    public func members(runID: Int64, generation: Int) throws -> [SearchMemberRecord] {
        let s = try db.prepare("""
            SELECT generation, slot, design_id, objective, constraint_violation, rank FROM search_member
            WHERE run_id = ?1 AND generation = ?2 ORDER BY slot
            """)
        try s.bind(runID, at: 1)
        try s.bind(generation, at: 2)
        var out: [SearchMemberRecord] = []
        while try s.step() {
            out.append(SearchMemberRecord(generation: s.int(0), slot: s.int(1), designID: s.int64(2),
                                          objective: s.optionalDouble(3), constraintViolation: s.double(4),
                                          rank: s.optionalInt(5)))
        }
        return out
    }
}
