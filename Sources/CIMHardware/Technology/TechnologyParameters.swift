/// Every constant the component models need, built from technology-table rows (datasets/tech/*.csv).
///
/// Building is strict: a missing entry, a wrong unit, a non-finite or out-of-range value, a duplicate or an
/// entry nobody reads is an error naming that entry.
public struct TechnologyParameters: Hashable, Sendable {
    public var cell: RRAMCellParameters
    /// The memory device of the cell (the same `rram_cell` rows as `cell`, plus its statistics): what the
    /// functional simulator and the error model read.
    public var device: DeviceParameters
    public var rowDriver: RowDriverParameters
    /// Column (source-line switch matrix) driver area per column at the reference node, µm².
    public var columnDriverAreaPerCol_um2: Double
    public var neurosimADC: NeuroSimADCParameters
    public var neurosimNodes: NeuroSimNodes
    public var addressAdder: AddressAdderParameters
    public var cacti: CACTIParameters
    public var router: RouterParameters
    public var surveyADC: SurveyADCParameters

    /// Builds the parameters from table rows.
    /// - Throws: `TechnologyError` naming the first offending entry. (Untyped `throws`: the typed-throwing
    ///   form of this initializer segfaults in Swift 6.3.1 debug builds.)
    /// - Complexity: O(entries).
    public init(entries: [TechnologyEntry]) throws {
        var t = try EntryTable(entries)
        cell = try RRAMCellParameters(&t)
        device = try DeviceParameters(&t, component: "rram_cell")
        rowDriver = try RowDriverParameters(&t)
        columnDriverAreaPerCol_um2 = try t.positive("column_driver", "area_per_col", "um2")
        neurosimADC = try NeuroSimADCParameters(&t)
        let nodes = try t.suffixed("neurosim_scaling", prefix: "node_n", unit: "nm")
        neurosimNodes = NeuroSimNodes(
            nodes_nm: nodes.map(\.value),
            referenceNode_nm: try t.positive("neurosim_scaling", "reference_node", "nm"),
            energyExponent: try t.value("neurosim_scaling", "energy_exponent", "1"),
            areaExponent: try t.value("neurosim_scaling", "area_exponent", "1"))
        addressAdder = try AddressAdderParameters(&t)
        cacti = try CACTIParameters(&t)
        router = try RouterParameters(&t)
        surveyADC = try SurveyADCParameters(&t)
        try t.requireAllUsed()
    }
}

/// Constants of the RRAM cell (`rram_neurosim_default` by default) and NeuroSim's fixed wire model.
public struct RRAMCellParameters: Hashable, Sendable {
    public var rOn_ohm: Double
    public var rOff_ohm: Double
    public var rAccess_ohm: Double
    /// Read voltage, independent of the peripheral VOLTAGE.
    public var vRead_v: Double
    /// Cell area in F² (F = technology node).
    public var area_F2: Double
    /// Cell height / width.
    public var aspectRatio: Double
    public var wireResistivity_ohm_m: Double
    /// Wire width; also the F NeuroSim uses for the cell pitch in its wire model (40 nm, node-independent).
    public var wireWidth_m: Double
    public var wireAspectRatio: Double

    public init(rOn_ohm: Double, rOff_ohm: Double, rAccess_ohm: Double, vRead_v: Double, area_F2: Double,
                aspectRatio: Double, wireResistivity_ohm_m: Double, wireWidth_m: Double, wireAspectRatio: Double) {
        self.rOn_ohm = rOn_ohm
        self.rOff_ohm = rOff_ohm
        self.rAccess_ohm = rAccess_ohm
        self.vRead_v = vRead_v
        self.area_F2 = area_F2
        self.aspectRatio = aspectRatio
        self.wireResistivity_ohm_m = wireResistivity_ohm_m
        self.wireWidth_m = wireWidth_m
        self.wireAspectRatio = wireAspectRatio
    }

    init(_ t: inout EntryTable) throws(TechnologyError) {
        let c = "rram_cell"
        self.init(
            rOn_ohm: try t.positive(c, "r_on", "ohm"), rOff_ohm: try t.positive(c, "r_off", "ohm"),
            rAccess_ohm: try t.nonNegative(c, "r_access", "ohm"), vRead_v: try t.positive(c, "v_read", "V"),
            area_F2: try t.positive(c, "area", "F2"), aspectRatio: try t.positive(c, "aspect_ratio", "1"),
            wireResistivity_ohm_m: try t.nonNegative(c, "wire_resistivity", "ohm*m"),
            wireWidth_m: try t.positive(c, "wire_width", "m"),
            wireAspectRatio: try t.positive(c, "wire_aspect_ratio", "1"))
    }

