#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sinangil et al., "A 7-nm compute-in-memory SRAM macro supporting multi-bit input, weight and output
/// and achieving 351 TOPS/W and 372.4 GOPS", JSSC 2021 (CiMLoop `sinangil_jssc_2021`, Macro B).
///
/// Structure (CiMLoop arch): 64 rows × 64 bit lines; a CiM unit is 4 one-bit cells wide, so a row holds
/// 16 four-bit weights; one 4-bit ADC per CiM-unit column (16 ADCs); inputs arrive through a 4-bit
/// temporal DAC (counter + row drivers) in one cycle; binary-weighting capacitors merge the 4 cells.
///
/// Laws (CiMLoop variables): cycle = 5.5 ns × (0.6 + 0.4·(0.8/V)^2.75); energy × (V/0.8)^1.7.
/// Data-value dependence (CiMLoop `energy_scale`s): the counter and row drivers scale with the average
/// input value a (temporal pulses), the capacitors with a·w, the ADC read-out is data-independent.
/// The three per-activation energies at 0.8 V, 7 nm (fixed 3.4776 pJ, input 3.6396·a pJ, MAC 0.64684·a·w pJ
/// for the 64×64 array) are least-squares calibrated to Fig. 13(a) (nine output values, a = w = 0.25·√out);
/// areas are the paper's Section IV split (CiM circuitry 1596 µm², original macro 800 µm², capacitors
/// 160 µm²; the CiM circuitry is split 3:1 between ADCs and counters, the paper gives only the sum).
extension SRAMMacro {
    /// The silicon macro: 64×64, 4-bit ADCs.
    public static let sinangil = SRAMMacro(design: .sinangil, rows: 64, cols: 64, adcBits: 4)

    /// Cells per CiM unit (weight bits merged by the binary-weighting capacitors).
    static let sinangilUnitCells = 4
    /// Average input/weight value of Table I's "average" case (output 6): 0.25·√6.
    public static let sinangilDefaultAverageValue = 0.25 * 6.0.squareRoot()

    func sinangilWeightsPerRow(weightBits: Int) -> Int {
        let units = cols / Self.sinangilUnitCells
        let unitsPerWeight = (weightBits + Self.sinangilUnitCells - 1) / Self.sinangilUnitCells
        return units / unitsPerWeight
    }

    /// Cycle time at `voltage_v` (CiMLoop VOLTAGE_LATENCY_SCALE × 5.5 ns).
    public static func sinangilCycle_s(voltage_v: Double) -> Double {
        5.5e-9 * (0.6 + 0.4 * pow(0.8 / voltage_v, 2.75))
    }

    func evaluateSinangil(_ p: SRAMOperatingPoint) -> SRAMMacroEvaluation {
        let a = p.averageInput ?? Self.sinangilDefaultAverageValue
        let w = p.averageWeight ?? Self.sinangilDefaultAverageValue
        let vScale = pow(p.voltage_v / 0.8, 1.7)
        let r = Double(rows), c = Double(cols), adcs = Double(cols / Self.sinangilUnitCells)
        // 4-bit temporal DAC: one activation per 4 input bits.
        let slices = Double((p.inputBits + 3) / 4)
        let adcEnergy = SurveyADCScaling.energyRatio(bits: adcBits, referenceBits: 4)
        let adcArea = SurveyADCScaling.areaRatio(bits: adcBits, referenceBits: 4)
        // Per-activation energies at 0.8 V (calibrated for 64 rows × 64 bit lines, 16 ADCs).
        let fixedPerADC_pJ = 3.4775587 / 16
        let inputPerRow_pJ = 3.63958682 / 2 / 64          // counter half
        let inputPerRowColumn_pJ = 3.63958682 / 2 / 4096  // word-line half, ∝ row length
        let macPerCell_pJ = 0.64684103 / 4096
        let e = slices * vScale
        let comps = [
            SRAMComponentCost(name: "adc", group: "CiM circuitry",
                              energy_pJ: e * fixedPerADC_pJ * adcs * adcEnergy,
                              area_um2: 74.75 * adcs * adcArea, rule: .adc),
            SRAMComponentCost(name: "counter", group: "CiM circuitry",
                              energy_pJ: e * inputPerRow_pJ * a * r,
                              area_um2: 6.25 * r, rule: .logic),
            SRAMComponentCost(name: "row_drivers", group: "Original macro",
                              energy_pJ: e * inputPerRowColumn_pJ * a * r * c,
                              area_um2: 2.5 * r, rule: .logic),
            SRAMComponentCost(name: "bitcell_array", group: "Original macro",
                              energy_pJ: 0, area_um2: 0.15625 * r * c, rule: .bitcell),
            SRAMComponentCost(name: "binary_weighting_capacitors", group: "Binary-weighting capacitors",
                              energy_pJ: e * macPerCell_pJ * a * w * r * c,
                              area_um2: 10 * adcs, rule: .capacitor),
        ]
        let macs = Double(rows * sinangilWeightsPerRow(weightBits: p.weightBits))
        return SRAMMacroEvaluation(
            components: comps, macsPerMVM: macs, cyclesPerMVM: slices,
            cycle_s: Self.sinangilCycle_s(voltage_v: p.voltage_v),
            technology_nm: referenceTechnology_nm, headlineGroups: [])
    }
}
