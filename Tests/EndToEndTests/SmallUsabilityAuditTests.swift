import Foundation
import Testing

/// Small usability fixes found by following the README: `info` says when the database does not exist yet,
/// `tech import FILE --defaults` names the conflict, `query --list NAME` lists that query only.
@Suite struct SmallUsabilityAuditTests {
    @Test func infoSaysTheDatabaseDoesNotExistYet() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["info", "--db", db], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("database  \(db)  (does not exist yet)\n"), "\(r.stdout)")
        #expect(!CLIAudit.exists(db))
        _ = try CLIRunner.run(["sql", "--db", db, "--write", "SELECT 1"], in: dir)
        let again = try CLIRunner.run(["info", "--db", db], in: dir)
        #expect(again.stdout.contains("database  \(db)\n"), "\(again.stdout)")
    }

    @Test func techImportFileAndDefaultsIsOneClearUsageError() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let both = try CLIRunner.run(["tech", "import", "--db", db, "x.csv", "--defaults"], in: dir)
        #expect(both.status == 2)
        #expect(both.stderr.hasPrefix("cimnas: Error: give FILE or --defaults, not both\n"), "\(both.stderr)")
        let neither = try CLIRunner.run(["tech", "import", "--db", db], in: dir)
        #expect(neither.status == 2)
        #expect(neither.stderr.hasPrefix("cimnas: Error: expected a technology CSV FILE or --defaults\n"))
        #expect(!CLIAudit.exists(db))
    }

    @Test func techImportOfAHeaderAloneAndAnEmptyDatabasePathAreRefused() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "component,parameter,value,unit\n".write(to: dir.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["tech", "import", "--db", db, "empty.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "cimnas: empty.csv:2:1: no parameters, expected at least one row after the header\n")
        #expect(!CLIAudit.exists(db))
        for args in [["sql", "SELECT 1"], ["tech", "list"], ["search", "--population", "4", "--generations", "1"]] {
            let empty = try CLIRunner.run(args + ["--db", ""], in: dir)
            #expect(empty.status == 2, "\(args)")
            #expect(empty.stderr.hasPrefix("cimnas: Error: --db: empty path, expected a database file"), "\(empty.stderr)")
        }
    }

    @Test func queryListOfOneQuery() throws {
        let one = try CLIRunner.run(["query", "--list", "best_edap_under_area", "--format", "csv"])
        #expect(one.status == 0, "\(one.stderr)")
        let lines = one.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("best_edap_under_area,"), "\(one.stdout)")
        #expect(lines[1].hasSuffix(",max_area_mm2 REAL = 1e+09"))
        // The terminal table keeps one line per query (first sentence, ≤ 100 characters); CSV has it whole.
        let table = try CLIRunner.run(["query", "--list"])
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("best_edap_under_constraints ") })
        #expect(!row.contains("Further rows") && row.contains("…"), "\(row)")
        let csv = try CLIRunner.run(["query", "--list", "--format", "csv"])
        #expect(csv.stdout.contains("Further rows are the next such non-dominated designs by EDAP"))
        let unknown = try CLIRunner.run(["query", "--list", "best_edap"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("cimnas: unknown query 'best_edap', expected one of "))
    }
}

/// `cimnas space list` and `cimnas workload list` take `--format` like every command that prints results.
@Suite struct ListFormatAuditTests {
    @Test func spaceAndWorkloadListsAsJSONAndCSV() throws {
        let spaces = try CLIRunner.run(["space", "list", "--format", "json"])
        #expect(spaces.status == 0, "\(spaces.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(spaces.stdout.utf8)) as? [[String: Any]])
        let rram = try #require(rows.first { $0["name"] as? String == "cimnas-rram-32nm" })
        #expect(rram["knobs"] as? Int == 141 && rram["network"] as? String == "mobilenetv2")
        #expect(abs((rram["log10_points"] as? Double ?? 0) - 85.8325) < 1e-4) // 6.80×10^85, as `space show` prints
        #expect(abs((rram["points"] as? Double ?? 0) / 6.8e85 - 1) < 0.01)
        let table = try CLIRunner.run(["space", "list"])
        #expect(table.stdout.contains("cimnas-rram-32nm            141 knobs  6.80×10^85\n"))
        let networks = try CLIRunner.run(["workload", "list", "--format", "csv"])
        #expect(networks.status == 0)
        #expect(networks.stdout.hasPrefix("name\n") && networks.stdout.contains("\nresnet50\n"))
    }
}

/// `--node` outside the scaling tables' 7–130 nm is refused for RRAM chips too, instead of extrapolating.
@Suite struct NodeRangeAuditTests {
    @Test func nodeOutsideTheTablesIsAUsageError() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hw = "0.7,4,4e-9,128,128,8,16,16,16384"
        for node in ["3", "1000", "nan"] {
            let r = try CLIRunner.run(["evaluate", "--db", db, "--hw", hw, "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56",
                                       "--node", node], in: dir)
            #expect(r.status == 2, "--node \(node)")
            #expect(r.stderr.contains("--node: ") && r.stderr.contains("expected 7–130 nm"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let ok = try CLIRunner.run(["evaluate", "--db", db, "--hw", hw, "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56",
                                    "--node", "22", "--format", "csv"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
