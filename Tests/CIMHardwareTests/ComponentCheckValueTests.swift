import CIMHardware
import Foundation
import Testing

/// Single-component check values (docs/cost-model.md, "Component energies").
@Suite struct ComponentCheckValueTests {
    static let model = TestTechnology.model
    static let tech = TestTechnology.parameters

    static func hw(v: Double = 0.7, rows: Int = 128, cols: Int = 128, mit: Int = 16, glb: Int = 16384,
                   adc: ADCModel = .neurosim, node: Double = 32) -> HardwareConfig {
        HardwareConfig(voltage_v: v, bitsPerCell: 4, baseLatency_s: 4e-9, rows: rows, cols: cols, routerGroup: 8,
                       tilesPerChip: 16, macrosPerTile: mit, glbDepth: glb, technology_nm: node, adcModel: adc)
    }

    /// Survey ADC (docs/cost-model.md, "Component energies"): energy within 0.05 % and area within 0.05 % of the printed 4-digit values.
    @Test func surveyADCCheckValues() {
        let cases: [(bits: Double, node: Double, f: Double, e: Double, a: Double)] = [
            (8, 32, 1e8, 1.714, 3939), (8, 65, 1e7, 6.494, 7824), (10, 32, 1e9, 13.95, 1.118e4),
        ]
        for c in cases {
            let adc = SurveyADC(Self.tech.surveyADC, bits: c.bits, technology_nm: c.node, frequency_hz: c.f)
            #expect(isClose(adc.energy_pJ, c.e, rel: 5e-4), "\(c): \(adc.energy_pJ)")
            #expect(isClose(adc.areaPerADC_um2, c.a, rel: 5e-4), "\(c): \(adc.areaPerADC_um2)")
        }
    }

    /// docs/cost-model.md, "Component energies" (32 nm, rram_neurosim_default, t_p = 10 ns); tolerances 1e-5 relative unless stated.
    @Test func singleComponentValues() {
        let p128 = Self.model.prepare(Self.hw())
        #expect(isClose(p128.cell.energyOn_pJ, 0.01237096, rel: 1e-5))
        #expect(isClose(p128.cell.energyOff_pJ, 0.002280842, rel: 1e-5))
        let p32 = Self.model.prepare(Self.hw(rows: 32, cols: 32))
        #expect(isClose(p32.cell.energyOn_pJ, 0.012421, rel: 1e-4))   // printed with 5 digits
        #expect(isClose(p32.cell.energyOff_pJ, 0.0022825, rel: 1e-4))
        let pBig = Self.model.prepare(Self.hw(rows: 512, cols: 256))
        #expect(isClose(pBig.cell.energyOn_pJ, 0.012272, rel: 1e-4))
        #expect(isClose(pBig.cell.energyOff_pJ, 0.0022775, rel: 1e-4))

        // Row driver, 0.85 V, a = 0.5, T = 8 → 7.7356 pJ (printed with 5 digits).
        let p85 = Self.model.prepare(Self.hw(v: 0.85))
        #expect(isClose(p85.rowDrivers.readEnergy_pJ(pulses: 255, averageInput: 0.5), 7.7356, rel: 2e-5))
        // ADC 8 b, 128 cols, 0.85 V: 0.81783 pJ (w ≈ 0.5; ±2e-4 pJ per the spec), 895 666.8 µm².
        let e85 = p85.actionEnergies(inputBits: 8, weightBits: 8, averageInput: 0.5, averageWeight: 0.5)
        #expect(abs(e85.adcConvert_pJ - 0.81783) < 2e-4)
        #expect(isClose(p85.areas.adc_um2, 895_666.8, rel: 1e-6))
        // glb 2048 × 16384: read 1778.45, write 2210.63, 10 736 400 µm², leak 0.651 pJ per 4 ns cycle.
        #expect(isClose(p128.glb.read_pJ, 1778.45, rel: 1e-5))
        #expect(isClose(p128.glb.write_pJ, 2210.63, rel: 1e-5))
        #expect(isClose(p128.glb.area_um2, 10_736_400, rel: 1e-5))
        #expect(isClose(p128.fixedEnergies.glbLeakPerCycle_pJ, 0.651, rel: 1e-3))
        // Tile buffers 128 × 128: 2.07263 / 4.07222 pJ, 4250.15 µm².
        #expect(isClose(p128.inputBuffer.read_pJ, 2.07263, rel: 1e-5))
        #expect(isClose(p128.inputBuffer.write_pJ, 4.07222, rel: 1e-5))
        #expect(isClose(p128.inputBuffer.area_um2, 4250.15, rel: 1e-5))
        // Router (128 b): 10.37 pJ, 18 750 µm².
        #expect(p128.router.read_pJ == 10.37)
        #expect(p128.router.area_um2 == 18_750)
        // Worked example: 0.7 V, 128 cols, T = 8, a = 0.5662: 5.99196 pJ; cell 1.0432 pJ.
        let e = p128.actionEnergies(inputBits: 8, weightBits: 8, averageInput: 0.5662026062774267, averageWeight: 0.4900320336536699)
        #expect(isClose(e.rowDriverRead_pJ, 5.99196, rel: 1e-5))
        #expect(isClose(e.cellRead_pJ, 1.0432, rel: 5e-5))
    }

