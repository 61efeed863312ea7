import DesignDB
import Foundation
import Testing

/// The trigger-maintained (area, EDAP) frontier answers "best EDAP with area <= X" exactly.
@Suite struct FrontierTests {
    func bruteForce(_ rows: [SyntheticDesigns.Row], _ x: Double) -> Int64? {
        rows.filter { $0.feasible && $0.area <= x }.min { ($0.edap, $0.id) < ($1.edap, $1.id) }?.id
    }

    func check(_ db: Database, _ rows: [SyntheticDesigns.Row]) throws {
        let store = try DesignStore(db)
        let query = try NamedQuery.named("best_edap_under_area")
        for x in stride(from: 0.0, through: 110.0, by: 2.5) {
            let expected = bruteForce(rows, x)
            let got = try store.bestEDAP(maxArea_mm2: x)?.designID
            #expect(got == expected, "area <= \(x)")
            let viaQuery = try query.run(db, arguments: ["max_area_mm2": "\(x)"]).rows.first?[0].int64
            #expect(viaQuery == expected, "query, area <= \(x)")
        }
        // The frontier is strictly decreasing in EDAP as area grows.
        let edaps = try db.query("SELECT edap_j_s_mm2 FROM design_frontier ORDER BY area_mm2").map { $0[0].double! }
        #expect(zip(edaps, edaps.dropFirst()).allSatisfy { $0 > $1 })
    }

    /// Designs whose EDAP falls as area grows (bigger chips run faster), so the frontier is long.
    static func antiCorrelated(_ db: Database, count: Int) throws -> [SyntheticDesigns.Row] {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let net = try NetworkStore(db).id(for: NetworkRecord(family: "f", key: "n", layerCount: 1, macs: 1))
        var records: [DesignRecord] = []
        for i in 0..<count {
            let area = (5 + 95 * next()).rounded() // rounding makes equal areas happen
            let edap = 1e-3 / area * (1 + next())
            records.append(DesignRecord(key: DesignKey(hwConfigID: hw, networkID: net, quantPolicyKey: "q\(i)",
                                                       modelVersion: "m", predictorVersion: "p"),
                                        area_mm2: area, edap_j_s_mm2: edap, feasible: i % 5 != 0))
        }
        let ids = try DesignStore(db).insert(records)
        return zip(ids, records).map { id, r in
            SyntheticDesigns.Row(id: id, energy: 0, latency: 0, area: r.area_mm2!, edap: r.edap_j_s_mm2!, accuracy: 0,
                                 feasible: r.feasible, technology: "")
        }
    }

    @Test func frontierMatchesBruteForceThroughInsertsDeletesAndUpdates() throws {
        let db = try Database.inMemory()
        var rows = try Self.antiCorrelated(db, count: 400)
        try check(db, rows)

        // Delete the designs on the frontier: those they dominated must come back.
        let frontierIDs = try db.query("SELECT design_id FROM design_frontier").map { $0[0].int64! }
        #expect(frontierIDs.count >= 3)
        for id in frontierIDs.prefix(3) {
            try db.execute("DELETE FROM design WHERE id = \(id)")
            rows.removeAll { $0.id == id }
        }
        try check(db, rows)

        // Make one design infeasible and improve another.
        let victim = try #require(try db.scalar("SELECT design_id FROM design_frontier ORDER BY area_mm2 LIMIT 1")?.int64)
        try db.execute("UPDATE design SET feasible = 0 WHERE id = \(victim)")
        if let i = rows.firstIndex(where: { $0.id == victim }) { rows[i].feasible = false }
        let improved = try #require(rows.first { $0.feasible && !frontierIDs.contains($0.id) })
        try db.execute("UPDATE design SET edap_j_s_mm2 = 1e-12 WHERE id = \(improved.id)")
        if let i = rows.firstIndex(where: { $0.id == improved.id }) { rows[i].edap = 1e-12 }
        try check(db, rows)
    }
}
