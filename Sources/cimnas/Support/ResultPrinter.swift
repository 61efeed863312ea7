import DesignDB
import Foundation

/// Prints result rows as an aligned table, CSV or JSON (an array of objects).
enum ResultPrinter {
    static func render(columns: [String], rows: [[SQLValue]], format: OutputFormat) -> String {
        var out = ""
        let stream = RowStream(columns: columns, format: format, widthSample: max(rows.count, 1)) { out += $0 }
        for r in rows { stream.add(r) }
        stream.finish()
        return out
    }

    static func print(columns: [String], rows: [[SQLValue]], format: OutputFormat) {
        Swift.print(render(columns: columns, rows: rows, format: format), terminator: "")
    }

    static func cell(_ v: SQLValue) -> String {
        switch v {
        case .real(let d):
            // Tables show 6 significant digits; CSV and JSON keep full precision.
            return String(format: "%.6g", d)
        case .null: return ""
        default: return v.description
        }
    }

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

/// Rows printed as they arrive: CSV and JSON at once, a table after its first `widthSample` rows (which set
/// the column widths and alignment; later wider cells just push their line out). Memory stays bounded by the
/// sample, whatever the number of rows.
final class RowStream {
    let columns: [String]
    let format: OutputFormat
    let widthSample: Int
    let write: (String) -> Void
    private(set) var count = 0
    private var pending: [[String]] = []
    private var numeric: [Bool]
    private var widths: [Int] = []
    private var headerDone = false

    init(columns: [String], format: OutputFormat, widthSample: Int = 1000, write: @escaping (String) -> Void) {
        self.columns = columns
        self.format = format
        self.widthSample = max(1, widthSample)
        self.write = write
        self.numeric = columns.map { _ in false }
        if format == .csv {
            write(columns.map(ResultPrinter.csvField).joined(separator: ",") + "\n")
        }
    }

    /// Adds one row (as many values as columns).
    func add(_ row: [SQLValue]) {
        count += 1
        switch format {
        case .csv:
            write(row.map { $0 == .null ? "" : ResultPrinter.csvField($0.description) }.joined(separator: ",") + "\n")
        case .json:
            // Each row in the one JSON style (docs/glossary.md), written as soon as it is stepped.
            var object = ""
            JSONOutput.write(JSONOutput.Object(pairs: zip(columns, row.map(JSONOutput.any)).map { ($0, $1) }),
                             indent: "  ", into: &object)
            write((count == 1 ? "[\n" : ",\n") + "  " + object)
        case .table:
            for (i, v) in row.enumerated() where i < numeric.count {
                if case .integer = v { numeric[i] = true } else if case .real = v { numeric[i] = true }
            }
            if headerDone {
                write(line(row.map(ResultPrinter.cell)) + "\n")
            } else {
                pending.append(row.map(ResultPrinter.cell))
                if pending.count >= widthSample { flushTable() }
            }
        }
    }

    /// Ends the output (the table's row count line, JSON's closing bracket); `note` follows a table's count.
    func finish(note: String? = nil) {
        switch format {
        case .csv: break
        case .json: write(count == 0 ? "[]\n" : "\n]\n")
        case .table:
            flushTable()
            write("(\(count) row\(count == 1 ? "" : "s")\(note.map { "; " + $0 } ?? ""))\n")
        }
    }

    private func flushTable() {
        if !headerDone {
            widths = columns.map(\.count)
            for r in pending { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
            write(line(columns) + "\n")
            write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
            headerDone = true
        }
        for r in pending { write(line(r) + "\n") }
        pending.removeAll()
    }

    private func line(_ values: [String]) -> String {
        values.enumerated().map { i, v in
            let pad = String(repeating: " ", count: max(0, widths[i] - v.count))
            return numeric[i] ? pad + v : v + pad
        }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
}
