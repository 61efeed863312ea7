import CIMHardware

/// What identifies a cached layer evaluation: everything that changes the result.
public struct LayerEvalKey: Hashable, Sendable {
    public var hwConfigID: Int64
    public var layerShapeID: Int64
    public var inputBits: Int
    public var weightBits: Int
    /// Identifies the value histograms used ("" for the CiMLoop defaults).
    public var histogramKey: String
    public var modelVersion: String

    public init(hwConfigID: Int64, layerShapeID: Int64, inputBits: Int, weightBits: Int, histogramKey: String = "",
                modelVersion: String) {
        self.hwConfigID = hwConfigID
        self.layerShapeID = layerShapeID
        self.inputBits = inputBits
        self.weightBits = weightBits
        self.histogramKey = histogramKey
        self.modelVersion = modelVersion
    }
}

/// One cached layer evaluation (a `layer_eval` row): energies in joules, latency in seconds.
public struct LayerEvalRecord: Hashable, Sendable {
    public var key: LayerEvalKey
    public var energy_j: Double
    public var cim_unit_energy_j: Double
    public var row_drivers_energy_j: Double
    public var column_drivers_energy_j: Double
    public var adc_energy_j: Double
    public var input_buffer_energy_j: Double
    public var output_buffer_energy_j: Double
    public var router_energy_j: Double
    public var glb_energy_j: Double
    public var cycles: Double
    public var latency_s: Double
    public var macs: Int
    public var utilization_percent: Double
    public var feasible: Bool
    public var infeasibleReason: String?
    /// Counts and energies per action that rebuild the component energies (nil: energies only).
    public var actions: StoredActions?

    public init(key: LayerEvalKey, energy_j: Double, cim_unit_energy_j: Double = 0, row_drivers_energy_j: Double = 0,
                column_drivers_energy_j: Double = 0, adc_energy_j: Double = 0, input_buffer_energy_j: Double = 0,
                output_buffer_energy_j: Double = 0, router_energy_j: Double = 0, glb_energy_j: Double = 0,
                cycles: Double, latency_s: Double, macs: Int, utilization_percent: Double, feasible: Bool = true,
                infeasibleReason: String? = nil, actions: StoredActions? = nil) {
        self.key = key
        self.energy_j = energy_j
        self.cim_unit_energy_j = cim_unit_energy_j
        self.row_drivers_energy_j = row_drivers_energy_j
        self.column_drivers_energy_j = column_drivers_energy_j
        self.adc_energy_j = adc_energy_j
        self.input_buffer_energy_j = input_buffer_energy_j
        self.output_buffer_energy_j = output_buffer_energy_j
        self.router_energy_j = router_energy_j
        self.glb_energy_j = glb_energy_j
        self.cycles = cycles
        self.latency_s = latency_s
        self.macs = macs
        self.utilization_percent = utilization_percent
        self.feasible = feasible
        self.infeasibleReason = infeasibleReason
        self.actions = actions
    }

    /// Energy by component, J.
    public var components_j: ComponentValues {
        var c = ComponentValues()
        c.cimUnit = cim_unit_energy_j; c.rowDrivers = row_drivers_energy_j; c.columnDrivers = column_drivers_energy_j
        c.adc = adc_energy_j; c.inputBuffer = input_buffer_energy_j; c.outputBuffer = output_buffer_energy_j
        c.router = router_energy_j; c.glb = glb_energy_j
        return c
    }
}

/// `layer_eval`: the per-layer cost cache the search reuses. Owns every statement on the table: the
/// search's store and the precompute writer insert through ``insert(_:)`` in their own transactions.
public final class LayerEvalStore {
    let db: Database
    private let select: Statement
    private let selectChip: Statement
    private let insertStatement: Statement

    /// The count and energy-per-action columns, `StoredAction` order (migration 009).
    public static let actionColumns = StoredAction.allCases.flatMap { ["\($0.column)_count", "\($0.column)_pj"] }

    /// Every value column, in bind and read order (after the six key columns).
    static let valueColumnNames = [
        "energy_j", "cim_unit_energy_j", "row_drivers_energy_j", "column_drivers_energy_j", "adc_energy_j",
        "input_buffer_energy_j", "output_buffer_energy_j", "router_energy_j", "glb_energy_j", "cycles", "latency_s",
        "macs", "utilization_percent", "feasible", "infeasible_reason",
    ] + actionColumns
    static let valueColumns = valueColumnNames.joined(separator: ", ")

    public init(_ db: Database) throws {
        self.db = db
        select = try db.prepare("""
            SELECT \(Self.valueColumns) FROM layer_eval
            WHERE hw_config_id = ?1 AND layer_shape_id = ?2 AND input_bits = ?3 AND weight_bits = ?4
                AND histogram_key = ?5 AND model_version = ?6
            """)
        selectChip = try db.prepare("""
            SELECT s.kind, s.g, s.c, s.m, s.r, s.s, s.p, s.q, s.n, s.stride, e.input_bits, e.weight_bits, e.histogram_key,
                e.layer_shape_id, \(Self.valueColumnNames.map { "e.\($0)" }.joined(separator: ", "))
            FROM layer_eval e JOIN layer_shape s ON s.id = e.layer_shape_id
            WHERE e.hw_config_id = ?1 AND e.model_version = ?2
            """)
        insertStatement = try db.prepare("""
            INSERT INTO layer_eval (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key, model_version,
                \(Self.valueColumns))
            VALUES (\((1...(21 + Self.actionColumns.count)).map { "?\($0)" }.joined(separator: ", ")))
            ON CONFLICT DO NOTHING
            """)
    }

