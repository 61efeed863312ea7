import CIMData
import Foundation

/// A shipped SQL query (`queries/NAME.sql`) whose header declares its name, purpose and typed parameters:
///
/// ```sql
/// -- name: best_edap_under_constraints
/// -- description: Feasible designs with the lowest EDAP under the given bounds.
/// -- param: max_area_mm2 REAL = 1e9 -- largest chip area, mm²
/// SELECT … WHERE area_mm2 <= :max_area_mm2 …
/// ```
///
/// Parameters are always bound (`:name`), never spliced into the SQL text. `-- archive: exact` marks a query
/// whose answer on a Pareto-archive database (`precompute --store pareto`) equals the full sweep's.
public struct NamedQuery: Hashable, Sendable {
    public enum ParameterType: String, Hashable, Sendable, CaseIterable {
        case integer = "INTEGER"
        case real = "REAL"
        case text = "TEXT"

        /// The value of `text` as this type, or nil when it is not one.
        public func value(_ text: String) -> SQLValue? {
            switch self {
            case .integer: return Int64(text).map(SQLValue.integer)
            case .real:
                guard case .success(let v) = CSVReader.finiteDouble(text) else { return nil }
                return .real(v)
            case .text:
                if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
                    return .text(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
                }
                return .text(text)
            }
        }
    }

    public struct Parameter: Hashable, Sendable {
        public var name: String
        public var type: ParameterType
        public var defaultValue: SQLValue
        public var description: String
    }

    public var name: String
    public var description: String
    public var parameters: [Parameter]
    public var sql: String
    /// Where the query came from (e.g. `queries/cache_stats.sql`).
    public var path: String
    /// Whether the answer on a Pareto-archive database equals the full sweep's (`-- archive: exact`); other
    /// queries need full rows and see only the archived designs there.
    public var archiveExact = false

    /// A problem with a query file or with the arguments given to a query.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public enum Kind: Hashable, Sendable { case malformedQuery, unknownQuery, unknownParameter, badValue, notReadOnly }
        public var kind: Kind
        public var message: String
        public var description: String { message }
        /// True when the caller asked for something wrong (a usage error), not when the query file is broken.
        public var isUsage: Bool { kind == .unknownQuery || kind == .unknownParameter || kind == .badValue }
    }

    /// Parses a query file's header and body.
    public static func parse(_ text: String, path: String) throws -> NamedQuery {
        var name: String?, description = ""
        var archiveExact = false
        var parameters: [Parameter] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("--") else { if !trimmed.isEmpty { break } else { continue } }
            let body = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            func fail(_ what: String) -> Problem {
                Problem(kind: .malformedQuery, message: "\(path):\(lineNumber):1: \(what)")
            }
            if body.hasPrefix("name:") {
                name = body.dropFirst(5).trimmingCharacters(in: .whitespaces)
            } else if body.hasPrefix("description:") {
                description = body.dropFirst(12).trimmingCharacters(in: .whitespaces)
            } else if body.hasPrefix("archive:") {
                let value = body.dropFirst(8).trimmingCharacters(in: .whitespaces)
                guard value == "exact" else { throw fail("'-- archive: \(value)', expected '-- archive: exact'") }
                archiveExact = true
            } else if body.hasPrefix("param:") {
                // NAME TYPE = DEFAULT -- description
                var spec = body.dropFirst(6).trimmingCharacters(in: .whitespaces)
                var help = ""
                if let r = spec.range(of: " -- ") {
                    help = spec[r.upperBound...].trimmingCharacters(in: .whitespaces)
                    spec = spec[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                }
                guard let eq = spec.firstIndex(of: "=") else {
                    throw fail("parameter '\(spec)' has no default, expected NAME TYPE = DEFAULT -- description")
                }
                let head = spec[..<eq].split(separator: " ", omittingEmptySubsequences: true)
                let defaultText = spec[spec.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                guard head.count == 2, let type = ParameterType(rawValue: head[1].uppercased()) else {
                    throw fail("parameter '\(spec)', expected NAME TYPE = DEFAULT with TYPE one of INTEGER, REAL, TEXT")
                }
                guard let value = type.value(defaultText) else {
                    throw fail("default '\(defaultText)' of \(head[0]) is not a \(type.rawValue)")
                }
                parameters.append(Parameter(name: String(head[0]), type: type, defaultValue: value, description: help))
            }
        }
        guard let name, !name.isEmpty else {
            throw Problem(kind: .malformedQuery, message: "\(path):1:1: missing '-- name:' header line")
        }
        var q = NamedQuery(name: name, description: description, parameters: parameters, sql: text, path: path)
        q.archiveExact = archiveExact
        return q
    }

    /// Every query embedded from `queries/`, by name.
    public static func shipped() throws -> [NamedQuery] {
        try EmbeddedFiles.files.keys.filter { $0.hasPrefix("queries/") && $0.hasSuffix(".sql") }.sorted()
            .map { try parse(EmbeddedFiles.text($0) ?? "", path: $0) }
            .sorted { $0.name < $1.name }
    }

    /// The shipped query with this name.
    public static func named(_ name: String) throws -> NamedQuery {
        let all = try shipped()
        guard let q = all.first(where: { $0.name == name }) else {
            throw Problem(kind: .unknownQuery,
                          message: "unknown query '\(name)', expected one of \(all.map(\.name).joined(separator: ", "))")
        }
        return q
    }

    /// Checks `key=value` arguments against the declared parameters and returns every parameter's value.
    public func values(_ arguments: [String: String]) throws -> [String: SQLValue] {
        var out: [String: SQLValue] = [:]
        for p in parameters { out[p.name] = p.defaultValue }
        for (key, text) in arguments {
            guard let p = parameters.first(where: { $0.name == key }) else {
                let known = parameters.map(\.name).joined(separator: ", ")
                throw Problem(kind: .unknownParameter,
                              message: "--param \(key): \(name) has no such parameter, expected one of \(known.isEmpty ? "(none)" : known)")
            }
            guard let v = p.type.value(text) else {
                throw Problem(kind: .badValue, message: "--param \(key)=\(text): expected \(p.type.rawValue.lowercased()) \(p.type == .real ? "(a finite decimal)" : "")"
                                .trimmingCharacters(in: .whitespaces))
            }
            out[key] = v
        }
        return out
    }

    /// Runs the query read-only with the arguments bound by name and returns column names and rows.
    public func run(_ db: Database, arguments: [String: String] = [:]) throws -> (columns: [String], rows: [[SQLValue]]) {
        let values = try values(arguments)
        let stmt = try prepare(db)
        for i in stride(from: 1, through: stmt.parameterCount, by: 1) {
            guard let full = stmt.parameterName(i) else {
                throw Problem(kind: .malformedQuery, message: "\(path): uses a positional '?' parameter, expected :name")
            }
            let key = String(full.dropFirst())
            guard let v = values[key] else {
                throw Problem(kind: .malformedQuery, message: "\(path): uses \(full) but declares no '-- param: \(key)'")
            }
            try stmt.bind(v, at: Int32(i))
        }
        return (stmt.columnNames, try stmt.allRows())
    }

    /// Compiles the query and checks that it only reads.
    public func prepare(_ db: Database) throws -> Statement {
        let stmt = try db.prepare(sql)
        guard stmt.trailingSQL.isEmpty else {
            throw Problem(kind: .malformedQuery, message: "\(path): holds more than one statement, expected one SELECT")
        }
        guard stmt.isReadOnly else {
            throw Problem(kind: .notReadOnly, message: "\(path): a named query must only read, expected a SELECT")
        }
        return stmt
    }
}
