import Foundation
import Testing

/// Two searches and a precompute write one database at the same time while queries read it.
/// The searches drop the area bound: the test is about sharing the file, and a 12×12 search may end infeasible (exit 3).
@Suite(.serialized) struct ConcurrencyTests {
    static let searchA = ["search", "--population", "12", "--generations", "12", "--seed", "11", "--max-area-mm2", "1000000", "--workers", "1", "--format", "json", "--quiet"]
    static let searchB = ["search", "--population", "12", "--generations", "12", "--seed", "12", "--max-area-mm2", "1000000", "--workers", "1", "--format", "json", "--quiet"]
    static let precompute = ["precompute", "--network", "standard-mbv2", "--workers", "1", "--batch-size", "30", "--quiet",
                             "--fix", "voltage_v=0.5,bits_per_cell=2,base_latency_s=1e-09,rows=128,cols=64"]

    @Test func twoSearchesAndAPrecomputeShareOneDatabase() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Each job alone, on its own database: what the shared run must reproduce.
        let refA = try CimnasProcess.run(Self.searchA + ["--db", "a.sqlite"], in: dir)
        let refB = try CimnasProcess.run(Self.searchB + ["--db", "b.sqlite"], in: dir)
        let refP = try CimnasProcess.run(Self.precompute + ["--db", "p.sqlite"], in: dir)
        for r in [refA, refB, refP] { #expect(r.status == 0, "\(r.stderr)") }

        // All at once on a fresh file (the first to open it creates the schema; the others must wait for it).
        let writers = try [Self.searchA, Self.searchB, Self.precompute].map { try CimnasProcess($0 + ["--db", "shared.sqlite"], in: dir) }
        var queries = 0
        var queryFailures: [String] = []
        // Readers never create a database (`sql`/`query` refuse a missing file), so start once a writer has made it.
        let sharedPath = dir.appendingPathComponent("shared.sqlite").path
        while !FileManager.default.fileExists(atPath: sharedPath) && writers.contains(where: { $0.process.isRunning }) {
            usleep(5_000)
        }
        while writers.contains(where: { $0.process.isRunning }) {
            let q = queries % 2 == 0
                ? try CimnasProcess.run(["sql", "--db", "shared.sqlite", "--format", "csv",
                                         "SELECT (SELECT count(*) FROM design), (SELECT count(*) FROM search_checkpoint)"], in: dir)
                : try CimnasProcess.run(["query", "--db", "shared.sqlite", "--format", "csv", "best_edap_under_constraints",
                                         "--param", "max_area_mm2=800"], in: dir)
            if q.status != 0 { queryFailures.append(q.stderr) }
            queries += 1
        }
        let results = writers.map { ($0.wait(), $0.stdout, $0.stderr) }
        for (status, _, stderr) in results {
            #expect(status == 0, "\(stderr)")
            #expect(!stderr.contains("locked"), "\(stderr)")
        }
        #expect(queryFailures.isEmpty, "\(queryFailures.prefix(3))")
        #expect(queries >= 2, "queries did not run while the writers did")
        print("concurrency: 3 writers finished, \(queries) sql/query runs alongside, \(queryFailures.count) failed")

        // Same results as alone, no lost and no duplicated rows.
        #expect(try CrashSafetyTests.best(results[0].1) == CrashSafetyTests.best(refA.stdout))
        #expect(try CrashSafetyTests.best(results[1].1) == CrashSafetyTests.best(refB.stdout))
        let shared = try RawDB(dir.appendingPathComponent("shared.sqlite").path)
        #expect(try shared.rows("PRAGMA integrity_check") == [["ok"]])
        let union = try Set(["a", "b", "p"].flatMap { name in
            try RawDB(dir.appendingPathComponent("\(name).sqlite").path).rows(CrashSafetyTests.precomputeRows)
        })
        let sharedRows = try shared.rows(CrashSafetyTests.precomputeRows)
        #expect(sharedRows.count == Set(sharedRows).count, "duplicated design rows")
        #expect(Set(sharedRows) == union, "lost or extra design rows")
        #expect(try shared.rows("SELECT id, status FROM search_run ORDER BY id") == [["1", "finished"], ["2", "finished"]])
        #expect(try shared.int("SELECT count(*) FROM search_checkpoint") == 24)
        #expect(try shared.rows("SELECT next_position, total, status FROM precompute_job") == [["1260", "1260", "finished"]])
        // Each run's generations equal its solo run's (which shared run is A and which is B depends on timing).
        let solo = try ["a", "b"].map { try RawDB(dir.appendingPathComponent("\($0).sqlite").path).rows(CrashSafetyTests.members(ofRun: 1)) }
        let both = try [1, 2].map { try shared.rows(CrashSafetyTests.members(ofRun: $0)) }
        #expect(!solo[0].isEmpty && solo[0] != solo[1])
        #expect(both == solo || both == solo.reversed(), "a run's generations differ from its solo run")
    }
}
