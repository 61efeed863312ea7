@testable import CIMSearch
import CIMAccuracy
import CIMHardware
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// design_pareto is complete for every stored design (search store, precompute, raw SQL), the best-EDAP
/// queries read it and agree with brute force, and the migration backfills existing databases.
@Suite struct DesignParetoTriggerTests {
    /// One stored design as brute force sees it.
    struct Row {
        var id: Int64
        var slice: String
        var feasible: Bool
        var e: Double?, l: Double?, a: Double?, edap: Double?
        var accuracy: Double?
        var technology: String
        var node: Double
        var point: DesignPareto.Point? {
            guard feasible, let e, let l, let a, let edap else { return nil }
            return DesignPareto.Point(designID: id, energy_j: e, latency_s: l, area_mm2: a, edap_j_s_mm2: edap,
                                      top1_percent: accuracy)
        }
    }

    static func rows(_ db: Database) throws -> [Row] {
        try db.query("""
            SELECT d.id, d.network_id || '|' || d.quant_policy_key || '|' || d.model_version || '|' || d.predictor_version
                   || '|' || d.technology || '|' || h.technology_nm,
                   d.feasible, d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.top1_percent,
                   d.technology, h.technology_nm
            FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
            """).map {
            Row(id: $0[0].int64!, slice: $0[1].string!, feasible: $0[2].int64 == 1, e: $0[3].double, l: $0[4].double,
                a: $0[5].double, edap: $0[6].double, accuracy: $0[7].double, technology: $0[8].string!, node: $0[9].double!)
        }
    }

    /// Quadratic brute force: per slice, the feasible designs no other design of the slice dominates.
    static func bruteFront(_ rows: [Row]) -> Set<Int64> {
        let bySlice = Dictionary(grouping: rows.filter { $0.point != nil }, by: \.slice)
        var out = Set<Int64>()
        for (_, members) in bySlice {
            let points = members.map { $0.point! }
            for p in points where !points.contains(where: { DesignPareto.dominates($0, p) }) { out.insert(p.designID) }
        }
        return out
    }

    static func stored(_ db: Database) throws -> Set<Int64> {
        Set(try db.query("SELECT design_id FROM design_pareto").map { $0[0].int64! })
    }

    static func insertHardware(_ db: Database, key: String, node: Double) throws -> Int64 {
        try db.execute("""
            INSERT INTO hw_config (key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip,
                macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell)
            VALUES ('\(key)', 0.7, 4, 1e-9, 128, 128, 8, 16, 16, 16384, 8, \(node), 1e-8, 'neurosim', 'rram')
            """)
        return db.lastInsertRowID
    }

    /// Raw SQL inserts: random slices, values from small grids (ties and duplicates), some EDAPs not E·L·A,
    /// accuracies varying inside a slice or missing, some infeasible or unevaluated rows.
    static func rawInserts(_ db: Database, _ g: inout SearchRandom, count: Int, networks: [Int64],
                           hardware: [Int64], model: String = "m", predictor: String = "p",
                           top1Column: String = "top1_percent") throws {
        let s = try db.prepare("""
            INSERT OR IGNORE INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version,
                technology, energy_j, latency_s, area_mm2, edap_j_s_mm2, \(top1Column), feasible, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'now')
            """)
        for _ in 0..<count {
            let e = Double(1 + g.nextInt(below: 12)) * 1e-4, l = Double(1 + g.nextInt(below: 12)) * 1e-3
            let a = Double(1 + g.nextInt(below: 15)) * 10
            let evaluated = g.nextInt(below: 20) != 0
            try s.bind(hardware[g.nextInt(below: hardware.count)], at: 1)
            try s.bind(networks[g.nextInt(below: networks.count)], at: 2)
            try s.bind(["q", "q2"][g.nextInt(below: 2)], at: 3)
            try s.bind(model, at: 4)
            try s.bind(predictor, at: 5)
            try s.bind(["", "rram@1", "rram@2", "sram@1"][g.nextInt(below: 4)], at: 6)
            try s.bind(evaluated ? e : nil, at: 7)
            try s.bind(evaluated ? l : nil, at: 8)
            try s.bind(a, at: 9)
            try s.bind(evaluated ? (g.nextInt(below: 5) == 0 ? Double(1 + g.nextInt(below: 40)) * 1e-5 : e * l * a) : nil,
                       at: 10)
            try s.bind([nil, 70.0, 72.5, 75.0][g.nextInt(below: 4)], at: 11)
            try s.bind(g.nextInt(below: 6) != 0, at: 12)
            try s.run()
        }
    }

