/// NeuRRAM (Wan et al., "A compute-in-memory chip based on resistive random-access memory", Nature 2022),
/// as CiMLoop defines it (`workspace/models/arch/1_macro/wan_nature_2022` in mit-emze/cimloop).
///
/// 48 cores of 256×256 RRAM cells at 130 nm; 4-bit weights on two devices (positive and negative part);
/// signed 1–8-bit inputs as ternary pulses of V_read = 0.5 V and 10 ns; 1.8 V neurons: integrator 0.25 pJ
/// per step, sample-and-hold 1.2 pJ per input bit, ADC 0.3 pJ and shift-add 0.1 pJ per output bit (areas
/// 350 + 350 + 400 + 170 = 1270 µm² per neuron, the paper's Fig. 11(f)); word line (2.1 fF per cell + 48 fF)
/// toggled once per input bit and neuron; steps 0.27 µs (integrate), 0.3 µs (ADC bit), 0.3 µs (phase);
/// inputs of more than 3 magnitude bits run in two phases unless `onePhase`; drivers' area × 5.25.
/// Device: R_on 250 kΩ, R_off 1 MΩ, no access transistor, 125.74 F² (CiMLoop's `rram_wan_nature_2022`).
/// Value histograms: CiMLoop's NeuRRAM default, a bell over −7…7 (its comment: "looks like fig 7e").
extension RRAMMacro {
    /// The published NeuRRAM chip at 1.8 V, 130 nm, with the wire model of `wires`.
    public static func neurram(wires: RRAMCellParameters) -> RRAMMacro {
        var cell = wires
        cell.rOn_ohm = 250e3
        cell.rOff_ohm = 1e6
        cell.rAccess_ohm = 0
        cell.vRead_v = 0.5
        cell.area_F2 = 125.73964497
        cell.aspectRatio = 1
        let bell: [Double] = [5, 5, 6, 6, 7, 7, 8, 8, 8, 7, 7, 6, 6, 5, 5]
        return RRAMMacro(
            rows: 256, cols: 256, cores: 48, devicesPerWeight: 2, technology_nm: 130, voltage_v: 1.8, cell: cell,
            readPulseWidth_s: 10e-9, maxInputBitsBeforeTwoPhase: 3,
            neuron: IntegratingNeuron.Parameters(
                integrateStep_pJ: 0.25, sample_pJ: 1.2, adcStep_pJ: 0.3, shiftAddStep_pJ: 0.1,
                integratorArea_um2: 350, sampleArea_um2: 350, adcArea_um2: 400, shiftAddArea_um2: 170,
                referenceNode_nm: 130, referenceVoltage_v: 1.8),
            wordLinePerCell_F: (1.5 + 0.6) * 1e-15, wordLineDriver_F: 48e-15, wordLineReferenceNode_nm: 130,
            integrateStep_s: 0.27e-6, adcStep_s: 0.3e-6, interPhase_s: 0.3e-6, timingReferenceVoltage_v: 1.8,
            driverAreaScale: 5.25, inputHistogram: bell, weightHistogram: bell)
    }

    /// NeuRRAM's weight bits per device.
    public static let neurramWeightBits = 4
}
