import CSQLite
import Foundation

/// A running `cimnas` (the debug binary next to the test bundle) whose output is collected while it runs,
/// so a test can wait for a line, send a signal, or kill it.
final class CimnasProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let outPipe = Pipe(), errPipe = Pipe()

    static var executable: URL {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
        for start in candidates {
            var dir = start
            for _ in 0..<4 {
                let url = dir.appendingPathComponent("cimnas")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
                dir = dir.deletingLastPathComponent()
            }
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("cimnas")
    }

    init(_ arguments: [String], in directory: URL) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        pump(outPipe.fileHandleForReading, toStdout: true)
        pump(errPipe.fileHandleForReading, toStdout: false)
    }

    private let drained = DispatchGroup()

    /// Reads a pipe to its end on its own thread (so a full pipe never blocks the child), in order.
    private func pump(_ handle: FileHandle, toStdout: Bool) {
        drained.enter()
        Thread.detachNewThread { [self] in
            while true {
                let d = handle.availableData
                if d.isEmpty { break }
                lock.lock()
                if toStdout { out.append(d) } else { err.append(d) }
                lock.unlock()
            }
            drained.leave()
        }
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    /// Waits until stderr contains `text` or the process ends; false on timeout or exit first.
    func waitForStderr(_ text: String, timeout_s: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout_s)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { return stderr.contains(text) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit; returns the exit status (or 128 + signal when killed by a signal).
    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        drained.wait()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Runs to completion.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = try CimnasProcess(arguments, in: directory)
        let status = p.wait()
        return (status, p.stdout, p.stderr)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-rel-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Direct SQLite access for checking a database from outside the binary under test.
final class RawDB {
    let handle: OpaquePointer

    init(_ path: String, readOnly: Bool = true) throws {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            sqlite3_close_v2(db)
            throw RawDBError(message: "cannot open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// All rows, each column as text (NULL as "NULL").
    func rows(_ sql: String) throws -> [[String]] {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw RawDBError(message: String(cString: sqlite3_errmsg(handle)) + " in \(sql)")
        }
        defer { sqlite3_finalize(stmt) }
        var out: [[String]] = []
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw RawDBError(message: String(cString: sqlite3_errmsg(handle)) + " in \(sql)") }
            out.append((0..<sqlite3_column_count(stmt)).map { i in
                sqlite3_column_type(stmt, i) == SQLITE_NULL ? "NULL" : String(cString: sqlite3_column_text(stmt, i))
            })
        }
        return out
    }

    func int(_ sql: String) throws -> Int { Int(try rows(sql).first?.first ?? "0") ?? -1 }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            throw RawDBError(message: String(cString: sqlite3_errmsg(handle)) + " in \(sql)")
        }
    }
}

struct RawDBError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
