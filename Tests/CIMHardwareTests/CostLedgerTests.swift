import CIMHardware
import Testing

/// The ledger is Accelergy's accounting: every energy is Σ count × energy per action, the golden runs come
/// out of it, and the figures derived from it follow from energy, latency, MACs and area.
@Suite struct CostLedgerTests {
    /// Every golden run: each component's energy equals Σ over action kinds of count × pJ × 1e-12 recomputed
    /// here from the ledger's counts and the ERT (relative 1e-12: a different summation order only), and
    /// the total still matches CiMLoop within the golden tolerance (0.3 %).
    @Test(arguments: GoldenMappingRun.ids) func energyIsCountTimesEnergyPerAction(id: String) {
        let (run, layer) = CostModelTests.goldenLayer(id)
        let cost = CostModelTests.model.evaluate(layer, on: run.hardware)
        #expect(cost.feasible)
        let l = cost.ledger
        var total = 0.0
        for c in CostComponent.allCases {
            var sum = 0.0
            for k in ActionKind.allCases { sum += l[c].counts[k] * l[c].energies_pJ[k] * 1e-12 }
            #expect(mappingRelErr(cost.components_j[c], sum) <= 1e-12, "\(id) \(c.rawValue)")
            total += sum
        }
        #expect(mappingRelErr(cost.energy_j, total) <= 1e-12)
        #expect(mappingRelErr(cost.energy_j, run.energy_j) <= 0.003)
        // Leakage is an action: buffers leak once per cycle and utilised tile, the GLB once per cycle.
        #expect(l.parts.glb.counts.leakCycle == Double(run.cycles))
        #expect(l.parts.inputBuffer.counts.leakCycle == Double(run.cycles) * cost.actions.tilesUsed)
        // Reads and writes are kept apart.
        #expect(l.parts.inputBuffer.counts.read > 0 && l.parts.inputBuffer.counts.write > 0)
        #expect(l.cycles * l.cycle_s == cost.latency_s)
    }

    /// A count profile priced later equals the evaluation priced at once (the precompute's contract).
    @Test func countProfilePricedEqualsEvaluation() {
        let (run, layer) = CostModelTests.goldenLayer(GoldenMappingRun.ids[0])
        let prepared = CostModelTests.model.components.prepare(run.hardware)
        let area = ChipArea(areas: prepared.areas, hardware: run.hardware)
        let direct = CostModel.evaluate(layer, on: prepared, chipArea: area)
        let mapping = SpatialMapping.allocate(layer.shape, weightBits: layer.weightBits, on: run.hardware)
        var profile = LayerEnergyModel.countProfile(layer, mapping: mapping, on: run.hardware, chipArea: area,
                                                    options: .standard)
        #expect(profile.ledger.energies_pJ_areZero)
        let averages = try! DataValueStatistics.averages(layer, bitsPerCell: run.hardware.bitsPerCell)
        profile.ledger.cycle_s = prepared.cycle_s
        profile.ledger.price(prepared.actionEnergies(inputBits: layer.inputBits, weightBits: layer.weightBits,
                                                     averageInput: averages.input, averageWeight: averages.weight))
        #expect(profile == direct)
    }

    /// Derived figures by hand on a two-component ledger: 1e6 reads × 2 pJ + 1e3 leak cycles × 0.5 pJ.
    @Test func figuresFollowFromTheSum() {
        var l = CostLedger()
        l.parts.glb.counts.read = 1e6
        l.parts.glb.energies_pJ.read = 2
        l.parts.glb.counts.leakCycle = 1e3
        l.parts.glb.energies_pJ.leakCycle = 0.5
        l.cycles = 1e3
        l.cycle_s = 1e-9
        l.macs = 5e8
        l.area_mm2.glb = 4
        let e = (1e6 * 2 + 1e3 * 0.5) * 1e-12
        #expect(mappingRelErr(l.energy_j, e) <= 1e-15)
        #expect(mappingRelErr(l.latency_s, 1e-6) <= 1e-15)
        #expect(mappingRelErr(l.tops, 2 * 5e8 / 1e-6 / 1e12) <= 1e-15)
        #expect(mappingRelErr(l.tops_per_w, 2 * 5e8 / e / 1e12) <= 1e-15)
        #expect(mappingRelErr(l.tops_per_mm2, 2 * 5e8 / 1e-6 / 1e12 / 4) <= 1e-15)
        #expect(mappingRelErr(l.edap_j_s_mm2, e * 1e-6 * 4) <= 1e-15)
        #expect(l.componentAccesses.glb == 1e6)
        let audit = l.audit
        #expect(audit.contains("glb             read        1000000.0             2.0"))
        #expect(audit.contains("glb             leak_cycle  1000.0                0.5"))

        l.feasible = false
        #expect(l.energy_j == CostLedger.infeasibleEnergy_j && l.energy_j == .infinity)
        #expect(l.latency_s == .infinity && l.edap_j_s_mm2 == .infinity)
        #expect(l.tops == 0 && l.tops_per_w == 0 && l.tops_per_mm2 == 0)
        #expect(l.components_j == ComponentValues())
    }
}

extension CostLedger {
    /// No energy per action is set yet (an unpriced count profile).
    var energies_pJ_areZero: Bool { CostComponent.allCases.allSatisfy { self[$0].energies_pJ == ActionValues() } }
}