    /// CiMLoop tutorial macro (basic_analog, 16×16, 65 nm, VOLTAGE 1, rram_example cell, survey ADC with
    /// N_ADC_PER_BANK 8, base latency 1e-7 s, read pulse 1 ns, default histograms).
    ///
    /// Derivable here: the survey ADC (103.940 pJ for 16 conversions, 8 × 8868 = 70 945.3 µm², within 0.05 %),
    /// the cell area (256 × 40 F² = 43.264 µm², exact) and the cell energy (0.8231 pJ for 256 reads: the
    /// wire-aware formula with rram_example's R_on 250 kΩ, R_off 1 MΩ, R_access 1 kΩ, V_r 0.1 V, aspect ratio 1
    /// gives 0.8237 pJ, within 0.1 %; the residue is NeuroSim's voltage-mode read of that cell, which the
    /// current-mode formula does not model).
    ///
    /// Not derivable: row drivers (23.724 pJ, 311.933 µm²) and column drivers (227.451 µm²) come from
    /// NeuroSim's 65 nm transistor models; our data holds NeuroSim periphery at 32 nm only, and the node rule
    /// ((node/32)^1 energy, ^2 area) gives 262.8 / 210.3 µm², 16–7 % off. Those values are therefore not
    /// asserted; configurations off 32 nm report a validation issue instead.
    @Test func tutorialMacroDerivableParts() throws {
        var t = Self.tech
        t.surveyADC.adcsPerBank = 8
        t.cell = RRAMCellParameters(rOn_ohm: 250e3, rOff_ohm: 1e6, rAccess_ohm: 1000, vRead_v: 0.1, area_F2: 40,
                                    aspectRatio: 1, wireResistivity_ohm_m: t.cell.wireResistivity_ohm_m,
                                    wireWidth_m: t.cell.wireWidth_m, wireAspectRatio: t.cell.wireAspectRatio)
        let model = ComponentModel(technology: t)
        let hw = HardwareConfig(voltage_v: 1, bitsPerCell: 8, baseLatency_s: 1e-7, rows: 16, cols: 16, routerGroup: 1,
                                tilesPerChip: 1, macrosPerTile: 1, glbDepth: 2048, technology_nm: 65,
                                readPulseWidth_s: 1e-9, adcModel: .survey)
        let a = try DataValueStatistics.averageInputValue(histogram: nil, inputBits: 8)
        let w = try DataValueStatistics.averageWeightValue(histogram: nil, weightBits: 8, bitsPerCell: 8)
        let e = model.actionEnergies(hw, inputBits: 8, weightBits: 8, averageInput: a, averageWeight: w)
        #expect(isClose(16 * e.adcConvert_pJ, 103.940, rel: 5e-4), "\(16 * e.adcConvert_pJ)")
        #expect(isClose(256 * e.cellRead_pJ, 0.8231, rel: 1e-3), "\(256 * e.cellRead_pJ)")
        let areas = model.instanceAreas(hw)
        #expect(isClose(areas.adc_um2, 70_945.3, rel: 5e-4), "\(areas.adc_um2)")
        #expect(isClose(256 * areas.cell_um2, 43.264, rel: 1e-12))
        #expect(!model.isValidated(hw))
    }

