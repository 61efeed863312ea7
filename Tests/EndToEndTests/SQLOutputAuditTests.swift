import Foundation
import Testing

/// `cimnas sql` CSV/JSON output is one document; `cimnas query` parameters are given once.
@Suite struct SQLOutputAuditTests {
    @Test func sqlMachineFormatsAreOneDocument() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try CLIRunner.run(["sql", "--db", db, "--write", "--format", "json",
                                   "CREATE TABLE note (x); INSERT INTO note VALUES (1), (2)"], in: dir)
        #expect(w.status == 0, "\(w.stderr)")
        let changed = try #require(try JSONSerialization.jsonObject(with: Data(w.stdout.utf8)) as? [[String: Any]])
        #expect(changed.count == 1 && changed[0]["rows_changed"] as? Int == 2)
        let csv = try CLIRunner.run(["sql", "--db", db, "--write", "--format", "csv", "DELETE FROM note WHERE x = 2"], in: dir)
        #expect(csv.stdout == "rows_changed\n1\n")
        for format in ["json", "csv"] {
            let two = try CLIRunner.run(["sql", "--db", db, "--format", format, "SELECT 1 AS a; SELECT 2 AS b"], in: dir)
            #expect(two.status == 2, "\(format): \(two.stderr)")
            #expect(two.stderr.contains("--format \(format): more than one statement returns rows"))
            #expect(two.stdout.isEmpty)
            // With --write the batch is rolled back: the insert before the second SELECT leaves nothing.
            let rolled = try CLIRunner.run(["sql", "--db", db, "--write", "--format", format,
                                            "SELECT 1 AS a; INSERT INTO note VALUES (9); SELECT 2 AS b"], in: dir)
            #expect(rolled.status == 2 && rolled.stdout.isEmpty)
        }
        let count = try CLIRunner.run(["sql", "--db", db, "--format", "json", "SELECT count(*) AS n FROM note WHERE x = 9"], in: dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(count.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["n"] as? Int == 0)
        let table = try CLIRunner.run(["sql", "--db", db, "SELECT 1 AS a; SELECT 2 AS b"], in: dir)
        #expect(table.status == 0 && table.stdout.contains("(1 row)\nb\n"), "\(table.stdout)")
    }

    @Test func queryParameterGivenTwiceIsAUsageError() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["query", "--db", db, "best_edap_under_constraints", "--param", "max_area_mm2=1",
                                   "--param", "max_area_mm2=2"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "cimnas: --param max_area_mm2: given twice, expected each parameter once\n")
        #expect(!CLIAudit.exists(db))
        let report = try CLIRunner.run(["report", "--db", db, "--query", "best_edap_under_constraints", "--param", "limit=1",
                                        "--param", "limit=2", "--out", "rep"], in: dir)
        #expect(report.status == 2)
        #expect(report.stderr.hasPrefix("cimnas: Error: --param limit: given twice, expected each parameter once\n"))
        #expect(!CLIAudit.exists(dir.appendingPathComponent("rep").path))
    }

    @Test func sqlStartingWithACommentAndSQLFromStandardInput() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = "-- How many notes (the README's examples start with a comment).\nSELECT count(*) AS n FROM note;\n"
        #expect(try CLIRunner.run(["sql", "--db", db, "--write", "CREATE TABLE note (x); INSERT INTO note VALUES (1)"], in: dir).status == 0)
        let argument = try CLIRunner.run(["sql", "--db", db, "--format", "csv", script], in: dir)
        #expect(argument.status == 0, "\(argument.stderr)")
        #expect(argument.stdout == "n\n1\n")
        let before = try CLIRunner.run(["sql", script, "--db", db, "--format", "csv"], in: dir)
        #expect(before.stdout == "n\n1\n", "\(before.stderr)")
        let stdin = try CLIRunner.run(["sql", "--db", db, "--format", "csv", "-"], in: dir, stdin: script)
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdout == "n\n1\n")
        // A real option with a space in its value is still an option.
        let spaced = try CLIRunner.run(["sql", "--db=\(dir.path)/no such.sqlite", "SELECT 1"], in: dir)
        #expect(spaced.status == 1 && spaced.stderr.contains("no such database file"), "\(spaced.stderr)")
    }
}
