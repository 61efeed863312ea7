import Foundation
import Testing

/// Finding 9 of issue 17, as a user without write permission meets it: a database in a folder the user
/// cannot write is read by the reading commands, and a writing command fails in one line with nothing
/// changed. Root ignores file permissions, so as root the binary runs as `nobody` (uid/gid 65534) through
/// `setpriv` or `runuser`.
@Suite struct ReadOnlyFolderTests {
    /// How to run the binary as an unprivileged user: nothing to add when the tests already run unprivileged.
    static let unprivileged: [String]? = {
        if getuid() != 0 { return [] }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            return ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        for path in ["/usr/sbin/runuser", "/sbin/runuser"] where FileManager.default.isExecutableFile(atPath: path) {
            return [path, "-u", "nobody", "--"]
        }
        return nil
    }()

    /// Runs `cimnas` as the unprivileged user in `dir`.
    static func run(_ arguments: [String], in dir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let prefix = try #require(unprivileged)
        let process = Process()
        let command = prefix + [CimnasProcess.executable.path] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: unprivileged != nil, "as root, needs setpriv or runuser to run the binary as nobody"))
    func readingCommandsWorkInAReadOnlyFolderAndWritesFailInOneLine() throws {
        let parent = try CimnasProcess.temporaryDirectory()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: parent.appendingPathComponent("ro").path)
            try? FileManager.default.removeItem(at: parent)
        }
        let dir = parent.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // One database in WAL mode (checkpointed, no -wal file) and one with a rollback journal.
        let wal = try HostileInputTests.seeded(dir, name: "wal.sqlite")
        let rollback = try HostileInputTests.seeded(dir, name: "rollback.sqlite")
        try RawDB(dir.appendingPathComponent(rollback).path, readOnly: false).exec("PRAGMA journal_mode = DELETE")
        let designs = try RawDB(dir.appendingPathComponent(wal).path).rows("SELECT count(*) FROM design")[0][0]
        for item in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            if item.hasSuffix("-wal") || item.hasSuffix("-shm") { try FileManager.default.removeItem(at: dir.appendingPathComponent(item)) }
        }
        for db in [wal, rollback] {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: dir.appendingPathComponent(db).path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: parent.path)
        // The unprivileged user really cannot write here (else the test proves nothing).
        let probe = try Self.run(["sql", "--write", "--db", "probe.sqlite", "CREATE TABLE t (a)"], in: dir)
        #expect(probe.status == 1 && HostileInputTests.oneLine(probe), "\(probe.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("probe.sqlite").path))

        for db in [wal, rollback] {
            let path = dir.appendingPathComponent(db).path
            let before = HostileInputTests.digest(path)
            let count = try Self.run(["sql", "--db", db, "--format", "csv", "SELECT count(*) AS designs FROM design"], in: dir)
            #expect(count.status == 0 && count.stdout == "designs\n\(designs)\n", "\(db): \(count.stdout)\(count.stderr)")
            for args in [["query", "--db", db, "--format", "csv", "best_edap_under_constraints"], ["tech", "list", "--db", db],
                         ["info", "--db", db]] {
                let r = try Self.run(args, in: dir)
                #expect(r.status == 0 && !r.stdout.isEmpty, "\(args): \(r.stderr)")
            }
            // A write: one line, exit 1, the file unchanged.
            let write = try Self.run(["sql", "--write", "--db", db, "DELETE FROM design"], in: dir)
            #expect(write.status == 1 && HostileInputTests.oneLine(write), "\(db): \(write.stderr)")
            #expect(HostileInputTests.digest(path) == before, "\(db) changed")
            #expect(try RawDB(path).rows("SELECT count(*) FROM design")[0][0] == designs)
        }
    }
}
