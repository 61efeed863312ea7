@testable import CIMSearch
import DesignDB
import Foundation
import Testing

/// The precompute queries against brute force on random databases, and their query plans.
@Suite struct PrecomputeQueryTests {
    struct Design {
        var id: Int64
        var slice: Int
        var feasible: Bool
        var e: Double, l: Double, a: Double
        var accuracy: Double
        var technology: String
        var node: Double
        var edap: Double { e * l * a }
    }

    /// A database of random designs in 8 slices (2 networks × 2 technology tables × 2 nodes); values are
    /// drawn from small grids so that ties and exact duplicates occur.
    static func randomDatabase(seed: UInt64, count: Int = 600) throws -> (Database, [Design]) {
        let db = try Database.inMemory()
        var g = SearchRandom(seed: seed)
        for n in 0..<2 {
            try db.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('f', 'net\(n)', 1, 1)")
        }
        var designs: [Design] = []
        let insertHW = try db.prepare("""
            INSERT INTO hw_config (key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip,
                macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell)
            VALUES (?1, 0.7, 4, 1e-9, 128, 128, 8, 16, 16, 16384, 8, ?2, 1e-8, 'neurosim', 'rram')
            """)
        let insertDesign = try db.prepare("""
            INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version, technology,
                energy_j, latency_s, area_mm2, edap_j_s_mm2, top1_percent, feasible, created_at)
            VALUES (?1, ?2, 'q', 'm', 'p', ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'now')
            """)
        for i in 0..<count {
            let node = g.nextInt(below: 2) == 0 ? 32.0 : 22.0
            try insertHW.bind("hw\(i)", at: 1)
            try insertHW.bind(node, at: 2)
            try insertHW.run()
            let hw = db.lastInsertRowID
            let network = g.nextInt(below: 2), tech = g.nextInt(below: 2) == 0 ? "" : "tsmc@1"
            let d = Design(id: 0, slice: network, feasible: g.nextInt(below: 5) != 0,
                           e: Double(1 + g.nextInt(below: 20)) * 1e-4, l: Double(1 + g.nextInt(below: 20)) * 1e-3,
                           a: Double(1 + g.nextInt(below: 30)) * 10, accuracy: network == 0 ? 70.5 : 74.25,
                           technology: tech, node: node)
            try insertDesign.bind(hw, at: 1)
            try insertDesign.bind(Int64(network + 1), at: 2)
            try insertDesign.bind(tech, at: 3)
            try insertDesign.bind(d.e, at: 4)
            try insertDesign.bind(d.l, at: 5)
            try insertDesign.bind(d.a, at: 6)
            try insertDesign.bind(d.edap, at: 7)
            try insertDesign.bind(d.accuracy, at: 8)
            try insertDesign.bind(d.feasible, at: 9)
            try insertDesign.run()
            var stored = d
            stored.id = db.lastInsertRowID
            designs.append(stored)
        }
        try DesignPareto.rebuild(db)
        return (db, designs)
    }

    @Test func paretoFrontEqualsQuadraticBruteForce() {
        var g = SearchRandom(seed: 2)
        for round in 0..<20 {
            let points = (0..<(50 + round * 10)).map { i in
                let e = Double(g.nextInt(below: 8)), l = Double(g.nextInt(below: 8)), a = Double(g.nextInt(below: 8))
                // Some rows carry an EDAP other than E·L·A and a varying or missing accuracy (raw inserts).
                let edap = g.nextInt(below: 4) == 0 ? Double(g.nextInt(below: 400)) : e * l * a
                let acc: Double? = [nil, 70, 71][g.nextInt(below: 3)]
                return DesignPareto.Point(designID: Int64(1000 - i), energy_j: e, latency_s: l, area_mm2: a,
                                          edap_j_s_mm2: edap, top1_percent: acc)
            }
            // Kept: no other point is no worse on energy, latency, area, EDAP and accuracy and first in (EDAP, id).
            let expected = points.filter { p in
                !points.contains { q in
                    q.energy_j <= p.energy_j && q.latency_s <= p.latency_s && q.area_mm2 <= p.area_mm2
                        && q.edap_j_s_mm2 <= p.edap_j_s_mm2
                        && (q.top1_percent ?? -1e308) >= (p.top1_percent ?? -1e308)
                        && (q.edap_j_s_mm2 < p.edap_j_s_mm2 || q.designID < p.designID)
                }
            }.map(\.designID)
            let front = DesignPareto.front(points).map(\.designID)
            #expect(Set(front) == Set(expected) && front.count == expected.count)
            #expect(expected.count > 1 && expected.count < points.count)
        }
    }

