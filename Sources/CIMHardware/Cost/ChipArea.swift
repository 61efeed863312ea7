/// Chip area by component (layer-independent): per-instance areas × instance counts (docs/cost-model.md, "Chip hierarchy and areas").
public struct ChipArea: Hashable, Sendable, Codable {
    /// Area of every component, mm².
    public var components_mm2: ComponentValues
    /// Instances of every component on the chip.
    public var instances: ComponentValues

    /// Total chip area, mm².
    @inlinable public var area_mm2: Double { components_mm2.total }
    /// Total chip area, cm² (CIMNAS's `a`).
    @inlinable public var area_cm2: Double { area_mm2 / 100 }

    /// Instance counts: one ADC, column-driver and row-driver block per macro, rows × cols cells per macro,
    /// two tile buffers per tile, one router per router group, one global buffer.
    @inlinable
    public init(areas: InstanceAreas, hardware hw: HardwareConfig) {
        let macros = Double(hw.macroCount), tiles = Double(hw.tileCount)
        var n = ComponentValues()
        n.cimUnit = macros * Double(hw.rows) * Double(hw.cols)
        n.rowDrivers = macros
        n.columnDrivers = macros
        n.adc = macros
        n.inputBuffer = tiles
        n.outputBuffer = tiles
        n.router = Double(hw.routerGroup)
        n.glb = 1
        instances = n
        var a = ComponentValues()
        a.cimUnit = areas.cell_um2 * n.cimUnit * 1e-6
        a.rowDrivers = areas.rowDrivers_um2 * n.rowDrivers * 1e-6
        a.columnDrivers = areas.columnDrivers_um2 * n.columnDrivers * 1e-6
        a.adc = areas.adc_um2 * n.adc * 1e-6
        a.inputBuffer = areas.inputBuffer_um2 * n.inputBuffer * 1e-6
        a.outputBuffer = areas.outputBuffer_um2 * n.outputBuffer * 1e-6
        a.router = areas.router_um2 * n.router * 1e-6
        a.glb = areas.glb_um2 * n.glb * 1e-6
        components_mm2 = a
    }
}
