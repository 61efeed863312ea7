/// The documented ranges of every value a user gives (flags, workload CSV, design JSON, CIMNAS keys, search
/// spaces): one check per concept, shared by every entry point, with messages that name the range
/// (docs/errors-and-limits.md lists them).
///
/// The bounds make the cost model's integer arithmetic safe (InputLimitsTests checks the extremes):
/// - a layer's G·C·M·R·S·P·Q·N ≤ 2^50 (multiplied with overflow detection); every dimension ≤ 2^16, so an
///   input window (P − 1)·stride + R ≤ 2^14·2^6 + 2^6 < 2^21, and the products with windows in
///   ActionCounts.swift are formed in Double;
/// - a chip's router group · tiles · macros ≤ 2^22, so cells = macros · rows · cols ≤ 2^22 · 2^24 = 2^46 and
///   global-buffer bits = glb_depth · 2048 ≤ 2^35, far below Int.max = 2^63 − 1.
public enum InputLimits {
    /// Peripheral supply, volts (the searched spaces use 0.5–1.0).
    public static let voltage_v: ClosedRange<Double> = 0.3...1.5
    /// Weight bits per cell (multi-level RRAM beyond 8 levels of bits is not a device).
    public static let bitsPerCell: ClosedRange<Int> = 1...8
    /// Cycle time and read pulse width, seconds (1 ps … 1 ms).
    public static let time_s: ClosedRange<Double> = 1e-12...1e-3
    /// Crossbar rows and columns: a multiple of 8 in this range.
    public static let arraySide: ClosedRange<Int> = 8...4096
    /// Router group, tiles per router group, macros per tile, each.
    public static let hierarchy: ClosedRange<Int> = 1...4096
    /// Macros on a chip (router group × tiles × macros per tile).
    public static let maxMacros = 1 << 22
    /// Global buffer depth, 2048-bit words.
    public static let glbDepth: ClosedRange<Int> = 1...(1 << 24)
    /// ADC resolution and operand precisions, bits.
    public static let bits: ClosedRange<Int> = 1...16
    /// Technology node, nm: the range the scaling rules cover (TechnologyScaling.supportedRange_nm).
    public static var technology_nm: ClosedRange<Double> { TechnologyScaling.supportedRange_nm }

    /// G, C and M (groups, input and output channels).
    public static let channels: ClosedRange<Int> = 1...65_536
    /// R and S (kernel height and width).
    public static let kernel: ClosedRange<Int> = 1...64
    /// P and Q (output height and width).
    public static let outputSide: ClosedRange<Int> = 1...16_384
    /// N (batch).
    public static let batch: ClosedRange<Int> = 1...1024
    /// Convolution stride.
    public static let stride: ClosedRange<Int> = 1...64
    /// G·C·M·R·S·P·Q·N of one layer (2^50 ≈ 1.1e15; ResNet50's largest layer has 1.2e8).
    public static let maxLayerMACs = 1 << 50

