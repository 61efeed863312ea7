#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Jia et al., "A programmable heterogeneous microprocessor based on bit-scalable in-memory computing",
/// JSSC 2020 (CiMLoop `jia_jssc_2020`, Macro A).
///
/// Structure (CiMLoop arch): 768×768 one-bit capacitor cells (4×4 power-gated sub-arrays); inputs are
/// bit-serial (one 1-bit slice per cycle), each weight bit sits in its own column; three folded columns
/// share one 8-bit ADC (256 ADCs); a near-memory-computing (NMC) datapath shifts and adds the slices and a
/// sparsity controller zero-gates inputs.
///
/// Laws (CiMLoop variables): cycle = 25 ns × 54 × (0.85/V)^2.66 (≥ 2 ns); ADC and CiM energy × (V/0.85)².
/// The NMC datapath follows (V/0.85)^1.66 instead of V² (CiMLoop's V² misses Table I's 1.2 V NMC energy
/// by 12.5 %; the exponent is the one Table I's two points give). Energies per ADC use at 0.85 V are the
/// paper's Table I (ADC 1.79, CiM 9.7, NMC 8.3 pJ); areas its Fig. 11 (ADC 0.497, CiM 2.91, NMC 0.497,
/// sparsity controller 0.392 mm²); the sparsity controller's energy is not published and is 0 here.
/// The paper's 1-b TOPS/W and TOPS/mm² count the ADC and CiM parts only (``SRAMMacroEvaluation/headlineGroups``).
/// Throughput is one input bit per cycle for every width; Fig. 10's 8-bit point (0.874 / (600/64) TOPS,
/// +17 % here) is not modelled: CiMLoop names a memory-hierarchy bottleneck but models none, and neither its
/// model nor the paper's public text gives a mechanism for 600/64, so no parameter is fitted to that point.
extension SRAMMacro {
    /// The silicon macro: 768×768, 8-bit ADCs.
    public static let jia = SRAMMacro(design: .jia, rows: 768, cols: 768, adcBits: 8)

    /// Columns folded onto one ADC.
    static let jiaFoldedColumns = 3

    /// Cycle time at `voltage_v` (CiMLoop GLOBAL_CYCLE_SECONDS).
    public static func jiaCycle_s(voltage_v: Double) -> Double {
        max(25e-9 * 54 * pow(0.85 / voltage_v, 2.66), 2e-9)
    }

    func evaluateJia(_ p: SRAMOperatingPoint) -> SRAMMacroEvaluation {
        let v = p.voltage_v / 0.85
        let adcs = Double(cols / Self.jiaFoldedColumns)
        let rowsScale = Double(rows) / 768
        let slices = Double(p.inputBits)
        let e = slices
        var comps = SRAMComponentList()
        comps.append(.jiaADC, energy_pJ: e * 1.79 * adcs * v * v * SurveyADCScaling.energyRatio(bits: adcBits, referenceBits: 8),
                     area_um2: 497_000 / 256 * adcs * SurveyADCScaling.areaRatio(bits: adcBits, referenceBits: 8),
                     rule: .adc)
        comps.append(.jiaCiMArray, energy_pJ: e * 9.7 * adcs * rowsScale * v * v,
                     area_um2: 2_910_000 / (768.0 * 768) * Double(rows * cols), rule: .bitcell)
        comps.append(.jiaNMCDatapath, energy_pJ: e * 8.3 * adcs * pow(v, 1.66),
                     area_um2: 497_000 / 256 * adcs, rule: .logic)
        comps.append(.jiaSparsityController, energy_pJ: 0,
                     area_um2: 392_000 / 768 * Double(rows), rule: .logic)
        let macs = Double(rows * weightsPerRow(weightBits: p.weightBits))
        return SRAMMacroEvaluation(
            componentList: comps, macsPerMVM: macs, cyclesPerMVM: slices,
            cycle_s: Self.jiaCycle_s(voltage_v: p.voltage_v),
            technology_nm: referenceTechnology_nm, headlineMask: 0b11)
    }
}
