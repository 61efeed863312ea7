import CIMHardware

extension ADCReadout {
    /// How an SRAM CiM macro reads its columns, or nil for the digital Colonnade macro (no ADC).
    ///
    /// Slice widths follow CiMLoop's macro definitions: Sinangil 4-bit temporal inputs and 4-cell CiM units;
    /// Wang 8-bit voltage DAC and 8-cell C-2C units; Jia bit-serial inputs on one-bit cells. Only Sinangil's
    /// point calibrates the model (``ADCReadout/reference``).
    public init?(macro: SRAMMacro) {
        switch macro.design {
        case .sinangil: self.init(rows: macro.rows, adcBits: macro.adcBits, inputSliceBits: 4, weightSliceBits: 4)
        case .wang: self.init(rows: macro.rows, adcBits: macro.adcBits, inputSliceBits: 8, weightSliceBits: 8)
        case .jia: self.init(rows: macro.rows, adcBits: macro.adcBits, inputSliceBits: 1, weightSliceBits: 1)
        case .colonnade: return nil
        }
    }
}
