/// A column's charge-integrating neuron with a variable-precision ADC (NeuRRAM's voltage-mode neuron).
///
/// Per action at the reference node and supply: one integration step, one sample-and-hold, one ADC step
/// (one output bit of the successive read-out) and one shift-add step (CiMLoop's `wan_*` components).
/// Other supplies scale energy by (V/V_ref)², other nodes by node/reference (the NeuroSim periphery
/// exponent) and area by (node/reference)²; both are outside what the paper measured.
public struct IntegratingNeuron: Hashable, Sendable {
    /// Energies per step, pJ.
    public let integrateStep_pJ: Double
    public let sample_pJ: Double
    public let adcStep_pJ: Double
    public let shiftAddStep_pJ: Double
    /// Areas of one neuron's parts, µm².
    public let integratorArea_um2: Double
    public let sampleArea_um2: Double
    public let adcArea_um2: Double
    public let shiftAddArea_um2: Double

    /// Constants of a neuron at its reference node and supply.
    public struct Parameters: Hashable, Sendable {
        public var integrateStep_pJ, sample_pJ, adcStep_pJ, shiftAddStep_pJ: Double
        public var integratorArea_um2, sampleArea_um2, adcArea_um2, shiftAddArea_um2: Double
        public var referenceNode_nm: Double
        public var referenceVoltage_v: Double

        public init(integrateStep_pJ: Double, sample_pJ: Double, adcStep_pJ: Double, shiftAddStep_pJ: Double,
                    integratorArea_um2: Double, sampleArea_um2: Double, adcArea_um2: Double,
                    shiftAddArea_um2: Double, referenceNode_nm: Double, referenceVoltage_v: Double) {
            self.integrateStep_pJ = integrateStep_pJ
            self.sample_pJ = sample_pJ
            self.adcStep_pJ = adcStep_pJ
            self.shiftAddStep_pJ = shiftAddStep_pJ
            self.integratorArea_um2 = integratorArea_um2
            self.sampleArea_um2 = sampleArea_um2
            self.adcArea_um2 = adcArea_um2
            self.shiftAddArea_um2 = shiftAddArea_um2
            self.referenceNode_nm = referenceNode_nm
            self.referenceVoltage_v = referenceVoltage_v
        }
    }

    public init(_ p: Parameters, technology_nm: Double, voltage_v: Double) {
        let v = voltage_v / p.referenceVoltage_v
        let node = technology_nm / p.referenceNode_nm
        let e = v * v * node, a = node * node
        integrateStep_pJ = p.integrateStep_pJ * e
        sample_pJ = p.sample_pJ * e
        adcStep_pJ = p.adcStep_pJ * e
        shiftAddStep_pJ = p.shiftAddStep_pJ * e
        integratorArea_um2 = p.integratorArea_um2 * a
        sampleArea_um2 = p.sampleArea_um2 * a
        adcArea_um2 = p.adcArea_um2 * a
        shiftAddArea_um2 = p.shiftAddArea_um2 * a
    }

    /// Area of one whole neuron, µm².
    public var area_um2: Double { integratorArea_um2 + sampleArea_um2 + adcArea_um2 + shiftAddArea_um2 }
}
