import Foundation
import Testing

/// Commands that only read never create a database, and database errors name `--db` once.
@Suite struct DatabaseAccessAuditTests {
    @Test func readingCommandsRefuseAMissingDatabase() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["query", "cache_stats"], ["sql", "SELECT 1"], ["sql", "DELETE FROM design"], ["tech", "list"],
                     ["tech", "show", "neurosim_32nm"], ["tech", "export", "neurosim_32nm"]] {
            let r = try CLIRunner.run(args + ["--db", db], in: dir)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("cimnas: --db \(db): no such database file"), "\(args): \(r.stderr)")
            #expect(CLIAudit.oneLine(r))
            #expect(r.stdout.isEmpty)
            #expect(!CLIAudit.exists(db), "\(args) created \(db)")
        }
        // Writing SQL may create it.
        let w = try CLIRunner.run(["sql", "--db", db, "--write", "CREATE TABLE note (x)"], in: dir)
        #expect(w.status == 0, "\(w.stderr)")
        #expect(CLIAudit.exists(db))
    }

    @Test func newerSchemaIsOneLineNamingTheDatabaseOnce() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try CLIRunner.run(["sql", "--db", db, "--write", "PRAGMA user_version = 99"], in: dir)
        #expect(w.status == 0, "\(w.stderr)")
        for args in [["query", "cache_stats"], ["sql", "SELECT 1"], ["tech", "list"], ["report", "1", "--out", "rep"],
                     ["search", "--population", "4", "--generations", "1"],
                     ["evaluate", "--hw", "0.7,4,4e-9,128,128,8,16,16,16384", "--layer", "C=64,M=64,P=56,Q=56"],
                     ["predictor", "predict", "--cimnas-key", PredictorCommandTests.goldenKey]] {
            let r = try CLIRunner.run(args + ["--db", db], in: dir)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("cimnas: --db \(db): database has schema version 99, newer than this cimnas supports"),
                    "\(args): \(r.stderr)")
            #expect(r.stderr.components(separatedBy: db).count == 2, "path repeated: \(r.stderr)")
            #expect(CLIAudit.oneLine(r))
        }
        #expect(!CLIAudit.exists(dir.appendingPathComponent("rep").path))
    }
}
