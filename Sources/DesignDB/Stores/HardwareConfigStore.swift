import CIMHardware
import CIMWorkload

/// Chip area and its breakdown (mm²), as the cost model reports it for one hardware configuration.
public struct ChipArea: Hashable, Sendable, Codable {
    public var area_mm2: Double
    public var adc_area_mm2: Double
    public var cell_area_mm2: Double
    public var row_drivers_area_mm2: Double
    public var column_drivers_area_mm2: Double
    public var input_buffer_area_mm2: Double
    public var output_buffer_area_mm2: Double
    public var router_area_mm2: Double
    public var glb_area_mm2: Double

    public init(area_mm2: Double, adc_area_mm2: Double = 0, cell_area_mm2: Double = 0, row_drivers_area_mm2: Double = 0,
                column_drivers_area_mm2: Double = 0, input_buffer_area_mm2: Double = 0, output_buffer_area_mm2: Double = 0,
                router_area_mm2: Double = 0, glb_area_mm2: Double = 0) {
        self.area_mm2 = area_mm2
        self.adc_area_mm2 = adc_area_mm2
        self.cell_area_mm2 = cell_area_mm2
        self.row_drivers_area_mm2 = row_drivers_area_mm2
        self.column_drivers_area_mm2 = column_drivers_area_mm2
        self.input_buffer_area_mm2 = input_buffer_area_mm2
        self.output_buffer_area_mm2 = output_buffer_area_mm2
        self.router_area_mm2 = router_area_mm2
        self.glb_area_mm2 = glb_area_mm2
    }

    /// The stored form of the cost model's chip area (`CIMHardware.ChipArea`, whose name this type shares).
    public init(costModel chip: CIMHardware.ChipArea) {
        let a = chip.components_mm2
        self.init(area_mm2: chip.area_mm2, adc_area_mm2: a.adc, cell_area_mm2: a.cimUnit, row_drivers_area_mm2: a.rowDrivers,
                  column_drivers_area_mm2: a.columnDrivers, input_buffer_area_mm2: a.inputBuffer,
                  output_buffer_area_mm2: a.outputBuffer, router_area_mm2: a.router, glb_area_mm2: a.glb)
    }

    var values: [Double] {
        [area_mm2, adc_area_mm2, cell_area_mm2, row_drivers_area_mm2, column_drivers_area_mm2,
         input_buffer_area_mm2, output_buffer_area_mm2, router_area_mm2, glb_area_mm2]
    }
}

/// A stored hardware configuration row.
public struct HardwareConfigRow: Hashable, Sendable {
    public var id: Int64
    public var config: HardwareConfig
    public var cell: String
    public var area: ChipArea?
    public var areaModelVersion: String?
}

/// `hw_config`: one row per distinct hardware configuration, found by its canonical key.
public final class HardwareConfigStore {
    public static let defaultCell = "rram_neurosim_default"

    /// The `hw_config.cell` of a design's cell type (`Design.cellType`): RRAM chips are stored under the default
    /// NeuroSim cell, other cells (`sram`) under their own name.
    public static func cell(ofCellType cellType: String) -> String { cellType == "rram" ? defaultCell : cellType }
    let db: Database
    private let select: Statement
    private let insert: Statement
    private let setArea: Statement
    private let byID: Statement
    /// Key → id of rows this store has seen, so repeated look-ups skip SQL.
    private var cache: [String: Int64] = [:]

    static let selectSQL = "SELECT id, area_mm2 IS NOT NULL FROM hw_config WHERE key = ?1"
    /// The one insert of `hw_config`: knobs, cell and (when known) the area breakdown; a stored key is kept.
    static let insertSQL = """
        INSERT INTO hw_config (key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip,
            macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, stock_voltage_scaling,
            cell, area_mm2, adc_area_mm2, cell_area_mm2, row_drivers_area_mm2, column_drivers_area_mm2,
            input_buffer_area_mm2, output_buffer_area_mm2, router_area_mm2, glb_area_mm2, area_model_version)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26)
        ON CONFLICT (key) DO NOTHING
        """
    static let setAreaSQL = """
        UPDATE hw_config SET area_mm2 = ?2, adc_area_mm2 = ?3, cell_area_mm2 = ?4, row_drivers_area_mm2 = ?5,
            column_drivers_area_mm2 = ?6, input_buffer_area_mm2 = ?7, output_buffer_area_mm2 = ?8,
            router_area_mm2 = ?9, glb_area_mm2 = ?10, area_model_version = ?11
        WHERE id = ?1
        """
    static let byIDSQL = """
        SELECT voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip, macros_per_tile,
            glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, stock_voltage_scaling, cell,
            area_mm2, adc_area_mm2, cell_area_mm2, row_drivers_area_mm2, column_drivers_area_mm2,
            input_buffer_area_mm2, output_buffer_area_mm2, router_area_mm2, glb_area_mm2, area_model_version
        FROM hw_config WHERE id = ?1
        """

