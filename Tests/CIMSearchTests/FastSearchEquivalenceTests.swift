@testable import CIMSearch
import CIMHardware
import CIMWorkload
import Testing

/// The search's evaluation path before the fast path: every layer through the straightforward
/// `CostModel.evaluate` (no prepared layer, no greedy memo), under the same version.
struct StraightforwardCostModel: DesignCostModel {
    let base: CIMLoopCostModel
    var version: String { base.version }

    func layerCosts(_ layers: [LayerWorkload], on hardware: HardwareConfig) -> [CachedLayerCost] {
        let prepared = base.model.components.prepare(hardware)
        let area = ChipArea(areas: prepared.areas, hardware: hardware)
        return layers.map { CachedLayerCost(CostModel.evaluate($0, on: prepared, chipArea: area, options: base.options)) }
    }

    func chipArea_mm2(_ hardware: HardwareConfig) -> Double { base.chipArea_mm2(hardware) }
}

/// The search's fast evaluation (pooled `NetworkEvaluator`s, cells-only capacity shortfall) gives exactly
/// what the straightforward path gives.
@Suite struct FastSearchEquivalenceTests {
    func search(_ model: any DesignCostModel, mode: CompatMode, workers: Int,
                population: Int = 20, generations: Int = 5) throws -> CIMNASSearch {
        let settings = SearchSettings(
            algorithm: .ga, objective: .scalar(.ela_acc),
            options: GAOptions(populationSize: population, generations: generations, seed: 3), mode: mode)
        let evaluator = DesignEvaluator(costModel: model, accuracyModel: AnalyticAccuracyModel(),
                                        store: InMemoryEvaluationStore(), mode: mode, workers: workers)
        return try CIMNASSearch(settings: settings, evaluator: evaluator)
    }

    @Test(arguments: [CompatMode.default, .cimnas])
    func smallSearchHasIdenticalResultsOnBothPaths(mode: CompatMode) throws {
        let fast = try CIMLoopCostModel.default32nm(mode: mode)
        let reference = try search(StraightforwardCostModel(base: fast), mode: mode, workers: 1).run()
        for workers in [1, 2] {
            let run = try search(fast, mode: mode, workers: workers).run()
            #expect(run.best == reference.best, "workers \(workers)")
            #expect(run.history.map(\.bestObjective) == reference.history.map(\.bestObjective))
            #expect(run.evaluations == reference.evaluations)
            #expect(run.cache.layerMisses == reference.cache.layerMisses)
        }
        #expect(reference.cache.layerMisses > 1000)
    }

    @Test func layerCostsEqualTheStraightforwardModelOnRandomDesigns() throws {
        let fast = try CIMLoopCostModel.default32nm(mode: .default)
        let reference = StraightforwardCostModel(base: fast)
        let space = try search(fast, mode: .default, workers: 1).space
        var rng = SplitMix(seed: 11)
        var compared = 0
        for _ in 0..<60 {
            let genes = space.knobs.map { Int(rng.next() % UInt64($0.values.count)) }
            let design = try space.decode(Genome(genes))
            for mode in [CompatMode.default, .cimnas] {
                let layers = try Workloads.layers(for: design, mode: mode)
                #expect(CapacityCheck.shortfallCells(layers, on: design.hardware, mode: mode)
                        == CapacityCheck.check(layers, on: design.hardware, mode: mode).shortfallCells)
            }
            let layers = try design.hardwareLayers(mode: .default)
            // Twice through the fast model: the second call runs on a warm memo.
            let expected = reference.layerCosts(layers, on: design.hardware)
            #expect(fast.layerCosts(layers, on: design.hardware) == expected)
            #expect(fast.layerCosts(layers, on: design.hardware) == expected)
            compared += layers.count
        }
        #expect(compared > 2000)
    }
}

/// SplitMix64, for reproducible random genomes.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
