import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// One chip for several networks (CIMSearch/CoDesign) with the real cost model: both networks' designs are
/// stored and grouped, and the shared chip is no better for a network than that network's own search found.
@Suite struct CoDesignTests {
    /// ResNet50's weights need chips above the paper's 8 cm².
    static let constraints = SearchConstraints(maxArea_mm2: 3000)

    static func search(_ db: Database, networks: [String], aggregate: CoDesignAggregate = .sum,
                       capacity: CoDesignCapacity = .perNetwork) throws -> (CoDesignSearch, SQLiteEvaluationStore) {
        let store = try SQLiteEvaluationStore(db)
        let evaluator = DesignEvaluator(costModel: try PrecomputeTests.costModel(), accuracyModel: AnalyticAccuracyModel(),
                                        store: store, mode: .default)
        let settings = SearchSettings(algorithm: .ga, objective: .scalar(.ela),
                                      options: GAOptions(populationSize: 8, generations: 3, seed: 5), constraints: constraints)
        let template = try CIMNASSearch(settings: settings, evaluator: evaluator).baselineGenome
        let s = CoDesignSearch(space: try SearchSpace.named("cimnas-rram-32nm"), evaluator: evaluator, networks: networks,
                               objective: .ela, aggregate: aggregate, capacity: capacity, constraints: constraints,
                               options: settings.options, template: template)
        return (s, store)
    }

    @Test func twoNetworkSearchStoresBothRowsAndIsNoBetterThanEachOwnBest() throws {
        let db = try Database.inMemory()
        let (search, store) = try Self.search(db, networks: ["resnet50", "resnet18"])
        let outcome = try search.run()
        #expect(outcome.feasible)
        #expect(outcome.rows.map(\.network) == ["resnet50", "resnet18"])
        // One chip: the two designs differ only in the network.
        #expect(outcome.rows[0].sharedLookup.design.hardware == outcome.rows[1].sharedLookup.design.hardware)
        var members: [(designID: Int64, ownBestDesignID: Int64?)] = []
        for row in outcome.rows {
            #expect(row.shared.isEvaluated && row.ownBest?.isEvaluated == true)
            // Sanity: the network's own best chip (same budget, searched alone) is at least as good for it.
            let ratio = try #require(row.edapRatio)
            #expect(ratio >= 1 - 1e-12, "\(row.network): shared/own EDAP \(ratio)")
            members.append((try #require(try store.designID(for: row.sharedLookup)),
                            try store.designID(for: try #require(row.ownBestLookup))))
        }
        // The aggregate is the sum of the two networks' ela objectives on the shared chip.
        let sum = outcome.rows.reduce(0) { $0 + SearchObjective.ela.value($1.shared.metrics) }
        #expect(abs(outcome.objective / sum - 1) < 1e-12)
        let group = try CoDesignStore(db).save(CoDesignGroupRecord(
            networks: ["resnet50", "resnet18"], aggregate: "sum", capacity: "per-network", objective: "ela",
            space: "cimnas-rram-32nm", seed: 5, population: 8, generations: 3, aggregateObjective: outcome.objective,
            feasible: outcome.feasible), members: members)
        let rows = try NamedQuery.named("codesign_group").run(db, arguments: ["group_id": "\(group)"]).rows
        #expect(rows.count == 2)
        #expect(rows.map { $0[2].string } == ["resnet50", "resnet18"])
        for (row, r) in zip(rows, outcome.rows) {
            let edap = r.shared.energy_j * r.shared.latency_s * r.shared.area_mm2
            #expect(abs((row[7].double ?? 0) / edap - 1) < 1e-12)
            #expect(abs((row[11].double ?? 0) / r.edapRatio! - 1) < 1e-9)
        }
    }

    @Test func allResidentCapacityNeedsAtLeastEachNetworksShortfall() throws {
        let db = try Database.inMemory()
        let (search, _) = try Self.search(db, networks: ["resnet50", "resnet18"], capacity: .allResident)
        let problem = try CoDesignProblem(space: search.space, evaluator: search.evaluator, networks: search.networks,
                                          objective: .ela, aggregate: .max, capacity: .allResident, constraints: .paper,
                                          template: search.template)
        let perNetwork = try CoDesignProblem(space: search.space, evaluator: search.evaluator, networks: search.networks,
                                             objective: .ela, aggregate: .max, capacity: .perNetwork, constraints: .paper,
                                             template: search.template)
        var rng = SearchRandom(seed: 9)
        for _ in 0..<6 {
            let genome = problem.upperBounds.map { rng.nextInt(below: $0 + 1) }
            let all = try problem.evaluate([genome])[0], each = try perNetwork.evaluate([genome])[0]
            // Constraint 0 is the all-resident shortfall; per-network shortfalls sit at 0 and 2 + constraint count.
            let stride = 2 + SearchConstraints.paper.count
            #expect(all.constraints[0] >= max(each.constraints[0], each.constraints[stride]))
            #expect(all.objectives == each.objectives)  // max of the same per-network values
        }
    }

    @Test func aggregatesParseAndCombine() throws {
        #expect(try CoDesignAggregate(parsing: "weighted:1,3", networkCount: 2).combine([2, 5]) == 17)
        #expect(try CoDesignAggregate(parsing: "max", networkCount: 2).combine([2, 5]) == 5)
        #expect(try CoDesignAggregate(parsing: "sum", networkCount: 3).combine([2, 5, 1]) == 8)
        #expect(throws: SearchError.self) { try CoDesignAggregate(parsing: "weighted:1", networkCount: 2) }
        #expect(throws: SearchError.self) { try CoDesignAggregate(parsing: "weighted:1,-2", networkCount: 2) }
        #expect(throws: SearchError.self) { try CoDesignAggregate(parsing: "mean", networkCount: 2) }
    }
}
