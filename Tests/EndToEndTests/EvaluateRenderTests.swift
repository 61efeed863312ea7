import Foundation
import Testing

/// `cimnas evaluate` prints a fresh evaluation and the same evaluation served from `layer_eval` identically,
/// in every format, except for the cache marker (the table's cache line, the JSON `cache` object).
@Suite struct EvaluateRenderTests {
    static let hw = "0.7,4,4e-9,128,128,8,16,16,16384"
    static let networkKey = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"

    static let cases: [(name: String, args: [String])] = [
        ("layer", ["--hw", hw, "--layer", "C=64,M=64,R=3,S=3,P=28,Q=28", "--input-bits", "8", "--weight-bits", "4"]),
        ("infeasible layer", ["--hw", "0.6,3,2e-9,32,32,1,4,4,2048", "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56"]),
        ("network", ["--cimnas-key", networkKey]),
        ("network per layer", ["--cimnas-key", networkKey, "--per-layer"]),
    ]

    /// Runs `evaluate` on a new database twice: the first run computes (miss), the second reads the cache (hit).
    func freshThenCached(_ args: [String], format: String) throws -> (fresh: String, cached: String) {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = ["evaluate", "--db", dir.appendingPathComponent("r.sqlite").path, "--format", format] + args
        let first = try CLIRunner.run(full), second = try CLIRunner.run(full)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(first.stderr.hasPrefix("cache: miss"), "\(first.stderr)")
        #expect(second.stderr.hasPrefix("cache: hit"), "\(second.stderr)")
        return (first.stdout, second.stdout)
    }

    /// Lines that differ between two outputs of equal line count.
    func differingLines(_ a: String, _ b: String) -> [(String, String)] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false),
            y = b.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(x.count == y.count)
        return zip(x, y).filter { $0 != $1 }.map { (String($0), String($1)) }
    }

    @Test(arguments: 0..<4) func freshAndCachedOutputsAreIdentical(_ index: Int) throws {
        let (name, args) = Self.cases[index]
        // CSV carries no cache marker: byte for byte the same.
        let csv = try freshThenCached(args, format: "csv")
        #expect(csv.fresh == csv.cached, "\(name)")
        #expect(!csv.fresh.isEmpty)

        // Table: only the cache line differs.
        let table = try freshThenCached(args, format: "table")
        let tableDiff = differingLines(table.fresh, table.cached)
        #expect(tableDiff.count == 1, "\(name): \(tableDiff)")
        #expect(tableDiff.first?.0.hasPrefix("cache                miss (0 of ") == true, "\(name)")
        #expect(tableDiff.first?.1.hasPrefix("cache                hit (") == true, "\(name)")
        #expect(!table.fresh.contains("\nmapping: ") && !table.fresh.contains("actions"), "\(name): no detail on one path only")

        // JSON: only the cache object's members differ.
        let json = try freshThenCached(args, format: "json")
        let jsonDiff = differingLines(json.fresh, json.cached)
        #expect(!jsonDiff.isEmpty && jsonDiff.count <= 3, "\(name): \(jsonDiff)")
        for (a, b) in jsonDiff {
            #expect(["\"layer_hits\"", "\"layer_misses\"", "\"status\""].contains { a.contains($0) && b.contains($0) },
                    "\(name): \(a) vs \(b)")
        }
    }

    /// With --no-cache the same numbers print, plus the mapping and action counts the cache does not keep.
    @Test func noCacheAddsDetailToTheSameNumbers() throws {
        let args = Self.cases[0].args
        let cached = try freshThenCached(args, format: "json").cached
        let off = try CLIRunner.run(["evaluate", "--no-cache", "--format", "json"] + args)
        #expect(off.status == 0 && off.stderr.isEmpty, "\(off.stderr)")
        var a = try #require(try JSONSerialization.jsonObject(with: Data(cached.utf8)) as? [String: Any])
        var b = try #require(try JSONSerialization.jsonObject(with: Data(off.stdout.utf8)) as? [String: Any])
        #expect((b["cache"] as? [String: Any])?["status"] as? String == "off")
        let mapping = try #require(b["mapping"] as? [String: String])
        #expect(mapping["row"] != nil && mapping["temporal"] != nil)
        var components = try #require(b["components"] as? [String: [String: Any]])
        for (k, var v) in components {
            #expect(v["actions"] is Double, "\(k)")
            v["actions"] = nil
            components[k] = v
        }
        b["components"] = components
        for k in ["cache", "mapping"] { a[k] = nil; b[k] = nil }
        func text(_ o: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try text(a) == (try text(b)), "every other member is the same")

        let table = try CLIRunner.run(["evaluate", "--no-cache"] + args)
        #expect(table.stdout.contains("\nmapping: row "), "\(table.stdout)")
        #expect(table.stdout.contains("cache                off\n"))
        #expect(table.stdout.contains("\ncomponent       energy_j     area_mm2  actions\n"), "\(table.stdout)")
    }
}
