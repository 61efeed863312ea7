import CSQLite

/// An SQLite failure: result codes, SQLite's message and the SQL that failed.
public struct DatabaseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Primary result code (e.g. `SQLITE_CONSTRAINT` = 19).
    public var resultCode: Int32
    /// Extended result code (e.g. `SQLITE_CONSTRAINT_UNIQUE` = 2067); equals `resultCode` when none.
    public var extendedCode: Int32
    public var message: String
    /// The statement that failed, or nil when the failure is not tied to one.
    public var sql: String?

    public init(resultCode: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.resultCode = resultCode & 0xFF
        self.extendedCode = extendedCode ?? resultCode
        self.message = message
        self.sql = sql
    }

    /// Reads the last error of a connection.
    @usableFromInline init(connection: OpaquePointer?, code: Int32, sql: String?) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let text = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(resultCode: code, extendedCode: extended, message: text, sql: sql)
    }

    /// True for `SQLITE_BUSY` and `SQLITE_LOCKED`, which a retry may cure.
    public var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }

    public var description: String {
        var text = "SQLite error \(resultCode)"
        if extendedCode != resultCode { text += "/\(extendedCode)" }
        text += ": \(message)"
        if let sql { text += " (in: \(sql.split(whereSeparator: \.isNewline).joined(separator: " ")))" }
        return text
    }
}

/// Why a database cannot be used by this binary (schema problems, not SQLite failures).
public struct SchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
