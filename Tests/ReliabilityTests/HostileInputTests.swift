import CIMData
import CSQLite
import DesignDB
import Foundation
import Testing

/// The findings of issue 17 (a hostile and a careless user), one test each: no crash, no hang, no silent
/// wrong answer; one line on stderr, exit 1 or 2, nothing written.
@Suite struct HostileInputTests {
    static let hw = "0.7,4,4e-9,128,128,8,16,16,16384"

    static func digest(_ path: String) -> String { CLIFuzzTests.digest(path) }

    static func oneLine(_ r: (status: Int32, stdout: String, stderr: String)) -> Bool {
        r.stderr.hasPrefix("cimnas: ") && r.stderr.split(separator: "\n", omittingEmptySubsequences: false).count == 2
    }

    /// A small database with designs (a tiny search), checkpointed.
    static func seeded(_ dir: URL, name: String = "d.sqlite") throws -> String {
        let r = try CimnasProcess.run(["search", "--db", name, "--population", "2", "--generations", "1", "--quiet",
                                       "--max-area-mm2", "1000000"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        try RawDB(dir.appendingPathComponent(name).path, readOnly: false).exec("PRAGMA wal_checkpoint(TRUNCATE)")
        return name
    }

    // Finding 1 (and 6): integers that overflowed, and absurd hardware, are range errors naming the range.
    @Test func overflowingAndAbsurdValuesAreRangeErrors() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\n"
        try (header + "big,conv,1,100000,100000,3,3,100000,100000,1,1,8,8\n")
            .write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["evaluate", "--no-cache", "--hw", Self.hw, "--layer", "G=1,C=64,M=64,R=3,S=3,P=999999999,Q=999999999,N=999999999,stride=1"],
             "cimnas: --layer: P 999999999 is out of range, expected 1…16384"),
            (["evaluate", "--no-cache", "--hw", Self.hw, "--layer", "G=3037000500,C=3037000500,M=3037000500,P=1,Q=1"],
             "cimnas: --layer: G 3037000500 is out of range, expected 1…65536"),
            (["evaluate", "--no-cache", "--hw", Self.hw, "--layer", "C=64,M=64,P=7,Q=7,stride=99999999999"],
             "cimnas: --layer: stride 99999999999 is out of range, expected 1…64"),
            (["evaluate", "--no-cache", "--hw", Self.hw, "--layer", "C=64,M=64,P=7,Q=7,kind=depthwise"],
             "cimnas: --layer: depthwise layer has C = 64, expected 1 (channels go in G)"),
            (["evaluate", "--no-cache", "--hw", "0.7,64,4e-9,128,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1"],
             "cimnas: --hw: bits_per_cell 64 is out of range, expected 1…8"),
            (["evaluate", "--no-cache", "--hw", "5,4,4e-9,128,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1"],
             "cimnas: --hw: voltage_v 5.0 V is out of range, expected 0.3…1.5 V"),
            (["evaluate", "--no-cache", "--hw", "0.7,4,4e-9,100,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1"],
             "cimnas: --hw: rows 100 is out of range, expected a multiple of 8 in 8…4096"),
            (["evaluate", "--no-cache", "--hw", "0.7,4,4e-9,99999999999,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1"],
             "cimnas: --hw: rows 99999999999 is out of range"),
            (["evaluate", "--no-cache", "--hw", Self.hw, "--layer", "C=1,M=1,P=1,Q=1", "--tech", ""], "cimnas: Error: --tech: empty item in"),
            (["evaluate", "--no-cache", "--hw", Self.hw, "--layer", "C=1,M=1,P=1,Q=1", "--tech", ","], "cimnas: Error: --tech: empty item in"),
            (["evaluate", "--no-cache", "--workload", "big.csv"], "cimnas: big.csv:2:12: P 100000 is out of range, expected 1…16384"),
            (["workload", "show", "big.csv"], "cimnas: big.csv:2:12: P 100000 is out of range, expected 1…16384"),
            (["sram", "evaluate", "--adc-bits", "40"], "cimnas: --adc-bits: adc_bits 40 is out of range, expected 1…16"),
            (["search", "--db", "s.sqlite", "--workers", "100000"], "cimnas: Error: --workers: 100000, expected 1…256"),
            (["search", "--db", "s.sqlite", "--population", "9223372036854775807", "--generations", "1"],
             "cimnas: Error: --population: 9223372036854775807, expected 2…10000"),
        ]
        for (args, prefix) in cases {
            let r = try CimnasProcess.run(args, in: dir)
            // Flag values are usage errors (2); the same range broken inside a file is an error of that file (1).
            #expect(r.status == (prefix.contains(".csv:") ? 1 : 2), "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix(prefix) || (prefix.contains(".csv:") && r.stderr.contains("is out of range")),
                    "\(args): \(r.stderr)")
            #expect(Self.oneLine(r), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.sqlite").path))
        // The same ranges in a design file (exit 1: a file's content, named with its field).
        for (field, value, needle) in [("technology_nm", "500", "technology_nm 500.0 nm is out of range, expected 7…130 nm"),
                                       ("technology_nm", "1", "technology_nm 1.0 nm is out of range"),
                                       ("rows", "33", "rows 33 is out of range, expected a multiple of 8 in 8…4096")] {
            var hardware = ["voltage_v": "0.7", "bits_per_cell": "4", "base_latency_s": "4e-09", "rows": "128", "cols": "128",
                            "router_group": "8", "tiles_per_chip": "16", "macros_per_tile": "16", "glb_depth": "16384"]
            hardware[field] = value
            try Self.designJSON(hardware).write(to: dir.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
            let r = try CimnasProcess.run(["evaluate", "--no-cache", "--design", "d.json"], in: dir)
            #expect(r.status == 1 && r.stderr.hasPrefix("cimnas: d.json: hardware.\(field): ") && r.stderr.contains(needle),
                    "\(r.stderr)")
            #expect(Self.oneLine(r))
        }
    }

    /// A ResNet50 design file with these hardware fields (values as JSON text).
    static func designJSON(_ hardware: [String: String]) -> String {
        var fields: [String] = []
        for key in hardware.keys.sorted() { fields.append("\"" + key + "\": " + hardware[key]!) }
        return "{\"hardware\": {" + fields.joined(separator: ", ") + "}, \"network\": \"resnet50\"}"
    }

    // Finding 2: an input that is the output under another name is refused at once.
    @Test func mergeRefusesTheOutputUnderAnotherName() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.seeded(dir)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("sym.sqlite").path,
                                                   withDestinationPath: dir.appendingPathComponent(db).path)
        try FileManager.default.linkItem(atPath: dir.appendingPathComponent(db).path,
                                         toPath: dir.appendingPathComponent("hard.sqlite").path)
        let before = Self.digest(dir.appendingPathComponent(db).path)
        for input in ["sym.sqlite", "hard.sqlite", "./d.sqlite"] {
            let start = Date()
            let r = try CimnasProcess.run(["merge", db, input], in: dir)
            #expect(r.status == 2 && r.stderr.contains("is the output d.sqlite (same file)"), "\(input): \(r.stderr)")
            #expect(Self.oneLine(r))
            #expect(Date().timeIntervalSince(start) < 30, "refused before any lock wait")
        }
        #expect(Self.digest(dir.appendingPathComponent(db).path) == before)
    }

    // Finding 3 (and 4 for queries): rows stream, --limit stops a statement, --timeout-s and --max-memory-mb
    // stop a runaway one with one line, and one SIGTERM stops it.
    @Test func sqlStreamsAndBoundsRunawayQueries() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.seeded(dir)
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"
        let limited = try CimnasProcess.run(["sql", "--db", db, "--format", "csv", "--limit", "3", endless], in: dir)
        #expect(limited.status == 0 && limited.stdout == "x\n1\n2\n3\n", "\(limited.stdout) \(limited.stderr)")
        #expect(limited.stderr == "cimnas: note: stopped at --limit 3 rows\n")
        let table = try CimnasProcess.run(["sql", "--db", db, "--limit", "2", endless], in: dir)
        #expect(table.stdout.hasSuffix("(2 rows; stopped at --limit 2)\n"), "\(table.stdout)")
        // Printed as stepped: rows are on stdout before the timeout stops the statement.
        let timed = try CimnasProcess.run(["sql", "--db", db, "--format", "csv", "--timeout-s", "0.5",
                                           endless + " WHERE x % 1000 = 0"], in: dir)
        #expect(timed.status == 1 && timed.stderr == "cimnas: sql: --timeout-s 0.5: the statement ran longer and was stopped\n",
                "\(timed.stderr)")
        #expect(timed.stdout.hasPrefix("x\n1000\n2000\n"), "rows printed as stepped: \(timed.stdout.prefix(100))")
        let memory = try CimnasProcess.run(["sql", "--db", db, "--max-memory-mb", "16",
            "--timeout-s", "120", "SELECT length(randomblob(200000000))"], in: dir)
        #expect(memory.status == 1 && memory.stderr.hasPrefix("cimnas: sql: --max-memory-mb 16: the statement needed more memory"),
                "\(memory.stderr)")
        #expect(Self.oneLine(memory))
        let p = try CimnasProcess(["sql", "--db", db, "--format", "csv", endless + " WHERE x < 0"], in: dir)
        Thread.sleep(forTimeInterval: 1)
        let sent = Date()
        p.signal(SIGTERM)
        #expect(p.wait() == 143)
        #expect(Date().timeIntervalSince(sent) < 10, "one SIGTERM stops a running query")
        #expect(p.stderr.hasSuffix("cimnas: sql: interrupted by SIGTERM\n"), "\(p.stderr)")
    }

    // Finding 5: an edited table network is another network (its key carries its content digest).
    @Test func editedWorkloadIsNotServedFromTheCache() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let datasets = dir.appendingPathComponent("datasets/workloads")
        try FileManager.default.createDirectory(at: datasets, withIntermediateDirectories: true)
        let table = datasets.appendingPathComponent("mynet.csv")
        let header = "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\n"
        func precompute() throws -> (status: Int32, stdout: String, stderr: String) {
            let p = Process()
            p.executableURL = CimnasProcess.executable
            p.arguments = ["precompute", "--db", "p.sqlite", "--network", "mynet", "--mode", "random", "--samples", "2",
                           "--seed", "1", "--quiet"]
            p.currentDirectoryURL = dir
            var env = ProcessInfo.processInfo.environment
            env["CIMNAS_DATASETS"] = dir.appendingPathComponent("datasets").path
            p.environment = env
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
        try (header + "c1,conv,1,3,16,3,3,16,16,1,1,8,8\n").write(to: table, atomically: true, encoding: .utf8)
        let first = try precompute()
        #expect(first.status == 0, "\(first.stderr)")
        try (header + "c1,conv,1,3,32,3,3,16,16,1,1,8,8\n").write(to: table, atomically: true, encoding: .utf8)
        let second = try precompute()
        #expect(second.status == 0, "\(second.stderr)")
        let raw = try RawDB(dir.appendingPathComponent("p.sqlite").path)
        let networks = try raw.rows("SELECT key, macs FROM network WHERE family = 'mynet' ORDER BY macs")
        #expect(networks.count == 2, "\(networks)")
        #expect(networks.map { $0[1] } == [String(16 * 16 * 3 * 16 * 9), String(16 * 16 * 3 * 32 * 9)], "\(networks)")
        #expect(networks.allSatisfy { $0[0].hasPrefix("net=mynet@") && $0[0].count == "net=mynet@".count + 16 }, "\(networks)")
        #expect(try raw.int("SELECT count(DISTINCT network_id) FROM design") == 2)
    }

    // Findings 8, 9, 10: --db is a path; reading commands and merge inputs are opened read-only.
    @Test func databasePathsAreFilesAndReadersNeverWrite() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let uri = "file:x.sqlite?mode=memory"
        let w = try CimnasProcess.run(["sql", "--write", "--db", uri, "CREATE TABLE t (a)"], in: dir)
        #expect(w.status == 0, "\(w.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(uri).path), "--db names a file, not a URI")
        // A rollback-journal database: reading commands and merge leave its bytes and journal mode alone.
        let db = try Self.seeded(dir, name: "rollback.sqlite")
        let path = dir.appendingPathComponent(db).path
        try RawDB(path, readOnly: false).exec("PRAGMA journal_mode = DELETE")
        let before = Self.digest(path)
        for args in [["sql", "--db", db, "SELECT count(*) FROM design"],
                     ["query", "--db", db, "best_edap_under_constraints"],
                     ["tech", "list", "--db", db],
                     ["report", "1", "--db", db, "--out", "rep"],
                     ["merge", "out.sqlite", db]] {
            let r = try CimnasProcess.run(args, in: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(Self.digest(path) == before, "\(args) changed the database")
            #expect(try RawDB(path).rows("PRAGMA journal_mode") == [["delete"]], "\(args)")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "\(args)")
        }
    }

    // Finding 12: a second report into the same folder is refused unless --force.
    @Test func reportRefusesToOverwriteWithoutForce() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CimnasProcess.run(["report", "--demo", "--out", "r"], in: dir).status == 0)
        let index = dir.appendingPathComponent("r/index.html").path
        try "mine".write(toFile: index, atomically: true, encoding: .utf8)
        let again = try CimnasProcess.run(["report", "--demo", "--out", "r"], in: dir)
        #expect(again.status == 1 && again.stderr == "cimnas: --out r: already holds a report (index.html), expected a new folder or --force to replace it\n")
        #expect(try String(contentsOfFile: index, encoding: .utf8) == "mine")
        let forced = try CimnasProcess.run(["report", "--demo", "--out", "r", "--force"], in: dir)
        let replaced = try String(contentsOfFile: index, encoding: .utf8)
        #expect(forced.status == 0 && replaced != "mine")
    }

    // Findings 14, 15, 21: usage errors are one line; the messages name the real culprit; --help lists the codes.
    @Test func usageErrorsAreOneLineAndNameTheCulprit() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["bogus"], ["search", "--nope"], ["evaluate", "--hw"], ["sql"], ["report", "--demo", "--format", "csv", "--out", "x"]] {
            let r = try CimnasProcess.run(args, in: dir)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(Self.oneLine(r), "\(args): \(r.stderr.debugDescription)")
        }
        let demo = try CimnasProcess.run(["report", "--demo", "--format", "csv", "--out", "x"], in: dir)
        // report takes table or json: the message names --format, never the run-id argument.
        #expect(demo.stderr.contains("'--format") && !demo.stderr.contains("run-id"), "\(demo.stderr)")
        let negative = try CimnasProcess.run(["evaluate", "--hw", "-0.7,4,4e-9,128,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1"], in: dir)
        #expect(negative.stderr.contains("'-0.7,4,4e-9,128,128,8,16,16,16384' was read as an option"), "\(negative.stderr)")
        let help = try CimnasProcess.run(["--help"], in: dir)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for code in ["0 success", "1 runtime error", "2 usage error", "3 search finished but no design met", "130 stopped by SIGINT",
                     "143 stopped by SIGTERM"] {
            #expect(words.contains(code), "--help lacks \(code)")
        }
    }

    // Finding 16: whole-file problems have no invented position; truncated JSON has one (its end).
    @Test func filePositionsAreRealOrAbsent() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CimnasProcess.run(["workload", "show", "missing.csv"], in: dir)
        #expect(missing.stderr == "cimnas: missing.csv: no such file, expected a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits)\n",
                "\(missing.stderr)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.csv"), withIntermediateDirectories: false)
        let folder = try CimnasProcess.run(["evaluate", "--no-cache", "--workload", "folder.csv"], in: dir)
        #expect(folder.status == 1 && folder.stderr.contains("folder.csv: is a folder") && !folder.stderr.contains(":1:1"), "\(folder.stderr)")
        try "{\"hardware\": {\"voltage_v\": 0.7,\n \"rows\": 12".write(to: dir.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let truncated = try CimnasProcess.run(["workload", "show", "--design", "t.json"], in: dir)
        #expect(truncated.status == 1 && truncated.stderr.hasPrefix("cimnas: t.json:2:12: not valid JSON"), "\(truncated.stderr)")
    }

    // Findings 17, 18: a rolled-back --write batch claims no change; hostile bytes in SQL are escaped.
    @Test func sqlMessagesAreTrue() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.seeded(dir)
        let count = try RawDB(dir.appendingPathComponent(db).path).int("SELECT count(*) FROM design")
        let r = try CimnasProcess.run(["sql", "--write", "--db", db, "DELETE FROM design; SELECT * FROM nosuch"], in: dir)
        #expect(r.status == 1 && !r.stdout.contains("changed"), "\(r.stdout)")
        #expect(r.stderr.hasSuffix("; the batch was rolled back, nothing was changed\n") && Self.oneLine(r), "\(r.stderr)")
        #expect(try RawDB(dir.appendingPathComponent(db).path).int("SELECT count(*) FROM design") == count)
        // Bytes that are not UTF-8 reach the SQL through the shell; the error line stays one escaped line.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec \"$0\" sql --db d.sqlite \"$(printf 'SELECT \\377\\033[2J\\nx')\"", CimnasProcess.executable.path]
        p.currentDirectoryURL = dir
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = try #require(String(data: data, encoding: .utf8), "stderr is valid UTF-8")
        #expect(p.terminationStatus == 1 && text.hasPrefix("cimnas: ") && text.split(separator: "\n").count == 1, "\(text.debugDescription)")
        #expect(!text.contains("\u{1B}"), "control characters are escaped: \(text.debugDescription)")
    }

    // Finding 22: `tools/embed.sh --check` fails on a stale EmbeddedFiles.swift and never rewrites it.
    @Test func embedCheckFailsOnAStaleFile() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for folder in ["tools", "schema", "Sources/CIMData"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: repo.appendingPathComponent("tools/embed.sh"), to: dir.appendingPathComponent("tools/embed.sh"))
        try "CREATE TABLE a (x);\n".write(to: dir.appendingPathComponent("schema/001_a.sql"), atomically: true, encoding: .utf8)
        func sh(_ args: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["tools/embed.sh"] + args
            p.currentDirectoryURL = dir
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        let generated = dir.appendingPathComponent("Sources/CIMData/EmbeddedFiles.swift")
        #expect(try sh([]) == 0)
        #expect(try sh(["--check"]) == 0)
        try "CREATE TABLE a (x, y);\n".write(to: dir.appendingPathComponent("schema/001_a.sql"), atomically: true, encoding: .utf8)
        let stale = try Data(contentsOf: generated)
        #expect(try sh(["--check"]) == 1)
        #expect(try Data(contentsOf: generated) == stale, "--check does not regenerate")
        let makefile = try String(contentsOf: repo.appendingPathComponent("Makefile"), encoding: .utf8)
        #expect(makefile.contains("test: deps\n\t@./tools/embed.sh --check\n"), "make test checks instead of regenerating")
    }
}