    /// Energies rise with input bits and with VOLTAGE; cell energy is voltage-independent.
    @Test func monotoneInInputBitsAndVoltage() {
        var lastTotal = 0.0
        let p = Self.model.prepare(Self.hw())
        for bits in 1...8 {
            let e = p.actionEnergies(inputBits: bits, weightBits: 8, averageInput: 0.55, averageWeight: 0.5)
            let total = e.cellRead_pJ + e.rowDriverRead_pJ + e.adcConvert_pJ
            #expect(total > lastTotal, "bits \(bits)")
            lastTotal = total
        }
        var last = ActionEnergies()
        for step in 0...14 {
            let v = 0.45 + 0.03 * Double(step)  // crosses both table ends
            let e = Self.model.actionEnergies(Self.hw(v: v), inputBits: 8, weightBits: 8, averageInput: 0.55, averageWeight: 0.5)
            if step > 0 {
                #expect(e.rowDriverRead_pJ > last.rowDriverRead_pJ, "V \(v)")
                #expect(e.adcConvert_pJ > last.adcConvert_pJ, "V \(v)")
                #expect(e.cellRead_pJ == last.cellRead_pJ)
            }
            last = e
        }
    }

    /// Stock CiMLoop voltage scaling: ADC energy × V², cycle × 1/V (leak per cycle follows).
    @Test func stockVoltageScaling() {
        var hw = Self.hw(v: 0.8)
        let base = Self.model.prepare(hw)
        hw.stockVoltageScaling = true
        let stock = Self.model.prepare(hw)
        let eb = base.actionEnergies(inputBits: 8, weightBits: 8, averageInput: 0.5, averageWeight: 0.5)
        let es = stock.actionEnergies(inputBits: 8, weightBits: 8, averageInput: 0.5, averageWeight: 0.5)
        #expect(isClose(es.adcConvert_pJ, eb.adcConvert_pJ * 0.64, rel: 1e-12))
        #expect(isClose(stock.cycle_s, 5e-9, rel: 1e-12))
        #expect(isClose(es.glbLeakPerCycle_pJ, eb.glbLeakPerCycle_pJ / 0.8, rel: 1e-12))
        #expect(es.rowDriverRead_pJ == eb.rowDriverRead_pJ)
    }

    /// Other nodes: NeuroSim quantities interpolate linearly between supported nodes; validation flags them.
    @Test func nodeInterpolation() {
        let e = { (n: Double) in Self.model.actionEnergies(Self.hw(node: n), inputBits: 8, weightBits: 8, averageInput: 0.5, averageWeight: 0.5) }
        let a = { (n: Double) in Self.model.instanceAreas(Self.hw(node: n)) }
        #expect(isClose(e(38.5).adcConvert_pJ, (e(32).adcConvert_pJ + e(45).adcConvert_pJ) / 2, rel: 1e-12))
        #expect(isClose(a(38.5).rowDrivers_um2, (a(32).rowDrivers_um2 + a(45).rowDrivers_um2) / 2, rel: 1e-12))
        #expect(isClose(a(65).cell_um2, 48 * 0.065 * 0.065, rel: 1e-12))
        #expect(e(65).adcConvert_pJ > e(32).adcConvert_pJ)
        #expect(!Self.model.isValidated(Self.hw(node: 45)))
        #expect(Self.model.isValidated(Self.hw()))
        // A 4-bit NeuroSim ADC is cheaper and smaller, and flagged.
        var hw4 = Self.hw()
        hw4.adcBits = 4
        let p4 = Self.model.prepare(hw4), p8 = Self.model.prepare(Self.hw())
        #expect(p4.areas.adc_um2 < p8.areas.adc_um2)
        #expect(p4.adcEnergyOff_pJ < p8.adcEnergyOff_pJ)
        #expect(!Self.model.isValidated(hw4))
    }
}
