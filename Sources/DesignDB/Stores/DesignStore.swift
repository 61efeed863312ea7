/// What identifies a design: hardware × network × quantization policy under model and predictor versions.
public struct DesignKey: Hashable, Sendable {
    public var hwConfigID: Int64
    public var networkID: Int64
    public var quantPolicyKey: String
    public var modelVersion: String
    public var predictorVersion: String

    public init(hwConfigID: Int64, networkID: Int64, quantPolicyKey: String, modelVersion: String, predictorVersion: String) {
        self.hwConfigID = hwConfigID
        self.networkID = networkID
        self.quantPolicyKey = quantPolicyKey
        self.modelVersion = modelVersion
        self.predictorVersion = predictorVersion
    }
}

/// One evaluated design (a `design` row). Metrics are optional because an infeasible design may lack them.
public struct DesignRecord: Hashable, Sendable {
    /// Row id; nil before insertion.
    public var id: Int64?
    public var key: DesignKey
    /// Technology table used, as `name@version`.
    public var technology: String
    public var energy_j: Double?
    public var latency_s: Double?
    public var area_mm2: Double?
    /// Energy × delay × area, J·s·mm².
    public var edap_j_s_mm2: Double?
    public var tops_per_w: Double?
    public var tops_per_mm2: Double?
    public var top1_percent: Double?
    public var accuracy_score: Double?
    public var mean_layer_tops_per_w: Double?
    public var mean_layer_tops_per_mm2: Double?
    public var max_layer_tops_per_w: Double?
    public var max_layer_tops_per_mm2: Double?
    public var mean_layer_tops: Double?
    public var utilization_max_percent: Double?
    public var feasible: Bool
    public var infeasibleReason: String?
    /// Set by the store on insertion when nil.
    public var createdAt: String?
    /// Multiply-accumulates of the network (nil for rows written before the search stored them).
    public var macs: Double?
    /// Crossbar cells required minus available (≤ 0 fits), when known.
    public var capacityShortfallCells: Int?

    public init(id: Int64? = nil, key: DesignKey, technology: String = "", energy_j: Double? = nil, latency_s: Double? = nil,
                area_mm2: Double? = nil, edap_j_s_mm2: Double? = nil, tops_per_w: Double? = nil, tops_per_mm2: Double? = nil,
                top1_percent: Double? = nil, accuracy_score: Double? = nil, mean_layer_tops_per_w: Double? = nil,
                mean_layer_tops_per_mm2: Double? = nil, max_layer_tops_per_w: Double? = nil, max_layer_tops_per_mm2: Double? = nil, mean_layer_tops: Double? = nil,
                utilization_max_percent: Double? = nil, feasible: Bool, infeasibleReason: String? = nil,
                createdAt: String? = nil, macs: Double? = nil, capacityShortfallCells: Int? = nil) {
        self.id = id
        self.key = key
        self.technology = technology
        self.energy_j = energy_j
        self.latency_s = latency_s
        self.area_mm2 = area_mm2
        self.edap_j_s_mm2 = edap_j_s_mm2
        self.tops_per_w = tops_per_w
        self.tops_per_mm2 = tops_per_mm2
        self.top1_percent = top1_percent
        self.accuracy_score = accuracy_score
        self.mean_layer_tops_per_w = mean_layer_tops_per_w
        self.mean_layer_tops_per_mm2 = mean_layer_tops_per_mm2
        self.max_layer_tops_per_w = max_layer_tops_per_w
        self.max_layer_tops_per_mm2 = max_layer_tops_per_mm2
        self.mean_layer_tops = mean_layer_tops
        self.utilization_max_percent = utilization_max_percent
        self.feasible = feasible
        self.infeasibleReason = infeasibleReason
        self.createdAt = createdAt
        self.macs = macs
        self.capacityShortfallCells = capacityShortfallCells
    }

    var metrics: [Double?] {
        [energy_j, latency_s, area_mm2, edap_j_s_mm2, tops_per_w, tops_per_mm2, top1_percent, accuracy_score,
         mean_layer_tops_per_w, mean_layer_tops_per_mm2, max_layer_tops_per_w, max_layer_tops_per_mm2, mean_layer_tops, utilization_max_percent]
    }
}

