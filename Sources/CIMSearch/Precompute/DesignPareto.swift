import DesignDB

/// The `design_pareto` table: per slice (network, quantization policy, versions, technology), the
/// feasible designs that no other design of the slice beats on energy, latency and area at once.
///
/// EDAP = E·L·A is monotone in each factor and accuracy is constant within a slice, so for any upper
/// bounds on energy, latency and area (and a lower bound on accuracy) the lowest-EDAP design that meets
/// them lies on this frontier.
public enum DesignPareto {
    /// A frontier candidate.
    public struct Point: Hashable, Sendable {
        public var designID: Int64
        public var energy_j: Double
        public var latency_s: Double
        public var area_mm2: Double
        public var edap_j_s_mm2: Double
        public var top1_percent: Double?

        public init(designID: Int64, energy_j: Double, latency_s: Double, area_mm2: Double, edap_j_s_mm2: Double,
                    top1_percent: Double?) {
            self.designID = designID
            self.energy_j = energy_j
            self.latency_s = latency_s
            self.area_mm2 = area_mm2
            self.edap_j_s_mm2 = edap_j_s_mm2
            self.top1_percent = top1_percent
        }
    }

    /// What identifies a slice.
    public struct Slice: Hashable, Sendable {
        public var networkID: Int64
        public var quantPolicyKey: String
        public var modelVersion: String
        public var predictorVersion: String
        public var technology: String
        /// Technology node of the chips, nm (a sweep over nodes has one slice per node).
        public var technology_nm: Double

        public init(networkID: Int64, quantPolicyKey: String, modelVersion: String, predictorVersion: String,
                    technology: String, technology_nm: Double) {
            self.networkID = networkID
            self.quantPolicyKey = quantPolicyKey
            self.modelVersion = modelVersion
            self.predictorVersion = predictorVersion
            self.technology = technology
            self.technology_nm = technology_nm
        }
    }

    /// Whether `q` dominates `p`, as the schema's triggers define it (schema/006): energy, latency, area and
    /// EDAP no larger, accuracy no lower (nil lowest), and `q` first in the queries' (EDAP, id) order.
    /// Then `q` meets every bound `p` meets and sorts before it.
    @inlinable
    public static func dominates(_ q: Point, _ p: Point) -> Bool {
        q.energy_j <= p.energy_j && q.latency_s <= p.latency_s && q.area_mm2 <= p.area_mm2
            && q.edap_j_s_mm2 <= p.edap_j_s_mm2
            && (q.top1_percent ?? -.infinity) >= (p.top1_percent ?? -.infinity)
            && (q.edap_j_s_mm2 < p.edap_j_s_mm2 || q.designID < p.designID)
    }

    /// The non-dominated subset of `points` (see ``dominates(_:_:)``), in (EDAP, id) order; the same set the
    /// schema's triggers keep.
    ///
    /// - Complexity: O(n log n + n·k) for n points and a front of k: sorted by (EDAP, id), every dominator
    ///   comes before what it dominates, so each point is tested once against the front so far.
    public static func front(_ points: [Point]) -> [Point] {
        let sorted = points.sorted { ($0.edap_j_s_mm2, $0.designID) < ($1.edap_j_s_mm2, $1.designID) }
        var out: [Point] = []
        for p in sorted where !out.contains(where: { dominates($0, p) }) {
            out.append(p)
        }
        return out
    }

    /// Stored frontier points of a slice.
    public static func load(_ db: Database, slice: Slice) throws -> [Point] {
        let s = try db.prepare("""
            SELECT design_id, energy_j, latency_s, area_mm2, edap_j_s_mm2, top1_percent FROM design_pareto
            WHERE network_id = ?1 AND quant_policy_key = ?2 AND model_version = ?3 AND predictor_version = ?4
                AND technology = ?5 AND technology_nm = ?6
            """)
        try bind(s, slice)
        var out: [Point] = []
        while try s.step() {
            out.append(Point(designID: s.int64(0), energy_j: s.double(1), latency_s: s.double(2), area_mm2: s.double(3),
                             edap_j_s_mm2: s.double(4), top1_percent: s.optionalDouble(5)))
        }
        return out
    }

    private static func bind(_ s: Statement, _ slice: Slice) throws {
        try s.bind(slice.networkID, at: 1)
        try s.bind(slice.quantPolicyKey, at: 2)
        try s.bind(slice.modelVersion, at: 3)
        try s.bind(slice.predictorVersion, at: 4)
        try s.bind(slice.technology, at: 5)
        try s.bind(slice.technology_nm, at: 6)
    }

    /// Replaces the stored frontier of a slice: deletes rows that left it, inserts new ones. Call inside
    /// the transaction that stored the designs.
    public static func replace(_ db: Database, slice: Slice, old: [Point], new: [Point]) throws {
        let keep = Set(new.map(\.designID))
        let had = Set(old.map(\.designID))
        let delete = try db.prepare("DELETE FROM design_pareto WHERE design_id = ?1")
        for p in old where !keep.contains(p.designID) {
            try delete.bind(p.designID, at: 1)
            try delete.run()
        }
        let insert = try db.prepare("""
            INSERT OR REPLACE INTO design_pareto (design_id, network_id, quant_policy_key, model_version,
                predictor_version, technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2,
                top1_percent)
            VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6, ?8, ?9, ?10, ?11, ?12)
            """)
        try bind(insert, slice)
        for p in new where !had.contains(p.designID) {
            try insert.bind(p.designID, at: 7)
            try insert.bind(p.energy_j, at: 8)
            try insert.bind(p.latency_s, at: 9)
            try insert.bind(p.area_mm2, at: 10)
            try insert.bind(p.edap_j_s_mm2, at: 11)
            try insert.bind(p.top1_percent, at: 12)
            try insert.run()
        }
    }

    /// Recomputes the whole frontier from every feasible design, as the schema's triggers define it
    /// (see ``DesignParetoTable/rebuild(_:)``). Returns the number of rows.
    @discardableResult
    public static func rebuild(_ db: Database) throws -> Int {
        try DesignParetoTable.rebuild(db)
    }
}
