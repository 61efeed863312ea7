import CIMHardware
import DesignDB
import Foundation
import Testing

/// A small deterministic population of designs with known metrics.
struct SyntheticDesigns {
    struct Row { var id: Int64; var energy: Double; var latency: Double; var area: Double; var edap: Double; var accuracy: Double; var feasible: Bool; var technology: String }
    var rows: [Row] = []

    init(_ db: Database, count: Int = 300) throws {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let hwStore = try HardwareConfigStore(db)
        var hwIDs: [Int64] = []
        for rows in [64, 128, 256] {
            for v in [0.6, 0.7] {
                var c = HardwareConfig.cimnasDefault
                c.rows = rows
                c.voltage_v = v
                hwIDs.append(try hwStore.id(for: c, area: ChipArea(area_mm2: Double(rows) / 10), modelVersion: "m1"))
            }
        }
        let net = try NetworkStore(db).id(for: NetworkRecord(family: "mobilenetv2", key: "net", layerCount: 10, macs: 1000))
        var records: [DesignRecord] = []
        for i in 0..<count {
            let energy = 1e-3 * (0.5 + next()), latency = 1e-3 * (0.5 + next()), area = 5 + 95 * next()
            let accuracy = 60 + 20 * next()
            let technology = i % 3 == 0 ? "tech_a@1" : "tech_b@2"
            records.append(DesignRecord(
                key: DesignKey(hwConfigID: hwIDs[i % hwIDs.count], networkID: net, quantPolicyKey: "q\(i)",
                               modelVersion: "m1", predictorVersion: "p1"),
                technology: technology, energy_j: energy, latency_s: latency, area_mm2: area,
                edap_j_s_mm2: energy * latency * area, tops_per_w: 1 / energy, tops_per_mm2: 1 / (latency * area),
                top1_percent: accuracy, feasible: i % 7 != 0, infeasibleReason: i % 7 == 0 ? "area" : nil))
        }
        let ids = try DesignStore(db).insert(records)
        for (id, r) in zip(ids, records) {
            rows.append(Row(id: id, energy: r.energy_j!, latency: r.latency_s!, area: r.area_mm2!, edap: r.edap_j_s_mm2!,
                            accuracy: r.top1_percent!, feasible: r.feasible, technology: r.technology))
        }
    }
}

