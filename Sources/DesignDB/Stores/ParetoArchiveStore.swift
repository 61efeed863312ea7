/// The tables of a Pareto-archive precompute job (schema/010_pareto_archive.sql): member designs by sweep
/// index, front membership per knob value, and per-value statistics. Call the writing methods inside the
/// transaction that also advances the job, so a killed run leaves a consistent archive.
public final class ParetoArchiveStore {
    /// A member design with the metrics the archive's dominance reads.
    public struct Member: Hashable, Sendable {
        public var sweepIndex: Int
        public var designID: Int64
        /// Whether the archive inserted the design row (and so deletes it when it leaves every front).
        public var owned: Bool
        public var energy_j: Double
        public var latency_s: Double
        public var area_mm2: Double
        public var top1_percent: Double?

        public init(sweepIndex: Int, designID: Int64, owned: Bool, energy_j: Double, latency_s: Double,
                    area_mm2: Double, top1_percent: Double?) {
            self.sweepIndex = sweepIndex
            self.designID = designID
            self.owned = owned
            self.energy_j = energy_j
            self.latency_s = latency_s
            self.area_mm2 = area_mm2
            self.top1_percent = top1_percent
        }
    }

    /// One front membership: `knob` and `value` empty for the whole sweep's front.
    public struct FrontRow: Hashable, Sendable {
        public var knob: String
        public var value: String
        public var sweepIndex: Int

        public init(knob: String, value: String, sweepIndex: Int) {
            self.knob = knob
            self.value = value
            self.sweepIndex = sweepIndex
        }
    }

    /// Counts and best EDAP of one knob value.
    public struct Stats: Hashable, Sendable {
        public var knob: String
        public var value: String
        public var valueIndex: Int
        public var designs: Int
        public var feasibleDesigns: Int
        public var bestEDAP_j_s_mm2: Double?
        public var bestSweepIndex: Int?

        public init(knob: String, value: String, valueIndex: Int, designs: Int, feasibleDesigns: Int,
                    bestEDAP_j_s_mm2: Double?, bestSweepIndex: Int?) {
            self.knob = knob
            self.value = value
            self.valueIndex = valueIndex
            self.designs = designs
            self.feasibleDesigns = feasibleDesigns
            self.bestEDAP_j_s_mm2 = bestEDAP_j_s_mm2
            self.bestSweepIndex = bestSweepIndex
        }
    }

    let db: Database
    public let jobID: Int64
    private let insertMember: Statement
    private let deleteMember: Statement
    private let deleteDesign: Statement
    private let deleteHardware: Statement
    private let insertFront: Statement
    private let deleteFront: Statement
    private let upsertStats: Statement

    public init(_ db: Database, jobID: Int64) throws {
        self.db = db
        self.jobID = jobID
        insertMember = try db.prepare("INSERT INTO archive_design (job_id, sweep_index, design_id, owned) VALUES (?1, ?2, ?3, ?4)")
        deleteMember = try db.prepare("DELETE FROM archive_design WHERE job_id = ?1 AND sweep_index = ?2")
        deleteDesign = try db.prepare("DELETE FROM design WHERE id = ?1 RETURNING hw_config_id")
        // The chip row goes with its last design (the archive wrote it for that design alone).
        deleteHardware = try db.prepare("""
            DELETE FROM hw_config WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM design WHERE hw_config_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM layer_eval WHERE hw_config_id = ?1)
            """)
        insertFront = try db.prepare("INSERT OR IGNORE INTO archive_front (job_id, knob, value, sweep_index) VALUES (?1, ?2, ?3, ?4)")
        deleteFront = try db.prepare("DELETE FROM archive_front WHERE job_id = ?1 AND knob = ?2 AND value = ?3 AND sweep_index = ?4")
        upsertStats = try db.prepare("""
            INSERT INTO archive_knob_stats (job_id, knob, value, value_index, designs, feasible_designs,
                best_edap_j_s_mm2, best_sweep_index)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (job_id, knob, value) DO UPDATE SET value_index = excluded.value_index,
                designs = excluded.designs, feasible_designs = excluded.feasible_designs,
                best_edap_j_s_mm2 = excluded.best_edap_j_s_mm2, best_sweep_index = excluded.best_sweep_index
            """)
    }