    /// A database filled by all three writers: precompute (bulk path, shard 1/2), the search's evaluation
    /// store (half the chips precompute skipped, same network), then raw SQL inserts in several slices.
    static func mixedDatabase(seed: UInt64) throws -> Database {
        let db = try Database.inMemory()
        try PrecomputeTests.precompute(db, options: PrecomputeOptions(shard: Shard(index: 1, count: 2), batchSize: 40))
        let store = try SQLiteEvaluationStore(db)
        let evaluator = DesignEvaluator(costModel: try PrecomputeTests.costModel(),
                                        accuracyModel: AnalyticAccuracyModel(), store: store, mode: .default)
        let chips = PrecomputeTests.bruteForceChips().enumerated().filter { $0.offset % 4 == 1 }.map(\.element)
        _ = try evaluator.evaluate(chips.map { Design(hardware: $0, network: CIMNASBaseline.design.network) })
        var g = SearchRandom(seed: seed)
        try db.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('f', 'raw-net', 1, 1)")
        let raw = db.lastInsertRowID
        let networks = try db.query("SELECT id FROM network").map { $0[0].int64! }
        let hardware = try (0..<30).map { try insertHardware(db, key: "raw\(seed)-\($0)", node: $0 % 3 == 0 ? 22 : 32) }
        try rawInserts(db, &g, count: 400, networks: networks + [raw], hardware: hardware)
        // Raw rows in the very slice precompute and the search wrote (same network and versions).
        let (network, model, predictor) = try {
            let r = try db.query("SELECT network_id, model_version, predictor_version FROM design_pareto LIMIT 1")[0]
            return (r[0].int64!, r[1].string!, r[2].string!)
        }()
        let sliceHardware = try db.query("SELECT id FROM hw_config WHERE key NOT LIKE 'raw%' LIMIT 40").map { $0[0].int64! }
        try rawInserts(db, &g, count: 200, networks: [network], hardware: sliceHardware, model: model,
                       predictor: predictor)
        return db
    }

    @Test func paretoTableIsCompleteForEveryWriter() throws {
        let db = try Self.mixedDatabase(seed: 1)
        let rows = try Self.rows(db)
        let writers = try db.query("SELECT count(DISTINCT model_version || predictor_version || quant_policy_key) FROM design")
        #expect(writers[0][0].int64! >= 3)
        #expect(rows.count > 350)
        #expect(try Self.stored(db) == Self.bruteFront(rows))
        // Precompute's bulk path over a slice the triggers also wrote (raw rows with other accuracies and EDAPs).
        let before = rows.count
        try PrecomputeTests.precompute(db, options: PrecomputeOptions(shard: Shard(index: 2, count: 2), batchSize: 30))
        let after = try Self.rows(db)
        #expect(after.count > before)
        #expect(try Self.stored(db) == Self.bruteFront(after))
        #expect(try db.scalar("SELECT bulk FROM design_pareto_control")?.int64 == 0)
    }

