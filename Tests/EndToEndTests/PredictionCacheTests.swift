import Foundation
import Testing

/// The `prediction` cache (issue 5 §5): network × quantization policy × predictor version, shared by
/// `cimnas search` and `cimnas predictor predict --db`.
@Suite struct PredictionCacheTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let goldenKey = "A_0.8_8_1e-09_256_32_1_32_64_2048_333342_357333535773535377553_886444864484644864864_886848666446648648684_688444466444488846484_864866884648848464448_3_2_6_0_5_3_1_3_8_3_14_15_18_14_6_13_0_5_33_9_28"

    @Test func secondPredictHitsTheCacheWithIdenticalNumbers() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("p.sqlite").path
        let args = ["predictor", "predict", "--db", db, "--cimnas-key", Self.goldenKey, "--format", "json"]
        let first = try CLIRunner.run(args), second = try CLIRunner.run(args)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(first.stderr == "prediction cache: miss (0 of 2 predictions) in \(db)\n")
        #expect(second.stderr == "prediction cache: hit (2 of 2 predictions) in \(db)\n")
        let a = try json(first.stdout), b = try json(second.stdout)
        #expect((b["cache"] as? [String: Any])?["hits"] as? Int == 2)
        // Real acc_quant.pt output for this key: 0.8809970 (apq_golden_vectors.json).
        #expect(abs((a["rawScore"] as? Double ?? 0) - 0.880997) < 0.001)
        #expect(a["rawScore"] as? Double == b["rawScore"] as? Double)
        #expect(a["top1_pct"] as? Double == b["top1_pct"] as? Double)
        let off = try CLIRunner.run(args + ["--no-cache"])
        let offRaw = try json(off.stdout)["rawScore"] as? Double
        #expect(off.stderr.isEmpty && offRaw == a["rawScore"] as? Double)
        // Keyed by SubnetSpec.quantPolicyKey (the JSON's quantPolicy) and the predictor version with the mode.
        let rows = try CLIRunner.run(["sql", "--db", db, "--format", "csv",
                                      "SELECT quant_policy_key || ' ' || predictor_version FROM prediction ORDER BY 1"])
        let policy = try #require(a["quantPolicy"] as? String)
        #expect(Array(rows.stdout.split(separator: "\n").dropFirst()) == ["\(policy) cimnas-small128-apqdistill-v1;mode=cimnas",
                                                                          "\(policy) cimnas-small128-apqdistill-v1;mode=default"])
    }

    /// Hardware-only searches keep the network: a second search on new chips takes its accuracy from the
    /// database, and `predictor predict` finds the search's prediction for the same network.
    @Test func secondSearchAndPredictHitTheSearchsPrediction() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        func search(seed: String) throws -> [String: Any] {
            let r = try CLIRunner.run(["search", "--db", db, "--algorithm", "hardware-only", "--population", "4",
                                       "--generations", "1", "--seed", seed, "--quiet", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            return try json(r.stdout)
        }
        let a = try search(seed: "1")
        #expect(a["prediction_cache_hits"] as? Int == 0 && a["prediction_cache_misses"] as? Int == 1)
        let b = try search(seed: "2")
        #expect(b["cache_misses"] as? Int ?? 0 > 0)   // new designs…
        #expect(b["prediction_cache_hits"] as? Int == 1 && b["prediction_cache_misses"] as? Int == 0)   // …same network
        let top1 = try #require(((b["best"] as? [String: Any])?["metrics"] as? [String: Any])?["top1_percent"] as? Double)

        let key = try #require((a["best"] as? [String: Any])?["key"] as? String)
        let p = try CLIRunner.run(["predictor", "predict", "--db", db, "--cimnas-key", key, "--format", "json"])
        #expect(p.status == 0, "\(p.stderr)")
        // The default-mode row comes from the search; the raw 8-bit score is new.
        #expect(p.stderr == "prediction cache: partial (1 of 2 predictions) in \(db)\n")
        // The search ranks with the top-1 on the chip (docs/hardware-accuracy.md): predict gives the same for the
        // same design, and both networks' quantization-only top-1 (the cached row) is at least the chip's.
        let out = try json(p.stdout)
        let aTop1 = try #require(((a["best"] as? [String: Any])?["metrics"] as? [String: Any])?["top1_percent"] as? Double)
        let onChip = try #require(out["top1_percent"] as? Double), ideal = try #require(out["top1_pct"] as? Double)
        #expect(abs(onChip - aTop1) < 1e-9)
        #expect(ideal >= max(top1, aTop1))
    }
}
