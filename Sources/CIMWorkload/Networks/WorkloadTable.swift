import CIMData
import CIMHardware

/// A custom network as a CSV layer table: `name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits[,dilation]`.
///
/// Parsed strictly: the exact header, one row per layer, unique names, `kind` one of conv, pointwise,
/// depthwise, linear, positive integers in the ranges of InputLimits (depthwise rows with C = M = 1,
/// pointwise rows with R = S = 1, linear rows with R = S = P = Q = 1, bits in 1…16). Errors are `FILE:LINE:COLUMN: what is wrong,
/// expected …` and nothing is returned.
///
/// The optional last column `dilation` (kernel dilation, both axes; ONNX imports write it) is shown by
/// `rows`; `parse`, which feeds the cost model, refuses dilation above 1 because the cost model's input
/// windows assume dense kernels.
public enum WorkloadTable {
    /// The required header (the dimension letters are read in either case; outputs print them lowercase).
    public static let columns = ["name", "kind", "g", "c", "m", "r", "s", "p", "q", "n", "stride", "input_bits", "weight_bits"]
    /// The optional column after `columns`.
    public static let dilationColumn = "dilation"

    /// One row: a layer, its kernel dilation and, when parsed, where its dilation field is.
    public struct Row: Hashable, Sendable {
        public var layer: LayerWorkload
        public var dilation: Int
        /// Line and column of the dilation field (line 0 when the row was not read from a file).
        public var line = 0, column = 0
        public init(layer: LayerWorkload, dilation: Int = 1) {
            self.layer = layer
            self.dilation = dilation
        }
    }

    /// A problem at a place in the file.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        /// `FILE:LINE:COLUMN: message`, or `FILE: message` when there is no position (line 0).
        public var description: String {
            (line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)").escapingControlCharacters
        }
    }

    /// Parses a layer table for the cost model: a row with dilation above 1 is refused.
    public static func parse(_ text: String, file: String) throws(Error) -> [LayerWorkload] {
        let rows = try self.rows(text, file: file)
        if let r = rows.first(where: { $0.dilation != 1 }) {
            throw Error(file: file, line: r.line, column: r.column,
                        message: "layer '\(r.layer.name)' has dilation \(r.dilation), which the cost model does not model, expected 1")
        }
        return rows.map(\.layer)
    }

    /// Parses a layer table with its optional dilation column.
    public static func rows(_ text: String, file: String) throws(Error) -> [Row] {
        let table: CSVTable
        do { table = try CSVReader.parse(text: text, file: file) } catch let error as CSVError {
            throw Error(file: error.file, line: error.line, column: error.column, message: error.message)
        } catch {
            throw Error(file: file, line: 0, column: 0, message: "\(error)")
        }
        let header = table.header
        for (i, expected) in columns.enumerated() {
            guard i < header.count else {
                throw Error(file: file, line: header.endLine, column: header.endColumn,
                            message: "header ends after \(header.count) columns, expected column \(i + 1) '\(expected)'")
            }
            if header[i].text != expected && !(expected.count == 1 && header[i].text == expected.uppercased()) {
                throw Error(file: file, line: header[i].line, column: header[i].column,
                            message: "header column \(i + 1) is '\(header[i].text)', expected '\(expected)'")
            }
        }
        let hasDilation = header.count > columns.count && header[columns.count].text == dilationColumn
        let width = columns.count + (hasDilation ? 1 : 0)
        if header.count > width {
            throw Error(file: file, line: header[width].line, column: header[width].column,
                        message: "header has \(header.count) columns, expected \(columns.count) or \(columns.count + 1) ending in '\(dilationColumn)'")
        }
        var layers: [Row] = []
        var seen: [String: Int] = [:]
        for record in table.rows {
            func fail(_ field: Int, _ message: String) -> Error {
                Error(file: file, line: record[field].line, column: record[field].column, message: message)
            }
            let name = record.fields[0].text
            guard !name.isEmpty else { throw fail(0, "empty layer name, expected a name") }
            if let first = seen[name] { throw fail(0, "layer name '\(name)' repeats line \(first), expected unique names") }
            seen[name] = record.line
            guard let kind = LayerKind(rawValue: record.fields[1].text) else {
                throw fail(1, "kind '\(record.fields[1].text)' is unknown, expected one of conv, pointwise, depthwise, linear")
            }
            var values: [Int] = []
            for i in 2..<width {
                let t = record.fields[i].text
                guard let v = Int(t), v >= 1, String(v) == t else {
                    throw fail(i, "\(i < columns.count ? columns[i] : dilationColumn) '\(t)' is not a positive integer, expected e.g. 1")
                }
                values.append(v)
            }
            let (G, C, M, R, S, P, Q, N, stride, inBits, wBits) =
                (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9], values[10])
            for (i, bits) in [(11, inBits), (12, wBits)] {
                if let problem = InputLimits.problem(bits: bits, field: columns[i]) { throw fail(i, problem.message) }
            }
            let shape = LayerShape(kind: kind, G: G, C: C, M: M, R: R, S: S, P: P, Q: Q, N: N, stride: stride)
            if let problem = InputLimits.problem(shape) { throw fail(columns.firstIndex(of: problem.field.lowercased()) ?? 2, problem.message) }
            let dilation = hasDilation ? values[11] : 1
            if dilation > 1024 { throw fail(columns.count, "dilation \(dilation) is out of range, expected 1 to 1024") }
            let layer = LayerWorkload(name: name, shape: shape, inputBits: inBits, weightBits: wBits)
            var row = Row(layer: layer, dilation: dilation)
            if hasDilation { (row.line, row.column) = (record[columns.count].line, record[columns.count].column) }
            layers.append(row)
        }
        if layers.isEmpty {
            throw Error(file: file, line: header.endLine + 1, column: 1, message: "no layers, expected at least one row after the header")
        }
        return layers
    }

    /// The CSV text of `rows` (the format `rows(_:file:)` reads); the `dilation` column is written only when a
    /// row has dilation above 1. Names holding a comma, quote or line break are quoted.
    public static func write(_ rows: [Row]) -> String {
        let dilated = rows.contains { $0.dilation != 1 }
        var out = (columns + (dilated ? [dilationColumn] : [])).joined(separator: ",") + "\n"
        for row in rows {
            let l = row.layer, s = l.shape
            var name = l.name
            if name.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
                name = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            var fields = [name, s.kind.rawValue] + [s.G, s.C, s.M, s.R, s.S, s.P, s.Q, s.N, s.stride, l.inputBits, l.weightBits].map(String.init)
            if dilated { fields.append(String(row.dilation)) }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
