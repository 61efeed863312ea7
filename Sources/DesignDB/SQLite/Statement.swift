import CSQLite
import Foundation

/// A prepared statement with typed binds (1-based index or `:name`) and typed column reads (0-based).
///
/// Not thread-safe: use a statement on the thread of its connection. It is finalized on deinit.
public final class Statement {
    @usableFromInline let handle: OpaquePointer
    /// The connection, kept alive while the statement lives.
    public let database: Database
    public let sql: String
    /// SQL after the first statement (not compiled); empty when `sql` holds one statement.
    public let trailingSQL: String

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        var tailText = ""
        let rc = sql.withCString { base -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(database.handle, base, -1, &stmt, &tail)
            if let tail { tailText = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK, let stmt else {
            throw DatabaseError(connection: database.handle, code: rc, sql: sql)
        }
        self.trailingSQL = Statement.stripComments(tailText)
        self.handle = stmt
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// The text with whitespace, `;` and `--` comments removed at both ends (what is left is more SQL).
    public static func stripComments(_ text: String) -> String {
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == ";" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*"), let end = rest.range(of: "*/") {
                rest = rest[end.upperBound...]
            } else {
                return String(rest)
            }
        }
    }

    /// True when the statement cannot change the database (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }
    /// Number of `?`/`:name` parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }
    /// Name of a parameter including its prefix (`:max_area_mm2`), or nil for `?`.
    public func parameterName(_ index: Int) -> String? {
        sqlite3_bind_parameter_name(handle, Int32(index)).map { String(cString: $0) }
    }
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ index: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(index))) }
    public var columnNames: [String] { (0..<columnCount).map(columnName) }

    // MARK: Binding

    @usableFromInline func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw DatabaseError(connection: database.handle, code: rc, sql: sql) }
    }

    /// The 1-based index of a named parameter; `name` may omit the `:` prefix.
    public func index(of name: String) throws -> Int32 {
        for prefixed in name.first.map({ ":@$".contains($0) }) == true ? [name] : [":" + name, "@" + name, "$" + name] {
            let i = sqlite3_bind_parameter_index(handle, prefixed)
            if i > 0 { return i }
        }
        throw DatabaseError(resultCode: SQLITE_RANGE, message: "no parameter named \(name)", sql: sql)
    }

    @inlinable public func bind(_ value: Int, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, Int64(value))) }
    @inlinable public func bind(_ value: Int64, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value)) }
    @inlinable public func bind(_ value: Bool, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value ? 1 : 0)) }
    @inlinable public func bind(_ value: Double, at index: Int32) throws { try check(sqlite3_bind_double(handle, index, value)) }
    @inlinable public func bind(_ value: String, at index: Int32) throws {
        try check(sqlite3_bind_text(handle, index, value, -1, cimnas_sqlite_transient()))
    }
    public func bind(_ value: Data, at index: Int32) throws {
        try value.withUnsafeBytes { raw in
            // A zero-length blob still binds as a blob, not NULL.
            try check(sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64(raw.count),
                                          cimnas_sqlite_transient()))
        }
    }
    @inlinable public func bindNull(at index: Int32) throws { try check(sqlite3_bind_null(handle, index)) }

    public func bind(_ value: Int?, at index: Int32) throws { if let value { try bind(value, at: index) } else { try bindNull(at: index) } }
    public func bind(_ value: Double?, at index: Int32) throws { if let value { try bind(value, at: index) } else { try bindNull(at: index) } }
    public func bind(_ value: String?, at index: Int32) throws { if let value { try bind(value, at: index) } else { try bindNull(at: index) } }
    public func bind(_ value: Data?, at index: Int32) throws { if let value { try bind(value, at: index) } else { try bindNull(at: index) } }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        switch value {
        case .integer(let v): try bind(v, at: index)
        case .real(let v): try bind(v, at: index)
        case .text(let v): try bind(v, at: index)
        case .blob(let v): try bind(v, at: index)
        case .null: try bindNull(at: index)
        }
    }

    public func bind(_ value: Int?, name: String) throws { try bind(value, at: index(of: name)) }
    public func bind(_ value: Int64, name: String) throws { try bind(value, at: index(of: name)) }
    public func bind(_ value: Double?, name: String) throws { try bind(value, at: index(of: name)) }
    public func bind(_ value: String?, name: String) throws { try bind(value, at: index(of: name)) }
    public func bind(_ value: Data?, name: String) throws { try bind(value, at: index(of: name)) }
    public func bind(_ value: SQLValue, name: String) throws { try bind(value, at: index(of: name)) }

    /// Binds values to parameters 1, 2, … in order.
    public func bind(_ values: [SQLValue]) throws {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    // MARK: Stepping

    /// Advances; true when a row is ready, false when done. Retries on SQLITE_BUSY with backoff.
    @discardableResult
    public func step() throws -> Bool {
        var attempt = 0
        defer { if attempt > 0 { database.restoreBusyTimeout() } }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_ROW { return true }
            if rc == SQLITE_DONE { return false }
            let error = DatabaseError(connection: database.handle, code: rc, sql: sql)
            sqlite3_reset(handle)
            try database.retryIfBusy(error, attempt: &attempt)
        }
    }

    /// Runs to completion (for writes), then resets so the statement can be bound again.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Resets to run again; bindings are kept.
    public func reset() { sqlite3_reset(handle) }
    /// Sets every parameter to NULL.
    public func clearBindings() { sqlite3_clear_bindings(handle) }

    // MARK: Reading (0-based columns)

    @inlinable public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    @inlinable public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    @inlinable public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    @inlinable public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    public func string(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: p)
    }
    public func data(_ column: Int32) -> Data {
        let n = Int(sqlite3_column_bytes(handle, column))
        guard n > 0, let p = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: p, count: n)
    }
    public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    public func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    public func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    /// The column as stored.
    public func value(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(int64(column))
        case SQLITE_FLOAT: return .real(double(column))
        case SQLITE_TEXT: return .text(string(column))
        case SQLITE_BLOB: return .blob(data(column))
        default: return .null
        }
    }

    /// Every remaining row as values (resets afterwards).
    public func allRows() throws -> [[SQLValue]] {
        defer { reset() }
        var rows: [[SQLValue]] = []
        let n = Int32(columnCount)
        while try step() { rows.append((0..<n).map(value)) }
        return rows
    }
}
