import CSQLite
import Foundation

/// A connection to an SQLite database file with the settings CIMNAS relies on.
///
/// Read-write connections use WAL, `synchronous=NORMAL`, foreign keys, a busy timeout and
/// retry-with-backoff on `SQLITE_BUSY` (`BusyPolicy`, by default 10 s then 5 retries, overridable per
/// process with `CIMNAS_BUSY_TIMEOUT_MS`/`CIMNAS_BUSY_RETRIES`), and apply the schema migrations on open.
/// A connection is not thread-safe: open one per thread.
public final class Database {
    public enum Mode: Sendable {
        /// Create the file when missing and migrate it to the current schema.
        case readWrite
        /// Open an existing file read-only; its schema must be current.
        case readOnly
    }

    @usableFromInline let handle: OpaquePointer
    public let path: String
    public let mode: Mode
    /// Open transactions and savepoints.
    var transactionDepth = 0
    /// How this connection waits for locks held by others.
    public let busyPolicy: BusyPolicy
    /// Retries this connection made after a busy timeout expired (all statements, since open).
    public private(set) var busyRetryCount = 0

    /// Opens (and for `.readWrite` creates and migrates) the database at `path`; ":memory:" is in memory.
    public init(path: String, mode: Mode = .readWrite, migrate: Bool = true,
                busy: BusyPolicy = .fromEnvironment()) throws {
        var db: OpaquePointer?
        let flags = mode == .readOnly
            ? SQLITE_OPEN_READONLY
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let error = DatabaseError(connection: db, code: rc, sql: nil)
            sqlite3_close_v2(db)
            throw DatabaseError(resultCode: error.resultCode, extendedCode: error.extendedCode,
                                message: "cannot open \(path): \(error.message)")
        }
        self.handle = db
        self.path = path
        self.mode = mode
        self.busyPolicy = busy
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busy.timeout_ms)
        try execute("PRAGMA foreign_keys = ON")
        if mode == .readWrite {
            if path != ":memory:" && !path.isEmpty {
                try execute("PRAGMA journal_mode = WAL")
            }
            try execute("PRAGMA synchronous = NORMAL")
            try execute("PRAGMA cache_size = -65536")
            if migrate { try Migrator.migrate(self) }
        } else if migrate {
            try Migrator.checkCurrent(self)
        }
    }

    /// A fresh, migrated in-memory database (for tests and scratch work).
    public static func inMemory() throws -> Database { try Database(path: ":memory:") }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results (`sqlite3_exec`).
    public func execute(_ sql: String) throws {
        var attempt = 0
        while true {
            var message: UnsafeMutablePointer<CChar>?
            let rc = sqlite3_exec(handle, sql, nil, nil, &message)
            if rc == SQLITE_OK { return }
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            let error = DatabaseError(resultCode: rc, extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
            try retryIfBusy(error, attempt: &attempt)
        }
    }

    /// Compiles a statement.
    public func prepare(_ sql: String) throws -> Statement { try Statement(database: self, sql: sql) }

    /// Runs a statement with values bound to `?1, ?2, …` and returns all rows.
    public func query(_ sql: String, _ values: [SQLValue] = []) throws -> [[SQLValue]] {
        let stmt = try prepare(sql)
        try stmt.bind(values)
        return try stmt.allRows()
    }

    /// The first column of the first row, or nil when there is no row.
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue? {
        let stmt = try prepare(sql)
        try stmt.bind(values)
        defer { stmt.reset() }
        return try stmt.step() ? stmt.value(0) : nil
    }

    /// Rowid of the last inserted row on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// True while a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// `PRAGMA user_version`: the schema version.
    public func userVersion() throws -> Int {
        Int(try scalar("PRAGMA user_version")?.int64 ?? 0)
    }

    /// Returns after a backoff when `error` is busy and the retry budget allows another attempt; otherwise
    /// throws `error` (a busy error past the budget says so, with the timeout and retry count).
    func retryIfBusy(_ error: DatabaseError, attempt: inout Int) throws {
        guard error.isBusy else { throw error }
        let policy = busyPolicy
        guard attempt < policy.retries else {
            var exhausted = error
            exhausted.message += " (still busy after the \(policy.timeout_ms) ms busy timeout and \(policy.retries) retries)"
            throw exhausted
        }
        attempt += 1
        busyRetryCount += 1
        policy.onRetry?(attempt)
        Thread.sleep(forTimeInterval: policy.backoff_s(attempt: attempt) * Double.random(in: 0.75...1.25))
    }
}
