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
    /// The progress handler's check (``interrupt(when:period:)``), kept alive here.
    var interruptCheck: InterruptCheck?

    /// Opens (and for `.readWrite` creates and migrates) the database at `path`; ":memory:" is in memory.
    public init(path: String, mode: Mode = .readWrite, migrate: Bool = true,
                busy: BusyPolicy = .fromEnvironment()) throws {
        var db: OpaquePointer?
        let flags = mode == .readOnly
            ? SQLITE_OPEN_READONLY
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var rc = sqlite3_open_v2(Self.uri(path, readOnly: mode == .readOnly), &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nil)
        if rc == SQLITE_OK, let opened = db, mode == .readOnly, !Self.canRead(opened), Self.isSafelyImmutable(path) {
            // A WAL database in a folder we cannot write: SQLite cannot create its -shm file. With no -wal
            // content to miss, reading it as immutable gives the same rows without creating anything.
            sqlite3_close_v2(opened)
            db = nil
            rc = sqlite3_open_v2(Self.uri(path, readOnly: true, immutable: true), &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nil)
        }
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
            try waitWhileBeingMigrated()
            try Migrator.checkCurrent(self)
        }
    }

    /// The SQLite URI of a file path: `path` is always a file name, never a URI of its own (a `--db` of
    /// `file:x?mode=memory` names a file called that), so `?`, `#` and `%` are escaped. ":memory:" and ""
    /// keep their SQLite meaning (in memory, private temporary file).
    public static func uri(_ path: String, readOnly: Bool = false, immutable: Bool = false) -> String {
        if path == ":memory:" || path.isEmpty { return path }
        var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        while absolute.hasPrefix("//") { absolute.removeFirst() } // "file://" would start an authority
        var escaped = ""
        for byte in absolute.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x20, 0x7F...:
                escaped += String(format: "%%%02X", byte)
            default:
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        var query: [String] = []
        if readOnly { query.append("mode=ro") }
        if immutable { query.append("immutable=1") }
        return "file:" + escaped + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// True when the schema of a freshly opened connection can be read.
    private static func canRead(_ handle: OpaquePointer) -> Bool {
        sqlite3_exec(handle, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK
    }

    /// True when `path` has no -wal file with content and its folder is not writable (nobody can change it
    /// through this folder, and immutable reading misses nothing).
    private static func isSafelyImmutable(_ path: String) -> Bool {
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? nil
        let folder = (path as NSString).deletingLastPathComponent
        return (wal ?? 0) == 0 && !FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
    }

    /// A reader that opens a file another process is creating or migrating sees an older schema version until
    /// that process commits its last migration (each runs in its own transaction): wait for it, within the busy
    /// timeout, instead of failing. An older schema that stops changing for a second is not being migrated.
    private func waitWhileBeingMigrated() throws {
        let deadline = Date().addingTimeInterval(Double(busyPolicy.timeout_ms) / 1000)
        var version = try userVersion(), changed = Date()
        while version < Migrator.currentVersion, Date() < deadline {
            let tables = try scalar("SELECT count(*) FROM sqlite_master")?.int64 ?? 0
            let creating = version == 0 && tables == 0
            if !creating && Date().timeIntervalSince(changed) > 1 { return }
            Thread.sleep(forTimeInterval: 0.05)
            let now = try userVersion()
            if now != version { (version, changed) = (now, Date()) }
        }
    }

    /// A fresh, migrated in-memory database (for tests and scratch work).
    public static func inMemory() throws -> Database { try Database(path: ":memory:") }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results (`sqlite3_exec`).
    public func execute(_ sql: String) throws {
        var attempt = 0
        defer { if attempt > 0 { restoreBusyTimeout() } }
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

    /// Gives the connection its full busy timeout back after a statement's retries.
    func restoreBusyTimeout() { sqlite3_busy_timeout(handle, busyPolicy.timeout_ms) }

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
        // Retries do not wait SQLite's busy timeout again: the whole wait is the timeout plus the backoffs
        // (BusyPolicy.totalWait_s), as documented, not (retries + 1) × the timeout.
        if attempt == 0 { sqlite3_busy_timeout(handle, 0) }
        attempt += 1
        busyRetryCount += 1
        policy.onRetry?(attempt)
        Thread.sleep(forTimeInterval: policy.backoff_s(attempt: attempt) * Double.random(in: 0.75...1.25))
    }
}
