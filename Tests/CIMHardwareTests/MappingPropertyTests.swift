import CIMHardware
import Testing

/// Properties of the mapping over random CIMNAS-space hardware and MobileNetV2-like layers.
@Suite struct MappingPropertyTests {
    /// Deterministic generator (SplitMix64) so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// MobileNetV2-style shapes: stem, depthwise, pointwise expand/project, classifier.
    static let layers: [LayerShape] = [
        LayerShape(C: 3, M: 32, R: 3, S: 3, P: 112, Q: 112, stride: 2),
        LayerShape(kind: .depthwise, G: 32, C: 1, M: 1, R: 3, S: 3, P: 112, Q: 112),
        LayerShape(kind: .pointwise, C: 32, M: 16, P: 112, Q: 112),
        LayerShape(kind: .pointwise, C: 16, M: 96, P: 112, Q: 112),
        LayerShape(kind: .depthwise, G: 96, C: 1, M: 1, R: 5, S: 5, P: 56, Q: 56, stride: 2),
        LayerShape(kind: .pointwise, C: 96, M: 24, P: 56, Q: 56),
        LayerShape(kind: .pointwise, C: 40, M: 240, P: 28, Q: 28),
        LayerShape(kind: .depthwise, G: 480, C: 1, M: 1, R: 7, S: 7, P: 14, Q: 14),
        LayerShape(kind: .pointwise, C: 960, M: 160, P: 7, Q: 7),
        LayerShape(kind: .pointwise, C: 320, M: 1280, P: 7, Q: 7),
        LayerShape(kind: .linear, C: 1280, M: 1000, P: 1, Q: 1),
    ]

    static func randomHardware(_ g: inout SplitMix) -> HardwareConfig {
        HardwareConfig(voltage_v: [0.5, 0.6, 0.7, 0.85].randomElement(using: &g)!,
                       bitsPerCell: Int.random(in: 1...8, using: &g),
                       baseLatency_s: Double(Int.random(in: 1...10, using: &g)) * 1e-9,
                       rows: [32, 64, 128, 256, 512].randomElement(using: &g)!,
                       cols: [32, 64, 128, 256].randomElement(using: &g)!,
                       routerGroup: [1, 2, 4, 8, 16].randomElement(using: &g)!,
                       tilesPerChip: [1, 2, 4, 8, 16].randomElement(using: &g)!,
                       macrosPerTile: [1, 2, 4, 8, 16, 32].randomElement(using: &g)!,
                       glbDepth: [2048, 16384, 131072].randomElement(using: &g)!)
    }

    /// Never traps; feasible mappings respect every fan-out, cover every dim, and give positive finite
    /// energy, utilisation ≤ 100 % and cycles = Π temporal; infeasible ones name a weight dim left over.
    @Test func randomHardwareAndLayers() {
        var g = SplitMix(state: 42)
        var energies = ActionEnergies()
        energies.cellRead_pJ = 1; energies.rowDriverRead_pJ = 5; energies.adcConvert_pJ = 0.8
        energies.inputBufferRead_pJ = 2; energies.inputBufferWrite_pJ = 4
        energies.outputBufferRead_pJ = 2; energies.outputBufferWrite_pJ = 4
        energies.routerRead_pJ = 10; energies.glbRead_pJ = 1800; energies.glbWrite_pJ = 2200
        var feasibleCount = 0, infeasibleCount = 0
        for _ in 0..<300 {
            let hw = Self.randomHardware(&g)
            for shape in Self.layers {
                let bits = [4, 6, 8].randomElement(using: &g)!
                let layer = LayerWorkload(shape: shape, inputBits: bits, weightBits: [4, 6, 8].randomElement(using: &g)!)
                let cost = LayerEnergyModel.evaluate(layer, on: hw, energies: energies, areas: InstanceAreas())
                let m = cost.mapping
                if !cost.feasible {
                    infeasibleCount += 1
                    #expect(m.infeasibleReason!.dim.isWeightDim)
                    #expect(m.infeasibleReason!.remainingFactor > 1)
                    #expect(cost.energy_j == .infinity && cost.tops_per_w == 0)
                    continue
                }
                feasibleCount += 1
                #expect(m.row.product <= hw.rows && m.column.product <= hw.cols)
                #expect(m.macroInTile.product <= hw.macrosPerTile && m.tileInChip.product <= hw.tilesPerChip)
                #expect(m.routerGroup.product <= hw.routerGroup)
                for d in MappingDim.allCases {
                    let covered = m.row[d] * m.column[d] * m.macroInTile[d] * m.tileInChip[d] * m.routerGroup[d] * m.temporal[d]
                    #expect(covered >= m.dims[d], "\(d) covered \(covered) of \(m.dims[d])")
                }
                #expect(cost.cycles == m.temporal.P * m.temporal.Q * m.temporal.N && cost.cycles >= 1)
                #expect(cost.energy_j.isFinite && cost.energy_j > 0)
                #expect(cost.utilization_percent > 0 && cost.utilization_percent <= 100 + 1e-9)
                #expect(cost.actions.inputBufferFills > 0 && cost.actions.glbInputReads > 0)
            }
        }
        #expect(feasibleCount > 1000 && infeasibleCount > 0)
    }

    /// The greedy allocator on the worked examples (docs/cost-model.md, "Mapping").
    @Test func greedyExamples() {
        // Row level of resnet18/02: C=64, R=3, S=3 on 128 rows → C=14 (imperfect), R=3, S=3.
        let row = GreedyAllocator.best(sizes: (64, 3, 3), count: 3, capacity: 128)
        #expect(row.factors == (14, 3, 3))
        // Column level of the FC layer: Y=2, M=1000 on 128 columns → Y=2, M=63 (residual 55).
        let col = GreedyAllocator.best(sizes: (2, 1000, 1), count: 2, capacity: 128)
        #expect(col.factors == (2, 63, 1))
        // Nothing to place or no capacity.
        #expect(GreedyAllocator.best(sizes: (7, 1, 1), count: 1, capacity: 1).factors == (1, 1, 1))
        #expect(GreedyAllocator.best(sizes: (16, 1, 1), count: 1, capacity: 16).factors == (16, 1, 1))
    }
}
