import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// Precomputation: sweeps equal brute force, sampling is reproducible, shards and merges add up, resumes
/// are exact, and precomputed rows are search cache hits.
@Suite struct PrecomputeTests {
    /// 8 bits-per-cell × 6 macro counts × 6 base latencies = 288 chips, some too small for MobileNetV2.
    static let fix = "rows=128,cols=64,router_group=4,tiles_per_chip=16,glb_depth=8192,voltage_v=0.7"

    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-precompute-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    static func subspace(_ fix: String = PrecomputeTests.fix) throws -> HardwareSubspace {
        try HardwareSubspace(space: try SearchSpace.named("cimnas-rram-32nm"), fix: fix)
    }

    static func costModel() throws -> CIMLoopCostModel { try CIMLoopCostModel.default32nm(mode: .default) }

    @discardableResult
    static func precompute(_ db: Database, options: PrecomputeOptions = PrecomputeOptions(),
                           accuracy: any AccuracyModel = AnalyticAccuracyModel(), fix: String = PrecomputeTests.fix)
        throws -> [PrecomputeSummary] {
        let p = try Precomputer(db: db, subspace: try subspace(fix), mode: .default, costModel: try costModel(),
                                accuracyModel: accuracy, options: options)
        return try p.run([CIMNASBaseline.design])
    }

    /// Stored designs by hardware key: (feasible, energy, latency, area, edap, reason).
    struct Row: Hashable {
        var feasible: Bool
        var energy: Double?, latency: Double?, area: Double?, edap: Double?
        var tpw: Double?, tpm: Double?, aTPW: Double?, aTPM: Double?, macs: Double?, shortfall: Int?
        var top1: Double?, score: Double?
        var reason: String?
    }

    static func rows(_ db: Database) throws -> [String: Row] {
        let s = try db.prepare("""
            SELECT h.key, d.feasible, d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.tops_per_w, d.tops_per_mm2,
                d.mean_layer_tops_per_w, d.mean_layer_tops_per_mm2, d.macs, d.capacity_shortfall_cells, d.top1_percent, d.accuracy_score,
                d.infeasible_reason
            FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
            """)
        var out: [String: Row] = [:]
        while try s.step() {
            out[s.string(0)] = Row(
                feasible: s.int(1) != 0, energy: s.optionalDouble(2), latency: s.optionalDouble(3),
                area: s.optionalDouble(4), edap: s.optionalDouble(5), tpw: s.optionalDouble(6), tpm: s.optionalDouble(7),
                aTPW: s.optionalDouble(8), aTPM: s.optionalDouble(9), macs: s.optionalDouble(10),
                shortfall: s.optionalInt(11), top1: s.optionalDouble(12), score: s.optionalDouble(13),
                reason: s.optionalString(14))
        }
        return out
    }

    /// The chips of the fixed subspace, by nested loops over the space file's lists.
    static func bruteForceChips() -> [HardwareConfig] {
        var out: [HardwareConfig] = []
        for bpc in 1...8 {
            for macros in [4, 8, 16, 32, 64, 128] {
                for lat in [1e-09, 2e-09, 4e-09, 6e-09, 8e-09, 1e-08] {
                    var hw = HardwareConfig.cimnasDefault
                    hw.rows = 128; hw.cols = 64; hw.routerGroup = 4; hw.tilesPerChip = 16; hw.glbDepth = 8192
                    hw.voltage_v = 0.7; hw.bitsPerCell = bpc; hw.macrosPerTile = macros; hw.baseLatency_s = lat
                    out.append(hw)
                }
            }
        }
        return out
    }