/// `design`: evaluated designs, inserted in batches and found by key or id.
///
/// The one place that writes `design` rows: the search's cache, the precompute writer and tests all insert
/// through ``insert(_:onConflict:)``.
public final class DesignStore {
    /// What an insert does when a row with the same key is already stored.
    public enum Conflict: Sendable {
        /// Keep the stored row untouched.
        case keepExisting
        /// Keep the stored row but refresh its `macs` and `capacity_shortfall_cells` (rows written before the
        /// search stored them read as not cached).
        case refreshMACs
    }

    let db: Database
    private let insertKeeping: Statement
    private let insertRefreshing: Statement
    private let selectByKey: Statement
    private let selectIDByKey: Statement
    private let selectByID: Statement
    private let bestStatement: Statement

    static let keyColumns = "hw_config_id, network_id, quant_policy_key, model_version, predictor_version"
    /// Columns after the key, bound to parameters 6… in this order.
    static let valueColumns = """
        technology, energy_j, latency_s, area_mm2, edap_j_s_mm2, tops_per_w, tops_per_mm2, top1_percent,
        accuracy_score, mean_layer_tops_per_w, mean_layer_tops_per_mm2, max_layer_tops_per_w, max_layer_tops_per_mm2,
        mean_layer_tops, utilization_max_percent, feasible, infeasible_reason, created_at, macs, capacity_shortfall_cells
        """
    static let keyWhere = """
        hw_config_id = ?1 AND network_id = ?2 AND quant_policy_key = ?3 AND model_version = ?4 AND predictor_version = ?5
        """
    static func insertSQL(_ conflict: Conflict) -> String {
        let parameters = (1...25).map { "?\($0)" }.joined(separator: ", ")
        let clause = switch conflict {
        case .keepExisting: "ON CONFLICT DO NOTHING"
        case .refreshMACs:
            "ON CONFLICT DO UPDATE SET macs = excluded.macs, capacity_shortfall_cells = excluded.capacity_shortfall_cells"
        }
        return "INSERT INTO design (\(keyColumns), \(valueColumns)) VALUES (\(parameters)) \(clause)"
    }
    static let selectByKeySQL = "SELECT id, \(keyColumns), \(valueColumns) FROM design WHERE \(keyWhere)"
    static let selectIDByKeySQL = "SELECT id FROM design WHERE \(keyWhere)"
    static let selectByIDSQL = "SELECT id, \(keyColumns), \(valueColumns) FROM design WHERE id = ?1"
    static let bestEDAPSQL =
        "SELECT design_id, edap_j_s_mm2, area_mm2 FROM design_frontier WHERE area_mm2 <= ?1 ORDER BY area_mm2 DESC LIMIT 1"
    static let countSQL = "SELECT count(*) FROM design"

    public init(_ db: Database) throws {
        self.db = db
        insertKeeping = try db.prepare(Self.insertSQL(.keepExisting))
        insertRefreshing = try db.prepare(Self.insertSQL(.refreshMACs))
        selectByKey = try db.prepare(Self.selectByKeySQL)
        selectIDByKey = try db.prepare(Self.selectIDByKeySQL)
        selectByID = try db.prepare(Self.selectByIDSQL)
        bestStatement = try db.prepare(Self.bestEDAPSQL)
    }

    private func bindKey(_ s: Statement, _ key: DesignKey) throws {
        try s.bind(key.hwConfigID, at: 1)
        try s.bind(key.networkID, at: 2)
        try s.bind(key.quantPolicyKey, at: 3)
        try s.bind(key.modelVersion, at: 4)
        try s.bind(key.predictorVersion, at: 5)
    }

    /// Inserts designs in one transaction and returns their ids in order; a design whose key is
    /// already stored keeps its row and its existing id is returned.
    ///
    /// - Complexity: O(k log n) for k designs, one commit.
    @discardableResult
    public func insert(_ records: [DesignRecord]) throws -> [Int64] {
        let now = Timestamp.now()
        return try db.transaction {
            var ids: [Int64] = []
            ids.reserveCapacity(records.count)
            for var r in records {
                if r.createdAt == nil { r.createdAt = now }
                if let id = try insert(r, onConflict: .keepExisting) {
                    ids.append(id)
                } else if let existing = try id(of: r.key) {
                    ids.append(existing)
                }
            }
            return ids
        }
    }

