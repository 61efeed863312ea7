import CIMHardware

/// The read-out configuration of the modelled chip that decides a layer's numerical result.
///
/// It follows CiMLoop's CIMNAS configuration: inputs offset-encoded and applied by a temporal DAC in slices
/// of ``inputBitsPerSlice`` bits (CIMNAS: all input bits in one slice), weights offset-encoded and cut into
/// slices of min(bits per cell, weight bits) over columns, one ADC conversion per column per input slice and
/// array. The ADC's full scale is a fraction of the array's possible range (1 = NeuroSim's policy, the
/// default); below 1 it is a clipped, calibrated range.
public struct FunctionalChip: Hashable, Sendable, Codable {
    /// Array height (word lines): rows summed by one conversion at most.
    public var rows: Int
    /// Weight bits stored per cell.
    public var bitsPerCell: Int
    /// ADC resolution, bits.
    public var adcBits: Int
    /// Input bits per temporal DAC slice; nil = all input bits in one slice (CIMNAS).
    public var inputBitsPerSlice: Int?
    /// ADC full scale as a fraction of the possible column range, (0, 1].
    public var adcFullScale: Double
    /// The memory device.
    public var device: DeviceParameters
    /// Time after programming at which the array is read, seconds (drift).
    public var readTime_s: Double

    public init(rows: Int, bitsPerCell: Int, adcBits: Int, inputBitsPerSlice: Int? = nil, adcFullScale: Double = 1,
                device: DeviceParameters, readTime_s: Double = 1) {
        self.rows = rows
        self.bitsPerCell = bitsPerCell
        self.adcBits = adcBits
        self.inputBitsPerSlice = inputBitsPerSlice
        self.adcFullScale = adcFullScale
        self.device = device
        self.readTime_s = readTime_s
    }

    /// The chip of a hardware design point with a given device.
    public init(hardware hw: HardwareConfig, device: DeviceParameters, readTime_s: Double = 1) {
        self.init(rows: hw.rows, bitsPerCell: hw.bitsPerCell, adcBits: hw.adcBits, device: device, readTime_s: readTime_s)
    }

    /// Why a chip/layer pair cannot be simulated or modelled; one line.
    public func problem(inputBits: Int, weightBits: Int) -> String? {
        if !(1...4096).contains(rows) { return "rows \(rows), expected 1…4096" }
        if !(1...16).contains(bitsPerCell) { return "bits per cell \(bitsPerCell), expected 1…16" }
        if bitsPerCell > device.maxBitsPerCell {
            return "bits per cell \(bitsPerCell) exceeds the device's \(device.maxBitsPerCell)"
        }
        if !(1...24).contains(adcBits) { return "ADC bits \(adcBits), expected 1…24" }
        if let s = inputBitsPerSlice, !(1...16).contains(s) { return "input bits per slice \(s), expected 1…16" }
        if !(adcFullScale > 0 && adcFullScale <= 1) { return "ADC full scale \(adcFullScale), expected a fraction in (0, 1]" }
        if !(readTime_s > 0 && readTime_s.isFinite) { return "read time \(readTime_s) s, expected > 0" }
        if !(2...16).contains(inputBits) { return "input bits \(inputBits), expected 2…16" }
        if !(2...16).contains(weightBits) { return "weight bits \(weightBits), expected 2…16" }
        return nil
    }
}

/// How a B-bit operand is cut into slices: ⌊B/b⌋ slices of b bits from the most significant end, then one
/// partial slice of B mod b bits (CiMLoop's convention). Slice i holds bits [shift, shift + width).
public struct OperandSlicing: Hashable, Sendable {
    public var totalBits: Int
    public var sliceBits: Int

    @inlinable public init(totalBits: Int, sliceBits: Int) {
        self.totalBits = totalBits
        self.sliceBits = min(max(1, sliceBits), totalBits)
    }

    @inlinable public var count: Int { (totalBits + sliceBits - 1) / sliceBits }
    /// Width of slice `i` (0 = most significant).
    @inlinable public func width(_ i: Int) -> Int { min(sliceBits, totalBits - i * sliceBits) }
    /// Position of slice `i`'s least significant bit.
    @inlinable public func shift(_ i: Int) -> Int { totalBits - i * sliceBits - width(i) }
    /// Value of slice `i` of an unsigned code.
    @inlinable public func slice(_ code: Int, _ i: Int) -> Int { (code >> shift(i)) & ((1 << width(i)) - 1) }
    /// Largest value of a full slice, 2^b − 1.
    @inlinable public var maxSliceValue: Int { (1 << sliceBits) - 1 }
}

extension FunctionalChip {
    /// The input slicing of a layer with `inputBits`-bit inputs.
    @inlinable public func inputSlicing(inputBits: Int) -> OperandSlicing {
        OperandSlicing(totalBits: inputBits, sliceBits: inputBitsPerSlice ?? inputBits)
    }
    /// The weight slicing of a layer with `weightBits`-bit weights (slices of min(bits per cell, weight bits)).
    @inlinable public func weightSlicing(weightBits: Int) -> OperandSlicing {
        OperandSlicing(totalBits: weightBits, sliceBits: bitsPerCell)
    }

    /// Possible column value of one conversion over `rowsUsed` rows, in level units: rows·(2^is − 1)(2^ws − 1).
    @inlinable public func possibleRange(rowsUsed: Int, inputBits: Int, weightBits: Int) -> Double {
        Double(rowsUsed) * Double(inputSlicing(inputBits: inputBits).maxSliceValue)
            * Double(weightSlicing(weightBits: weightBits).maxSliceValue)
    }

    /// ADC step in level units: the full scale over 2^B − 1 codes, never finer than one level.
    @inlinable public func adcStep(rowsUsed: Int, inputBits: Int, weightBits: Int) -> Double {
        max(1, adcFullScale * possibleRange(rowsUsed: rowsUsed, inputBits: inputBits, weightBits: weightBits)
            / Double((1 << adcBits) - 1))
    }

    /// Smallest ADC resolution that converts every possible column value exactly: ⌈log2(range + 1)⌉.
    @inlinable public func adcBitsNeeded(rowsUsed: Int, inputBits: Int, weightBits: Int) -> Int {
        let range = possibleRange(rowsUsed: rowsUsed, inputBits: inputBits, weightBits: weightBits)
        var bits = 1
        while Double((1 << bits) - 1) < range { bits += 1 }
        return bits
    }
}
