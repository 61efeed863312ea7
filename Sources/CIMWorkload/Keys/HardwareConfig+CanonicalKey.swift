import CIMHardware

/// The one text encoding of a chip, shared by design keys (`Design.canonicalKey`) and `hw_config.key`.
extension HardwareConfig {
    /// `V_bpc_bl_rows_cols_srg_tiles_macros_glb_adcBits_techNm_pulseS_adcModel_vscale`: every knob in a fixed order,
    /// reals as Python prints them (shortest round-trip digits), `vscale` `cimnas` or `stock`.
    public var canonicalFields: String {
        [PythonFloat.repr(voltage_v), "\(bitsPerCell)", PythonFloat.repr(baseLatency_s), "\(rows)", "\(cols)", "\(routerGroup)",
         "\(tilesPerChip)", "\(macrosPerTile)", "\(glbDepth)", "\(adcBits)", KnobValue.number(technology_nm).description,
         PythonFloat.repr(readPulseWidth_s), adcModel.rawValue, stockVoltageScaling ? "stock" : "cimnas"].joined(separator: "_")
    }

    /// `hw=<canonicalFields>;cell=CELL`: the first two fields of a design key, and a stored chip's key.
    public func canonicalKey(cell: String) -> String { "hw=" + canonicalFields + ";cell=" + cell }
}
