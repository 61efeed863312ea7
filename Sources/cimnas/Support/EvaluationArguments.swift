import CIMData
import CIMHardware

/// Strict parsers for the cost-model command-line values (`--hw`, `--layer`); errors are one line naming
/// the flag and what was expected (CLIError.usage, exit 2).
enum EvaluationArguments {
    static let hardwareFields = ["V", "BPC", "BASE_LATENCY", "ROWS", "COLS", "SRG", "TIC", "MIT", "GLB_DEPTH"]

    /// `V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH` in the CIMNAS genome order.
    static func hardware(_ text: String) throws -> HardwareConfig {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == hardwareFields.count else {
            throw CLIError.usage("--hw: got \(parts.count) values, expected 9: \(hardwareFields.joined(separator: ","))")
        }
        func real(_ i: Int) throws -> Double {
            // The CSV number rules: decimal only, finite, |x| ≤ 1e300 (no NaN, inf, hex or 1e308).
            guard case .success(let v) = CSVReader.finiteDouble(parts[i]), v > 0 else {
                throw CLIError.usage("--hw: \(hardwareFields[i]) '\(parts[i])' (field \(i + 1) of 9), expected a positive number")
            }
            return v
        }
        func integer(_ i: Int) throws -> Int {
            guard let v = Int(parts[i]), v > 0 else {
                throw CLIError.usage("--hw: \(hardwareFields[i]) '\(parts[i])' (field \(i + 1) of 9), expected a positive integer")
            }
            return v
        }
        let hw = HardwareConfig(voltage_v: try real(0), bitsPerCell: try integer(1), baseLatency_s: try real(2),
                                rows: try integer(3), cols: try integer(4), routerGroup: try integer(5),
                                tilesPerChip: try integer(6), macrosPerTile: try integer(7), glbDepth: try integer(8))
        try checkLimits(hw, flag: "--hw")
        return hw
    }

    /// The shared hardware ranges (InputLimits) as a usage error naming `flag`.
    static func checkLimits(_ hw: HardwareConfig, flag: String) throws {
        if let problem = InputLimits.problem(hw) { throw CLIError.usage("\(flag): \(problem.message)") }
    }

    static let layerKeys = ["G", "C", "M", "R", "S", "P", "Q", "N", "stride", "kind"]

    /// `G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1[,kind=conv]`; C, M, P, Q required (P, Q output sizes).
    static func layer(_ text: String, inputBits: Int, weightBits: Int) throws -> LayerWorkload {
        var values: [String: Int] = [:]
        var kind: LayerKind?
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            var pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            // The dimensions print lowercase (docs/glossary.md) and read in either case.
            if pair[0].count == 1 { pair[0] = pair[0].uppercased() }
            guard pair.count == 2, layerKeys.contains(pair[0]) else {
                throw CLIError.usage("--layer: '\(item)', expected KEY=VALUE with KEY one of \(layerKeys.joined(separator: ","))")
            }
            if values[pair[0]] != nil || (pair[0] == "kind" && kind != nil) {
                throw CLIError.usage("--layer: \(pair[0]) given twice, expected each key once")
            }
            if pair[0] == "kind" {
                guard let k = LayerKind(rawValue: pair[1]) else {
                    throw CLIError.usage("--layer: kind '\(pair[1])', expected one of \(LayerKind.allCases.map(\.rawValue).joined(separator: ","))")
                }
                kind = k
                continue
            }
            guard let v = Int(pair[1]), v > 0 else {
                throw CLIError.usage("--layer: \(pair[0])='\(pair[1])', expected a positive integer")
            }
            values[pair[0]] = v
        }
        for required in ["C", "M", "P", "Q"] where values[required] == nil {
            throw CLIError.usage("--layer: \(required) missing, expected at least C, M, P and Q")
        }
        for (flag, field, v) in [("--input-bits", "input_bits", inputBits), ("--weight-bits", "weight_bits", weightBits)] {
            if let problem = InputLimits.problem(bits: v, field: field) { throw CLIError.usage("\(flag): \(problem.message)") }
        }
        let g = values["G"] ?? 1, r = values["R"] ?? 1, s = values["S"] ?? 1
        // Depthwise only when the channels are in G (C = M = 1); G > 1 with more channels is a grouped convolution.
        let depthwise = g > 1 && values["C"] == 1 && values["M"] == 1
        let inferred: LayerKind = depthwise ? .depthwise : (r == 1 && s == 1 ? .pointwise : .conv)
        let shape = LayerShape(kind: kind ?? inferred, G: g, C: values["C"]!, M: values["M"]!, R: r, S: s,
                               P: values["P"]!, Q: values["Q"]!, N: values["N"] ?? 1, stride: values["stride"] ?? 1)
        if let problem = InputLimits.problem(shape) { throw CLIError.usage("--layer: \(problem.message)") }
        return LayerWorkload(name: "layer", shape: shape, inputBits: inputBits, weightBits: weightBits)
    }

    /// A value histogram: 2^k − 1 comma-separated non-negative bins, not all zero.
    static func histogram(_ text: String, flag: String) throws -> [Double] {
        var bins: [Double] = []
        for (i, item) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            guard let v = Double(item.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
                throw CLIError.usage("\(flag): bin \(i + 1) '\(item)', expected a non-negative number")
            }
            bins.append(v)
        }
        let n = bins.count + 1
        guard n & (n - 1) == 0, bins.count >= 1 else {
            throw CLIError.usage("\(flag): \(bins.count) bins, expected 2^k − 1 (3, 7, 15, 31, …)")
        }
        guard bins.contains(where: { $0 > 0 }) else { throw CLIError.usage("\(flag): all bins are 0, expected a positive bin") }
        return bins
    }
}