    /// Wire resistance per unit length, Ω/m.
    public var wireResistancePerLength_ohm_per_m: Double {
        wireResistivity_ohm_m / (wireWidth_m * wireWidth_m * wireAspectRatio)
    }

    /// Word-line resistance added per cell along a row of the array, Ω (cell height × wire F).
    public var rowWireResistancePerCell_ohm: Double {
        wireResistancePerLength_ohm_per_m * (area_F2 * aspectRatio).squareRoot() * wireWidth_m
    }

    /// Bit-line resistance added per cell along a column of the array, Ω (cell width × wire F).
    public var columnWireResistancePerCell_ohm: Double {
        wireResistancePerLength_ohm_per_m * (area_F2 / aspectRatio).squareRoot() * wireWidth_m
    }
}

/// NeuroSim word-line driver (switch matrix) energy per voltage at the reference node.
///
/// Per read of one row with p pulses and average input a: E = eAct(V) + a·p·[c0(V) + c1(V)·cols].
public struct RowDriverParameters: Hashable, Sendable {
    public var activation_pJ: VoltageTable
    public var perPulse_pJ: VoltageTable
    public var perPulsePerColumn_pJ: VoltageTable
    public var areaPerRow_um2: Double

    init(_ t: inout EntryTable) throws(TechnologyError) {
        activation_pJ = try t.voltageTable("row_driver", prefix: "e_act_v", unit: "pJ")
        // The switch-matrix per-pulse term grows about linearly in V (docs/cost-model.md, "Component energies"); the others are CV².
        perPulse_pJ = try t.voltageTable("row_driver", prefix: "c0_v", unit: "pJ", extrapolation: .linear)
        perPulsePerColumn_pJ = try t.voltageTable("row_driver", prefix: "c1_v", unit: "pJ")
        areaPerRow_um2 = try t.positive("row_driver", "area_per_row", "um2")
    }
}

/// NeuroSim multilevel sense-amplifier ADC (current mode) constants.
public struct NeuroSimADCParameters: Hashable, Sendable {
    /// Sense-amplifier power per output level at each NeuroSim node, µW (LP current-mode fits).
    public var levelPowerNodes_nm: [Double]
    public var levelPower_uW: [Double]
    /// P_res = coefficient · exp(−exponent · log10(R_col · 0.5 / V_r)), watts.
    public var presCoefficient_W: Double
    public var presExponent: Double
    /// Sense-time clamp; NeuroSim's column latency is below the lower bound for the supported arrays.
    public var tSenseMin_s: Double
    public var tSenseMax_s: Double
    /// Encoder energy per conversion at `referenceBits`, reference node, per voltage.
    public var encoderEnergy_pJ: VoltageTable
    public var referenceBits: Int
    /// MLSA area per column at `referenceBits` and the reference node, µm².
    public var mlsaAreaPerCol_um2: Double
    /// Encoder area per column for specific column counts (layout artefacts), µm².
    public var encoderAreaPerColByCols: [Int: Double]
    /// Encoder area per column for other column counts, µm².
    public var encoderAreaPerCol_um2: Double
    /// ADC area at other resolutions relative to `referenceBits` (1 at the reference itself).
    public var areaRatioByBits: [Int: Double]

    init(_ t: inout EntryTable) throws(TechnologyError) {
        let c = "adc_neurosim"
        let levels = try t.suffixed(c, prefix: "level_power_n", unit: "uW")
        levelPowerNodes_nm = levels.map(\.key)
        levelPower_uW = levels.map(\.value)
        presCoefficient_W = try t.nonNegative(c, "pres_coefficient", "W")
        presExponent = try t.value(c, "pres_exponent", "1")
        tSenseMin_s = try t.positive(c, "t_sense_min", "s")
        tSenseMax_s = try t.positive(c, "t_sense_max", "s")
        encoderEnergy_pJ = try t.voltageTable(c, prefix: "encoder_energy_v", unit: "pJ")
        referenceBits = Int(try t.positive(c, "reference_bits", "bits"))
        mlsaAreaPerCol_um2 = try t.positive(c, "mlsa_area_per_col", "um2")
        var byCols: [Int: Double] = [:]
        for e in try t.suffixed(c, prefix: "encoder_area_per_col_c", unit: "um2") { byCols[Int(e.key)] = e.value }
        encoderAreaPerColByCols = byCols
        encoderAreaPerCol_um2 = try t.positive(c, "encoder_area_per_col", "um2")
        var ratios: [Int: Double] = [:]
        for e in try t.suffixed(c, prefix: "area_ratio_b", unit: "1") { ratios[Int(e.key)] = e.value }
        ratios[referenceBits] = 1
        areaRatioByBits = ratios
    }
}

