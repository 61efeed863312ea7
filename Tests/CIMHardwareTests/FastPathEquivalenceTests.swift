import CIMHardware
import Testing

/// The fast paths (greedy memo, default-histogram tables, prepared layers and networks) return exactly
/// what the straightforward path returns: averages recomputed from the histograms, no memo.
@Suite struct FastPathEquivalenceTests {
    static let model = CostModel(components: TestTechnology.model)
    typealias SplitMix = MappingPropertyTests.SplitMix

    /// The straightforward path: histogram statistics recomputed, every greedy search run.
    static func reference(_ layer: LayerWorkload, on prepared: PreparedHardware, chipArea: ChipArea,
                          options: EvaluationOptions) -> LayerCost {
        var layer = layer
        var options = options
        if options.swapInputWeightBits {
            swap(&layer.inputBits, &layer.weightBits)
            options.swapInputWeightBits = false
        }
        let averages = try! DataValueStatistics.computedAverages(layer, bitsPerCell: prepared.hardware.bitsPerCell)
        return CostModel.evaluate(layer, averages: averages, on: prepared, chipArea: chipArea, options: options)
    }

    static func randomLayer(_ g: inout SplitMix) -> LayerWorkload {
        let shape = MappingPropertyTests.layers.randomElement(using: &g)!
        var layer = LayerWorkload(shape: shape, inputBits: Int.random(in: 2...8, using: &g),
                                  weightBits: Int.random(in: 2...8, using: &g))
        if Int.random(in: 0..<4, using: &g) == 0 {
            layer.inputHistogram = (0..<6).map { _ in Double(Int.random(in: 0...5, using: &g)) } + [1]
            layer.weightHistogram = (0..<15).map { _ in Double(Int.random(in: 1...9, using: &g)) }
        }
        return layer
    }

    static func randomOptions(_ g: inout SplitMix) -> EvaluationOptions {
        EvaluationOptions(compatCimnas: Bool.random(using: &g), swapInputWeightBits: Bool.random(using: &g),
                          loopOrder: LoopOrder.allCases.randomElement(using: &g)!,
                          exactResiduals: Int.random(in: 0..<4, using: &g) != 0)
    }

    /// 4,000 random (hardware, MobileNetV2 layer, options) triples: every LayerCost field equal, through the
    /// static hot path, a large and a tiny (colliding) memo, and prepared layers.
    @Test func layersEqualStraightforwardPath() {
        var g = SplitMix(state: 2026)
        var large = NetworkEvaluator()
        var tiny = NetworkEvaluator(memoEntries: 4)
        var mismatches = 0, feasible = 0
        for _ in 0..<400 {
            let hw = MappingPropertyTests.randomHardware(&g)
            let prepared = Self.model.components.prepare(hw)
            let area = ChipArea(areas: prepared.areas, hardware: hw)
            for _ in 0..<10 {
                let layer = Self.randomLayer(&g)
                let options = Self.randomOptions(&g)
                let expected = Self.reference(layer, on: prepared, chipArea: area, options: options)
                let pl = PreparedLayer(layer, options: options)
                let got = [CostModel.evaluate(layer, on: prepared, chipArea: area, options: options),
                           large.evaluate(pl, on: prepared, chipArea: area),
                           tiny.evaluate(pl, on: prepared, chipArea: area)]
                for cost in got where cost != expected { mismatches += 1 }
                if expected.feasible { feasible += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(feasible > 1000)
    }

    /// Whole networks: `CostModel.evaluate(network:)` (small memo) and `NetworkEvaluator` on prepared
    /// networks equal the layer-by-layer straightforward path.
    @Test func networksEqualStraightforwardPath() {
        var g = SplitMix(state: 7)
        var evaluator = NetworkEvaluator()
        for _ in 0..<60 {
            let hw = MappingPropertyTests.randomHardware(&g)
            let options = Self.randomOptions(&g)
            let layers = (0..<40).map { _ in Self.randomLayer(&g) }
            let prepared = Self.model.components.prepare(hw)
            let area = ChipArea(areas: prepared.areas, hardware: hw)
            let expected = NetworkCost(layers: layers.map {
                Self.reference($0, on: prepared, chipArea: area, options: options)
            }, chipArea: area)
            #expect(Self.model.evaluate(network: layers, on: hw, options: options) == expected)
            let net = PreparedNetwork(layers, options: options)
            #expect(evaluator.evaluate(net, on: hw, model: Self.model) == expected)
        }
    }

    /// The memo returns the search's factors for random sizes and capacities, including evictions.
    @Test func greedyMemoMatchesSearch() {
        var g = SplitMix(state: 99)
        var memo = GreedyMemo(entries: 16)
        let values = [1, 2, 3, 5, 7, 8, 12, 16, 24, 32, 40, 96, 112, 160, 240, 480, 960, 1000, 1280]
        for _ in 0..<3000 {
            let count = Int.random(in: 1...3, using: &g)
            let sizes = (values.randomElement(using: &g)!, count > 1 ? values.randomElement(using: &g)! : 1,
                         count > 2 ? values.randomElement(using: &g)! : 1)
            let capacity = Int.random(in: 0...600, using: &g)
            let expected = GreedyAllocator.best(sizes: sizes, count: count, capacity: capacity).factors
            let got = memo.factors(sizes: sizes, count: count, capacity: capacity)
            #expect(got == expected, "sizes \(sizes) count \(count) capacity \(capacity)")
        }
        #expect(memo.entries == 16)
    }

    /// The default-histogram tables hold the computed values.
    @Test func defaultAverageTables() throws {
        for ib in 1...16 {
            for wb in 1...16 {
                for bpc in 1...10 {
                    let layer = LayerWorkload(shape: LayerShape(C: 1, M: 1, P: 1, Q: 1), inputBits: ib, weightBits: wb)
                    let fast = try DataValueStatistics.averages(layer, bitsPerCell: bpc)
                    let slow = try DataValueStatistics.computedAverages(layer, bitsPerCell: bpc)
                    #expect(fast.input == slow.input && fast.weight == slow.weight)
                }
            }
        }
    }
}