    /// The job's member designs with their metrics.
    public func members() throws -> [Member] {
        let s = try db.prepare("""
            SELECT a.sweep_index, a.design_id, a.owned, d.energy_j, d.latency_s, d.area_mm2, d.accuracy_top1_percent
            FROM archive_design AS a JOIN design AS d ON d.id = a.design_id WHERE a.job_id = ?1 ORDER BY a.sweep_index
            """)
        try s.bind(jobID, at: 1)
        var out: [Member] = []
        while try s.step() {
            out.append(Member(sweepIndex: s.int(0), designID: s.int64(1), owned: s.int(2) != 0, energy_j: s.double(3),
                              latency_s: s.double(4), area_mm2: s.double(5), top1_percent: s.optionalDouble(6)))
        }
        return out
    }

    /// The job's front memberships.
    public func frontRows() throws -> Set<FrontRow> {
        let s = try db.prepare("SELECT knob, value, sweep_index FROM archive_front WHERE job_id = ?1")
        try s.bind(jobID, at: 1)
        var out = Set<FrontRow>()
        while try s.step() { out.insert(FrontRow(knob: s.string(0), value: s.string(1), sweepIndex: s.int(2))) }
        return out
    }

    /// The job's per-value statistics.
    public func stats() throws -> [Stats] {
        let s = try db.prepare("""
            SELECT knob, value, value_index, designs, feasible_designs, best_edap_j_s_mm2, best_sweep_index
            FROM archive_knob_stats WHERE job_id = ?1 ORDER BY knob, value_index
            """)
        try s.bind(jobID, at: 1)
        var out: [Stats] = []
        while try s.step() {
            out.append(Stats(knob: s.string(0), value: s.string(1), valueIndex: s.int(2), designs: s.int(3),
                             feasibleDesigns: s.int(4), bestEDAP_j_s_mm2: s.optionalDouble(5), bestSweepIndex: s.optionalInt(6)))
        }
        return out
    }

    /// Adds a member design.
    public func addMember(sweepIndex: Int, designID: Int64, owned: Bool) throws {
        try insertMember.bind(jobID, at: 1)
        try insertMember.bind(sweepIndex, at: 2)
        try insertMember.bind(designID, at: 3)
        try insertMember.bind(owned, at: 4)
        try insertMember.run()
    }

    /// Removes a member (its front rows cascade); an owned design row goes too, with its chip row when unused.
    public func removeMember(sweepIndex: Int, designID: Int64, owned: Bool) throws {
        try deleteMember.bind(jobID, at: 1)
        try deleteMember.bind(sweepIndex, at: 2)
        try deleteMember.run()
        guard owned else { return }
        try deleteDesign.bind(designID, at: 1)
        var hardware: Int64?
        if try deleteDesign.step() { hardware = deleteDesign.int64(0) }
        while try deleteDesign.step() {}
        deleteDesign.reset()
        if let hardware {
            try deleteHardware.bind(hardware, at: 1)
            try deleteHardware.run()
        }
    }

    /// Applies the difference between two sets of front memberships.
    public func replaceFronts(old: Set<FrontRow>, new: Set<FrontRow>) throws {
        for r in old.subtracting(new) {
            try deleteFront.bind(jobID, at: 1)
            try deleteFront.bind(r.knob, at: 2)
            try deleteFront.bind(r.value, at: 3)
            try deleteFront.bind(r.sweepIndex, at: 4)
            try deleteFront.run()
        }
        for r in new.subtracting(old) {
            try insertFront.bind(jobID, at: 1)
            try insertFront.bind(r.knob, at: 2)
            try insertFront.bind(r.value, at: 3)
            try insertFront.bind(r.sweepIndex, at: 4)
            try insertFront.run()
        }
    }

    /// Writes (inserts or replaces) per-value statistics.
    public func saveStats(_ rows: [Stats]) throws {
        let s = upsertStats
        for r in rows {
            try s.bind(jobID, at: 1)
            try s.bind(r.knob, at: 2)
            try s.bind(r.value, at: 3)
            try s.bind(r.valueIndex, at: 4)
            try s.bind(r.designs, at: 5)
            try s.bind(r.feasibleDesigns, at: 6)
            try s.bind(r.bestEDAP_j_s_mm2, at: 7)
            try s.bind(r.bestSweepIndex, at: 8)
            try s.run()
        }
    }
}