    private func bindKey(_ stmt: Statement, _ key: LayerEvalKey) throws {
        try stmt.bind(key.hwConfigID, at: 1)
        try stmt.bind(key.layerShapeID, at: 2)
        try stmt.bind(key.inputBits, at: 3)
        try stmt.bind(key.weightBits, at: 4)
        try stmt.bind(key.histogramKey, at: 5)
        try stmt.bind(key.modelVersion, at: 6)
    }

    /// The record whose value columns start at column `first` of the current row of `s`.
    private static func record(_ key: LayerEvalKey, _ s: Statement, from first: Int32) -> LayerEvalRecord {
        let f = first
        var actions: StoredActions?
        let a0 = f + 15
        if !s.isNull(a0) {
            var a = StoredActions()
            for i in StoredAction.allCases.indices {
                a.counts[i] = s.double(a0 + Int32(2 * i))
                a.energies_pJ[i] = s.double(a0 + Int32(2 * i + 1))
            }
            actions = a
        }
        return LayerEvalRecord(
            key: key, energy_j: s.double(f), cim_unit_energy_j: s.double(f + 1), row_drivers_energy_j: s.double(f + 2),
            column_drivers_energy_j: s.double(f + 3), adc_energy_j: s.double(f + 4),
            input_buffer_energy_j: s.double(f + 5), output_buffer_energy_j: s.double(f + 6),
            router_energy_j: s.double(f + 7), glb_energy_j: s.double(f + 8), cycles: s.double(f + 9),
            latency_s: s.double(f + 10), macs: s.int(f + 11), utilization_percent: s.double(f + 12),
            feasible: s.int(f + 13) != 0, infeasibleReason: s.optionalString(f + 14), actions: actions)
    }

    /// The cached evaluation, or nil on a miss.
    ///
    /// - Complexity: one primary-key look-up, O(log n).
    public func lookup(_ key: LayerEvalKey) throws -> LayerEvalRecord? {
        try bindKey(select, key)
        defer { select.reset() }
        guard try select.step() else { return nil }
        return Self.record(key, select, from: 0)
    }

    /// Every cached evaluation on one chip under one model version, with its layer shape.
    ///
    /// - Complexity: one indexed range scan.
    public func records(hwConfigID: Int64, modelVersion: String) throws -> [(shape: LayerShape, record: LayerEvalRecord)] {
        let s = selectChip
        try s.bind(hwConfigID, at: 1)
        try s.bind(modelVersion, at: 2)
        defer { s.reset() }
        var out: [(shape: LayerShape, record: LayerEvalRecord)] = []
        while try s.step() {
            guard let kind = LayerKind(rawValue: s.string(0)) else { continue }
            let shape = LayerShape(kind: kind, G: s.int(1), C: s.int(2), M: s.int(3), R: s.int(4), S: s.int(5),
                                   P: s.int(6), Q: s.int(7), N: s.int(8), stride: s.int(9))
            let key = LayerEvalKey(hwConfigID: hwConfigID, layerShapeID: s.int64(13), inputBits: s.int(10),
                                   weightBits: s.int(11), histogramKey: s.string(12), modelVersion: modelVersion)
            out.append((shape, Self.record(key, s, from: 14)))
        }
        return out
    }

    /// Inserts one record in the caller's transaction; a key already cached is left as it is. Returns
    /// whether the row was new.
    @discardableResult
    public func insert(_ r: LayerEvalRecord) throws -> Bool {
        let s = insertStatement
        try bindKey(s, r.key)
        try s.bind(r.energy_j, at: 7)
        try s.bind(r.cim_unit_energy_j, at: 8)
        try s.bind(r.row_drivers_energy_j, at: 9)
        try s.bind(r.column_drivers_energy_j, at: 10)
        try s.bind(r.adc_energy_j, at: 11)
        try s.bind(r.input_buffer_energy_j, at: 12)
        try s.bind(r.output_buffer_energy_j, at: 13)
        try s.bind(r.router_energy_j, at: 14)
        try s.bind(r.glb_energy_j, at: 15)
        try s.bind(r.cycles, at: 16)
        try s.bind(r.latency_s, at: 17)
        try s.bind(r.macs, at: 18)
        try s.bind(r.utilization_percent, at: 19)
        try s.bind(r.feasible, at: 20)
        try s.bind(r.infeasibleReason, at: 21)
        for i in StoredAction.allCases.indices {
            try s.bind(r.actions.map { $0.counts[i] }, at: Int32(22 + 2 * i))
            try s.bind(r.actions.map { $0.energies_pJ[i] }, at: Int32(23 + 2 * i))
        }
        try s.run()
        return db.changes > 0
    }

    /// Inserts records in one transaction; a key already cached is left as it is (same key, same result).
    /// Returns how many rows were new.
    ///
    /// - Complexity: O(k log n) for k records; one prepared statement, one commit.
    @discardableResult
    public func insert(_ records: [LayerEvalRecord]) throws -> Int {
        try db.transaction {
            var added = 0
            for r in records where try insert(r) { added += 1 }
            return added
        }
    }

    /// Rows in the cache.
    public func count() throws -> Int { Int(try db.scalar("SELECT count(*) FROM layer_eval")?.int64 ?? 0) }
}
