import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Testing

/// Every energy stored in `layer_eval` is rebuilt from the stored counts × energies per action (the
/// migration's columns) with the ledger's own sum: RRAM rows of a precompute and SRAM rows of a search.
@Suite struct StoredEnergyAuditTests {
    static let energyColumns = CostComponent.allCases.map { "e.\($0.rawValue)_energy_j" }
    static let actionColumns = StoredAction.allCases.flatMap { ["e.\($0.column)_count", "e.\($0.column)_pj"] }

    /// Audits every feasible row; returns how many rows of each cell were rebuilt.
    static func audit(_ db: Database) throws -> [String: Int] {
        let s = try db.prepare("""
            SELECT h.cell, e.energy_j, e.cycles, e.latency_s, \(energyColumns.joined(separator: ", ")),
                \(actionColumns.joined(separator: ", "))
            FROM layer_eval e JOIN hw_config h ON h.id = e.hw_config_id WHERE e.feasible = 1
            """)
        var rebuilt: [String: Int] = [:]
        while try s.step() {
            var stored = StoredActions()
            for a in StoredAction.allCases {
                let i = Int32(4 + CostComponent.allCases.count + 2 * a.rawValue)
                #expect(s.optionalDouble(i) != nil, "\(a.column)_count is NULL")
                stored.counts[a.rawValue] = s.optionalDouble(i) ?? .nan
                stored.energies_pJ[a.rawValue] = s.optionalDouble(i + 1) ?? .nan
            }
            let components = stored.components_j
            for (n, c) in CostComponent.allCases.enumerated() {
                // Same operations in the same order: equal, not merely close.
                #expect(components[c] == s.double(Int32(4 + n)), "\(c.rawValue)")
            }
            #expect(components.total == s.double(1))
            #expect(s.double(2) > 0 && s.double(3) > 0)
            rebuilt[s.string(0), default: 0] += 1
        }
        return rebuilt
    }

    @Test func rramPrecomputeRowsAreRebuiltFromCounts() throws {
        let path = PrecomputeTests.tempPath("audit.sqlite")
        try PrecomputeTests.precompute(try Database(path: path),
                                       options: PrecomputeOptions(storeLayers: true, batchSize: 64))
        let rebuilt = try Self.audit(try Database(path: path))
        #expect((rebuilt["rram_neurosim_default"] ?? 0) > 1000, "\(rebuilt)")
    }

    @Test func sramSearchRowsKeepBreakdownCyclesAndCounts() throws {
        let path = PrecomputeTests.tempPath("audit-sram.sqlite")
        let designs = try PrecomputeSRAMTests.searchDesigns()
        let cost = SRAMCostModel(technology: try TechnologyParameters.default32nm())
        let evaluator = DesignEvaluator(costModel: cost, accuracyModel: ResNet50AccuracyModel(),
                                        store: try SQLiteEvaluationStore(path: path), mode: .default)
        let results = try evaluator.evaluate(designs)
        #expect(results.contains { $0.isEvaluated })
        let db = try Database(path: path)
        let rebuilt = try Self.audit(db)
        // The search's store registers a layer's chip under the default cell name; every row here is SRAM.
        #expect(rebuilt.values.reduce(0, +) > 50, "\(rebuilt)")
        // The breakdown is stored: macros (cim_unit) and the global buffer carry energy in every SRAM row.
        let zero = try db.scalar("""
            SELECT count(*) FROM layer_eval WHERE feasible = 1 AND (cim_unit_energy_j <= 0 OR glb_energy_j <= 0)
            """)?.int64
        #expect(zero == 0)
    }

    /// Every pair a hardware model counts is a stored pair: the stored actions rebuild the ledger's energy.
    @Test func storedActionsCoverBothModels() throws {
        let (run, layer) = (GoldenMappingRunProbe.hardware, GoldenMappingRunProbe.layer)
        let rram = try CIMLoopCostModel.default32nm(mode: .default).model.evaluate(layer, on: run)
        #expect(rram.feasible)
        #expect(StoredActions(rram.ledger).components_j == rram.ledger.components_j)
        let sram = try SRAMChipModel(chip: .baseline7nm, technology: try TechnologyParameters.default32nm())
            .evaluate(layer)
        #expect(StoredActions(sram.ledger).components_j == sram.ledger.components_j)
        #expect(sram.ledger.cycles > 0 && sram.ledger.components_j.glb > 0)
        // The straight-line order of StoredActions is the pairs' order.
        for l in [rram.ledger, sram.ledger] {
            let stored = StoredActions(l)
            for a in StoredAction.allCases {
                #expect(stored.counts[a.rawValue] == l[a.component].counts[a.kind], "\(a.column)")
                #expect(stored.energies_pJ[a.rawValue] == l[a.component].energies_pJ[a.kind], "\(a.column)")
            }
        }
    }
}

/// A layer and chip on which both models map (ResNet18's second conv on the CIMNAS default chip).
enum GoldenMappingRunProbe {
    static let hardware = HardwareConfig.cimnasDefault
    static let layer = LayerWorkload(name: "conv", shape: LayerShape(C: 64, M: 64, R: 3, S: 3, P: 56, Q: 56),
                                     inputBits: 8, weightBits: 8)
}
