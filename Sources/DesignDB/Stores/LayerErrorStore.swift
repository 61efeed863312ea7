/// One layer's numerical error on a chip (a `layer_error` row), keyed like `layer_eval` plus the error model.
public struct LayerErrorRecord: Hashable, Sendable {
    public var hwConfigID: Int64
    public var layerShapeID: Int64
    public var inputBits: Int
    public var weightBits: Int
    /// Identifies the value histograms used ("" for the CiMLoop defaults).
    public var histogramKey: String
    /// The error model, its E₀ and device (`design.hw_accuracy_version`).
    public var hwAccuracyVersion: String
    /// SQNR of the layer output with the chip's ADC and device, dB; nil when exact.
    public var sqnr_db: Double?
    /// SQNR with the chip's ADC on an ideal device, dB; nil when the ADC is lossless.
    public var adc_sqnr_db: Double?
    /// Smallest lossless ADC resolution, bits.
    public var adc_bits_needed: Int

    public init(hwConfigID: Int64, layerShapeID: Int64, inputBits: Int, weightBits: Int, histogramKey: String,
                hwAccuracyVersion: String, sqnr_db: Double?, adc_sqnr_db: Double?, adc_bits_needed: Int) {
        self.hwConfigID = hwConfigID
        self.layerShapeID = layerShapeID
        self.inputBits = inputBits
        self.weightBits = weightBits
        self.histogramKey = histogramKey
        self.hwAccuracyVersion = hwAccuracyVersion
        self.sqnr_db = sqnr_db
        self.adc_sqnr_db = adc_sqnr_db
        self.adc_bits_needed = adc_bits_needed
    }
}

/// `layer_error`: per-layer SQNR and `adc_bits_needed` beside `layer_eval` (migration 013). Owns every
/// statement on the table; writers insert in their own transactions.
public final class LayerErrorStore {
    let db: Database
    private let insertStatement: Statement
    private let selectStatement: Statement

    public init(_ db: Database) throws {
        self.db = db
        insertStatement = try db.prepare("""
            INSERT INTO layer_error (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key,
                hw_accuracy_version, sqnr_db, adc_sqnr_db, adc_bits_needed)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT DO NOTHING
            """)
        selectStatement = try db.prepare("""
            SELECT sqnr_db, adc_sqnr_db, adc_bits_needed FROM layer_error
            WHERE hw_config_id = ?1 AND layer_shape_id = ?2 AND input_bits = ?3 AND weight_bits = ?4
                AND histogram_key = ?5 AND hw_accuracy_version = ?6
            """)
    }

    private func bindKey(_ s: Statement, _ r: LayerErrorRecord) throws {
        try s.bind(r.hwConfigID, at: 1)
        try s.bind(r.layerShapeID, at: 2)
        try s.bind(r.inputBits, at: 3)
        try s.bind(r.weightBits, at: 4)
        try s.bind(r.histogramKey, at: 5)
        try s.bind(r.hwAccuracyVersion, at: 6)
    }

    /// Inserts one record in the caller's transaction (a stored key is left as it is); +∞ SQNR is stored as NULL.
    /// Returns whether the row was new.
    @discardableResult
    public func insert(_ r: LayerErrorRecord) throws -> Bool {
        let s = insertStatement
        try bindKey(s, r)
        try s.bind(r.sqnr_db.flatMap { $0.isFinite ? $0 : nil }, at: 7)
        try s.bind(r.adc_sqnr_db.flatMap { $0.isFinite ? $0 : nil }, at: 8)
        try s.bind(r.adc_bits_needed, at: 9)
        try s.run()
        return db.changes == 1
    }

    /// The stored values for `key`'s identity (its value fields are ignored), or nil.
    public func lookup(_ key: LayerErrorRecord) throws -> LayerErrorRecord? {
        let s = selectStatement
        try bindKey(s, key)
        defer { s.reset() }
        guard try s.step() else { return nil }
        var r = key
        r.sqnr_db = s.optionalDouble(0)
        r.adc_sqnr_db = s.optionalDouble(1)
        r.adc_bits_needed = s.int(2)
        return r
    }

    public func count() throws -> Int { Int(try db.scalar("SELECT count(*) FROM layer_error")?.int64 ?? 0) }
}