/// NeuroSim integer adders used as SRAM address generators (`smartbuffer_sram`).
public struct AddressAdderParameters: Hashable, Sendable {
    /// Energy per access per address bit (one add per read or write), pJ.
    public var energyPerBit_pJ: Double
    /// Area of one adder per address bit, µm².
    public var areaPerBit_um2: Double
    /// Leakage power of all adders of a buffer per address bit, W.
    public var leakPerBit_W: Double
    /// Adders per buffer.
    public var count: Double

    init(_ t: inout EntryTable) throws(TechnologyError) {
        let c = "address_adder"
        energyPerBit_pJ = try t.nonNegative(c, "energy_per_bit", "pJ")
        areaPerBit_um2 = try t.nonNegative(c, "area_per_bit", "um2")
        leakPerBit_W = try t.nonNegative(c, "leak_per_bit", "W")
        count = try t.nonNegative(c, "count", "count")
    }
}

/// One CACTI SRAM data point (full-width access energies, standby power, area).
public struct SRAMPoint: Hashable, Sendable {
    public var read_pJ: Double
    public var write_pJ: Double
    public var leak_W: Double
    public var area_um2: Double

    public init(read_pJ: Double, write_pJ: Double, leak_W: Double, area_um2: Double) {
        self.read_pJ = read_pJ
        self.write_pJ = write_pJ
        self.leak_W = leak_W
        self.area_um2 = area_um2
    }
}

/// CACTI SRAM grid at one node plus the plug-in's width/depth and node scaling rules.
public struct CACTIParameters: Hashable, Sendable {
    /// Grid rows by width.
    public var rows: [Int: GridRow]
    public var gridNode_nm: Double
    public var minWidth_bits: Int
    public var minDepth: Int
    /// read/write × (slope · width_ratio + 1 − slope).
    public var widthEnergySlope: Double
    /// read/write × depth_ratio^exponent.
    public var depthEnergyExponent: Double
    /// Factors relative to the grid node at CACTI's exact nodes (22/32/45/65/90 nm).
    public var nodeFactorNodes_nm: [Double]
    public var energyFactors: [Double]
    public var areaFactors: [Double]
    public var leakFactors: [Double]
    public var belowMinEnergyExponent: Double
    public var belowMinAreaExponent: Double
    public var belowMinLeakExponent: Double
    public var belowMinLeakFactor: Double
    public var aboveMaxExponent: Double

    /// One width of the grid: depths increasing and their points.
    public struct GridRow: Hashable, Sendable {
        public var depths: [Int]
        public var points: [SRAMPoint]
    }

    init(_ t: inout EntryTable) throws(TechnologyError) {
        let c = "cacti_grid"
        var raw: [Int: [Int: [String: Double]]] = [:]
        for key in t.parameters(of: c) {
            // read_w128_d128 → (read, 128, 128)
            let parts = key.split(separator: "_")
            guard parts.count == 3, parts[1].first == "w", parts[2].first == "d",
                  let w = Int(parts[1].dropFirst()), let d = Int(parts[2].dropFirst()), w > 0, d > 0,
                  ["read", "write", "leak", "area"].contains(String(parts[0]))
            else { throw TechnologyError(component: c, parameter: key, reason: "expected read|write|leak|area_w<bits>_d<depth>") }
            let kind = String(parts[0])
            let unit = kind == "leak" ? "W" : kind == "area" ? "um2" : "pJ"
            raw[w, default: [:]][d, default: [:]][kind] = try t.nonNegative(c, key, unit)
        }
        if raw.isEmpty { throw TechnologyError(component: c, parameter: "*", reason: "missing: no grid points") }
        var rows: [Int: GridRow] = [:]
        for (w, byDepth) in raw {
            var row = GridRow(depths: [], points: [])
            for d in byDepth.keys.sorted() {
                let v = byDepth[d]!
                for kind in ["read", "write", "leak", "area"] where v[kind] == nil {
                    throw TechnologyError(component: c, parameter: "\(kind)_w\(w)_d\(d)", reason: "missing: grid point incomplete")
                }
                row.depths.append(d)
                row.points.append(SRAMPoint(read_pJ: v["read"]!, write_pJ: v["write"]!, leak_W: v["leak"]!, area_um2: v["area"]!))
            }
            rows[w] = row
        }
        self.rows = rows
        let s = "cacti_scaling"
        gridNode_nm = try t.positive(s, "grid_node", "nm")
        minWidth_bits = Int(try t.positive(s, "min_width", "bits"))
        minDepth = Int(try t.positive(s, "min_depth", "count"))
        widthEnergySlope = try t.value(s, "width_energy_slope", "1")
        depthEnergyExponent = try t.value(s, "depth_energy_exponent", "1")
        let e = try t.suffixed(s, prefix: "energy_factor_n", unit: "1")
        let a = try t.suffixed(s, prefix: "area_factor_n", unit: "1")
        let l = try t.suffixed(s, prefix: "leak_factor_n", unit: "1")
        guard e.map(\.key) == a.map(\.key), e.map(\.key) == l.map(\.key) else {
            throw TechnologyError(component: s, parameter: "*_factor_n*", reason: "energy, area and leak factors must list the same nodes")
        }
        nodeFactorNodes_nm = e.map(\.key)
        energyFactors = e.map(\.value)
        areaFactors = a.map(\.value)
        leakFactors = l.map(\.value)
        belowMinEnergyExponent = try t.value(s, "below_min_energy_exponent", "1")
        belowMinAreaExponent = try t.value(s, "below_min_area_exponent", "1")
        belowMinLeakExponent = try t.value(s, "below_min_leak_exponent", "1")
        belowMinLeakFactor = try t.positive(s, "below_min_leak_factor", "1")
        aboveMaxExponent = try t.value(s, "above_max_exponent", "1")
    }
}