    public init(_ db: Database) throws {
        self.db = db
        select = try db.prepare(Self.selectSQL)
        insert = try db.prepare(Self.insertSQL)
        setArea = try db.prepare(Self.setAreaSQL)
        byID = try db.prepare(Self.byIDSQL)
    }

    /// The stored key: the one chip encoding, `HardwareConfig.canonicalKey(cell:)` (`hw=…;cell=…`, as in design keys).
    public static func key(for c: HardwareConfig, cell: String = defaultCell) -> String { c.canonicalKey(cell: cell) }

    /// The key of databases before migration 013 (`v=…;bpc=…;…;cell=…`), which rewrites every stored key to ``key(for:cell:)``.
    public static func legacyKey(for c: HardwareConfig, cell: String = defaultCell) -> String {
        "v=\(c.voltage_v);bpc=\(c.bitsPerCell);lat_s=\(c.baseLatency_s);rows=\(c.rows);cols=\(c.cols)"
            + ";rg=\(c.routerGroup);tiles=\(c.tilesPerChip);mpt=\(c.macrosPerTile);glb=\(c.glbDepth)"
            + ";adc=\(c.adcBits);node_nm=\(c.technology_nm);pulse_s=\(c.readPulseWidth_s)"
            + ";adc_model=\(c.adcModel.rawValue);stock_v=\(c.stockVoltageScaling ? 1 : 0);cell=\(cell)"
    }

    /// The id of the configuration, inserting it when new; stores `area` when given and not yet known.
    ///
    /// - Complexity: O(1) amortised after the first call per configuration (in-memory key cache);
    ///   otherwise one unique-index look-up and at most one insert.
    public func id(for config: HardwareConfig, cell: String = defaultCell, area: ChipArea? = nil,
                   modelVersion: String? = nil) throws -> Int64 {
        let key = Self.key(for: config, cell: cell)
        if area == nil, let id = cache[key] { return id }
        return try db.transaction {
            var id: Int64
            var hasArea = false
            try select.bind(key, at: 1)
            if try select.step() {
                id = select.int64(0)
                hasArea = select.int(1) != 0
                select.reset()
            } else {
                select.reset()
                id = try insertIfNew(config, key: key, cell: cell, area: area, areaModelVersion: modelVersion)
                hasArea = true
            }
            if let area, !hasArea {
                try setArea.bind(id, at: 1)
                for (i, v) in area.values.enumerated() { try setArea.bind(v, at: Int32(i + 2)) }
                try setArea.bind(modelVersion, at: 11)
                try setArea.run()
            }
            cache[key] = id
            return id
        }
    }

    /// ``insertIfNew(_:key:cell:area:areaModelVersion:)`` with the cost model's chip area.
    public func insertIfNew(_ config: HardwareConfig, key: String, cell: String, chipArea: CIMHardware.ChipArea?,
                            areaModelVersion: String?) throws -> Int64 {
        try insertIfNew(config, key: key, cell: cell, area: chipArea.map { ChipArea(costModel: $0) },
                        areaModelVersion: areaModelVersion)
    }

