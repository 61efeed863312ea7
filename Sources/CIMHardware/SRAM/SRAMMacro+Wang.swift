#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wang et al., "A 32.2 TOPS/W SRAM compute-in-memory macro employing a linear 8-bit C-2C ladder for
/// charge domain computation in 22nm", VLSI 2022 (CiMLoop `wang_vlsi_2022`, Macro D).
///
/// Structure (CiMLoop arch): 512×128 array of which 64 rows are active per MVM; a CiM unit is 8 cells wide
/// × 8 deep, so a row holds 16 eight-bit weights; two 8-bit R-2R voltage DACs per row, one 8-bit ADC per
/// CiM-unit column (16). A whole 8-bit input is applied in one cycle.
///
/// Laws: cycle = max(6.9 ns × max(0.5, cols/128 · DAC bits/8) × (0.7/V)^1.1, 2 ns) (CiMLoop). Energy:
/// CiMLoop scales by V², which misses the paper's Fig. 23 sweep by up to 13 %; we use V^1.62 with the
/// 1 V energy 2·1024/16.72 pJ, the minimax fit to Fig. 23 and Table III (documented deviation).
/// Breakdowns are the paper's Fig. 22 (energy ADC 34 / DAC 22 / MAC 40 / misc 4 %; area 0.124 mm²:
/// 13 / 30 / 46 / 11 %), each part scaled with the count of what it is made of.
extension SRAMMacro {
    /// The silicon macro: 64 active rows × 128 bit lines, 8-bit ADCs.
    public static let wang = SRAMMacro(design: .wang, rows: 64, cols: 128, adcBits: 8)

    static let wangUnitCells = 8

    func wangWeightsPerRow(weightBits: Int) -> Int {
        let units = cols / Self.wangUnitCells
        return units / ((weightBits + Self.wangUnitCells - 1) / Self.wangUnitCells)
    }

    /// Cycle time at `voltage_v` for `cols` bit lines (CiMLoop GLOBAL_CYCLE_SECONDS).
    public static func wangCycle_s(voltage_v: Double, cols: Int = 128) -> Double {
        let columnsScale = max(0.5, Double(cols) / 128 * 8 / 8)
        return max(6.9e-9 * columnsScale * pow(0.7 / voltage_v, 1.1), 2e-9)
    }

    func evaluateWang(_ p: SRAMOperatingPoint) -> SRAMMacroEvaluation {
        let vScale = pow(p.voltage_v, 1.62)
        let slices = Double((p.inputBits + 7) / 8)
        let total1V_pJ = 2.0 * 1024 / 16.72
        let r = Double(rows) / 64, c = Double(cols) / 128
        let e = slices * vScale * total1V_pJ
        let adcE = SurveyADCScaling.energyRatio(bits: adcBits, referenceBits: 8)
        let adcA = SurveyADCScaling.areaRatio(bits: adcBits, referenceBits: 8)
        let area = 124_000.0
        var comps = SRAMComponentList()
        comps.append(.wangADC, energy_pJ: e * 0.34 * c * adcE,
                     area_um2: area * 0.13 * c * adcA, rule: .adc)
        comps.append(.wangDAC, energy_pJ: e * 0.22 * r,
                     area_um2: area * 0.30 * r, rule: .logic)
        comps.append(.wangC2CMultiplier, energy_pJ: e * 0.40 * r * c,
                     area_um2: area * 0.46 * r * c, rule: .capacitor)
        comps.append(.wangMisc, energy_pJ: e * 0.04 * c,
                     area_um2: area * 0.11 * c, rule: .logic)
        let macs = Double(rows * wangWeightsPerRow(weightBits: p.weightBits))
        return SRAMMacroEvaluation(
            componentList: comps, macsPerMVM: macs, cyclesPerMVM: slices,
            cycle_s: Self.wangCycle_s(voltage_v: p.voltage_v, cols: cols),
            technology_nm: referenceTechnology_nm)
    }
}