    /// The first row of both best-EDAP queries is the lowest (EDAP, id) design meeting every bound.
    @Test func bestEDAPQueriesEqualBruteForce() throws {
        let constraints = try NamedQuery.named("best_edap_under_constraints")
        let pareto = try NamedQuery.named("best_edap_pareto")
        var answered = 0, empty = 0
        for seed in [UInt64(3), 4] {
            let db = try Self.mixedDatabase(seed: seed)
            let rows = try Self.rows(db).filter { $0.point != nil }
            func quantile(_ values: [Double], _ q: Double) -> Double { values.sorted()[Int(q * Double(values.count - 1))] }
            let areas = rows.map { $0.a! }, latencies = rows.map { $0.l! }, energies = rows.map { $0.e! }
            var g = SearchRandom(seed: seed + 50)
            for round in 0..<120 {
                let noBounds = round == 0
                let maxArea = quantile(areas, Double(g.nextInt(below: 101)) / 100)
                let maxLatency = quantile(latencies, Double(g.nextInt(below: 101)) / 100)
                let maxEnergy = quantile(energies, Double(g.nextInt(below: 101)) / 100)
                let minAccuracy = [0.0, 0.0, 71.0, 74.0][g.nextInt(below: 4)]
                let tech = noBounds ? "" : ["", "", "rram", "rram@1", "sram", "other"][g.nextInt(below: 6)]
                let node = noBounds ? 0.0 : [0.0, 0.0, 22, 32][g.nextInt(below: 4)]
                let useCM2 = g.nextInt(below: 2) == 0
                var args: [String: String] = [:]
                if !noBounds {
                    args = ["max_latency_s": "\(maxLatency)", "max_energy_j": "\(maxEnergy)",
                            "min_top1_percent": "\(minAccuracy)", "technology": tech]
                    if useCM2 { args["max_area_cm2"] = "\(maxArea / 100)" } else { args["max_area_mm2"] = "\(maxArea)" }
                }
                let areaBound = noBounds ? .infinity : (useCM2 ? maxArea / 100 * 100 : maxArea)
                func meets(_ r: Row) -> Bool {
                    noBounds || (r.a! <= areaBound && r.l! <= maxLatency && r.e! <= maxEnergy
                        && (minAccuracy <= 0 || (r.accuracy ?? -1) >= minAccuracy)
                        && (tech == "" || r.technology == tech || r.technology.hasPrefix(tech + "@")))
                }
                let best = rows.filter(meets).min { ($0.edap!, $0.id) < ($1.edap!, $1.id) }?.id
                let bestAtNode = rows.filter { meets($0) && (node == 0 || $0.node == node) }
                    .min { ($0.edap!, $0.id) < ($1.edap!, $1.id) }?.id
                let got = try constraints.run(db, arguments: args).rows
                #expect(got.first?[0].int64 == best, "\(args)")
                var nodeArgs = args
                nodeArgs["technology_nm"] = "\(node)"
                let gotAtNode = try pareto.run(db, arguments: nodeArgs).rows
                #expect(gotAtNode.first?[0].int64 == bestAtNode, "\(nodeArgs)")
                // Further rows also meet the bounds, in EDAP order.
                let ids = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
                #expect(got.allSatisfy { ids[$0[0].int64!].map(meets) == true })
                #expect(got.map { $0[1].double! } == got.map { $0[1].double! }.sorted())
                if best == nil { empty += 1 } else { answered += 1 }
            }
        }
        // Both outcomes occur often: bounds that some design meets and bounds none meets.
        #expect(answered > 40 && empty > 20, "answered \(answered), empty \(empty)")
    }

