import CIMHardware
import CIMWorkload
import DesignDB

/// Writes precomputed points with prepared statements, in the caller's transaction: `hw_config` (with
/// its area), `design` and optionally `layer_eval`, with exactly the columns and keys
/// `SQLiteEvaluationStore` writes and reads.
final class PrecomputeWriter {
    let db: Database
    let network: PrecomputeNetwork
    let networkID: Int64
    let modelVersion: String
    let predictorVersion: String
    let layerModelVersion: String
    let storeLayers: Bool
    /// `design.technology` of every row written (`DesignRowSQL.technologyLabel`).
    let technology: String
    private let insertHardware: Statement
    private let selectHardware: Statement
    private let insertDesign: Statement
    private let layerEvals: LayerEvalStore?
    private var shapeIDs: [Int64] = []
    private var histogramKeys: [String] = []
    private let now = Timestamp.now()

    init(db: Database, network: PrecomputeNetwork, networkID: Int64, modelVersion: String, predictorVersion: String,
         layerModelVersion: String, storeLayers: Bool) throws {
        self.db = db
        self.network = network
        self.networkID = networkID
        self.modelVersion = modelVersion
        self.predictorVersion = predictorVersion
        self.layerModelVersion = layerModelVersion
        self.storeLayers = storeLayers
        technology = try DesignRowSQL.technologyLabel(modelVersion: modelVersion, in: db)
        insertHardware = try db.prepare("""
            INSERT INTO hw_config (key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip,
                macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, stock_voltage_scaling,
                cell, area_mm2, adc_area_mm2, cell_area_mm2, row_drivers_area_mm2, column_drivers_area_mm2,
                input_buffer_area_mm2, output_buffer_area_mm2, router_area_mm2, glb_area_mm2, area_model_version)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                ?23, ?24, ?25, ?26)
            ON CONFLICT (key) DO NOTHING
            """)
        selectHardware = try db.prepare("SELECT id FROM hw_config WHERE key = ?1")
        insertDesign = try db.prepare(DesignRowSQL.insert(onConflict: "ON CONFLICT DO NOTHING"))
        if storeLayers {
            layerEvals = try LayerEvalStore(db)
            let shapes = try LayerShapeStore(db)
            shapeIDs = try network.hardwareLayers.map { try shapes.id(for: $0.shape) }
            histogramKeys = network.hardwareLayers.map(LayerCacheKey.histogramKey)
        } else {
            layerEvals = nil
        }
    }

    /// The `hw_config` id of a point, inserting the chip (with its area) when new.
    private func hardwareID(_ p: PrecomputedPoint) throws -> Int64 {
        let s = insertHardware, c = p.hardware
        try s.bind(p.hardwareKey, at: 1)
        try s.bind(c.voltage_v, at: 2)
        try s.bind(c.bitsPerCell, at: 3)
        try s.bind(c.baseLatency_s, at: 4)
        try s.bind(c.rows, at: 5)
        try s.bind(c.cols, at: 6)
        try s.bind(c.routerGroup, at: 7)
        try s.bind(c.tilesPerChip, at: 8)
        try s.bind(c.macrosPerTile, at: 9)
        try s.bind(c.glbDepth, at: 10)
        try s.bind(c.adcBits, at: 11)
        try s.bind(c.technology_nm, at: 12)
        try s.bind(c.readPulseWidth_s, at: 13)
        try s.bind(c.adcModel.rawValue, at: 14)
        try s.bind(c.stockVoltageScaling, at: 15)
        try s.bind(network.cell, at: 16)
        if let area = p.chipArea {
            let a = area.components_mm2
            try s.bind(area.area_mm2, at: 17)
            try s.bind(a.adc, at: 18)
            try s.bind(a.cimUnit, at: 19)
            try s.bind(a.rowDrivers, at: 20)
            try s.bind(a.columnDrivers, at: 21)
            try s.bind(a.inputBuffer, at: 22)
            try s.bind(a.outputBuffer, at: 23)
            try s.bind(a.router, at: 24)
            try s.bind(a.glb, at: 25)
            try s.bind(CostModel.version, at: 26)
        } else {
            for i in Int32(17)...26 { try s.bindNull(at: i) }
        }
        try s.run()
        if db.changes == 1 { return db.lastInsertRowID }
        try selectHardware.bind(p.hardwareKey, at: 1)
        defer { selectHardware.reset() }
        guard try selectHardware.step() else { throw PrecomputeError("hw_config row for \(p.hardwareKey) vanished") }
        return selectHardware.int64(0)
    }

    /// Writes the points in order; returns each design's row id and whether it was new. Call in a transaction.
    func write(_ points: [PrecomputedPoint]) throws -> [(id: Int64, inserted: Bool)] {
        var out: [(id: Int64, inserted: Bool)] = []
        out.reserveCapacity(points.count)
        let s = insertDesign
        let quant = network.quantPolicyKey
        for p in points {
            let hw = try hardwareID(p)
            try s.bind(hw, at: 1)
            try s.bind(networkID, at: 2)
            try s.bind(quant, at: 3)
            try s.bind(modelVersion, at: 4)
            try s.bind(predictorVersion, at: 5)
            try DesignRowSQL.bindResult(p.result, createdAt: now, technology: technology, to: s)
            try s.run()
            if db.changes == 1 {
                out.append((db.lastInsertRowID, true))
            } else {
                out.append((try existingDesign(hw), false))
            }
            if let l = layerEvals { try writeLayers(p, hw: hw, store: l) }
        }
        return out
    }

    private lazy var selectDesign: Statement? = try? db.prepare("""
        SELECT id FROM design WHERE hw_config_id = ?1 AND network_id = ?2 AND quant_policy_key = ?3
            AND model_version = ?4 AND predictor_version = ?5
        """)

    private func existingDesign(_ hw: Int64) throws -> Int64 {
        guard let s = selectDesign else { throw PrecomputeError("cannot prepare the design look-up") }
        try s.bind(hw, at: 1)
        try s.bind(networkID, at: 2)
        try s.bind(network.quantPolicyKey, at: 3)
        try s.bind(modelVersion, at: 4)
        try s.bind(predictorVersion, at: 5)
        defer { s.reset() }
        guard try s.step() else { throw PrecomputeError("design row of hw_config \(hw) vanished") }
        return s.int64(0)
    }

    private func writeLayers(_ p: PrecomputedPoint, hw: Int64, store: LayerEvalStore) throws {
        for (i, v) in p.layerCosts.enumerated() {
            let layer = network.hardwareLayers[i]
            try store.insert(v.record(LayerEvalKey(hwConfigID: hw, layerShapeID: shapeIDs[i], inputBits: layer.inputBits,
                                                   weightBits: layer.weightBits, histogramKey: histogramKeys[i],
                                                   modelVersion: layerModelVersion)))
        }
    }
}