    /// A value outside its range: which field, and the message (`FIELD V, expected RANGE`).
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// The field as the entry point names it (hardware field names of the design JSON, layer keys).
        public var field: String
        public var message: String
        public var description: String { message }
    }

    static func fmt(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    static func check(_ field: String, _ v: Int, _ range: ClosedRange<Int>, _ unit: String = "") -> Problem? {
        range.contains(v) ? nil
            : Problem(field: field, message: "\(field) \(v)\(unit) is out of range, expected \(range.lowerBound)…\(range.upperBound)\(unit)")
    }

    static func check(_ field: String, _ v: Double, _ range: ClosedRange<Double>, _ unit: String) -> Problem? {
        v.isFinite && range.contains(v) ? nil
            : Problem(field: field, message: "\(field) \(v)\(unit) is out of range, expected \(fmt(range.lowerBound))…\(fmt(range.upperBound))\(unit)")
    }

    /// The first knob of `hw` outside its range, or nil. Field names are the design JSON's.
    public static func problem(_ hw: HardwareConfig) -> Problem? {
        if let p = check("voltage_v", hw.voltage_v, voltage_v, " V") { return p }
        if let p = check("bits_per_cell", hw.bitsPerCell, bitsPerCell) { return p }
        if let p = check("base_latency_s", hw.baseLatency_s, time_s, " s") { return p }
        for (name, side) in [("rows", hw.rows), ("cols", hw.cols)] {
            if !arraySide.contains(side) || side % 8 != 0 {
                return Problem(field: name, message: "\(name) \(side) is out of range, expected a multiple of 8 in 8…4096")
            }
        }
        if let p = check("router_group", hw.routerGroup, hierarchy) { return p }
        if let p = check("tiles_per_chip", hw.tilesPerChip, hierarchy) { return p }
        if let p = check("macros_per_tile", hw.macrosPerTile, hierarchy) { return p }
        // Each factor ≤ 2^12, so the product ≤ 2^36 cannot overflow before it is compared.
        let macros = hw.routerGroup * hw.tilesPerChip * hw.macrosPerTile
        if macros > maxMacros {
            return Problem(field: "macros_per_tile", message: "router_group × tiles_per_chip × macros_per_tile = \(macros) macros is out of range, expected at most \(maxMacros) (2^22)")
        }
        if let p = check("glb_depth", hw.glbDepth, glbDepth) { return p }
        if let p = check("adc_bits", hw.adcBits, bits) { return p }
        if let p = check("technology_nm", hw.technology_nm, technology_nm, " nm") { return p }
        if let p = check("read_pulse_width_s", hw.readPulseWidth_s, time_s, " s") { return p }
        return nil
    }

    /// The first dimension of `shape` outside its range or inconsistent with its kind, or nil. Field names
    /// are the workload CSV's columns (G, C, M, R, S, P, Q, N, stride).
    public static func problem(_ shape: LayerShape) -> Problem? {
        for (name, v, range) in [("G", shape.G, channels), ("C", shape.C, channels), ("M", shape.M, channels),
                                 ("R", shape.R, kernel), ("S", shape.S, kernel), ("P", shape.P, outputSide),
                                 ("Q", shape.Q, outputSide), ("N", shape.N, batch), ("stride", shape.stride, stride)] {
            if let p = check(name, v, range) { return p }
        }
        switch shape.kind {
        case .depthwise:
            if shape.C != 1 { return Problem(field: "C", message: "depthwise layer has C = \(shape.C), expected 1 (channels go in G)") }
            if shape.M != 1 { return Problem(field: "M", message: "depthwise layer has M = \(shape.M), expected 1 (channels go in G)") }
        case .pointwise:
            if shape.R != 1 { return Problem(field: "R", message: "pointwise layer has R = \(shape.R), expected 1") }
            if shape.S != 1 { return Problem(field: "S", message: "pointwise layer has S = \(shape.S), expected 1") }
        case .linear:
            for (name, v) in [("R", shape.R), ("S", shape.S), ("P", shape.P), ("Q", shape.Q)] where v != 1 {
                return Problem(field: name, message: "linear layer has \(name) = \(v), expected 1")
            }
        case .conv:
            break
        }
        var macs = 1
        for v in [shape.G, shape.C, shape.M, shape.R, shape.S, shape.P, shape.Q, shape.N] {
            let (product, overflow) = macs.multipliedReportingOverflow(by: v)
            if overflow || product > maxLayerMACs {
                return Problem(field: "P", message: "G·C·M·R·S·P·Q·N is out of range, expected at most 2^50 MACs per layer")
            }
            macs = product
        }
        return nil
    }

    /// Operand precision `field` (input_bits, weight_bits) outside 1…16, or nil.
    public static func problem(bits v: Int, field: String) -> Problem? { check(field, v, bits) }
}
