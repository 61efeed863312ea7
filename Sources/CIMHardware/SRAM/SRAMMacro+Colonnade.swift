#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kim et al., "Colonnade: a reconfigurable SRAM-based digital bit-serial compute-in-memory macro for
/// processing neural networks", JSSC 2021 (CiMLoop `colonnade_jssc_2021`).
///
/// Structure (CiMLoop arch): 128×128 cells, each with a full adder; inputs bit-serial (one bit per
/// cycle); a weight of Wb bits occupies Wb + log2(rows) = Wb + 7 columns (the extra adders carry the
/// accumulation), so a row holds ⌊128 / (Wb + 7)⌋ weights; columns are pipelined by
/// ``registersPerColumn`` registers. No ADC.
///
/// Laws: critical path = (Wb + 7 + rows/registers + 2) × 0.4 ns × (0.8/V), or the forced 100 MHz clock;
/// without bit pipelining the cycle is × (registers + 1) (CiMLoop). Energy per array activation at 0.8 V:
/// rows · (cols/128) · (1071.0 + 5.301·(Wb + 7)) fJ — the whole array switches every cycle and the carry
/// activity grows with the adder width (two constants fitted to Fig. 16(a)/(b), 32 points at 0.8 V).
/// Voltage: CiMLoop uses V², which misses the paper's 0.6/0.7 V energies by 2–4×; we interpolate the
/// paper's measured ratios E(V)/E(0.8 V) = 0.2512 (0.6 V) and 0.6304 (0.7 V) (geometric means over the
/// 32 points of Fig. 16) and continue with V² outside 0.6–0.8 V. Breakdowns are the paper's Fig. 17
/// (energy 60.2 / 28.8 / 7.5 / 3.5 %, area 227 200 µm²: 83.9 / 1.8 / 12.5 / 1.8 %).
extension SRAMMacro {
    /// The silicon macro: 128×128, 16 registers per column, bit-pipelined.
    public static let colonnade = SRAMMacro(design: .colonnade, rows: 128, cols: 128, adcBits: 0)

    /// Extra adder bits per weight that hold the accumulation: ⌈log2 rows⌉.
    var colonnadeAccumulatorBits: Int {
        var bits = 0
        while (1 << bits) < rows { bits += 1 }
        return bits
    }

    /// Measured energy ratio E(V)/E(0.8 V) (Fig. 16), V² outside the measured range.
    public static func colonnadeVoltageEnergyScale(_ v: Double) -> Double {
        let s06 = 0.25117, s07 = 0.63037
        if v <= 0.6 { return s06 * (v / 0.6) * (v / 0.6) }
        if v >= 0.8 { return (v / 0.8) * (v / 0.8) }
        if v < 0.7 { return s06 + (v - 0.6) / 0.1 * (s07 - s06) }
        return s07 + (v - 0.7) / 0.1 * (1 - s07)
    }

    /// Cycle time (CiMLoop GLOBAL_CYCLE_SECONDS) for `weightBits` at `voltage_v`.
    public func colonnadeCycle_s(weightBits: Int, voltage_v: Double) -> Double {
        let regs = max(1, registersPerColumn)
        let base: Double
        if let forced = forcedCycle_s {
            base = forced
        } else {
            let adders = Double(weightBits + colonnadeAccumulatorBits + rows / regs + 2)
            base = adders * 0.4e-9
        }
        return base * (0.8 / voltage_v) * (bitPipelined ? 1 : Double(regs + 1))
    }

    func evaluateColonnade(_ p: SRAMOperatingPoint) -> SRAMMacroEvaluation {
        let regs = Double(max(1, registersPerColumn))
        let width = Double(p.weightBits + colonnadeAccumulatorBits)
        let perActivation_pJ = Double(rows) * Double(cols) / 128 * (1071.01 + 5.30105 * width) / 1000
        let e = Double(p.inputBits) * perActivation_pJ * Self.colonnadeVoltageEnergyScale(p.voltage_v)
        let area = 227_200.0
        let cells = Double(rows * cols) / 16384, c = Double(cols) / 128
        var comps = SRAMComponentList()
        comps.append(.colonnadeBitcellArray, energy_pJ: e * 0.602,
                     area_um2: area * 0.839 * cells, rule: .bitcell)
        comps.append(.colonnadeDrivers, energy_pJ: e * 0.288,
                     area_um2: area * 0.018 * Double(rows) / 128, rule: .logic)
        comps.append(.colonnadeRegistersControl, energy_pJ: e * 0.075,
                     area_um2: area * 0.125 * c * regs / 16, rule: .logic)
        comps.append(.colonnadeBLDecoder, energy_pJ: e * 0.035,
                     area_um2: area * 0.018 * c, rule: .logic)
        let macs = Double(rows * weightsPerRow(weightBits: p.weightBits))
        return SRAMMacroEvaluation(
            componentList: comps, macsPerMVM: macs, cyclesPerMVM: Double(p.inputBits),
            cycle_s: colonnadeCycle_s(weightBits: p.weightBits, voltage_v: p.voltage_v),
            technology_nm: referenceTechnology_nm)
    }
}
