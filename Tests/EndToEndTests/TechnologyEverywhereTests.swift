import Foundation
import Testing

/// `--tech` on evaluate, search and precompute (issue 20): imported tables change the numbers, the same
/// content under another name or file hits the cache, and `tech import` checks the models' vocabulary.
@Suite struct TechnologyEverywhereTests {
    /// The shipped RRAM cell with a ten times higher R_off (900 kΩ → 9 MΩ).
    static let highROff = "component,parameter,value,unit,note\nrram_cell,r_off,9000000.0,ohm,ten times the shipped R_off\n"
    static let layer = ["--hw", "0.7,2,1e-9,128,64,4,16,16,8192", "--layer", "C=64,M=64,R=3,S=3,P=14,Q=14",
                        "--format", "json"]
    /// The CIMNAS default chip with bits per cell free (8 points).
    static let fix = "voltage_v=0.7,base_latency_s=4e-09,rows=128,cols=128,router_group=8,tiles_per_chip=16,macros_per_tile=16,glb_depth=16384"
    static let pinned = """
        h.rows = 128 AND h.cols = 128 AND h.tiles_per_chip = 16 AND h.macros_per_tile = 16 AND h.glb_depth = 16384
          AND h.voltage_v = 0.7 AND h.router_group = 8 AND h.base_latency_s = 4e-09
        """

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func sql(_ query: String, db: String, in dir: URL) throws -> [String] {
        let r = try CLIRunner.run(["sql", "--db", db, "--format", "csv", query], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").dropFirst().map(String.init)
    }

    @Test func importedCellChangesEvaluateAndTheSameContentHitsTheCache() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.highROff.write(to: dir.appendingPathComponent("high_roff.csv"), atomically: true, encoding: .utf8)
        try Self.highROff.write(to: dir.appendingPathComponent("copy.csv"), atomically: true, encoding: .utf8)
        for (file, name) in [("high_roff.csv", "cell_a"), ("copy.csv", "cell_b")] {
            let r = try CLIRunner.run(["tech", "import", "--db", "t.sqlite", file, "--name", name], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let shipped = try CLIRunner.run(["evaluate", "--db", "t.sqlite"] + Self.layer, in: dir)
        #expect(shipped.status == 0, "\(shipped.stderr)")
        let a = try CLIRunner.run(["evaluate", "--db", "t.sqlite", "--tech", "cell_a"] + Self.layer, in: dir)
        #expect(a.status == 0 && a.stderr.hasPrefix("cache: miss"), "\(a.stderr)")
        let e0 = try #require(try Self.json(shipped.stdout)["energy_j"] as? Double)
        let e1 = try #require(try Self.json(a.stdout)["energy_j"] as? Double)
        // A higher R_off draws less current from off cells: the layer's energy falls (and only the R_off row differs).
        #expect(e1 < e0 && e1 > 0.5 * e0, "shipped \(e0) J, high R_off \(e1) J")
        // The same content under another stored name, as a file, and composed after the shipped tables: all hits.
        for tech in ["cell_b@1", "copy.csv", "high_roff.csv,cell_b"] {
            let r = try CLIRunner.run(["evaluate", "--db", "t.sqlite", "--tech", tech] + Self.layer, in: dir)
            #expect(r.status == 0 && r.stderr.hasPrefix("cache: hit"), "\(tech): \(r.stderr)")
            #expect(try Self.json(r.stdout)["energy_j"] as? Double == e1, "\(tech)")
        }
        // A table that restates a shipped value is the shipped technology (same rows, same cache).
        try "component,parameter,value,unit\nrram_cell,r_off,900000.0,ohm\n".write(
            to: dir.appendingPathComponent("same.csv"), atomically: true, encoding: .utf8)
        let same = try CLIRunner.run(["evaluate", "--db", "t.sqlite", "--tech", "same.csv"] + Self.layer, in: dir)
        let sameEnergy = try Self.json(same.stdout)["energy_j"] as? Double
        #expect(same.stderr.hasPrefix("cache: hit") && sameEnergy == e0, "\(same.stderr)")

        let diff = try CLIRunner.run(["tech", "diff", "--db", "t.sqlite", "cell_a", "same.csv", "--format", "csv"], in: dir)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout == "component,parameter,unit,a,b\nrram_cell,r_off,ohm,9000000.0,900000.0\n", "\(diff.stdout)")

        let unknown = try CLIRunner.run(["evaluate", "--db", "t.sqlite", "--tech", "nosuch"] + Self.layer, in: dir)
        #expect(unknown.status == 1 && unknown.stderr == "cimnas: --tech: no technology nosuch in the database; known: cell_a@1, cell_b@1\n",
                "\(unknown.stderr)")
    }

