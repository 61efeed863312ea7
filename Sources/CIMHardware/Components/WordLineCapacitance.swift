/// The switched capacitance of one word line that tells a column's neuron to integrate (NeuRRAM).
///
/// C = (C_access + C_coupling) · cells + C_driver at the reference node, × (node / reference)² elsewhere
/// (CiMLoop's `wordline_cap`); each toggle costs C·V² at the supply V. Its area sits under the cells.
public struct WordLineCapacitance: Hashable, Sendable {
    /// Capacitance of one word line, farads.
    public let capacitance_F: Double
    /// Supply the word line swings to, volts.
    public let voltage_v: Double

    /// - Parameters:
    ///   - perCell_F: access-transistor plus cell-coupling capacitance per cell on the line.
    ///   - driver_F: the driver's own capacitance.
    public init(perCell_F: Double, driver_F: Double, cells: Int, referenceNode_nm: Double, technology_nm: Double,
                voltage_v: Double) {
        let node = technology_nm / referenceNode_nm
        capacitance_F = (perCell_F * Double(cells) + driver_F) * node * node
        self.voltage_v = voltage_v
    }

    /// Energy of one toggle, pJ.
    @inlinable public var toggle_pJ: Double { capacitance_F * voltage_v * voltage_v * 1e12 }
}