    @Test func bestEDAPQueriesReadTheParetoTableNotDesign() throws {
        let db = try Self.mixedDatabase(seed: 5)
        try db.execute("ANALYZE")
        for name in ["best_edap_under_constraints", "best_edap_pareto"] {
            let plan = try db.query("EXPLAIN QUERY PLAN " + (try NamedQuery.named(name)).sql).map { $0[3].string! }
            #expect(plan.contains { $0.hasPrefix("SCAN p USING") && $0.contains("INDEX design_pareto_edap") },
                    "\(name): \(plan)")
            #expect(plan.contains { $0.contains("SEARCH d USING INTEGER PRIMARY KEY") }, "\(name): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN d") || $0.contains("SCAN design") }, "\(name): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(name): \(plan)")
        }
    }

    @Test func triggersKeepTheFrontAfterInsertsDeletesAndUpdates() throws {
        let db = try Database.inMemory()
        var g = SearchRandom(seed: 11)
        for n in 0..<2 { try db.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('f', 'n\(n)', 1, 1)") }
        let hardware = try (0..<25).map { try Self.insertHardware(db, key: "h\($0)", node: $0 % 2 == 0 ? 22 : 32) }
        var deletedFront = 0, updatedFront = 0
        for round in 0..<24 {
            try Self.rawInserts(db, &g, count: 40, networks: [1, 2], hardware: hardware)
            let ids = try db.query("SELECT id FROM design").map { $0[0].int64! }
            let front = Array(try Self.stored(db)).sorted()
            switch round % 4 {
            case 0:
                for _ in 0..<6 { try db.execute("DELETE FROM design WHERE id = \(ids[g.nextInt(below: ids.count)])") }
            case 1:
                for _ in 0..<4 where !front.isEmpty {
                    try db.execute("DELETE FROM design WHERE id = \(front[g.nextInt(below: front.count)])")
                    deletedFront += 1
                }
            case 2:
                for i in 0..<6 where !front.isEmpty {
                    let id = i < 3 ? front[g.nextInt(below: front.count)] : ids[g.nextInt(below: ids.count)]
                    let e = Double(1 + g.nextInt(below: 12)) * 1e-4
                    try db.execute("""
                        UPDATE design SET energy_j = \(e), edap_j_s_mm2 = \(e) * latency_s * area_mm2,
                            feasible = \(g.nextInt(below: 4) == 0 ? 0 : 1) WHERE id = \(id)
                        """)
                    if i < 3 { updatedFront += 1 }
                }
            default:
                for _ in 0..<4 where !front.isEmpty {
                    let id = front[g.nextInt(below: front.count)]
                    // Moves the design to another slice (skipped when its natural key is taken there).
                    try db.execute("""
                        UPDATE OR IGNORE design SET network_id = \(1 + g.nextInt(below: 2)), top1_percent = NULL,
                            technology = 'rram@1', hw_config_id = \(hardware[g.nextInt(below: hardware.count)])
                        WHERE id = \(id)
                        """)
                    updatedFront += db.changes
                }
            }
            #expect(try Self.stored(db) == Self.bruteFront(try Self.rows(db)), "round \(round)")
            #expect(try db.scalar("SELECT count(*) FROM design_pareto_candidate")?.int64 == 0)
        }
        #expect(deletedFront > 10 && updatedFront > 10)
        // Deleting a hardware configuration cascades to its designs; the front follows.
        var cascaded = 0
        for hw in hardware.prefix(12) {
            cascaded += Int(try db.scalar("SELECT count(*) FROM design_pareto AS p JOIN design AS d ON d.id = p.design_id WHERE d.hw_config_id = \(hw)")?.int64 ?? 0)
            try db.execute("DELETE FROM hw_config WHERE id = \(hw)")
            #expect(try Self.stored(db) == Self.bruteFront(try Self.rows(db)), "hardware \(hw)")
        }
        #expect(cascaded > 5)
    }

    @Test func migrationBackfillsExistingDesigns() throws {
        let db = try Database(path: ":memory:", migrate: false)
        let before = Migrator.migrations.filter { $0.path < "schema/006" }
        #expect(before.count == 5 && Migrator.currentVersion >= 6)
        for m in before { try db.execute(m.sql) }
        try db.execute("PRAGMA user_version = \(before.count)")
        for n in 0..<2 { try db.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('f', 'n\(n)', 1, 1)") }
        let hardware = try (0..<20).map { try Self.insertHardware(db, key: "h\($0)", node: $0 % 2 == 0 ? 22 : 32) }
        var g = SearchRandom(seed: 21)
        // The column's name before schema 009.
        try Self.rawInserts(db, &g, count: 500, networks: [1, 2], hardware: hardware, top1Column: "accuracy_top1_percent")
        // A stale row from before: a design that is not on any front.
        try db.execute("""
            INSERT INTO design_pareto (design_id, network_id, quant_policy_key, model_version, predictor_version,
                technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2)
            SELECT id, network_id, quant_policy_key, model_version, predictor_version, technology, 22, 1, 1, 1, 1
            FROM design WHERE feasible = 0 LIMIT 1
            """)
        #expect(try Self.stored(db).count == 1)
        try Migrator.migrate(db)
        #expect(try db.userVersion() == Migrator.currentVersion)
        let expected = Self.bruteFront(try Self.rows(db))
        #expect(expected.count > 20)
        #expect(try Self.stored(db) == expected)
        // After the migration the triggers maintain it.
        try Self.rawInserts(db, &g, count: 100, networks: [1, 2], hardware: hardware)
        #expect(try Self.stored(db) == Self.bruteFront(try Self.rows(db)))
    }
}