    /// Inserts one design in the caller's transaction (if any); returns its new row id, or nil when a row
    /// with its key was already stored (then `conflict` says what happened to it).
    ///
    /// - Complexity: one unique-index insert (and one look-up for `.refreshMACs`).
    public func insert(_ r: DesignRecord, onConflict conflict: Conflict) throws -> Int64? {
        let s = conflict == .keepExisting ? insertKeeping : insertRefreshing
        // An upsert that updates reports one change too and leaves the last rowid as it was: ask first.
        let stored = conflict == .refreshMACs ? try id(of: r.key) : nil
        try bindKey(s, r.key)
        try s.bind(r.technology, at: 6)
        for (i, m) in r.metrics.enumerated() { try s.bind(m, at: Int32(7 + i)) }
        try s.bind(r.feasible, at: 21)
        try s.bind(r.infeasibleReason, at: 22)
        try s.bind(r.createdAt ?? Timestamp.now(), at: 23)
        try s.bind(r.macs, at: 24)
        try s.bind(r.capacityShortfallCells, at: 25)
        try s.run()
        guard stored == nil, db.changes == 1 else { return nil }
        return db.lastInsertRowID
    }

    /// The stored design with this key, or nil.
    ///
    /// - Complexity: one unique-index look-up.
    public func lookup(_ key: DesignKey) throws -> DesignRecord? {
        try bindKey(selectByKey, key)
        defer { selectByKey.reset() }
        return try selectByKey.step() ? read(selectByKey) : nil
    }

    /// The row id of the stored design with this key, or nil.
    ///
    /// - Complexity: one unique-index look-up.
    public func id(of key: DesignKey) throws -> Int64? {
        try bindKey(selectIDByKey, key)
        defer { selectIDByKey.reset() }
        return try selectIDByKey.step() ? selectIDByKey.int64(0) : nil
    }

    /// The stored design with this id, or nil.
    public func design(id: Int64) throws -> DesignRecord? {
        try selectByID.bind(id, at: 1)
        defer { selectByID.reset() }
        return try selectByID.step() ? read(selectByID) : nil
    }

    private func read(_ s: Statement) -> DesignRecord {
        let key = DesignKey(hwConfigID: s.int64(1), networkID: s.int64(2), quantPolicyKey: s.string(3),
                            modelVersion: s.string(4), predictorVersion: s.string(5))
        let m = (7..<21).map { s.optionalDouble(Int32($0)) }
        return DesignRecord(
            id: s.int64(0), key: key, technology: s.string(6), energy_j: m[0], latency_s: m[1], area_mm2: m[2],
            edap_j_s_mm2: m[3], tops_per_w: m[4], tops_per_mm2: m[5], top1_percent: m[6], accuracy_score: m[7],
            mean_layer_tops_per_w: m[8], mean_layer_tops_per_mm2: m[9], max_layer_tops_per_w: m[10],
            max_layer_tops_per_mm2: m[11], mean_layer_tops: m[12], utilization_max_percent: m[13],
            feasible: s.int(21) != 0, infeasibleReason: s.optionalString(22), createdAt: s.string(23),
            macs: s.optionalDouble(24), capacityShortfallCells: s.optionalInt(25))
    }

    public func count() throws -> Int { Int(try db.scalar(Self.countSQL)?.int64 ?? 0) }

    /// The feasible design with the lowest EDAP among those with `area_mm2 <= maxArea_mm2`, from the
    /// trigger-maintained `design_frontier` table.
    ///
    /// - Complexity: one primary-key search in the frontier, O(log f) for f frontier entries.
    public func bestEDAP(maxArea_mm2: Double) throws -> (designID: Int64, edap_j_s_mm2: Double, area_mm2: Double)? {
        let s = bestStatement
        try s.bind(maxArea_mm2, at: 1)
        defer { s.reset() }
        return try s.step() ? (s.int64(0), s.double(1), s.double(2)) : nil
    }
}
