import Foundation
import Testing

/// `cimnas search` refuses flags it would ignore, names bad numbers and writes nothing on a usage error.
@Suite struct SearchFlagAuditTests {
    @Test func searchRefusesFlagsItWouldIgnore() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [([String], String)] = [
            (["--objectives", "energy,foo"], "--objectives"),                      // GA ignores --objectives
            (["--algorithm", "nsga2", "--objective", "ela"], "--objective"),       // NSGA-II ignores --objective
            (["--resume", "1", "--population", "10"], "--population"),             // resume uses stored settings
            (["--resume", "1", "--compat", "cimnas", "--seed", "2"], "--seed"),
            (["--space", "nope"], "--space"),
            (["--algorithm", "two-stage", "--space", "sram-resnet50-7nm"], "two-stage"),
            (["--population", "1"], "--population: 1, expected 2…10000"),
        ]
        for (args, needle) in cases {
            let r = try CLIRunner.run(["search", "--db", db, "--quiet"] + args, in: dir)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(needle), "\(args): \(r.stderr)")
            #expect(CLIAudit.oneLine(r), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(!CLIAudit.exists(db), "\(args) created \(db)")
        }
    }

    @Test func negativeNumberIsNamedNotMissing() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["search", "--db", db, "--population", "-3"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cimnas: Error: --population: '-3' was read as an option"), "\(r.stderr)")
        #expect(r.stderr.contains("--population=-3"))
        let attached = try CLIRunner.run(["search", "--db", db, "--population=-3"], in: dir)
        #expect(attached.status == 2)
        #expect(attached.stderr.contains("--population: -3, expected 2…10000"), "\(attached.stderr)")
        #expect(!CLIAudit.exists(db))
    }

    @Test func resumeOfMissingDatabaseCreatesNothing() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["search", "--db", db, "--resume", "3"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "cimnas: --db \(db): no such database file, expected an existing cimnas database (cimnas search, evaluate, precompute or tech import create one)\n")
        #expect(!CLIAudit.exists(db))
    }

    @Test func twoStageProgressCountsEachStageAndResumeOfFinishedRunSaysSo() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["search", "--db", db, "--algorithm", "two-stage", "--population", "4",
                                   "--generations", "5", "--workers", "1"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let progress = r.stderr.split(separator: "\n").map(String.init)
        // 5 generations: stage 1 gets 2, stage 2 the remaining 3, and each stage counts to its own end.
        #expect(progress.filter { $0.hasPrefix("stage 1 gen") }.last?.hasPrefix("stage 1 gen   2/2 ") == true, "\(progress)")
        #expect(progress.filter { $0.hasPrefix("stage 2 gen") }.last?.hasPrefix("stage 2 gen   3/3 ") == true, "\(progress)")
        #expect(r.stdout.hasPrefix("run 1  two-stage"))
        let again = try CLIRunner.run(["search", "--db", db, "--resume", "1"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr == "cimnas: run 1 already finished; its result is re-read from the database, nothing is re-run\n")
        // Same best design and metrics as the finished run (the timing line differs).
        let firstBest = r.stdout.split(separator: "\n").dropFirst(2)
        let againBest = again.stdout.split(separator: "\n").dropFirst(2)
        #expect(Array(firstBest) == Array(againBest))
    }

    @Test func infeasibleBestNamesTheBrokenConstraintsAndSRAMJSONNamesItsBaseline() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["search", "--db", db, "--population", "4", "--generations", "2", "--quiet", "--max-area-mm2", "1"]
        let table = try CLIRunner.run(args + ["--min-accuracy", "75"], in: dir)
        // Nothing feasible: the closest design is printed, one stderr line says so, exit 3 (documented).
        #expect(table.status == 3, "\(table.stderr)")
        #expect(table.stderr.hasPrefix("cimnas: search: no design met the constraints (closest: area ") && CLIAudit.oneLine(table),
                "\(table.stderr)")
        let line = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("best design") })
        #expect(line.hasPrefix("best design (INFEASIBLE: area "), "\(line)")
        #expect(line.contains(" mm² > 1 mm²; top-1 ") && line.hasSuffix(" % < 75 %)"), "\(line)")
        // The objective row says what the number is and its unit.
        #expect(table.stdout.contains("\nobjective         ") && table.stdout.contains("  ela_acc: EDAP / accuracy fraction, J·s·cm²\n"),
                "\(table.stdout)")
        let json = try CLIRunner.run(args + ["--format", "json"], in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let best = try #require(object["best"] as? [String: Any])
        #expect(json.status == 3)
        // One verdict: best.feasible with its reasons; the metrics carry no second verdict.
        #expect(best["feasible"] as? Bool == false)
        #expect((best["infeasible_reasons"] as? [String])?.first?.hasSuffix(" mm² > 1 mm²") == true, "\(best)")
        #expect((best["metrics"] as? [String: Any])?["feasible"] == nil)
        let sram = try CLIRunner.run(["search", "--db", db, "--space", "sram-resnet50-7nm", "--population", "4",
                                      "--generations", "1", "--quiet", "--format", "json"], in: dir)
        #expect(sram.status == 0, "\(sram.stderr)")
        let s = try #require(try JSONSerialization.jsonObject(with: Data(sram.stdout.utf8)) as? [String: Any])
        let baselineKey = try #require((s["baseline"] as? [String: Any])?["design_key"] as? String)
        #expect(baselineKey.contains(";cell=sram;net=resnet50"), "\(baselineKey)")
    }
}
