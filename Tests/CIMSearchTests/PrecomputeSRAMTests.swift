import CIMData
import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// Precomputing SRAM spaces: the SRAM cost model and hardware-aware ResNet50 accuracy, rows identical to the
/// search evaluator's and found by it, resumable, and refused for networks the SRAM models do not know.
@Suite struct PrecomputeSRAMTests {
    /// 4 rows × 4 cols × 5 ADC resolutions = 80 chips of 64 tiles × 64 macros: small arrays cannot hold ResNet50.
    static let fix = "voltage_v=0.8,tiles_per_chip=64,macros_per_tile=64,glb_depth=16384"

    static func subspace() throws -> HardwareSubspace {
        try HardwareSubspace(space: try SearchSpace.named(SRAMExperiment.spaceName), fix: fix)
    }

    static func models() throws -> PrecomputeModels {
        .sram(SRAMCostModel(technology: try TechnologyParameters.default32nm()), accuracy: ResNet50AccuracyModel())
    }

    static let resnet50 = Design(hardware: .cimnasDefault, network: .fixed(name: "resnet50", overrides: [:]))

    @discardableResult
    static func precompute(_ db: Database, options: PrecomputeOptions = PrecomputeOptions(workers: 2, batchSize: 16))
        throws -> [PrecomputeSummary] {
        let p = try Precomputer(db: db, subspace: try subspace(), mode: .default, models: try models(), options: options)
        return try p.run([resnet50])
    }

    /// The designs `cimnas search --space sram-resnet50-7nm` builds for the subspace's chips at 8-bit layers
    /// (through the space's genome, as the GA decodes them).
    static func searchDesigns() throws -> [Design] {
        let space = try SearchSpace.named(SRAMExperiment.spaceName)
        let sub = try subspace()
        return try (0..<sub.count).map { i in
            let d = Design(hardware: sub.hardware(i, base: .cimnasDefault), network: resnet50.network, cellType: "sram")
            return try space.decode(try space.encode(d))
        }
    }

    @Test func subspaceSweepsHardwareKnobsOnly() throws {
        let space = try SearchSpace.named(SRAMExperiment.spaceName)
        let whole = try HardwareSubspace(space: space)
        // voltage 8 × rows 4 × cols 4 × ADC 5 × tiles 6 × macros 6 × GLB 7; the 108 layer-bit knobs are not swept.
        #expect(whole.count == 8 * 4 * 4 * 5 * 6 * 6 * 7 && whole.fullCount == whole.count)
        #expect(whole.layerBitKnobs.count == 108 && whole.network == "resnet50")
        #expect(!whole.knobs.contains { $0.name.hasPrefix("layer_") })
        #expect(try Self.subspace().count == 80)
    }

