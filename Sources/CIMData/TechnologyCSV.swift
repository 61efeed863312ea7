import CIMHardware
import Foundation

/// Parses and writes technology tables: `component,parameter,value,unit[,note]`.
///
/// Checks, each reported as `FILE:LINE:COLUMN: what is wrong, expected …`:
/// - the header is exactly `component,parameter,value,unit` or `component,parameter,value,unit,note`;
/// - component and parameter are non-empty names of letters, digits, `_`, `.`, `-`;
/// - the value is a finite decimal (see ``CSVReader/finiteDouble(_:)``);
/// - the unit is one of ``TechnologyCSV/units`` and the value obeys that unit's rule
///   (e.g. resistance, length, area and time are > 0; energy and power are ≥ 0; `bits` is a positive integer);
/// - no (component, parameter) pair appears twice.
public enum TechnologyCSV {
    /// The accepted header columns, in order; `note` is optional.
    public static let columns = ["component", "parameter", "value", "unit", "note"]

    /// What a unit measures and which values are physically possible for it.
    public struct UnitRule: Hashable, Sendable {
        public enum Sign: Hashable, Sendable {
            /// Strictly positive (resistance, length, area, time, frequency, capacitance).
            case positive
            /// Zero or positive (energy, power, counts, magnitudes).
            case nonNegative
            /// Any finite value (dimensionless coefficients, decibels).
            case any
        }
        public var quantity: String
        public var sign: Sign
        /// The value must be a whole number.
        public var integral: Bool
    }

    /// Accepted units. SI prefixes are spelled in ASCII (`u` for micro); `1` marks a dimensionless number.
    public static let units: [String: UnitRule] = {
        var table: [String: UnitRule] = [:]
        func add(_ names: [String], _ quantity: String, _ sign: UnitRule.Sign, integral: Bool = false) {
            for name in names { table[name] = UnitRule(quantity: quantity, sign: sign, integral: integral) }
        }
        add(["ohm", "kohm", "Mohm"], "resistance", .positive)
        add(["ohm*m"], "resistivity", .positive)
        add(["m", "mm", "um", "nm"], "length", .positive)
        add(["F2", "nm2", "um2", "mm2", "m2"], "area", .positive)
        add(["s", "ms", "us", "ns", "ps"], "time", .positive)
        add(["Hz", "kHz", "MHz", "GHz"], "frequency", .positive)
        add(["F", "pF", "fF", "aF"], "capacitance", .positive)
        add(["V", "mV"], "voltage", .nonNegative)
        add(["A", "mA", "uA", "nA"], "current", .nonNegative)
        add(["J", "nJ", "pJ", "fJ", "aJ"], "energy", .nonNegative)
        add(["W", "mW", "uW", "nW", "pW"], "power", .nonNegative)
        add(["bits"], "bit width", .positive, integral: true)
        add(["count"], "count", .nonNegative, integral: true)
        add(["ratio", "percent"], "ratio", .nonNegative)
        add(["1"], "dimensionless", .any)
        add(["dB"], "decibels", .any)
        return table
    }()

    /// Parses a technology table from a file.
    public static func read(path: String) throws -> [TechnologyEntry] {
        try parse(CSVReader.read(path: path))
    }

    /// Parses a technology table from text; `file` names the source in errors.
    public static func parse(text: String, file: String) throws -> [TechnologyEntry] {
        try parse(CSVReader.parse(text: text, file: file))
    }

    /// Checks a parsed CSV table and converts its rows.
    ///
    /// - Complexity: O(rows); duplicates are found with a hash set.
    public static func parse(_ table: CSVTable) throws -> [TechnologyEntry] {
        let header = table.header
        let expected = "component,parameter,value,unit[,note]"
        if !header.fields.contains(where: { columns.contains($0.text) }) {
            throw table.error(at: header[0], "missing header, expected the first line to be \(expected)")
        }
        for (i, field) in header.fields.enumerated() {
            guard i < columns.count, field.text == columns[i] else {
                let wanted = i < columns.count ? "'\(columns[i])'" : "no more columns"
                let problem = columns.contains(field.text) ? "misplaced" : "unknown"
                throw table.error(at: field, "\(problem) header column '\(field.text)', expected \(wanted) (header \(expected))")
            }
        }
        guard header.count >= 4 else {
            throw CSVError(file: table.file, line: header.endLine, column: header.endColumn,
                           message: "missing header column '\(columns[header.count])', expected header \(expected)")
        }
        var seen: [String: Int] = [:]
        var entries: [TechnologyEntry] = []
        entries.reserveCapacity(table.rows.count)
        for row in table.rows {
            let component = row[0], parameter = row[1], valueField = row[2], unitField = row[3]
            try checkName(component, "component", in: table)
            try checkName(parameter, "parameter", in: table)
            let value = try table.double(valueField)
            guard let rule = units[unitField.text] else {
                throw table.error(at: unitField, "unknown unit '\(unitField.text)', expected one of \(unitList)")
            }
            switch rule.sign {
            case .positive where !(value > 0):
                throw table.error(at: valueField,
                                  "\(rule.quantity) \(valueField.text) \(unitField.text) is physically impossible, expected a value > 0")
            case .nonNegative where value < 0:
                throw table.error(at: valueField,
                                  "\(rule.quantity) \(valueField.text) \(unitField.text) is physically impossible, expected a value >= 0")
            default: break
            }
            if rule.integral && value.rounded() != value {
                throw table.error(at: valueField, "\(rule.quantity) \(valueField.text) is not a whole number, expected an integer")
            }
            let key = component.text + "\u{0}" + parameter.text
            if let first = seen[key] {
                throw table.error(at: component,
                                  "duplicate (\(component.text), \(parameter.text)), expected each pair once (first on line \(first))")
            }
            seen[key] = row.line
            let note = row.count > 4 ? row[4].text : ""
            entries.append(TechnologyEntry(component: component.text, parameter: parameter.text,
                                           value: value, unit: unitField.text, note: note))
        }
        return entries
    }

    /// The accepted units as a sorted, comma-separated list (for messages and docs).
    public static var unitList: String { units.keys.sorted().joined(separator: ", ") }

    private static func checkName(_ field: CSVField, _ what: String, in table: CSVTable) throws {
        if field.text.isEmpty {
            throw table.error(at: field, "empty \(what), expected a name")
        }
        let ok = field.text.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "." || s == "-"
        }
        if !ok {
            throw table.error(at: field, "\(what) '\(field.text)' has invalid characters, expected letters, digits, '_', '.' or '-'")
        }
    }

    /// Writes entries as CSV with the full header (`…,note`); values use Swift's shortest round-trip form.
    public static func write(_ entries: [TechnologyEntry]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for e in entries {
            out += [e.component, e.parameter, formatValue(e.value), e.unit, quote(e.note)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// Shortest text that parses back to exactly `value`.
    public static func formatValue(_ value: Double) -> String { "\(value)" }

    /// Quotes a field when it holds a delimiter, quote, line end or surrounding spaces.
    public static func quote(_ text: String) -> String {
        let needs = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
            || text.hasPrefix(" ") || text.hasSuffix(" ") || text.hasPrefix("\t") || text.hasSuffix("\t")
        guard needs else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
