import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// `precompute --store pareto`: the archive database answers bounded best-EDAP questions as the full rows do,
/// resumes to the same archive, and its shards (split by array organisation) merge into the unsharded archive.
@Suite struct PrecomputeArchiveTests {
    /// 8 bits per cell × 5 tile counts × 6 macro counts (240 organisations) × 6 base latencies × 7 GLB depths.
    static let fix = "rows=128,cols=64,router_group=4,voltage_v=0.7"

    @discardableResult
    static func sweep(_ db: Database, store: PrecomputeStore, shard: Shard = .whole, batchSize: Int = 1_500,
                      stopAfterBatches: Int? = nil) throws -> [PrecomputeSummary] {
        try PrecomputeTests.precompute(db, options: PrecomputeOptions(shard: shard, workers: 2, batchSize: batchSize,
                                                                      stopAfterBatches: stopAfterBatches, store: store),
                                       fix: fix)
    }

    /// Everything an archive holds, independent of row ids: fronts, members' chips and statistics.
    static func archive(_ db: Database) throws -> [[SQLValue]] {
        try db.query("""
            SELECT f.knob, f.value, f.sweep_index, h.key, d.edap_j_s_mm2 FROM archive_front AS f
            JOIN archive_design AS a ON a.job_id = f.job_id AND a.sweep_index = f.sweep_index
            JOIN design AS d ON d.id = a.design_id JOIN hw_config AS h ON h.id = d.hw_config_id ORDER BY 1, 2, 3
            """) + db.query("""
            SELECT knob, value, value_index, designs, feasible_designs, best_edap_j_s_mm2, best_sweep_index
            FROM archive_knob_stats ORDER BY 1, 3
            """) + db.query("""
            SELECT count(*), (SELECT count(*) FROM design), (SELECT count(*) FROM precompute_job),
                (SELECT group_concat(shard_index || '/' || shard_count || ' ' || next_position || ' ' || total || ' ' || status)
                 FROM precompute_job)
            FROM archive_design
            """)
    }

    static let knobColumns = ["bits_per_cell": "bits_per_cell", "tiles_per_chip": "tiles_per_chip",
                              "macros_per_tile": "macros_per_tile", "base_latency_s": "base_latency_s",
                              "glb_depth": "glb_depth"]

