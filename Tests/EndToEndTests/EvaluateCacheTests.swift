import Foundation
import Testing

/// `cimnas evaluate` through the `layer_eval` cache of `--db` (issue 3 §5).
@Suite struct EvaluateCacheTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let numbers = ["energy_j", "latency_s", "cycles", "macs", "area_mm2", "utilization_percent", "tops",
                          "tops_per_w", "tops_per_mm2", "edap_j_s_mm2"]

    /// Component energies and areas (action counts are not cached).
    func components(_ o: [String: Any]) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for (k, v) in o["components"] as? [String: [String: Any]] ?? [:] {
            out[k] = [v["energy_j"] as? Double ?? .nan, v["area_mm2"] as? Double ?? .nan]
        }
        return out
    }

    @Test func sameLayerTwiceHitsTheCacheWithIdenticalNumbers() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("e.sqlite").path
        let args = ["evaluate", "--db", db, "--hw", "0.7,4,4e-9,128,128,8,16,16,16384",
                    "--layer", "C=64,M=64,R=3,S=3,P=28,Q=28", "--input-bits", "8", "--weight-bits", "4", "--format", "json"]
        let first = try CLIRunner.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr == "cache: miss (0 of 1 layers from layer_eval) in \(db)\n")
        let second = try CLIRunner.run(args)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr == "cache: hit (1 of 1 layers from layer_eval) in \(db)\n")
        let a = try json(first.stdout), b = try json(second.stdout)
        #expect((a["cache"] as? [String: Any])?["status"] as? String == "miss")
        #expect((b["cache"] as? [String: Any])?["status"] as? String == "hit")
        #expect((b["cache"] as? [String: Any])?["layer_hits"] as? Int == 1)
        for k in Self.numbers {
            let x = try #require(a[k] as? Double, "\(k)"), y = try #require(b[k] as? Double, "\(k)")
            #expect(x == y, "\(k)")   // cached values round-trip exactly
        }
        #expect(components(a) == components(b) && components(a).count == 8)
        // One row keyed by the hardware-visible bits; the key's model version is the search's.
        let rows = try CLIRunner.run(["sql", "--db", db, "--format", "csv",
                                      "SELECT input_bits, weight_bits, histogram_key, model_version FROM layer_eval"])
        let lines = rows.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("8,4,,cimloop-cimnas/") == true, "\(rows.stdout)")

        // Anything in the key changes: other bits, compat mode and a histogram are new rows.
        for extra in [["--weight-bits", "8"], ["--compat", "cimnas"], ["--input-histogram", "1,2,3"]] {
            let r = try CLIRunner.run(args + extra)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("cache: miss"), "\(extra): \(r.stderr)")
        }
        // --no-cache neither reads nor writes.
        let off = try CLIRunner.run(args + ["--no-cache"])
        #expect(off.status == 0 && off.stderr.isEmpty, "\(off.stderr)")
        #expect((try json(off.stdout)["cache"] as? [String: Any])?["status"] as? String == "off")
        let count = try CLIRunner.run(["sql", "--db", db, "--format", "csv", "SELECT count(*) FROM layer_eval"])
        #expect(count.stdout.split(separator: "\n").last == "4")
    }

    @Test func wholeNetworkTwiceHitsEveryLayer() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("n.sqlite").path
        let key = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"
        let args = ["evaluate", "--db", db, "--cimnas-key", key, "--format", "json"]
        let first = try CLIRunner.run(args), second = try CLIRunner.run(args)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(second.stderr.hasPrefix("cache: hit (62 of 62 layers"), "\(second.stderr)")
        let a = try json(first.stdout), b = try json(second.stdout)
        for k in Self.numbers { #expect(a[k] as? Double == b[k] as? Double, "\(k)") }
        let ca = try #require(a["cimnas"] as? [String: Double]), cb = try #require(b["cimnas"] as? [String: Double])
        #expect(ca == cb)
        // The table names the cache use too.
        let table = try CLIRunner.run(["evaluate", "--db", db, "--cimnas-key", key])
        #expect(table.stdout.contains("cache                hit (62 of 62 layers from layer_eval)"))
    }
}