/// The ISAAC router table entry (`isaac_router_shared_by_four`, Library plug-in).
public struct RouterParameters: Hashable, Sendable {
    public var referenceWidth_bits: Double
    public var readEnergy_pJ: Double
    public var area_um2: Double
    public var referenceNode_nm: Double
    public var energyNodeExponent: Double
    public var areaNodeExponent: Double

    init(_ t: inout EntryTable) throws(TechnologyError) {
        let c = "router"
        referenceWidth_bits = try t.positive(c, "reference_width", "bits")
        readEnergy_pJ = try t.nonNegative(c, "read_energy", "pJ")
        area_um2 = try t.nonNegative(c, "area", "um2")
        referenceNode_nm = try t.positive(c, "reference_node", "nm")
        energyNodeExponent = try t.value(c, "energy_node_exponent", "1")
        areaNodeExponent = try t.value(c, "area_node_exponent", "1")
    }
}

/// Murmann-survey regression ADC (the accelergy ADC plug-in, stock CiMLoop's default ADC).
public struct SurveyADCParameters: Hashable, Sendable {
    public var fomsIntercept_dB: Double
    public var fomsSlope_dB: Double
    public var fomsMaxIntercept_dB: Double
    public var fomsMaxPerBit_dB: Double
    public var fomsMaxBits: Int
    public var sndrPerBit_dB: Double
    public var sndrOffset_dB: Double
    public var energyIntercept: Double
    public var energyTechCoefficient: Double
    public var energyBitsCoefficient: Double
    public var energyOffset: Double
    public var areaIntercept: Double
    public var areaTechCoefficient: Double
    public var areaFrequencyCoefficient: Double
    public var areaEnergyCoefficient: Double
    /// N_ADC_PER_BANK: the ADCs sharing one macro's conversions (CIMNAS 16, CiMLoop tutorial 8).
    public var adcsPerBank: Int
    public var throughputScale: Double

    init(_ t: inout EntryTable) throws(TechnologyError) {
        let c = "adc_survey"
        fomsIntercept_dB = try t.value(c, "foms_intercept", "dB")
        fomsSlope_dB = try t.value(c, "foms_slope", "dB")
        fomsMaxIntercept_dB = try t.value(c, "foms_max_intercept", "dB")
        fomsMaxPerBit_dB = try t.value(c, "foms_max_per_bit", "dB")
        fomsMaxBits = Int(try t.positive(c, "foms_max_bits", "bits"))
        sndrPerBit_dB = try t.value(c, "sndr_per_bit", "dB")
        sndrOffset_dB = try t.value(c, "sndr_offset", "dB")
        energyIntercept = try t.value(c, "energy_intercept", "1")
        energyTechCoefficient = try t.value(c, "energy_tech_coefficient", "1")
        energyBitsCoefficient = try t.value(c, "energy_bits_coefficient", "1")
        energyOffset = try t.value(c, "energy_offset", "1")
        areaIntercept = try t.value(c, "area_intercept", "1")
        areaTechCoefficient = try t.value(c, "area_tech_coefficient", "1")
        areaFrequencyCoefficient = try t.value(c, "area_frequency_coefficient", "1")
        areaEnergyCoefficient = try t.value(c, "area_energy_coefficient", "1")
        adcsPerBank = Int(try t.positive(c, "adcs_per_bank", "count"))
        throughputScale = try t.positive(c, "throughput_scale", "1")
    }
}