    @Test func archiveAnswersEqualTheFullRows() throws {
        let full = try Database.inMemory()
        try Self.sweep(full, store: .full, batchSize: 5_000)
        let archived = try Database.inMemory()
        let s = try Self.sweep(archived, store: .pareto)
        #expect(s[0].total == 10_080 && s[0].done == 10_080)
        let members = try archived.scalar("SELECT count(*) FROM archive_design")?.int64 ?? 0
        let designs = try archived.scalar("SELECT count(*) FROM design")?.int64 ?? 0
        #expect(members > 10 && members < 1_000 && designs == members, "\(members) members, \(designs) design rows")
        // Bounds drawn from the full rows' own metrics, tight to loose; a fixed knob half the time.
        let metrics = try full.query("SELECT energy_j, latency_s, area_mm2 FROM design WHERE feasible = 1")
        let subspace = try PrecomputeTests.subspace(Self.fix)
        let query = try NamedQuery.named("best_edap_archive")
        let pareto = try NamedQuery.named("best_edap_under_constraints")
        var g = SearchRandom(seed: 33)
        var answered = 0
        for trial in 0..<300 {
            func bound(_ column: Int) -> Double {
                guard g.nextUnit() < 0.75 else { return 1e9 }
                return metrics[g.nextInt(below: metrics.count)][column].double ?? 0
            }
            let e = bound(0), l = bound(1), a = bound(2)
            var args = ["max_energy_j": "\(e)", "max_latency_s": "\(l)", "max_area_mm2": "\(a)"]
            var filter = ""
            if trial % 2 == 1 {
                let free = subspace.knobs.filter { $0.values.count > 1 }
                let knob = free[g.nextInt(below: free.count)]
                let value = knob.values[g.nextInt(below: knob.values.count)]
                args["knob"] = knob.name
                args["value"] = value.description
                filter = " AND h.\(Self.knobColumns[knob.name]!) = \(value.number!)"
            }
            let want = try full.scalar("""
                SELECT min(d.edap_j_s_mm2) FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
                WHERE d.feasible = 1 AND d.energy_j <= ?1 AND d.latency_s <= ?2 AND d.area_mm2 <= ?3\(filter)
                """, [.real(e), .real(l), .real(a)])
            let got = try query.run(archived, arguments: args).rows.first?[1]
            #expect((got ?? .null) == (want ?? .null), "\(args)")
            if let want, want != .null { answered += 1 }
            if trial % 2 == 0 {
                // The design_pareto query is exact on the archive too.
                let bounds = ["max_energy_j": "\(e)", "max_latency_s": "\(l)", "max_area_mm2": "\(a)", "limit": "1"]
                #expect(try pareto.run(archived, arguments: bounds).rows.first?[1] == pareto.run(full, arguments: bounds).rows.first?[1])
            }
        }
        #expect(answered > 100)
        // Statistics count every design of the sweep.
        for knob in subspace.knobs where knob.values.count > 1 {
            let column = Self.knobColumns[knob.name]!
            let want = try full.query("""
                SELECT count(*), sum(d.feasible), min(CASE WHEN d.feasible = 1 THEN d.edap_j_s_mm2 END)
                FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id GROUP BY h.\(column) ORDER BY h.\(column)
                """)
            let got = try archived.query("""
                SELECT designs, feasible_designs, best_edap_j_s_mm2 FROM archive_knob_stats WHERE knob = ?1 ORDER BY value_index
                """, [.text(knob.name)])
            #expect(got == want, "\(knob.name)")
        }
    }

    @Test func interruptedArchiveResumesToTheSameArchive() throws {
        let reference = try Database.inMemory()
        try Self.sweep(reference, store: .pareto, batchSize: 2_000)
        let db = try Database(path: PrecomputeTests.tempPath("archive-resume.sqlite"))
        #expect(throws: PrecomputeInterrupted.self) {
            try Self.sweep(db, store: .pareto, batchSize: 2_000, stopAfterBatches: 2)
        }
        #expect(try db.scalar("SELECT next_position FROM precompute_job")?.int64 == 4_000)
        let resumed = try Self.sweep(db, store: .pareto, batchSize: 2_000)
        #expect(resumed[0].resumedFrom == 4_000 && resumed[0].done == 10_080)
        #expect(try Self.archive(db) == Self.archive(reference))
    }

    @Test func archiveShardsMergeIntoTheUnshardedArchive() throws {
        let whole = try Database.inMemory()
        try Self.sweep(whole, store: .pareto)
        var paths: [String] = []
        for k in 1...4 {
            let path = PrecomputeTests.tempPath("archive-shard\(k).sqlite")
            let s = try Self.sweep(try Database(path: path), store: .pareto, shard: Shard(index: k, count: 4), batchSize: 700)
            // 240 organisations of 42 chips: 60 organisations per shard.
            #expect(s[0].total == 60 * 42)
            paths.append(path)
        }
        let out = try Database(path: PrecomputeTests.tempPath("archive-merged.sqlite"))
        _ = try DatabaseMerge.merge(into: out, inputs: Array(paths[0..<2]))
        // Half the shards: nothing to combine yet, both shard archives kept.
        #expect(try out.scalar("SELECT count(*) FROM precompute_job")?.int64 == 2)
        _ = try DatabaseMerge.merge(into: out, inputs: Array(paths[2...]))
        #expect(try Self.archive(out) == Self.archive(whole))
        // Merging a shard again re-adds it as a shard job; the next complete set combines to the same archive.
        _ = try DatabaseMerge.merge(into: out, inputs: paths)
        #expect(try Self.archive(out) == Self.archive(whole))
    }
}
