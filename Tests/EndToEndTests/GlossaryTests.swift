import Foundation
import Testing

/// One vocabulary (docs/glossary.md): every key every command prints with `--format json`, and every column of
/// the database, is a name of the glossary; CIMNAS's short names appear only inside a `cimnas` object.
@Suite struct GlossaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The backticked names in the first column of the glossary's tables: general names, and those of the
    /// section on the `cimnas` compatibility object.
    static func glossary() throws -> (names: Set<String>, compat: Set<String>) {
        let text = try String(contentsOf: root.appendingPathComponent("docs/glossary.md"), encoding: .utf8)
        var names: Set<String> = [], compat: Set<String> = [], inCompat = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") { inCompat = line.contains("`cimnas` compatibility"); continue }
            guard line.hasPrefix("| `"), let cell = line.split(separator: "|").first else { continue }
            let found = cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            if inCompat { compat.formUnion(found) } else { names.formUnion(found) }
        }
        return (names, compat)
    }

    /// Keys of `value` not in the glossary, with their paths.
    static func strayKeys(_ value: Any, path: String, inCimnas: Bool, glossary: (names: Set<String>, compat: Set<String>)) -> [String] {
        var stray: [String] = []
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let allowed = inCimnas ? glossary.compat.contains(key) : glossary.names.contains(key) || key == "cimnas"
                if !allowed { stray.append("\(path).\(key)") }
                stray += strayKeys(child, path: "\(path).\(key)", inCimnas: inCimnas || key == "cimnas", glossary: glossary)
            }
        } else if let array = value as? [Any] {
            for child in array { stray += strayKeys(child, path: path + "[]", inCimnas: inCimnas, glossary: glossary) }
        }
        return stray
    }

    @Test func glossaryHasEveryNameOnce() throws {
        let g = try Self.glossary()
        #expect(g.names.count > 150 && g.compat.count == 11, "\(g.names.count) names, \(g.compat.count) compat names")
        #expect(g.names.isDisjoint(with: g.compat), "in both sections: \(g.names.intersection(g.compat).sorted())")
        for bad in ["top1_pct", "accuracy_top1_percent", "total_macs", "edap_j_s_cm2", "rawScore", "predictorVersion", "size"] {
            #expect(!g.names.contains(bad), "\(bad) is not a glossary name")
        }
    }

    /// Every command that prints results, with `--format json`, in a scratch folder with a small database.
    @Test func everyCommandPrintsGlossaryNames() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createSymbolicLink(at: dir.appendingPathComponent("datasets"), withDestinationURL: Self.root.appendingPathComponent("datasets"))
        let key = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"
        let layer = ["--hw", "0.7,4,4e-9,128,128,8,16,16,16384", "--layer", "G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1"]
        let fix = "rows=128,cols=128,voltage_v=0.7,bits_per_cell=4,tiles_per_chip=4"
        try """
        {"hardware": {"voltage_v": 0.8, "bits_per_cell": 1, "base_latency_s": 4e-09, "rows": 64, "cols": 64,
         "router_group": 1, "tiles_per_chip": 1024, "macros_per_tile": 64, "glb_depth": 16384, "adc_bits": 4,
         "technology_nm": 7, "cell_type": "sram"}, "network": "resnet50"}
        """.write(to: dir.appendingPathComponent("sram.json"), atomically: true, encoding: .utf8)
        let commands: [[String]] = [
            // Tiny searches may end infeasible (exit 3): the area bound is lifted, the keys are what is checked.
            ["search", "--population", "10", "--generations", "2", "--quiet", "--max-area-mm2", "1000000"],
            ["search", "--population", "10", "--generations", "2", "--quiet", "--algorithm", "nsga2", "--seed", "2",
             "--max-area-mm2", "1000000"],
            ["search", "--population", "6", "--generations", "2", "--quiet", "--space", "sram-resnet50-7nm"],
            ["info"], ["workload", "list"], ["workload", "show", "resnet50"], ["workload", "show", "--cimnas-key", key, "--compat", "cimnas"],
            ["space", "list"], ["space", "show", "cimnas-rram-32nm"],
            ["evaluate"] + layer, ["evaluate", "--no-cache"] + layer, ["evaluate", "--cimnas-key", key, "--per-layer"],
            ["evaluate", "--design", "sram.json"], ["evaluate", "--design", "sram.json", "--per-layer"],
            ["predictor", "evaluate", "--data", "datasets/predictors/training/cimnas_arch_accuracy_train.csv", "--held-out-only"],
            ["predictor", "predict", "--cimnas-key", key], ["predictor", "predict", "--cimnas-key", key, "--compat", "cimnas"],
            ["tech", "import", "datasets/tech/neurosim_32nm.csv"], ["tech", "list"], ["tech", "show", "neurosim_32nm"],
            ["tech", "diff", "neurosim_32nm", "cimnas_32nm"], ["tech", "vocabulary"],
            ["sql", "SELECT count(*) AS designs FROM design"],
            ["precompute", "--network", "standard-mbv2", "--fix", fix, "--quiet"],
            ["precompute", "--db", "shard.sqlite", "--network", "standard-mbv2", "--fix", fix, "--quiet"],
            ["precompute", "--rebuild-indexes"],
            ["merge", "merged.sqlite", "shard.sqlite"],
            ["report", "1", "--out", "report"],
            ["sram", "macros"], ["sram", "evaluate"], ["sram", "evaluate", "--layers"],
            ["sram", "search", "--population", "6", "--generations", "2"],
        ]
        let queries = try fm.contentsOfDirectory(atPath: Self.root.appendingPathComponent("queries").path)
            .filter { $0.hasSuffix(".sql") }.sorted().map { ["query", String($0.dropLast(4))] }
        let glossary = try Self.glossary()
        for command in commands + queries {
            let r = try CLIRunner.run(command + ["--format", "json"], in: dir)
            try #require(r.status == 0, "cimnas \(command.joined(separator: " ")) --format json: \(r.stderr)")
            let json = try #require(try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)), "not JSON: \(command): \(r.stdout)")
            let stray = Self.strayKeys(json, path: command.prefix(2).joined(separator: " "), inCimnas: false, glossary: glossary)
            #expect(stray.isEmpty, "keys not in docs/glossary.md: \(stray.sorted())")
        }

        // Every column of every table, the same way.
        let columns = try CLIRunner.run(["sql", "SELECT m.name AS name, p.name AS parameter FROM sqlite_master m "
                                         + "JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                                         "--format", "csv"], in: dir)
        try #require(columns.status == 0, "\(columns.stderr)")
        let stray = columns.stdout.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let parts = line.split(separator: ",")
            return glossary.names.contains(String(parts[1])) ? nil : String(line)
        }
        #expect(stray.isEmpty, "columns not in docs/glossary.md (table,column): \(stray)")
    }

    /// `--help` of a command with its line wrapping undone.
    static func flatHelp(_ command: [String]) throws -> String {
        try CLIRunner.run(command + ["--help"]).stdout.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// Commands that print results take `--format`, and their help lists only formats they accept.
    @Test func helpListsOnlyAcceptedFormats() throws {
        let summaries = [["search"], ["precompute"], ["merge"], ["report"], ["sram", "search"]]
        for command in summaries {
            let help = try Self.flatHelp(command)
            #expect(help.contains("values: table, json"), "\(command): \(help)")
        }
        let rows = [["info"], ["predictor", "evaluate"], ["predictor", "predict"], ["evaluate"], ["query"], ["sql"], ["sram", "macros"],
                    ["sram", "evaluate"], ["space", "list"], ["workload", "show"], ["tech", "list"]]
        for command in rows {
            let help = try Self.flatHelp(command)
            #expect(help.contains("values: table, csv, json"), "\(command): \(help)")
        }
    }
}