    @Test func exhaustiveSweepEqualsBruteForceThroughTheSearchEvaluator() throws {
        let db = try Database.inMemory()
        let summary = try Self.precompute(db, options: PrecomputeOptions(workers: 2, batchSize: 100))
        #expect(summary.count == 1 && summary[0].total == 288 && summary[0].stored == 288)
        let stored = try Self.rows(db)
        let chips = Self.bruteForceChips()
        #expect(stored.count == chips.count)
        let evaluator = DesignEvaluator(costModel: try Self.costModel(), accuracyModel: AnalyticAccuracyModel(),
                                        store: InMemoryEvaluationStore(), mode: .default)
        let designs = chips.map { Design(hardware: $0, network: CIMNASBaseline.design.network) }
        let results = try evaluator.evaluate(designs)
        var feasible = 0
        for (hw, r) in zip(chips, results) {
            let key = HardwareConfigStore.key(for: hw, cell: HardwareConfigStore.defaultCell)
            guard let row = stored[key] else { Issue.record("missing \(key)"); continue }
            let ok = r.isEvaluated
            if ok { feasible += 1 }
            // Same arithmetic in the same order: results are identical, not merely close.
            #expect(row == Row(
                feasible: ok, energy: ok ? r.energy_j : nil, latency: ok ? r.latency_s : nil, area: r.area_mm2,
                edap: ok ? r.energy_j * r.latency_s * r.area_mm2 : nil, tpw: ok ? r.topsPerW : nil,
                tpm: ok ? r.topsPerMM2 : nil, aTPW: ok ? r.meanLayerTOPSPerW : nil, aTPM: ok ? r.meanLayerTOPSPerMM2 : nil,
                macs: r.macs, shortfall: r.capacityShortfallCells, top1: r.top1_percent, score: r.accuracyScore,
                reason: r.infeasibleReason), "\(key)")
        }
        // The subspace has both fitting and non-fitting chips.
        #expect(feasible > 0 && feasible < chips.count)
    }

    @Test func precomputedRowsAreCacheHitsForTheSearch() throws {
        let path = Self.tempPath("hits.sqlite")
        try Self.precompute(try Database(path: path), options: PrecomputeOptions(storeLayers: true, batchSize: 64))
        let store = try SQLiteEvaluationStore(path: path)
        let model = try Self.costModel()
        let evaluator = DesignEvaluator(costModel: model, accuracyModel: AnalyticAccuracyModel(), store: store,
                                        mode: .default)
        let chips = Array(Self.bruteForceChips().enumerated().filter { $0.offset % 7 == 3 }.map(\.element))
        let designs = chips.map { Design(hardware: $0, network: CIMNASBaseline.design.network) }
        let results = try evaluator.evaluate(designs)
        #expect(evaluator.statistics.designHits == designs.count)
        #expect(evaluator.statistics.designMisses == 0 && evaluator.statistics.layerMisses == 0)
        let fresh = try DesignEvaluator(costModel: model, accuracyModel: AnalyticAccuracyModel(),
                                        store: InMemoryEvaluationStore(), mode: .default).evaluate(designs)
        for (a, b) in zip(results, fresh) {
            #expect(a.energy_j == b.energy_j && a.latency_s == b.latency_s && a.area_mm2 == b.area_mm2)
            #expect(a.infeasibleReason == b.infeasibleReason && a.macs == b.macs)
        }
        // Layer rows answer the search's per-layer look-ups with the cost model's own numbers.
        let chip = chips.first { hw in results[chips.firstIndex(of: hw)!].isEvaluated }!
        let layers = try Design(hardware: chip, network: CIMNASBaseline.design.network).hardwareLayers(mode: .default)
        let keys = layers.map { LayerCacheKey(hardware: chip, layer: $0, modelVersion: model.version) }
        let cached = try store.layerCosts(for: keys)
        let direct = model.layerCosts(layers, on: chip)
        #expect(Set(keys).count == cached.count)
        for (k, c) in zip(keys, direct) {
            #expect(cached[k]?.energy_j == c.energy_j && cached[k]?.latency_s == c.latency_s)
        }
    }

    @Test func samplingIsReproducibleFromTheSeed() throws {
        let space = try Self.subspace("")
        for mode in [PrecomputeMode.random, .lhs, .sobol] {
            let a = try PrecomputeSchedule(mode: mode, subspace: space, samples: 500, seed: 7).sampled
            let b = try PrecomputeSchedule(mode: mode, subspace: space, samples: 500, seed: 7).sampled
            let c = try PrecomputeSchedule(mode: mode, subspace: space, samples: 500, seed: 8).sampled
            #expect(a == b, "\(mode)")
            #expect(a != c, "\(mode)")
            #expect(a.allSatisfy { (0..<space.count).contains($0) })
            #expect(Set(a).count > 450, "\(mode)")
        }
    }

    @Test func latinHypercubeBalancesEveryKnob() throws {
        let space = try Self.subspace("")
        #expect(space.count == 9_676_800)
        let n = 840   // a multiple of every knob's value count (8, 6, 5, 4, 7)
        let s = try PrecomputeSchedule(mode: .lhs, subspace: space, samples: n, seed: 3).sampled
        for (k, knob) in space.knobs.enumerated() {
            var counts = [Int](repeating: 0, count: knob.values.count)
            for i in s { counts[space.digits(i)[k]] += 1 }
            #expect(counts.allSatisfy { $0 == n / knob.values.count }, "\(knob.name): \(counts)")
        }
    }

    /// SciPy 1.17.1 `qmc.Sobol(d=12, scramble=False).random(16)` (Joe–Kuo new-joe-kuo-6.21201).
    static let scipySobol: [[Double]] = [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        [0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.75, 0.75],
        [0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25, 0.25, 0.25, 0.25, 0.25],
        [0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875, 0.875, 0.625, 0.875, 0.375],
        [0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375, 0.375, 0.125, 0.375, 0.875],
        [0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.125, 0.125, 0.125, 0.375, 0.125, 0.625],
        [0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625, 0.625, 0.875, 0.625, 0.125],
        [0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125, 0.4375, 0.9375, 0.9375, 0.3125, 0.6875, 0.0625],
        [0.6875, 0.8125, 0.4375, 0.9375, 0.0625, 0.8125, 0.9375, 0.4375, 0.4375, 0.8125, 0.1875, 0.5625],
        [0.9375, 0.0625, 0.6875, 0.1875, 0.3125, 0.5625, 0.1875, 0.1875, 0.1875, 0.5625, 0.4375, 0.8125],
        [0.4375, 0.5625, 0.1875, 0.6875, 0.8125, 0.0625, 0.6875, 0.6875, 0.6875, 0.0625, 0.9375, 0.3125],
        [0.3125, 0.1875, 0.3125, 0.5625, 0.9375, 0.4375, 0.0625, 0.0625, 0.0625, 0.9375, 0.3125, 0.4375],
        [0.8125, 0.6875, 0.8125, 0.0625, 0.4375, 0.9375, 0.5625, 0.5625, 0.5625, 0.4375, 0.8125, 0.9375],
        [0.5625, 0.4375, 0.0625, 0.8125, 0.1875, 0.6875, 0.3125, 0.8125, 0.8125, 0.1875, 0.5625, 0.6875],
        [0.0625, 0.9375, 0.5625, 0.3125, 0.6875, 0.1875, 0.8125, 0.3125, 0.3125, 0.6875, 0.0625, 0.1875],
    ]

    @Test func sobolMatchesThePublishedSequence() {
        #expect(SobolSequence(dimensions: 12).points(16) == Self.scipySobol)
        // Every dyadic block of 2^k points is stratified: 64 points hit each 1/64 interval once per dimension.
        let p = SobolSequence(dimensions: 16).points(64)
        for d in 0..<16 { #expect(Set(p.map { Int($0[d] * 64) }).count == 64, "dimension \(d)") }
        // A seed gives a digital shift, itself reproducible and still stratified.
        let a = SobolSequence(dimensions: 9, seed: 5).points(32), b = SobolSequence(dimensions: 9, seed: 5).points(32)
        #expect(a == b && a != SobolSequence(dimensions: 9).points(32))
        for d in 0..<9 { #expect(Set(a.map { Int($0[d] * 32) }).count == 32) }
    }

    @Test func shardsUnionIsTheFullSweepAndMergeIsIdempotent() throws {
        let full = try Database.inMemory()
        try Self.precompute(full, options: PrecomputeOptions(batchSize: 50))
        let expected = try Self.rows(full)
        var paths: [String] = []
        for k in 1...3 {
            let path = Self.tempPath("shard\(k).sqlite")
            let s = try Self.precompute(try Database(path: path), options: PrecomputeOptions(shard: Shard(index: k, count: 3), batchSize: 40))
            #expect(s[0].total == 96)
            paths.append(path)
        }
        let out = try Database(path: Self.tempPath("merged.sqlite"))
        let first = try DatabaseMerge.merge(into: out, inputs: paths)
        #expect(first.designsAdded == 288 && first.designsTotal == 288)
        #expect(try Self.rows(out) == expected)
        let again = try DatabaseMerge.merge(into: out, inputs: paths)
        #expect(again.designsAdded == 0 && again.hardwareAdded == 0 && again.designsTotal == 288)
        #expect(try Self.rows(out) == expected)
        // Merged jobs record every shard finished; the Pareto table equals the full sweep's.
        #expect(try out.scalar("SELECT count(*) FROM precompute_job WHERE status = 'finished'")?.int64 == 3)
        let pareto = "SELECT group_concat(edap_j_s_mm2, ',') FROM (SELECT edap_j_s_mm2 FROM design_pareto ORDER BY 1)"
        #expect(try out.scalar(pareto) == (try full.scalar(pareto)))
    }

    @Test func mergeRefusesADifferentPredictorVersion() throws {
        let a = Self.tempPath("a.sqlite"), b = Self.tempPath("b.sqlite")
        try Self.precompute(try Database(path: a))
        try Self.precompute(try Database(path: b), accuracy: AnalyticAccuracyModel(version: "analytic-acc-2"))
        let out = try Database(path: Self.tempPath("out.sqlite"))
        _ = try DatabaseMerge.merge(into: out, inputs: [a])
        #expect(throws: PrecomputeError.self) { try DatabaseMerge.merge(into: out, inputs: [b]) }
        #expect(try out.scalar("SELECT count(*) FROM design")?.int64 == 288)
    }

    @Test func interruptedRunResumesToTheSameRows() throws {
        let reference = try Database.inMemory()
        try Self.precompute(reference, options: PrecomputeOptions(batchSize: 50))
        let db = try Database(path: Self.tempPath("resume.sqlite"))
        #expect(throws: PrecomputeInterrupted.self) {
            try Self.precompute(db, options: PrecomputeOptions(workers: 2, batchSize: 50, stopAfterBatches: 2))
        }
        #expect(try db.scalar("SELECT count(*) FROM design")?.int64 == 100)
        #expect(try db.scalar("SELECT next_position FROM precompute_job")?.int64 == 100)
        let resumed = try Self.precompute(db, options: PrecomputeOptions(workers: 2, batchSize: 50))
        #expect(resumed[0].resumedFrom == 100 && resumed[0].stored == 188 && resumed[0].skipped == 0)
        #expect(try db.scalar("SELECT count(*) FROM design")?.int64 == 288)
        #expect(try Self.rows(db) == (try Self.rows(reference)))
        // A third run finds the job finished and writes nothing.
        let again = try Self.precompute(db, options: PrecomputeOptions(batchSize: 50))
        #expect(again[0].stored == 0 && again[0].done == 288)
    }

    @Test func randomSamplesWithRepeatsAreStoredOnce() throws {
        let db = try Database.inMemory()
        let s = try Self.precompute(db, options: PrecomputeOptions(mode: .random, samples: 400, seed: 11, batchSize: 64))
        let distinct = Set(try PrecomputeSchedule(mode: .random, subspace: try Self.subspace(), samples: 400, seed: 11).sampled)
        #expect(s[0].stored == distinct.count && s[0].skipped == 400 - distinct.count)
        #expect(try db.scalar("SELECT count(*) FROM design")?.int64 == Int64(distinct.count))
    }

    @Test func fixAndShardOptionsAreValidated() throws {
        let space = try SearchSpace.named("cimnas-rram-32nm")
        #expect(throws: PrecomputeError.self) { try HardwareSubspace(space: space, fix: "rows=100") }
        #expect(throws: PrecomputeError.self) { try HardwareSubspace(space: space, fix: "depth.0=2") }
        #expect(throws: PrecomputeError.self) { try HardwareSubspace(space: space, fix: "rows") }
        #expect(throws: PrecomputeError.self) { try HardwareSubspace(space: space, fix: "rows=128,rows=64") }
        #expect(throws: PrecomputeError.self) { try Shard(parsing: "0/3") }
        #expect(throws: PrecomputeError.self) { try Shard(parsing: "4/3") }
        #expect(throws: PrecomputeError.self) { try Shard(parsing: "1-3") }
        let sub = try HardwareSubspace(space: space, fix: "rows=128,cols=128")
        #expect(sub.count == 9_676_800 / 20 && sub.fullCount == 9_676_800)
        for i in [0, 1, 4_000, sub.count - 1] { #expect(sub.index(sub.digits(i)) == i) }
        #expect(Shard(index: 2, count: 3).share(of: 10) == 3 && Shard(index: 1, count: 3).share(of: 10) == 4)
    }
}
