import DesignDB
import Foundation

/// Prints result rows as an aligned table, CSV or JSON (an array of objects).
enum ResultPrinter {
    static func render(columns: [String], rows: [[SQLValue]], format: OutputFormat) -> String {
        switch format {
        case .table: return table(columns: columns, rows: rows)
        case .csv: return csv(columns: columns, rows: rows)
        case .json: return json(columns: columns, rows: rows)
        }
    }

    static func print(columns: [String], rows: [[SQLValue]], format: OutputFormat) {
        Swift.print(render(columns: columns, rows: rows, format: format), terminator: "")
    }

    static func cell(_ v: SQLValue) -> String {
        switch v {
        case .real(let d):
            // Tables show 6 significant digits; CSV and JSON keep full precision.
            let s = String(format: "%.6g", d)
            return s
        case .null: return ""
        default: return v.description
        }
    }

    static func table(columns: [String], rows: [[SQLValue]]) -> String {
        let cells = rows.map { $0.map(cell) }
        var widths = columns.map(\.count)
        for r in cells { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ values: [String], numeric: [Bool]) -> String {
            values.enumerated().map { i, v in
                let pad = String(repeating: " ", count: widths[i] - v.count)
                return numeric[i] ? pad + v : v + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let numeric = columns.indices.map { i in
            rows.contains { r in if case .integer = r[i] { return true }; if case .real = r[i] { return true }; return false }
        }
        var out = line(columns, numeric: numeric) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in cells { out += line(r, numeric: numeric) + "\n" }
        out += "(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n"
        return out
    }

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func csv(columns: [String], rows: [[SQLValue]]) -> String {
        var out = columns.map(csvField).joined(separator: ",") + "\n"
        for r in rows {
            out += r.map { $0 == .null ? "" : csvField($0.description) }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func json(columns: [String], rows: [[SQLValue]]) -> String {
        JSONOutput.render(rows.map { JSONOutput.Object(pairs: Array(zip(columns, $0.map { $0 as Any }))) }) + "\n"
    }
}
