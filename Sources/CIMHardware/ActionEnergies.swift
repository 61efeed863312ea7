/// Per-action energies of every component of the CIM hierarchy, in picojoules (Accelergy's ERT).
///
/// Buffer and router energies are per full-width access. These are the contract between the
/// component models (NeuroSim, CACTI, router, ADC) and the mapping/action-count model.
public struct ActionEnergies: Hashable, Sendable, Codable {
    public var cellRead_pJ: Double = 0
    public var rowDriverRead_pJ: Double = 0
    public var columnDriverRead_pJ: Double = 0
    public var adcConvert_pJ: Double = 0
    public var inputBufferRead_pJ: Double = 0
    public var inputBufferWrite_pJ: Double = 0
    public var inputBufferLeakPerCycle_pJ: Double = 0
    public var outputBufferRead_pJ: Double = 0
    public var outputBufferWrite_pJ: Double = 0
    public var outputBufferLeakPerCycle_pJ: Double = 0
    public var routerRead_pJ: Double = 0
    public var glbRead_pJ: Double = 0
    public var glbWrite_pJ: Double = 0
    public var glbLeakPerCycle_pJ: Double = 0

    public init() {}
}

/// Per-instance areas of every component, in square micrometres (Accelergy's ART).
public struct InstanceAreas: Hashable, Sendable, Codable {
    /// All column ADCs of one macro.
    public var adc_um2: Double = 0
    public var columnDrivers_um2: Double = 0
    public var rowDrivers_um2: Double = 0
    /// One cell.
    public var cell_um2: Double = 0
    public var inputBuffer_um2: Double = 0
    public var outputBuffer_um2: Double = 0
    public var router_um2: Double = 0
    public var glb_um2: Double = 0

    public init() {}
}
