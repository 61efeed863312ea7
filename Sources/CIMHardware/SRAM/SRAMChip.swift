/// A chip of SRAM CiM macros: `tiles` tiles of `macrosPerTile` macros, per-tile input and output buffers,
/// routers shared by four tiles and one global buffer (the CiMLoop `input_output_bufs` tile and
/// `large_router_glb` chip around an SRAM macro instead of the RRAM array).
public struct SRAMChip: Hashable, Sendable, Codable {
    public var macro: SRAMMacro
    public var macrosPerTile: Int
    public var tiles: Int
    /// Global buffer depth in 2048-bit words (as `HardwareConfig.glbDepth`).
    public var glbDepth: Int
    public var voltage_v: Double
    public var technology_nm: Double

    public init(macro: SRAMMacro, macrosPerTile: Int, tiles: Int, glbDepth: Int, voltage_v: Double, technology_nm: Double) {
        self.macro = macro
        self.macrosPerTile = macrosPerTile
        self.tiles = tiles
        self.glbDepth = glbDepth
        self.voltage_v = voltage_v
        self.technology_nm = technology_nm
    }

    /// The chip a `HardwareConfig` describes when its cell is SRAM: rows, cols, ADC bits, voltage and node
    /// go to a macro of `design`; tiles = router group × tiles per group; macros per tile and glb depth as is.
    /// (`bitsPerCell`, `baseLatency_s` and the RRAM read pulse have no meaning for an SRAM macro.)
    public init(hardware hw: HardwareConfig, design: SRAMMacroDesign = .sinangil) {
        var m = SRAMMacro.published(design)
        m.rows = hw.rows
        m.cols = hw.cols
        m.adcBits = hw.adcBits
        self.init(macro: m, macrosPerTile: hw.macrosPerTile, tiles: hw.routerGroup * hw.tilesPerChip,
                  glbDepth: hw.glbDepth, voltage_v: hw.voltage_v, technology_nm: hw.technology_nm)
    }

    /// The documented baseline chip of the SRAM experiment (``HardwareConfig/sramBaseline7nm``).
    public static let baseline7nm = SRAMChip(hardware: .sramBaseline7nm)

    public var macroCount: Int { macrosPerTile * tiles }

    /// Why the chip's voltage cannot be evaluated: outside the macro's characterised range.
    public var voltageError: SRAMMappingError {
        let r = macro.design.voltageRange_v
        return SRAMMappingError("SRAM voltage: \(voltage_v) V is outside the \(macro.design.shortName) macro's characterised \(r.lowerBound)–\(r.upperBound) V")
    }
    /// Routers: one ISAAC router per four tiles.
    public var routerCount: Int { (tiles + 3) / 4 }
}

/// Energy, latency and mapping of one layer on an `SRAMChip`: its ``CostLedger`` (macro MVMs as the
/// cim_unit's compute actions, buffer, router and global-buffer accesses) plus the mapping.
public struct SRAMLayerCost: Hashable, Sendable, Codable {
    public var name: String
    /// Counts, energies per action, cycles, MACs and area: every energy and throughput below is the ledger's.
    public var ledger: CostLedger
    /// The part of the global-buffer and input-buffer energy spent reloading weights, J (0 in one pass).
    public var weightReloadEnergy_J: Double
    /// Macros holding one copy of the layer's weights.
    public var macrosPerCopy: Int
    /// Copies of the weights working on different output positions.
    public var replicas: Int
    /// Weight loads (1 when the layer fits on the chip).
    public var passes: Int
    /// Weights stored / weight slots of the macros one copy occupies.
    public var utilization: Double

    public init(name: String, ledger: CostLedger, weightReloadEnergy_J: Double, macrosPerCopy: Int, replicas: Int,
                passes: Int, utilization: Double) {
        self.name = name
        self.ledger = ledger
        self.weightReloadEnergy_J = weightReloadEnergy_J
        self.macrosPerCopy = macrosPerCopy
        self.replicas = replicas
        self.passes = passes
        self.utilization = utilization
    }

    public var macs: Double { ledger.macs }
    public var energy_j: Double { ledger.energy_j }
    public var latency_s: Double { ledger.latency_s }
    /// Energy by part: macros, tile buffers (input and output), routers, global buffer (reloads included).
    public var macroEnergy_J: Double { ledger.components_j.cimUnit }
    public var tileBufferEnergy_J: Double { ledger.components_j.inputBuffer + ledger.components_j.outputBuffer }
    public var routerEnergy_J: Double { ledger.components_j.router }
    public var glbEnergy_J: Double { ledger.components_j.glb }

    public var tops: Double { ledger.tops }
    public var topsPerW: Double { ledger.tops_per_w }
}

/// Network totals: layers run one after another, each on the whole chip.
public struct SRAMNetworkCost: Hashable, Sendable, Codable {
    public var layers: [SRAMLayerCost]
    public var area_mm2: Double

    public init(layers: [SRAMLayerCost], area_mm2: Double) {
        self.layers = layers
        self.area_mm2 = area_mm2
    }

    public var energy_j: Double { layers.reduce(0) { $0 + $1.energy_j } }
    public var latency_s: Double { layers.reduce(0) { $0 + $1.latency_s } }
    public var macs: Double { layers.reduce(0) { $0 + $1.macs } }
    public var tops: Double { CostLedger.tops(macs: macs, latency_s: latency_s) }
    public var topsPerW: Double { CostLedger.topsPerW(macs: macs, energy_j: energy_j) }
    public var topsPerMM2: Double { CostLedger.topsPerMM2(macs: macs, latency_s: latency_s, area_mm2: area_mm2) }
    /// Energy × delay × area, J·s·mm².
    public var edap_j_s_mm2: Double { CostLedger.edap(energy_j: energy_j, latency_s: latency_s, area_mm2: area_mm2) }
}

/// Why a layer cannot run on a chip.
public struct SRAMMappingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension HardwareConfig {
    /// Baseline of the SRAM ResNet50 experiment: the published Sinangil macro (64×64, 4-bit ADC, 0.8 V,
    /// 7 nm), 64 macros per tile, 1024 tiles (one router group), 4 MiB global buffer, 1 bit per cell.
    /// 65 536 macros hold 268 Mbit, enough for ResNet50's 25.5 M weights at 8 bits (204 Mbit), so every
    /// layer stays weight-stationary. Fields without an SRAM meaning keep the CIMNAS defaults.
    public static let sramBaseline7nm = HardwareConfig(
        voltage_v: 0.8, bitsPerCell: 1, baseLatency_s: HardwareConfig.cimnasDefault.baseLatency_s, rows: 64, cols: 64,
        routerGroup: 1, tilesPerChip: 1024, macrosPerTile: 64, glbDepth: 16384, adcBits: 4, technology_nm: 7)
}
