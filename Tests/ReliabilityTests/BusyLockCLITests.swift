import CSQLite
import DesignDB
import Foundation
import Testing

/// A write lock held by another connection past the retry budget: `cimnas` fails with one line (code,
/// SQLite's message, the budget, the SQL) and writes nothing. CIMNAS_BUSY_TIMEOUT_MS/CIMNAS_BUSY_RETRIES
/// shorten the budget from about 11.5 s to a fraction of a second.
@Suite struct BusyLockCLITests {
    static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = CimnasProcess.executable
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static let shortBudget = ["CIMNAS_BUSY_TIMEOUT_MS": "50", "CIMNAS_BUSY_RETRIES": "2"]

    @Test func heldLockFailsWithOneLineAndWritesNothing() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("locked.sqlite").path
        let holder = try Database(path: path)
        try holder.execute("BEGIN IMMEDIATE")

        let r = try Self.run(["tech", "import", "--defaults", "--db", path], environment: Self.shortBudget)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("cimnas: "), "\(line)")
        #expect(line.contains("SQLite error 5"), "\(line)")
        #expect(line.contains("database is locked"), "\(line)")
        #expect(line.contains("after the 50 ms busy timeout and 2 retries"), "\(line)")
        #expect(line.hasSuffix("(in: BEGIN IMMEDIATE)"), "\(line)")

        try holder.execute("ROLLBACK")
        #expect(try holder.scalar("SELECT count(*) FROM technology")?.int64 == 0, "nothing written")
        // Released, the same command goes through.
        let ok = try Self.run(["tech", "import", "--defaults", "--db", path], environment: Self.shortBudget)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try holder.scalar("SELECT count(*) FROM technology")?.int64 == 3)
    }

    @Test func malformedBudgetIsAUsageError() throws {
        for (name, value) in [("CIMNAS_BUSY_TIMEOUT_MS", "abc"), ("CIMNAS_BUSY_TIMEOUT_MS", "-5"), ("CIMNAS_BUSY_RETRIES", "1.5")] {
            let r = try Self.run(["info"], environment: [name: value])
            #expect(r.status == 2, "\(name)=\(value)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.hasPrefix("cimnas: \(name): '\(value)', expected a whole number of "), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    @Test func environmentOverridesOnlyWhatItNames() {
        #expect(BusyPolicy.fromEnvironment([:]).timeout_ms == 10_000)
        let p = BusyPolicy.fromEnvironment(["CIMNAS_BUSY_TIMEOUT_MS": "50"])
        #expect(p.timeout_ms == 50 && p.retries == 5)
        #expect(BusyPolicy.fromEnvironment(["CIMNAS_BUSY_RETRIES": "0"]).retries == 0)
        #expect(BusyPolicy.environmentProblem([:]) == nil)
        #expect(BusyPolicy.environmentProblem(["CIMNAS_BUSY_RETRIES": "3"]) == nil)
    }
}
