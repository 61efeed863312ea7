@testable import CIMSearch
import DesignDB
import Foundation
import Testing

/// Bulk loads without the secondary `design` indexes: a killed load leaves a correct database, and the
/// next run rebuilds exactly the schema's indexes.
@Suite struct PrecomputeIndexDeferralTests {
    static let indexes = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'design' AND sql IS NOT NULL ORDER BY name"

    static func textRows(_ db: Database, _ sql: String) throws -> [[String]] {
        try db.query(sql).map { $0.map(\.description) }
    }

    @Test func autoDefersOnlyLargeJobsIntoSmallerDatabases() {
        let n = IndexDeferral.minimumPoints
        #expect(IndexDeferral.auto.applies(remaining: n, stored: 0))
        #expect(IndexDeferral.auto.applies(remaining: 9_676_800, stored: 9_000_000))
        #expect(!IndexDeferral.auto.applies(remaining: n - 1, stored: 0))
        #expect(!IndexDeferral.auto.applies(remaining: 1_000_000, stored: 8_676_800))
        #expect(IndexDeferral.always.applies(remaining: 1, stored: 10_000_000))
        #expect(!IndexDeferral.always.applies(remaining: 0, stored: 0))
        #expect(!IndexDeferral.never.applies(remaining: 10_000_000, stored: 0))
    }

    @Test func killedDeferredLoadStaysCorrectAndTheResumedRunRebuildsTheIndexes() throws {
        let reference = try Database.inMemory()
        try PrecomputeTests.precompute(reference, options: PrecomputeOptions(batchSize: 50, deferIndexes: .never))
        let schemaIndexes = try Self.textRows(reference, Self.indexes)
        #expect(schemaIndexes.count == 9) // schema 014 adds design_min_adc_sqnr

        let db = try Database(path: PrecomputeTests.tempPath("deferred.sqlite"))
        #expect(throws: PrecomputeInterrupted.self) {
            try PrecomputeTests.precompute(db, options: PrecomputeOptions(workers: 2, batchSize: 50, stopAfterBatches: 3,
                                                                          deferIndexes: .always))
        }
        // As a kill leaves it: the dropped indexes are recorded, the committed rows are all there and correct.
        #expect(try Self.textRows(db, Self.indexes).isEmpty)
        #expect(try DesignIndexDeferral.deferred(db) == schemaIndexes.map { $0[0] })
        let partial = try PrecomputeTests.rows(db)
        let full = try PrecomputeTests.rows(reference)
        #expect(partial.count == 150)
        #expect(partial.allSatisfy { full[$0.key] == $0.value })
        // Queries stay correct without the indexes (same answer as a brute-force pass over the rows).
        let top = try NamedQuery.named("top_tops_per_w").run(db, arguments: ["limit": "1"]).rows
        let best = partial.values.filter { $0.feasible }.compactMap(\.tpw).max()
        #expect(top.first.map { $0[1] } == best.map(SQLValue.real))

        // The resumed run (which would not defer on its own) finishes the rows and rebuilds the indexes.
        let resumed = try PrecomputeTests.precompute(db, options: PrecomputeOptions(workers: 2, batchSize: 50))
        #expect(resumed[0].resumedFrom == 150 && resumed[0].stored == 138)
        #expect(try Self.textRows(db, Self.indexes) == schemaIndexes)
        #expect(try DesignIndexDeferral.deferred(db).isEmpty)
        #expect(try PrecomputeTests.rows(db) == full)
        let pareto = "SELECT group_concat(edap_j_s_mm2, ',') FROM (SELECT edap_j_s_mm2 FROM design_pareto ORDER BY 1)"
        #expect(try db.scalar(pareto) == (try reference.scalar(pareto)))
        #expect(try db.scalar("PRAGMA integrity_check") == .text("ok"))
        let plan = try db.query("EXPLAIN QUERY PLAN " + (try NamedQuery.named("top_tops_per_w")).sql).map { $0[3].description }
        #expect(plan.contains { $0.contains("design_tops_per_w") }, "\(plan)")
    }

    @Test func anUninterruptedDeferredRunEndsWithTheSchemaIndexes() throws {
        let reference = try Database.inMemory()
        try PrecomputeTests.precompute(reference, options: PrecomputeOptions(batchSize: 64, deferIndexes: .never))
        let db = try Database(path: PrecomputeTests.tempPath("always.sqlite"))
        let s = try PrecomputeTests.precompute(db, options: PrecomputeOptions(batchSize: 64, deferIndexes: .always))
        #expect(s[0].stored == 288)
        #expect(try Self.textRows(db, Self.indexes) == (try Self.textRows(reference, Self.indexes)))
        #expect(try DesignIndexDeferral.deferred(db).isEmpty)
        #expect(try PrecomputeTests.rows(db) == (try PrecomputeTests.rows(reference)))
        // Restoring with nothing deferred is a no-op.
        #expect(try DesignIndexDeferral.restore(db).isEmpty)
    }
}
