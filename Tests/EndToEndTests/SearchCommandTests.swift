import Foundation
import Testing

/// `cimnas search` through the built binary, on a temporary database.
@Suite struct SearchCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func smallSearchReportsBestBaselineRatiosAndReusesTheCache() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let args = ["search", "--db", "s.sqlite", "--population", "10", "--generations", "3", "--format", "json"]
        let first = try CLIRunner.run(args, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        // One progress line per generation on stderr.
        #expect(first.stderr.split(separator: "\n").filter { $0.contains("evals/s") }.count == 3)
        let a = try json(first.stdout)
        #expect(a["run_id"] as? Int == 1)
        #expect(a["evaluations"] as? Int == 30)
        let best = try #require(a["best"] as? [String: Any])
        #expect((best["cimnas_key"] as? String)?.hasPrefix("A_") == true)
        let metrics = try #require(best["metrics"] as? [String: Any])
        for k in ["energy_j", "latency_s", "area_mm2", "edap_j_s_mm2", "tops_per_w", "tops_per_mm2", "top1_percent"] {
            #expect(metrics[k] is Double, "\(k)")
        }
        let baseline = try #require((a["baseline"] as? [String: Any])?["metrics"] as? [String: Any])
        let ratios = try #require(a["ratios"] as? [String: Any])
        let edap = try #require(metrics["edap_j_s_mm2"] as? Double)
        let baseEDAP = try #require(baseline["edap_j_s_mm2"] as? Double)
        #expect(abs((ratios["edap_reduction"] as? Double ?? 0) - baseEDAP / edap) <= 1e-9 * baseEDAP / edap)
        // J·s·mm²: energy × latency × area in mm².
        let e = try #require(metrics["energy_j"] as? Double), l = try #require(metrics["latency_s"] as? Double)
        let area = try #require(metrics["area_mm2"] as? Double)
        #expect(abs(edap - e * l * area) <= 1e-12 * edap)
        // Baseline: MobileNetV2 on the default chip, latency as in the original's runSingle (7.044 µs).
        #expect(abs((baseline["latency_s"] as? Double ?? 0) - 7.044e-6) < 1e-9)

        let second = try CLIRunner.run(args + ["--workers", "1"], in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        let b = try json(second.stdout)
        let cache = try #require(b["cache"] as? [String: Any])
        #expect(cache["design_misses"] as? Int == 0)
        #expect(cache["layer_misses"] as? Int == 0)
        #expect((b["best"] as? [String: Any])?["cimnas_key"] as? String == best["cimnas_key"] as? String)
        // The printed A_ key is stored with the run's members and can be queried.
        let stored = try CLIRunner.run(["sql", "--db", "s.sqlite", "--format", "csv",
                                        "SELECT count(*) FROM search_member WHERE run_id = 1 AND cimnas_key = '\(best["cimnas_key"] as? String ?? "")'"], in: dir)
        #expect(stored.stdout.split(separator: "\n").last.flatMap { Int($0) } ?? 0 > 0, "\(stored.stdout)\(stored.stderr)")
    }

    @Test func badFlagsAreOneLineUsageErrors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        for args in [["search", "--algorithm", "annealing"], ["search", "--objective", "speed"],
                     ["search", "--population", "1"], ["search", "--max-area-mm2", "-3"]] {
            let r = try CLIRunner.run(args, in: dir)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasPrefix("cimnas: "), "\(args): \(r.stderr)")
        }
        let missing = try CLIRunner.run(["search", "--db", "x.sqlite", "--resume", "7"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("--db x.sqlite: no such database file"))
        let created = try CLIRunner.run(["sql", "--db", "x.sqlite", "--write", "SELECT 1"], in: dir)
        #expect(created.status == 0)
        let noRun = try CLIRunner.run(["search", "--db", "x.sqlite", "--resume", "7"], in: dir)
        #expect(noRun.status == 1)
        #expect(noRun.stderr.contains("--resume 7"))
    }
}