    @Test func importedCellChangesSearchAndPrecomputeAndIsRecorded() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.highROff.write(to: dir.appendingPathComponent("high_roff.csv"), atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["tech", "import", "--db", "t.sqlite", "high_roff.csv"], in: dir).status == 0)

        // Search: same seed and settings, the baseline design's energy follows the technology.
        let search = ["search", "--db", "t.sqlite", "--population", "4", "--generations", "1", "--quiet", "--format", "json",
                      "--workers", "1"]
        let s0 = try CLIRunner.run(search, in: dir)
        let s1 = try CLIRunner.run(search + ["--tech", "high_roff"], in: dir)
        #expect(s0.status == 0 && s1.status == 0, "\(s0.stderr)\(s1.stderr)")
        func baselineEnergy(_ r: CLIRunner.Result) throws -> Double {
            let baseline = try #require(try Self.json(r.stdout)["baseline"] as? [String: Any])
            return try #require((baseline["metrics"] as? [String: Any])?["energy_j"] as? Double)
        }
        let b1 = try baselineEnergy(s1), b0 = try baselineEnergy(s0)
        #expect(b1 < b0)
        let settings = try Self.sql("SELECT settings_json FROM search_run ORDER BY id", db: "t.sqlite", in: dir)
        #expect(settings.count == 2 && !settings[0].contains("high_roff") && settings[1].contains("high_roff"), "\(settings)")

        // Precompute: 8 points on each technology, recorded by name@version; the composed table is stored once.
        let pre = ["precompute", "--db", "t.sqlite", "--network", "standard-mbv2", "--fix", Self.fix, "--quiet"]
        for extra in [[], ["--tech", "high_roff"]] {
            let r = try CLIRunner.run(pre + extra, in: dir)
            #expect(r.status == 0 && r.stdout.contains("8/8 points"), "\(r.stdout)\(r.stderr)")
        }
        let rows = try Self.sql("""
            SELECT d.technology, count(*), min(d.energy_j) FROM design d JOIN hw_config h ON h.id = d.hw_config_id
            WHERE d.feasible = 1 AND \(Self.pinned) AND d.quant_policy_key = (SELECT quant_policy_key FROM precompute_job LIMIT 1)
            GROUP BY d.technology ORDER BY d.technology
            """, db: "t.sqlite", in: dir)
        #expect(rows.count == 2, "\(rows)")
        let shippedRow = try #require(rows.first { $0.hasPrefix("cimnas_32nm@") }).split(separator: ",")
        let cellRow = try #require(rows.first { $0.hasPrefix("cimnas_32nm+high_roff.v1@1,") }).split(separator: ",")
        #expect(shippedRow[1] == cellRow[1] && shippedRow[1] != "0", "\(rows)")
        let cellEnergy = try #require(Double(cellRow[2])), shippedEnergy = try #require(Double(shippedRow[2]))
        #expect(cellEnergy < shippedEnergy, "\(rows)")
    }

    @Test func importChecksTheModelsVocabularyWithPositionsAndValidNames() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String)] = [
            ("router,read_energi,20.74,pJ", "bad.csv:2:8: unknown parameter 'read_energi' of router, expected one of reference_width, read_energy,"),
            ("router,read_energy,0.02,nJ", "bad.csv:2:25: unit 'nJ' for router.read_energy, expected 'pJ'"),
            ("rotuer,read_energy,20.74,pJ", "bad.csv:2:1: unknown component 'rotuer', expected one of rram_cell, row_driver,"),
            ("row_driver,e_act_v0.95,0.01,pJ", ""),
        ]
        for (row, message) in cases {
            try "component,parameter,value,unit\n\(row)\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
            let r = try CLIRunner.run(["tech", "import", "--db", "t.sqlite", "bad.csv"], in: dir)
            if message.isEmpty {
                // Another voltage point of a family the models read is accepted.
                #expect(r.status == 0, "\(row): \(r.stderr)")
            } else {
                #expect(r.status == 1 && r.stderr.hasPrefix("cimnas: " + message), "\(row): \(r.stderr)")
                #expect(r.stderr.split(separator: "\n").count == 1)
            }
        }
        let vocabulary = try CLIRunner.run(["tech", "vocabulary", "--format", "csv"], in: dir)
        #expect(vocabulary.stdout.contains("\nrram_cell,r_off,ohm\n") && vocabulary.stdout.contains("\nrow_driver,e_act_v<number>,pJ\n"))
    }
}