    /// The id of the configuration stored under `key` (``key(for:cell:)``), inserting it with `area` when new:
    /// one statement for a new chip, in the caller's transaction (the precompute writer's path; a stored row,
    /// area included, is kept as it is).
    ///
    /// - Complexity: one unique-index insert, plus one look-up when the key is already stored.
    public func insertIfNew(_ config: HardwareConfig, key: String, cell: String, area: ChipArea?,
                            areaModelVersion: String?) throws -> Int64 {
        let s = insert
        try s.bind(key, at: 1)
        try s.bind(config.voltage_v, at: 2)
        try s.bind(config.bitsPerCell, at: 3)
        try s.bind(config.baseLatency_s, at: 4)
        try s.bind(config.rows, at: 5)
        try s.bind(config.cols, at: 6)
        try s.bind(config.routerGroup, at: 7)
        try s.bind(config.tilesPerChip, at: 8)
        try s.bind(config.macrosPerTile, at: 9)
        try s.bind(config.glbDepth, at: 10)
        try s.bind(config.adcBits, at: 11)
        try s.bind(config.technology_nm, at: 12)
        try s.bind(config.readPulseWidth_s, at: 13)
        try s.bind(config.adcModel.rawValue, at: 14)
        try s.bind(config.stockVoltageScaling, at: 15)
        try s.bind(cell, at: 16)
        if let area {
            for (i, v) in area.values.enumerated() { try s.bind(v, at: Int32(17 + i)) }
            try s.bind(areaModelVersion, at: 26)
        } else {
            for i in Int32(17)...26 { try s.bindNull(at: i) }
        }
        try s.run()
        if db.changes == 1 { return db.lastInsertRowID }
        try select.bind(key, at: 1)
        defer { select.reset() }
        guard try select.step() else { throw SchemaError("hw_config row \(key) vanished") }
        return select.int64(0)
    }

    /// The stored configuration, or nil when no row has this id.
    public func row(id: Int64) throws -> HardwareConfigRow? {
        try byID.bind(id, at: 1)
        defer { byID.reset() }
        guard try byID.step() else { return nil }
        let s = byID
        let config = Self.config(s, from: 0)
        var area: ChipArea?
        if !s.isNull(15) {
            area = ChipArea(area_mm2: s.double(15), adc_area_mm2: s.double(16), cell_area_mm2: s.double(17),
                            row_drivers_area_mm2: s.double(18), column_drivers_area_mm2: s.double(19),
                            input_buffer_area_mm2: s.double(20), output_buffer_area_mm2: s.double(21),
                            router_area_mm2: s.double(22), glb_area_mm2: s.double(23))
        }
        return HardwareConfigRow(id: id, config: config, cell: s.string(14), area: area, areaModelVersion: s.optionalString(24))
    }

    /// The configuration in columns `first…first + 13` (voltage_v … stock_voltage_scaling, in ``byIDSQL``'s order).
    static func config(_ s: Statement, from first: Int32) -> HardwareConfig {
        let i = first
        return HardwareConfig(
            voltage_v: s.double(i), bitsPerCell: s.int(i + 1), baseLatency_s: s.double(i + 2), rows: s.int(i + 3),
            cols: s.int(i + 4), routerGroup: s.int(i + 5), tilesPerChip: s.int(i + 6), macrosPerTile: s.int(i + 7),
            glbDepth: s.int(i + 8), adcBits: s.int(i + 9), technology_nm: s.double(i + 10), readPulseWidth_s: s.double(i + 11),
            adcModel: ADCModel(rawValue: s.string(i + 12)) ?? .neurosim, stockVoltageScaling: s.int(i + 13) != 0)
    }

    static let legacyRowsSQL = """
        SELECT id, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip, macros_per_tile,
            glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, stock_voltage_scaling, cell
        FROM hw_config WHERE key NOT LIKE 'hw=%'
        """
    static let setKeySQL = "UPDATE OR IGNORE hw_config SET key = ?2 WHERE id = ?1"

    /// Migration `hardware_key`: rewrites every key of the old `v=…;bpc=…` form to ``key(for:cell:)`` from the row's
    /// own columns, so rows stored before it are found by the keys written after it (ids, and so every design and
    /// layer row, are kept). Runs in the migration's transaction. Keys are one per chip, so two old rows of one
    /// chip exist only when something other than cimnas wrote one (a hand-made key); the first keeps the
    /// canonical key, the other keeps its old key and all its rows (reachable by id, not looked up by key).
    /// - Complexity: one pass over `hw_config` (rowid order, which the update leaves unchanged).
    static func rewriteLegacyKeys(_ db: Database) throws {
        let rows = try db.prepare(legacyRowsSQL)
        let update = try db.prepare(setKeySQL)
        while try rows.step() {
            try update.bind(rows.int64(0), at: 1)
            try update.bind(key(for: config(rows, from: 1), cell: rows.string(15)), at: 2)
            try update.run()
        }
    }
}
