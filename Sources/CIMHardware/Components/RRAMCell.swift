/// One RRAM cell of a rows × cols crossbar: NeuroSim's wire-aware per-pulse read energy and its area.
///
/// E_x = V_r² · t_p / (R_x + R_access + rows · r_r + cols · r_c) for x ∈ {on, off}; the wire constants
/// come from NeuroSim's fixed 40 nm wire model and do not change with the technology node.
public struct RRAMCell: Hashable, Sendable {
    /// Per-pulse read energy of a fully-on cell (CELLHI), pJ.
    public let energyOn_pJ: Double
    /// Per-pulse read energy of a fully-off cell (CELLLO), pJ.
    public let energyOff_pJ: Double
    /// Area of one cell, µm².
    public let area_um2: Double

    public init(_ p: RRAMCellParameters, rows: Int, cols: Int, readPulseWidth_s: Double, areaNode_um: Double) {
        let wires = Double(rows) * p.rowWireResistancePerCell_ohm + Double(cols) * p.columnWireResistancePerCell_ohm
        let v2t = p.vRead_v * p.vRead_v * readPulseWidth_s * 1e12
        energyOn_pJ = v2t / (p.rOn_ohm + p.rAccess_ohm + wires)
        energyOff_pJ = v2t / (p.rOff_ohm + p.rAccess_ohm + wires)
        area_um2 = p.area_F2 * areaNode_um * areaNode_um
    }

    /// A cell with given per-pulse energies and area.
    public init(energyOn_pJ: Double, energyOff_pJ: Double, area_um2: Double) {
        self.energyOn_pJ = energyOn_pJ
        self.energyOff_pJ = energyOff_pJ
        self.area_um2 = area_um2
    }

    /// Energy of one cim_unit read: one cell evaluating one whole input value sent as `pulses` pulses.
    ///
    /// E = pulses · a · [E_off + w · (E_on − E_off)], a = average input slice value, w = average weight slice value.
    @inlinable public func readEnergy_pJ(pulses: Double, averageInput: Double, averageWeight: Double) -> Double {
        pulses * averageInput * (energyOff_pJ + averageWeight * (energyOn_pJ - energyOff_pJ))
    }
}

/// NeuroSim row (word-line) drivers of one macro with the temporal-spiking DAC.
///
/// One read drives one row with one whole input value: E = E_act(V) + a · pulses · [c0(V) + c1(V) · cols].
public struct RowDrivers: Hashable, Sendable {
    /// Activation energy per read, pJ.
    public let activation_pJ: Double
    /// Energy per pulse per driven row (c0 + c1 · cols), pJ.
    public let perPulse_pJ: Double
    /// Area of all row drivers of one macro, µm².
    public let area_um2: Double

    public init(_ p: RowDriverParameters, rows: Int, cols: Int, voltage_v: Double, energyScale: Double, areaScale: Double) {
        activation_pJ = p.activation_pJ.value(at: voltage_v) * energyScale
        perPulse_pJ = (p.perPulse_pJ.value(at: voltage_v) + p.perPulsePerColumn_pJ.value(at: voltage_v) * Double(cols)) * energyScale
        area_um2 = p.areaPerRow_um2 * Double(rows) * areaScale
    }

    /// Energy of one row-driver read with `pulses` temporal pulses and average input value a.
    @inlinable public func readEnergy_pJ(pulses: Double, averageInput: Double) -> Double {
        activation_pJ + averageInput * pulses * perPulse_pJ
    }
}

/// NeuroSim column (source-line switch matrix) drivers of one macro: area only, 0 pJ per read.
public struct ColumnDrivers: Hashable, Sendable {
    public let area_um2: Double
    /// Read energy: the switch matrix has no read energy in the parallel-read configuration.
    public let read_pJ: Double = 0

    public init(areaPerCol_um2: Double, cols: Int, areaScale: Double) {
        area_um2 = areaPerCol_um2 * Double(cols) * areaScale
    }
}
