/// One point of the CIM hardware design space: device, circuit and architecture knobs.
///
/// The first nine fields are the CIMNAS genome order
/// `[V, bits/cell, base latency, rows, cols, router group, tiles, macros/tile, glb depth]`.
/// The remaining fields default to the CIMNAS configuration (32 nm, 8-bit NeuroSim ADC, 10 ns read pulse).
public struct HardwareConfig: Hashable, Sendable, Codable {
    /// Peripheral CMOS supply (NeuroSim `vdd`), volts.
    public var voltage_v: Double
    /// Weight bits stored per RRAM cell.
    public var bitsPerCell: Int
    /// Cycle time, seconds (GLOBAL_CYCLE_SECONDS in CIMNAS, where VOLTAGE_LATENCY_SCALE = 1).
    public var baseLatency_s: Double
    /// Crossbar word lines (row.meshY).
    public var rows: Int
    /// Crossbar bit lines (column.meshX).
    public var cols: Int
    /// Routers in the chip (shared_router_group.meshX).
    public var routerGroup: Int
    /// Tiles per router group (tile_in_chip.meshX).
    public var tilesPerChip: Int
    /// Macros per tile (macro_in_tile.meshX).
    public var macrosPerTile: Int
    /// Global buffer depth in 2048-bit words.
    public var glbDepth: Int
    /// ADC resolution, bits.
    public var adcBits: Int
    /// Technology node, nanometres.
    public var technology_nm: Double
    /// RRAM read pulse width, seconds (scales cell energy, not cycle time).
    public var readPulseWidth_s: Double
    /// Which ADC estimator answers.
    public var adcModel: ADCModel
    /// Stock CiMLoop voltage scaling (latency × 1/V, ADC energy × V²) instead of CIMNAS's overrides (both 1).
    public var stockVoltageScaling: Bool

    public init(
        voltage_v: Double, bitsPerCell: Int, baseLatency_s: Double, rows: Int, cols: Int,
        routerGroup: Int, tilesPerChip: Int, macrosPerTile: Int, glbDepth: Int,
        adcBits: Int = 8, technology_nm: Double = 32, readPulseWidth_s: Double = 1e-8,
        adcModel: ADCModel = .neurosim, stockVoltageScaling: Bool = false
    ) {
        self.voltage_v = voltage_v
        self.bitsPerCell = bitsPerCell
        self.baseLatency_s = baseLatency_s
        self.rows = rows
        self.cols = cols
        self.routerGroup = routerGroup
        self.tilesPerChip = tilesPerChip
        self.macrosPerTile = macrosPerTile
        self.glbDepth = glbDepth
        self.adcBits = adcBits
        self.technology_nm = technology_nm
        self.readPulseWidth_s = readPulseWidth_s
        self.adcModel = adcModel
        self.stockVoltageScaling = stockVoltageScaling
    }

    /// The CIMNAS default chip: 0.7 V, 4 b/cell, 4 ns, 128×128, router group 8, 16 tiles, 16 macros/tile, 4 MiB glb.
    public static let cimnasDefault = HardwareConfig(
        voltage_v: 0.7, bitsPerCell: 4, baseLatency_s: 4e-9, rows: 128, cols: 128,
        routerGroup: 8, tilesPerChip: 16, macrosPerTile: 16, glbDepth: 16384)

    /// Number of macros (crossbar arrays) on the chip.
    @inlinable public var macroCount: Int { routerGroup * tilesPerChip * macrosPerTile }
    /// Number of tiles on the chip.
    @inlinable public var tileCount: Int { routerGroup * tilesPerChip }
    /// RRAM cells on the chip.
    @inlinable public var cellCount: Int { macroCount * rows * cols }
}

/// ADC estimator: NeuroSim's multilevel sense amplifier (CIMNAS) or the survey regression (stock CiMLoop).
public enum ADCModel: String, Hashable, Sendable, Codable, CaseIterable {
    case neurosim
    case survey
}
