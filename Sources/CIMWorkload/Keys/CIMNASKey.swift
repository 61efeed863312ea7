import CIMData
import CIMHardware

/// The original CIMNAS result key, parsed and printed exactly.
///
/// `A_{V}_{bpc}_{bl}_{rows}_{cols}_{srg}_{tiles}_{macros}_{glb}_{depth×6}_{kernel×21}_{pw_w×21}_{pw_a×21}`
/// `_{dw_w×21}_{dw_a×21}_{e index×21 joined by _}`: numbers as Python prints them (`0.7`, `4e-09`), the
/// digit groups written without separators and the expand genes as indices into each block's grid.
public struct CIMNASKey: Hashable, Sendable, CustomStringConvertible {
    /// The nine hardware knobs (V, bits/cell, base latency, rows, cols, router group, tiles, macros, glb depth).
    public var hardware: HardwareConfig
    /// Depths, kernels, expand indices and bits exactly as the key holds them (dead genes kept).
    public var subnet: SubnetSpec

    public init(hardware: HardwareConfig, subnet: SubnetSpec) {
        self.hardware = hardware
        self.subnet = subnet
    }

    /// An error in a key: which field, what was found and what was expected.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Character offset (1-based) of the offending field in the key.
        public var column: Int
        public var message: String
        public var description: String { "column \(column): \(message)".escapingControlCharacters }
    }

    /// Parses a key; fails on anything that would not print back identically.
    public init(parsing text: String) throws(ParseError) {
        let fields = text.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        var columns: [Int] = []
        var offset = 1
        for field in fields { columns.append(offset); offset += field.count + 1 }
        func fail(_ i: Int, _ message: String) -> ParseError {
            ParseError(column: i < columns.count ? columns[i] : offset, message: message)
        }
        guard fields.count == 37 else {
            throw fail(min(fields.count, 36), "key has \(fields.count) fields separated by '_', expected 37 (A, 9 hardware, 6 digit groups, 21 expand indices)")
        }
        guard fields[0] == "A" else { throw fail(0, "key starts with '\(fields[0])', expected 'A'") }
        func double(_ i: Int, _ name: String) throws(ParseError) -> Double {
            guard let v = Double(fields[i]), v.isFinite, abs(v) <= 1e300, PythonFloat.repr(v) == fields[i] else {
                throw fail(i, "\(name) '\(fields[i])' is not a number as Python prints it, expected e.g. 0.7 or 4e-09")
            }
            // Voltage and latency are physical quantities (found by the fuzzer: '-0.5' was accepted).
            guard v > 0 else { throw fail(i, "\(name) '\(fields[i])' is not positive, expected e.g. 0.7 or 4e-09") }
            return v
        }
        func int(_ i: Int, _ name: String) throws(ParseError) -> Int {
            guard let v = Int(fields[i]), v > 0, String(v) == fields[i] else {
                throw fail(i, "\(name) '\(fields[i])' is not a positive integer, expected e.g. 128")
            }
            return v
        }
        func digits(_ i: Int, _ name: String, count: Int) throws(ParseError) -> [Int] {
            let values = fields[i].compactMap { $0.wholeNumberValue }
            guard fields[i].count == count, values.count == count, fields[i].allSatisfy({ $0.isASCII }) else {
                throw fail(i, "\(name) '\(fields[i])' is not \(count) digits")
            }
            return values
        }
        let hw = HardwareConfig(
            voltage_v: try double(1, "voltage"), bitsPerCell: try int(2, "bits per cell"),
            baseLatency_s: try double(3, "base latency"), rows: try int(4, "rows"), cols: try int(5, "cols"),
            routerGroup: try int(6, "router group"), tilesPerChip: try int(7, "tiles"),
            macrosPerTile: try int(8, "macros per tile"), glbDepth: try int(9, "glb depth"))
        if let problem = InputLimits.problem(hw) {
            let index = ["voltage_v": 1, "bits_per_cell": 2, "base_latency_s": 3, "rows": 4, "cols": 5, "router_group": 6,
                         "tiles_per_chip": 7, "macros_per_tile": 8, "glb_depth": 9][problem.field] ?? 1
            throw fail(index, problem.message)
        }
        let n = SubnetSpec.blockCount
        let depths = try digits(10, "depths", count: SubnetSpec.stageCount)
        let kernels = try digits(11, "kernels", count: n)
        let pwW = try digits(12, "pw weight bits", count: n)
        let pwA = try digits(13, "pw activation bits", count: n)
        let dwW = try digits(14, "dw weight bits", count: n)
        let dwA = try digits(15, "dw activation bits", count: n)
        var expand: [Int] = []
        for i in 16..<37 {
            guard let v = Int(fields[i]), v >= 0, String(v) == fields[i] else {
                throw fail(i, "expand index '\(fields[i])' of block \(i - 16) is not a non-negative integer")
            }
            expand.append(v)
        }
        self.hardware = hw
        self.subnet = SubnetSpec(depths: depths, kernels: kernels, expandIndices: expand, pwWeightBits: pwW,
                                 pwActivationBits: pwA, dwWeightBits: dwW, dwActivationBits: dwA)
    }

    /// The key text, as the original wrote it.
    public var description: String {
        let h = hardware, s = subnet
        func group(_ values: [Int]) -> String { values.map(String.init).joined() }
        let parts: [String] = [
            "A", PythonFloat.repr(h.voltage_v), "\(h.bitsPerCell)", PythonFloat.repr(h.baseLatency_s),
            "\(h.rows)", "\(h.cols)", "\(h.routerGroup)", "\(h.tilesPerChip)", "\(h.macrosPerTile)", "\(h.glbDepth)",
            group(s.depths), group(s.kernels), group(s.pwWeightBits), group(s.pwActivationBits),
            group(s.dwWeightBits), group(s.dwActivationBits),
        ] + s.expandIndices.map(String.init)
        return parts.joined(separator: "_")
    }

    /// The design this key denotes (MobileNetV2 supernet, default extended hardware settings).
    public var design: Design { Design(hardware: hardware, network: .mobileNetV2(subnet)) }
}