    @Test func bestEDAPParetoQueryEqualsBruteForce() throws {
        let query = try NamedQuery.named("best_edap_pareto")
        var answered = 0
        for seed in [UInt64(1), 2, 3] {
            let (db, designs) = try Self.randomDatabase(seed: seed)
            var g = SearchRandom(seed: seed + 100)
            for _ in 0..<60 {
                let maxArea = Double(g.nextInt(below: 320)), maxLatency = Double(g.nextInt(below: 21)) * 1e-3
                let maxEnergy = Double(g.nextInt(below: 21)) * 1e-4
                let minAccuracy = [0, 72, 75][g.nextInt(below: 3)]
                let tech = ["", "tsmc", "tsmc@1", "other"][g.nextInt(below: 4)]
                let node = [0, 22, 32][g.nextInt(below: 3)]
                let useCM2 = g.nextInt(below: 2) == 0
                var args = ["max_latency_s": "\(maxLatency)", "max_energy_j": "\(maxEnergy)",
                            "min_top1_percent": "\(minAccuracy)", "technology": tech, "technology_nm": "\(node)"]
                if useCM2 { args["max_area_cm2"] = "\(maxArea / 100)" } else { args["max_area_mm2"] = "\(maxArea)" }
                let best = designs.filter { d in
                    d.feasible && d.a <= (useCM2 ? maxArea / 100 * 100 : maxArea) && d.l <= maxLatency && d.e <= maxEnergy
                        && (minAccuracy <= 0 || d.accuracy >= Double(minAccuracy))
                        && (tech == "" || d.technology == tech || d.technology.hasPrefix(tech + "@"))
                        && (node == 0 || d.node == Double(node))
                }.map(\.edap).min()
                let rows = try query.run(db, arguments: args).rows
                #expect(rows.count == (best == nil ? 0 : 1), "\(args)")
                if let best, let row = rows.first, case .real(let edap) = row[1] {
                    #expect(edap == best, "\(args)")
                    answered += 1
                }
            }
        }
        // Both outcomes occur: bounds that some design meets and bounds none meets.
        #expect(answered > 30 && answered < 170)
    }

    @Test func precomputeCoverageEqualsTheJobs() throws {
        let db = try Database.inMemory()
        try PrecomputeTests.precompute(db, options: PrecomputeOptions(shard: Shard(index: 2, count: 5), batchSize: 40))
        let rows = try NamedQuery.named("precompute_coverage").run(db).rows
        #expect(rows.count == 1)
        // Shard 2/5 of the 288-point subspace: positions 1, 6, …, 286 → 58 points of 9,676,800.
        let row = rows[0]
        #expect(row[8] == .integer(58) && row[9] == .integer(58) && row[10] == .integer(9_676_800))
        #expect(row[11] == .real(100))
        #expect(row[12] == .real((100.0 * 58 / 9_676_800 * 1e6).rounded() / 1e6))
        #expect(row[6] == .text("2/5"))
        #expect(try NamedQuery.named("precompute_coverage").run(db, arguments: ["space": "other"]).rows.isEmpty)
    }

    @Test func precomputeQueriesUseIndexesNotScansOfDesign() throws {
        let (db, _) = try Self.randomDatabase(seed: 9, count: 50)
        try db.execute("ANALYZE")
        for name in ["best_edap_pareto", "precompute_coverage"] {
            let q = try NamedQuery.named(name)
            let plan = try db.query("EXPLAIN QUERY PLAN " + q.sql).map { $0[3].description }
            #expect(!plan.isEmpty)
            for step in plan {
                // Every access to design is by key; no full scan of design or of its indexes.
                #expect(!(step.contains("SCAN") && (step.contains(" d ") || step.hasSuffix(" d") || step.contains("design "))
                          && !step.contains("design_pareto")), "\(name): \(step)")
            }
            if name == "best_edap_pareto" {
                #expect(plan.contains { $0.contains("design_pareto_edap") }, "\(plan)")
                #expect(plan.contains { $0.contains("SEARCH d USING INTEGER PRIMARY KEY") }, "\(plan)")
            }
        }
    }
}