    @Test func precomputedRowsEqualTheSearchEvaluatorAndAreCacheHits() throws {
        let path = PrecomputeTests.tempPath("sram.sqlite")
        let summary = try Self.precompute(try Database(path: path))
        #expect(summary.count == 1 && summary[0].total == 80 && summary[0].stored == 80 && summary[0].frontierSize > 0)
        let db = try Database(path: path)
        let stored = try PrecomputeTests.rows(db)
        #expect(stored.count == 80)
        let versions = try db.scalar("SELECT group_concat(DISTINCT model_version || '|' || predictor_version) FROM design")?.string
        #expect(versions == "sram-sinangil_jssc_2021-v4;mode=default|resnet50-quant-v2-adc-sinangil_jssc_2021;mode=default")
        // Like the search's store, SRAM chips are stored with cell sram and no RRAM area breakdown.
        #expect(try db.scalar("SELECT count(*) FROM hw_config WHERE cell = 'sram' AND area_mm2 IS NULL")?.int64 == 80)

        let designs = try Self.searchDesigns()
        let cost = SRAMCostModel(technology: try TechnologyParameters.default32nm())
        let evaluator = DesignEvaluator(costModel: cost, accuracyModel: ResNet50AccuracyModel(),
                                        store: try SQLiteEvaluationStore(path: path), mode: .default)
        let hits = try evaluator.evaluate(designs)
        #expect(evaluator.statistics.designHits == 80 && evaluator.statistics.designMisses == 0)
        let fresh = try DesignEvaluator(costModel: cost, accuracyModel: ResNet50AccuracyModel(),
                                        store: InMemoryEvaluationStore(), mode: .default).evaluate(designs)
        var feasible = 0, top1 = Set<Double>()
        for (d, (h, r)) in zip(designs, zip(hits, fresh)) {
            let key = HardwareConfigStore.key(for: d.hardware, cell: "sram")
            guard let row = stored[key] else { Issue.record("missing \(key)"); continue }
            let ok = r.isEvaluated
            if ok { feasible += 1 }
            top1.insert(r.top1_percent)
            // Same model calls and aggregation: identical, not merely close.
            #expect(row == PrecomputeTests.Row(
                feasible: ok, energy: ok ? r.energy_j : nil, latency: ok ? r.latency_s : nil, area: r.area_mm2,
                edap: ok ? r.energy_j * r.latency_s * r.area_mm2 : nil, tpw: ok ? r.topsPerW : nil,
                tpm: ok ? r.topsPerMM2 : nil, aTPW: ok ? r.meanLayerTOPSPerW : nil, aTPM: ok ? r.meanLayerTOPSPerMM2 : nil,
                macs: r.macs, shortfall: r.capacityShortfallCells, top1: r.top1_percent, score: r.accuracyScore,
                reason: r.infeasibleReason), "\(key)")
            #expect(h.energy_j == r.energy_j && h.latency_s == r.latency_s && h.area_mm2 == r.area_mm2
                    && h.top1_percent == r.top1_percent && h.infeasibleReason == r.infeasibleReason, "\(key)")
        }
        // Both fitting and too-small chips; the ADC and rows change the predicted top-1.
        #expect(feasible > 0 && feasible < 80)
        #expect(top1.count > 5)
    }

    @Test func interruptedSRAMSweepResumesToTheSameRows() throws {
        let whole = try Database.inMemory()
        try Self.precompute(whole)
        let path = PrecomputeTests.tempPath("resume.sqlite")
        #expect(throws: PrecomputeInterrupted.self) {
            try Self.precompute(try Database(path: path), options: PrecomputeOptions(workers: 2, batchSize: 16, stopAfterBatches: 2))
        }
        let resumed = try Self.precompute(try Database(path: path))
        #expect(resumed[0].resumedFrom == 32 && resumed[0].stored == 48 && resumed[0].done == 80)
        let db = try Database(path: path)
        #expect(try PrecomputeTests.rows(db) == (try PrecomputeTests.rows(whole)))
        let pareto = """
            SELECT count(*) || ':' || group_concat(x, ',') FROM (SELECT d.energy_j || '/' || d.latency_s AS x
                FROM design_pareto AS p JOIN design AS d ON d.id = p.design_id ORDER BY x)
            """
        let front = try db.scalar(pareto)?.string, expected = try whole.scalar(pareto)?.string
        #expect(front != nil && front == expected)
    }

    @Test func unsupportedCombinationsAreRefusedInOneLine() throws {
        let sub = try Self.subspace()
        let why = Precomputer.unsupportedReason(sub, network: CIMNASBaseline.design)
        #expect(why == "--network: standard-mbv2 has no model on SRAM space sram-resnet50-7nm (it evaluates resnet50 only), expected --network resnet50")
        #expect(Precomputer.unsupportedReason(sub, network: Self.resnet50) == nil)
        #expect(Precomputer.unsupportedReason(try PrecomputeTests.subspace(), network: CIMNASBaseline.design) == nil)
        let db = try Database.inMemory()
        let p = try Precomputer(db: db, subspace: sub, mode: .default, models: try Self.models(), options: PrecomputeOptions())
        #expect(throws: PrecomputeError.self) { try p.run([CIMNASBaseline.design]) }
        #expect(try db.scalar("SELECT count(*) FROM design")?.int64 == 0)
        // The RRAM fast path must not sweep SRAM chips, nor the SRAM models RRAM chips.
        #expect(throws: PrecomputeError.self) {
            try Precomputer(db: db, subspace: sub, mode: .default, costModel: try PrecomputeTests.costModel(),
                            accuracyModel: AnalyticAccuracyModel(), options: PrecomputeOptions())
        }
        #expect(throws: PrecomputeError.self) {
            try Precomputer(db: db, subspace: try PrecomputeTests.subspace(), mode: .default, models: try Self.models(),
                            options: PrecomputeOptions())
        }
        #expect(throws: PrecomputeError.self) {
            try Precomputer(db: db, subspace: sub, mode: .default, models: try Self.models(),
                            options: PrecomputeOptions(storeLayers: true))
        }
    }
}