@Suite struct NamedQueryTests {
    @Test func everyShippedQueryParsesAndRuns() throws {
        let queries = try NamedQuery.shipped()
        #expect(Set(queries.map(\.name)).isSuperset(of: [
            "best_edap_under_constraints", "pareto_energy_latency_area", "top_tops_per_w", "top_tops_per_mm2",
            "cache_stats", "technology_versions", "knob_sensitivity", "coverage"]))
        let db = try Database.inMemory()
        _ = try SyntheticDesigns(db, count: 50)
        for q in queries {
            #expect(!q.description.isEmpty, "\(q.name)")
            #expect(q.path == "queries/\(q.name).sql")
            let result = try q.run(db)
            #expect(!result.columns.isEmpty, "\(q.name)")
        }
    }

    /// Each shipped query reads `design` through an index, never by a full table scan.
    @Test func everyQueryUsesAnIndexOnDesign() throws {
        let db = try Database.inMemory()
        for q in try NamedQuery.shipped() {
            let plan = try db.prepare("EXPLAIN QUERY PLAN " + q.sql)
            var details: [String] = []
            while try plan.step() { details.append(plan.string(3)) }
            #expect(!details.isEmpty)
            for line in details {
                let words = line.split(separator: " ")
                let scansDesign = words.count >= 2 && words[0] == "SCAN" && ["d", "e", "design"].contains(words[1])
                #expect(!(scansDesign && !line.contains("INDEX")), "\(q.name): \(line)")
            }
        }
    }

    @Test func bestEDAPHonoursEveryBound() throws {
        let db = try Database.inMemory()
        let population = try SyntheticDesigns(db)
        let query = try NamedQuery.named("best_edap_under_constraints")
        let cases: [[String: String]] = [
            [:],
            ["max_area_mm2": "30"],
            ["max_area_cm2": "0.3"],
            ["max_area_mm2": "60", "min_top1_percent": "75", "max_latency_s": "1e-3"],
            ["max_energy_j": "8e-4", "technology": "tech_a"],
            ["technology": "tech_b@2", "limit": "3"],
            ["max_area_mm2": "1"],
        ]
        for args in cases {
            let maxArea = min(Double(args["max_area_mm2"] ?? "1e9")!, Double(args["max_area_cm2"] ?? "1e7")! * 100)
            let tech = args["technology"] ?? ""
            let expected = population.rows.filter { r in
                r.feasible && r.area <= maxArea
                    && r.accuracy >= Double(args["min_top1_percent"] ?? "0")!
                    && r.latency <= Double(args["max_latency_s"] ?? "1e9")!
                    && r.energy <= Double(args["max_energy_j"] ?? "1e9")!
                    && (tech.isEmpty || r.technology == tech || r.technology.hasPrefix(tech + "@"))
            }.sorted { $0.edap < $1.edap }.prefix(Int(args["limit"] ?? "10")!).map(\.id)
            let result = try query.run(db, arguments: args)
            #expect(result.columns.first == "design_id")
            #expect(result.rows.map { $0[0].int64! } == Array(expected), "\(args)")
        }
    }

    @Test func paretoMatchesBruteForce() throws {
        let db = try Database.inMemory()
        let population = try SyntheticDesigns(db)
        let feasible = population.rows.filter(\.feasible)
        let front = feasible.filter { d in
            !feasible.contains { e in
                e.energy <= d.energy && e.latency <= d.latency && e.area <= d.area
                    && (e.energy < d.energy || e.latency < d.latency || e.area < d.area)
            }
        }.sorted { $0.energy < $1.energy }.map(\.id)
        #expect(front.count > 3)
        let result = try NamedQuery.named("pareto_energy_latency_area").run(db, arguments: ["limit": "1000"])
        #expect(result.rows.map { $0[0].int64! } == front)
    }

    @Test func sqlTextInAParameterIsData() throws {
        let db = try Database.inMemory()
        _ = try SyntheticDesigns(db, count: 20)
        let attack = "x' OR '1'='1'; DROP TABLE design; --"
        let result = try NamedQuery.named("best_edap_under_constraints").run(db, arguments: ["technology": attack])
        #expect(result.rows.isEmpty)
        #expect(try db.scalar("SELECT count(*) FROM design") == .integer(20))
        let versions = try NamedQuery.named("technology_versions").run(db, arguments: ["name": "' OR 1=1 --"])
        #expect(versions.rows.isEmpty)
    }

    @Test func unknownParameterAndWrongTypeAreUsageErrors() throws {
        let q = try NamedQuery.named("top_tops_per_w")
        #expect(throws: NamedQuery.Problem.self) { try q.values(["no_such": "1"]) }
        do {
            _ = try q.values(["limit": "ten"])
            Issue.record("expected a usage error")
        } catch let p as NamedQuery.Problem {
            #expect(p.isUsage && p.kind == .badValue)
        }
        #expect(throws: NamedQuery.Problem.self) { try q.values(["max_area_mm2": "inf"]) }
        #expect(try q.values(["limit": "3"])["limit"] == .integer(3))
        #expect(throws: NamedQuery.Problem.self) { try NamedQuery.named("drop_everything") }
    }

    @Test func headerParsing() throws {
        let q = try NamedQuery.parse("""
            -- name: demo
            -- description: A demo.
            -- param: a REAL = 1e3 -- first
            -- param: b TEXT = 'it''s' -- second
            -- param: c INTEGER = 7
            SELECT :a, :b, :c;
            """, path: "demo.sql")
        #expect(q.name == "demo" && q.description == "A demo.")
        #expect(q.parameters.map(\.name) == ["a", "b", "c"])
        #expect(q.parameters.map(\.defaultValue) == [.real(1000), .text("it's"), .integer(7)])
        #expect(q.parameters[0].description == "first")
        let db = try Database.inMemory()
        #expect(try q.run(db, arguments: ["b": "x"]).rows == [[.real(1000), .text("x"), .integer(7)]])
        #expect(throws: NamedQuery.Problem.self) { try NamedQuery.parse("-- param: a REAL\nSELECT 1", path: "x.sql") }
        #expect(throws: NamedQuery.Problem.self) {
            try NamedQuery.parse("-- name: w\nDELETE FROM network", path: "w.sql").run(db)
        }
        #expect(throws: NamedQuery.Problem.self) {
            try NamedQuery.parse("-- name: u\nSELECT :undeclared", path: "u.sql").run(db)
        }
    }
}
