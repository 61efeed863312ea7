/// NeuroSim multilevel sense-amplifier ADC (current mode), one per column of a macro.
///
/// Per column conversion: E = (2^res − 1) · P_level(node) · t_sense + P_res(R_col) · t_sense + E_enc(V),
/// interpolated between an all-off (CELLLO) and one-on (CELLHI) column by the average weight value.
/// Other resolutions: the encoder energy scales with the number of levels, (2^res − 1)/255 (this reproduces
/// hwcomponents-neurosim at 4–7 b within 2 %), and the area follows the tabulated ratio to 8 b, else
/// ∝ (2^res − 1) from the nearest tabulated resolution. Other nodes: level power by node table, encoder
/// energy and areas by the node rule. Both are outside the validated range (8 b, 32 nm).
public struct NeuroSimADC: Hashable, Sendable {
    /// Conversion energy with an all-off column, pJ.
    public let energyOff_pJ: Double
    /// Conversion energy with one fully-on cell on the column, pJ.
    public let energyOn_pJ: Double
    /// Area of the ADCs of all columns of one macro, µm².
    public let area_um2: Double

    public init(_ p: NeuroSimADCParameters, cell: RRAMCellParameters, nodes: NeuroSimNodes, bits: Int,
                rows: Int, cols: Int, voltage_v: Double, technology_nm: Double) {
        let levels = Self.levels(bits)
        let refLevels = Self.levels(p.referenceBits)
        let encoderScale = levels / refLevels
        let levelPower_W = nodes.interpolate(technology_nm) { node in
            Self.tableValue(p.levelPowerNodes_nm, p.levelPower_uW, node)
        } * 1e-6
        // NeuroSim's column latency is below the clamp's lower bound for every supported array, so t_sense = min.
        let tSense_s = min(p.tSenseMin_s, p.tSenseMax_s)
        let wires = Double(rows) * cell.rowWireResistancePerCell_ohm + Double(cols) * cell.columnWireResistancePerCell_ohm
        func pres_pJ(_ r: Double) -> Double {
            let rCol = r + cell.rAccess_ohm + wires
            return p.presCoefficient_W * Math.exp(-p.presExponent * Math.log10(rCol * 0.5 / cell.vRead_v)) * tSense_s * 1e12
        }
        let base_pJ = levels * levelPower_W * tSense_s * 1e12
            + p.encoderEnergy_pJ.value(at: voltage_v) * encoderScale * nodes.energyScale(technology_nm)
        energyOff_pJ = base_pJ + pres_pJ(cell.rOff_ohm)
        energyOn_pJ = base_pJ + pres_pJ(cell.rOn_ohm)
        let encoderPerCol = p.encoderAreaPerColByCols[cols] ?? p.encoderAreaPerCol_um2
        area_um2 = (p.mlsaAreaPerCol_um2 + encoderPerCol) * Double(cols) * Self.areaRatio(p, bits: bits)
            * nodes.areaScale(technology_nm)
    }

    /// 2^bits − 1 (bits clamped to 1…30).
    static func levels(_ bits: Int) -> Double { Double((1 << max(1, min(bits, 30))) - 1) }

    /// Area at `bits` relative to the reference resolution: the table, else ∝ levels from the nearest entry.
    static func areaRatio(_ p: NeuroSimADCParameters, bits: Int) -> Double {
        if let r = p.areaRatioByBits[bits] { return r }
        let nearest = p.areaRatioByBits.keys.min { abs($0 - bits) < abs($1 - bits) } ?? p.referenceBits
        return (p.areaRatioByBits[nearest] ?? 1) * levels(bits) / levels(nearest)
    }

    /// Energy of one column conversion at average weight value w, pJ.
    @inlinable public func convertEnergy_pJ(averageWeight: Double) -> Double {
        energyOff_pJ + averageWeight * (energyOn_pJ - energyOff_pJ)
    }

    /// Value of a node table at a node present in it (linear between entries, clamped outside).
    static func tableValue(_ nodes: [Double], _ values: [Double], _ node: Double) -> Double {
        if node <= nodes[0] { return values[0] }
        if node >= nodes[nodes.count - 1] { return values[values.count - 1] }
        var i = 1
        while nodes[i] < node { i += 1 }
        let t = (node - nodes[i - 1]) / (nodes[i] - nodes[i - 1])
        return values[i - 1] + t * (values[i] - values[i - 1])
    }
}

/// The accelergy ADC plug-in: Murmann-survey regression of energy and area (stock CiMLoop's default ADC).
public struct SurveyADC: Hashable, Sendable {
    /// Energy per conversion, pJ.
    public let energy_pJ: Double
    /// Area of one ADC, µm².
    public let areaPerADC_um2: Double
    /// Area of all `adcsPerBank` ADCs, µm².
    public let area_um2: Double

    /// - Parameters:
    ///   - bits: resolution; technology_nm: node; frequency_hz: per-ADC sample rate.
    public init(_ p: SurveyADCParameters, bits: Double, technology_nm: Double, frequency_hz: Double) {
        let nMax = max(0, min(p.fomsMaxBits, Int(bits.rounded(.up))))
        let foms = min(p.fomsIntercept_dB - p.fomsSlope_dB * Math.log(frequency_hz),
                       p.fomsMaxIntercept_dB + p.fomsMaxPerBit_dB * Double(nMax))
        let sndr = p.sndrPerBit_dB * bits + p.sndrOffset_dB
        let e0 = 1 / (2 * Math.pow(10, (foms - sndr) / 10))
        energy_pJ = e0 * Math.exp(p.energyIntercept + p.energyTechCoefficient * Math.log(technology_nm)
            + p.energyBitsCoefficient * Math.log(bits) + p.energyOffset)
        areaPerADC_um2 = Math.exp(p.areaIntercept + p.areaTechCoefficient * Math.log(technology_nm)
            + p.areaFrequencyCoefficient * Math.log(frequency_hz) + p.areaEnergyCoefficient * Math.log(energy_pJ))
        area_um2 = areaPerADC_um2 * Double(p.adcsPerBank)
    }

    /// The survey ADC of one macro: f = cols / cycle · throughput_scale / adcsPerBank.
    public init(_ p: SurveyADCParameters, bits: Int, technology_nm: Double, cols: Int, cycle_s: Double) {
        let f = Double(cols) / cycle_s * p.throughputScale / Double(p.adcsPerBank)
        self.init(p, bits: Double(bits), technology_nm: technology_nm, frequency_hz: f)
    }
}
