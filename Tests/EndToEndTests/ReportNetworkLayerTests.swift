import Foundation
import Testing

/// `cimnas report RUN_ID` after a real search: the per-layer chart shows the chosen design's own layers in
/// network order (`network_layer`, schema 005), and the convergence axis names the run's objective.
@Suite struct ReportNetworkLayerTests {
    @Test func reportDrawsTheChosenDesignsLayersInOrderAndNamesTheObjective() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let search = try CLIRunner.run(["search", "--db", db, "--population", "6", "--generations", "2", "--quiet",
                                        "--objective", "el_acc", "--max-area-cm2", "1000", "--format", "json"])
        #expect(search.status == 0, "\(search.stderr)")
        // The report's chosen design: lowest objective among feasible members.
        let best = try CLIRunner.run(["sql", "--db", db, "--format", "csv", """
            SELECT m.design_id FROM search_member m JOIN design d ON d.id = m.design_id
            WHERE m.run_id = 1 AND m.constraint_violation <= 0 AND m.objective IS NOT NULL AND d.feasible = 1
            ORDER BY m.objective, m.generation, m.slot LIMIT 1
            """])
        let bestID = try #require(best.stdout.split(separator: "\n").dropFirst().first.map(String.init))
        let names = try CLIRunner.run(["sql", "--db", db, "--format", "csv", """
            SELECT nl.name FROM design d JOIN network_layer nl ON nl.network_id = d.network_id
                AND nl.quant_policy_key = d.quant_policy_key AND nl.compat_mode = 'default'
            WHERE d.id = \(bestID) ORDER BY nl.position
            """]).stdout.split(separator: "\n").dropFirst().map(String.init)
        let count = try CLIRunner.run(["sql", "--db", db, "--format", "csv",
                                       "SELECT n.layer_count FROM design d JOIN network n ON n.id = d.network_id WHERE d.id = \(bestID)"])
        #expect(names.count == Int(count.stdout.split(separator: "\n").last ?? ""))
        #expect(names.first == "00_first_conv")

        let out = dir.appendingPathComponent("rep")
        let r = try CLIRunner.run(["report", "1", "--db", db, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: out.appendingPathComponent("layer-energy.svg"), encoding: .utf8)
        // Tick labels "NAME C→M R×S wWaA", in the chart's left-to-right order.
        let labels = svg.components(separatedBy: "class=\"tick\"").dropFirst().compactMap { part -> String? in
            guard let gt = part.firstIndex(of: ">"), let lt = part.firstIndex(of: "<") else { return nil }
            let text = String(part[part.index(after: gt)..<lt])
            return text.contains("→") ? String(text.split(separator: " ")[0]) : nil
        }
        #expect(labels == names)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("The chosen design&apos;s \(names.count) layers in network order"))
        #expect(!html.contains("show no energy"))   // every layer of a feasible design was evaluated on its chip
        let conv = try String(contentsOf: out.appendingPathComponent("convergence.svg"), encoding: .utf8)
        #expect(conv.contains("objective el_acc (J·s ÷ accuracy, lower is better)"))
    }
}

/// Precompute records its network's layer sequence too, and `cimnas merge` carries it over.
@Suite struct PrecomputeNetworkLayerTests {
    @Test func precomputeAndMergeKeepTheLayerSequence() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fix = "rows=128,cols=64,router_group=4,tiles_per_chip=16,glb_depth=8192,voltage_v=0.7"
        let r = try CLIRunner.run(["precompute", "--network", "standard-mbv2", "--fix", fix, "--batch-size", "50",
                                   "--db", "p.sqlite", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let merged = try CLIRunner.run(["merge", "all.sqlite", "p.sqlite"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        for db in ["p.sqlite", "all.sqlite"] {
            let q = try CLIRunner.run(["sql", "--db", db, "--format", "csv", """
                SELECT count(*), min(nl.position), max(nl.position), n.layer_count, count(DISTINCT d.quant_policy_key)
                FROM network_layer nl JOIN network n ON n.id = nl.network_id
                JOIN (SELECT DISTINCT network_id, quant_policy_key FROM design) d
                    ON d.network_id = nl.network_id AND d.quant_policy_key = nl.quant_policy_key
                """], in: dir)
            let row = q.stdout.split(separator: "\n").last.map { $0.split(separator: ",").map(String.init) } ?? []
            #expect(row.count == 5, "\(db): \(q.stdout) \(q.stderr)")
            if row.count == 5 {
                #expect(row[0] == row[3] && row[1] == "0" && Int(row[2]) == (Int(row[3]) ?? 0) - 1 && row[4] == "1", "\(db): \(row)")
            }
        }
    }
}
