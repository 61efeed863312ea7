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

    public init(key: LayerEvalKey, energy_j: Double, cim_unit_energy_j: Double = 0, row_drivers_energy_j: Double = 0,
                column_drivers_energy_j: Double = 0, adc_energy_j: Double = 0, input_buffer_energy_j: Double = 0,
                output_buffer_energy_j: Double = 0, router_energy_j: Double = 0, glb_energy_j: Double = 0,
                cycles: Double, latency_s: Double, macs: Int, utilization_percent: Double, feasible: Bool = true,
                infeasibleReason: String? = nil) {
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
    }
}

/// `layer_eval`: the per-layer cost cache the search reuses.
public final class LayerEvalStore {
    let db: Database
    private let select: Statement
    private let insertStatement: Statement

    static let valueColumns = """
        energy_j, cim_unit_energy_j, row_drivers_energy_j, column_drivers_energy_j, adc_energy_j, input_buffer_energy_j,
        output_buffer_energy_j, router_energy_j, glb_energy_j, cycles, latency_s, macs, utilization_percent, feasible,
        infeasible_reason
        """

    public init(_ db: Database) throws {
        self.db = db
        select = try db.prepare("""
            SELECT \(Self.valueColumns) FROM layer_eval
            WHERE hw_config_id = ?1 AND layer_shape_id = ?2 AND input_bits = ?3 AND weight_bits = ?4
                AND histogram_key = ?5 AND model_version = ?6
            """)
        insertStatement = try db.prepare("""
            INSERT INTO layer_eval (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key, model_version,
                \(Self.valueColumns))
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
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

    /// The cached evaluation, or nil on a miss.
    ///
    /// - Complexity: one primary-key look-up, O(log n).
    public func lookup(_ key: LayerEvalKey) throws -> LayerEvalRecord? {
        try bindKey(select, key)
        defer { select.reset() }
        guard try select.step() else { return nil }
        let s = select
        return LayerEvalRecord(
            key: key, energy_j: s.double(0), cim_unit_energy_j: s.double(1), row_drivers_energy_j: s.double(2),
            column_drivers_energy_j: s.double(3), adc_energy_j: s.double(4), input_buffer_energy_j: s.double(5),
            output_buffer_energy_j: s.double(6), router_energy_j: s.double(7), glb_energy_j: s.double(8),
            cycles: s.double(9), latency_s: s.double(10), macs: s.int(11), utilization_percent: s.double(12),
            feasible: s.int(13) != 0, infeasibleReason: s.optionalString(14))
    }

    /// Inserts records in one transaction; a key already cached is left as it is (same key, same result).
    /// Returns how many rows were new.
    ///
    /// - Complexity: O(k log n) for k records; one prepared statement, one commit.
    @discardableResult
    public func insert(_ records: [LayerEvalRecord]) throws -> Int {
        try db.transaction {
            var added = 0
            let s = insertStatement
            for r in records {
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
                try s.run()
                added += db.changes
            }
            return added
        }
    }

    /// Rows in the cache.
    public func count() throws -> Int { Int(try db.scalar("SELECT count(*) FROM layer_eval")?.int64 ?? 0) }
}
