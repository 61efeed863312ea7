import CIMData
import Foundation
import Testing

/// Runs the real `cimnas` binary with mutated arguments for every subcommand: hostile values (the integer
/// extremes 0, −1, 2^31, 2^53, 2^63 − 1 and beyond, non-numbers, empty strings, control characters) put in
/// place of option values, inside --hw/--layer lists, or added as extra arguments. Every run must end by
/// itself with 0, 1, 2 or 3 (never a crash, a signal or a hang); a failing run must print exactly one
/// `cimnas: …` line on stderr and leave the database byte for byte as it was.
///
/// The suite runs `CIMNAS_CLI_FUZZ_RUNS` commands (default 40); `make fuzz` runs thousands.
@Suite(.serialized) struct CLIFuzzTests {
    static var runs: Int {
        ProcessInfo.processInfo.environment["CIMNAS_CLI_FUZZ_RUNS"].flatMap(Int.init) ?? 40
    }
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["CIMNAS_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    }

    static let extremes = ["0", "-1", "2147483648", "9007199254740992", "9223372036854775807", "-9223372036854775808",
                           "18446744073709551616", "3037000500", "99999999999", "1e309", "-0.7", "nan", "inf", "", "-",
                           "--", "=", ",", "0x10", "１", "\u{202E}", "a\nb", "\t", String(repeating: "9", count: 400),
                           "file:x.sqlite?mode=memory"]

    static let smokeKey = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"

    /// One quick, valid command per subcommand (and the flags whose values are mutated).
    static func baseCommands(db: String) -> [[String]] {
        let hw = "0.7,4,4e-9,128,128,8,16,16,16384"
        return [
            ["info", "--db", db],
            ["workload", "show", "resnet18"],
            ["workload", "show", "w.csv", "--format", "csv"],
            ["workload", "list"],
            ["space", "show", "cimnas-rram-32nm"],
            ["space", "list"],
            ["evaluate", "--db", db, "--hw", hw, "--layer", "G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1",
             "--input-bits", "8", "--weight-bits", "8", "--node", "32", "--adc-bits", "8", "--read-pulse-width", "1e-8"],
            ["evaluate", "--db", db, "--workload", "w.csv", "--hw", hw, "--format", "json"],
            ["evaluate", "--db", db, "--cimnas-key", smokeKey, "--adc-bits", "8"],
            ["search", "--db", db, "--population", "2", "--generations", "1", "--seed", "1", "--workers", "1",
             "--max-area-mm2", "100000", "--quiet", "--sbx-eta", "3", "--pm-prob", "0.5"],
            ["predictor", "predict", "--db", db, "--cimnas-key", smokeKey],
            ["tech", "list", "--db", db],
            ["tech", "show", "neurosim_32nm", "--db", db],
            ["query", "best_edap_under_constraints", "--db", db, "--param", "max_area_mm2=500",
             "--param", "min_top1_percent=70"],
            ["sql", "--db", db, "SELECT count(*) FROM design", "--limit", "5", "--timeout-s", "10", "--max-memory-mb", "64"],
            ["precompute", "--db", db, "--network", "standard-mbv2", "--mode", "random", "--samples", "2", "--seed", "1",
             "--batch-size", "2", "--workers", "1", "--cache-mb", "16", "--quiet"],
            ["sram", "macros", "--voltage", "0.8", "--input-bits", "4", "--weight-bits", "4", "--tech", "7"],
            ["sram", "evaluate", "--rows", "64", "--cols", "64", "--adc-bits", "5", "--tiles", "64", "--glb-depth", "2048",
             "--bits", "8", "--voltage", "0.8", "--tech", "7"],
            ["report", "--demo", "--out", "rep", "--force"],
            ["merge", "out.sqlite", db],
        ]
    }

    /// The database's bytes (main file and WAL) as one digest.
    static func digest(_ path: String) -> String {
        var h = SHA256()
        for suffix in ["", "-wal"] {
            if let d = FileManager.default.contents(atPath: path + suffix) { h.update([UInt8](d)) }
            h.update([0])
        }
        return SHA256.hex(h.finalize())
    }

    /// One mutation of `args` (never the subcommand words): a value replaced, a number inside a list
    /// replaced, or a hostile argument inserted.
    static func mutate(_ args: [String], rng: inout FuzzRandom) -> [String] {
        var a = args
        let words = a.prefix { !$0.hasPrefix("-") }.count // subcommand words stay
        for _ in 0..<(1 + rng.below(2)) {
            let hostile = rng.pick(extremes)
            switch rng.below(3) {
            case 0 where a.count > words:
                a[words + rng.below(a.count - words)] = hostile
            case 1 where a.count > words:
                let i = words + rng.below(a.count - words)
                // Replace one run of digits inside the argument (a field of --hw or --layer, a number).
                let chars = Array(a[i])
                let digits = chars.indices.filter { chars[$0].isNumber }
                if !digits.isEmpty {
                    let start = rng.pick(digits)
                    var end = start
                    while end < chars.count && (chars[end].isNumber || chars[end] == ".") { end += 1 }
                    a[i] = String(chars[..<start]) + hostile + String(chars[end...])
                } else {
                    a[i] = hostile
                }
            default:
                a.insert(hostile, at: words + rng.below(a.count - words + 1))
            }
        }
        return a
    }

    struct Outcome {
        var status: Int32
        var stderr: String
        var timedOut: Bool
        var signaled: Bool
    }

    static func run(_ arguments: [String], in dir: URL, db: String, timeout_s: Double) throws -> Outcome {
        let p = Process()
        p.executableURL = CimnasProcess.executable
        p.arguments = arguments
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["CIMNAS_DB"] = db
        p.environment = env
        let errFile = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let err = try FileHandle(forWritingTo: errFile)
        defer { try? err.close() }
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout_s)
        var timedOut = false
        while p.isRunning {
            if Date() > deadline { timedOut = true; kill(p.processIdentifier, SIGKILL); break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        p.waitUntilExit()
        let text = (try? String(contentsOf: errFile, encoding: .utf8)) ?? "<stderr not UTF-8>"
        return Outcome(status: p.terminationStatus, stderr: text, timedOut: timedOut,
                       signaled: p.terminationReason == .uncaughtSignal)
    }

    @Test func mutatedCommandLinesFailCleanlyAndLeaveTheDatabaseAlone() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("fuzz.sqlite").path
        try "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\nc1,conv,1,3,16,3,3,16,16,1,1,8,8\n"
            .write(to: dir.appendingPathComponent("w.csv"), atomically: true, encoding: .utf8)
        // A database with rows in every main table (a tiny search), checkpointed so its bytes are stable.
        let seedRun = try Self.run(["search", "--db", db, "--population", "2", "--generations", "1", "--quiet",
                                    "--max-area-mm2", "100000"], in: dir, db: db, timeout_s: 300)
        #expect(seedRun.status == 0, "\(seedRun.stderr)")
        _ = try Self.run(["sql", "--write", "--db", db, "PRAGMA wal_checkpoint(TRUNCATE)"], in: dir, db: db, timeout_s: 60)
        var rng = FuzzRandom(seed: Self.seed)
        let bases = Self.baseCommands(db: db)
        var counts: [Int32: Int] = [:]
        var failures: [String] = []
        for i in 0..<Self.runs {
            let base = bases[i % bases.count]
            let args = Self.mutate(base, rng: &rng)
            let before = Self.digest(db)
            let o = try Self.run(args, in: dir, db: db, timeout_s: 120)
            counts[o.status, default: 0] += 1
            let shown = args.map { $0.debugDescription }.joined(separator: " ")
            func fail(_ why: String) { if failures.count < 10 { failures.append("#\(i) cimnas \(shown): \(why)") } }
            if o.timedOut { fail("hang (killed after 120 s)"); continue }
            if o.signaled || ![0, 1, 2, 3].contains(o.status) { fail("exit \(o.status), signaled \(o.signaled): \(o.stderr.prefix(300))"); continue }
            if o.status == 0 { continue } // a mutation that is still valid (e.g. another seed)
            let lines = o.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let errors = lines.filter { !$0.hasPrefix("cimnas: note: ") }
            if errors.count != 1 || !o.stderr.hasPrefix("cimnas: ") || !o.stderr.hasSuffix("\n") {
                fail("stderr is not one 'cimnas: …' line: \(o.stderr.prefix(400).debugDescription)")
            }
            if o.status != 3 && Self.digest(db) != before { fail("exit \(o.status) but the database changed") }
        }
        print("cli-fuzz: \(Self.runs) runs, exit codes \(counts.sorted { $0.key < $1.key })")
        #expect((counts[1] ?? 0) + (counts[2] ?? 0) > Self.runs / 2, "most mutations must be refused: \(counts)")
        for f in failures { Issue.record(Comment(rawValue: f)) }
    }
}
