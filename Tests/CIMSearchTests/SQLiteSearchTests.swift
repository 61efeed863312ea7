@testable import CIMSearch
import DesignDB
import Foundation
import Testing

/// Searches through the real design database (a temporary SQLite file).
@Suite struct SQLiteSearchTests {
    func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-search-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func search(path: String, seed: UInt64 = 1, workers: Int = 1, algorithm: SearchAlgorithmKind = .ga)
        throws -> (CIMNASSearch, SQLiteEvaluationStore, SQLiteRunCheckpointStore) {
        let store = try SQLiteEvaluationStore(path: path)
        let s = try smallSearch(algorithm: algorithm, seed: seed, workers: workers, store: store)
        let runs = try SQLiteRunCheckpointStore(evaluations: store, modelVersion: s.evaluator.modelVersion,
                                                predictorVersion: s.evaluator.predictorVersion)
        return (s, store, runs)
    }

    @Test func repeatedSearchInANewProcessIsServedFromTheDatabase() throws {
        let path = tempPath("cache.sqlite")
        let (s1, store1, runs1) = try search(path: path)
        let first = try s1.run(runStore: runs1)
        let (layers, designs) = try store1.counts()
        #expect(layers == first.cache.layerMisses)
        #expect(designs >= first.cache.designMisses)
        // A fresh connection and evaluator: nothing is in memory, everything must come from SQLite.
        let (s2, store2, runs2) = try search(path: path, workers: 2)
        let second = try s2.run(runStore: runs2)
        #expect(second.cache.designMisses == 0 && second.cache.layerMisses == 0)
        #expect(second.cache.designHits == second.evaluations)
        #expect(try store2.counts().layers == layers)
        #expect(second.best.genome == first.best.genome)
        #expect(second.best.record == first.best.record)
        #expect(second.runID != first.runID)
        // Members of every generation are recorded against design rows.
        let members = try store2.db.scalar("SELECT count(*) FROM search_member WHERE run_id = ?1", [.integer(second.runID!)])
        #expect(members?.int64 == Int64(6 * 16))
    }

    @Test func resumeFromTheDatabaseEndsWithTheSameResult() throws {
        let path = tempPath("resume.sqlite")
        let (s1, _, runs1) = try search(path: path, algorithm: .ga)
        let full = try s1.run(runStore: runs1)
        let id = try #require(full.runID)
        let steps = try runs1.db.scalar("SELECT count(*) FROM search_checkpoint WHERE run_id = ?1", [.integer(id)])
        #expect(steps?.int64 == 6)
        // Kill after generation 3: later checkpoints never made it to disk.
        try runs1.truncate(run: id, toSteps: 3)
        let (s2, _, runs2) = try search(path: path, workers: 3)
        let resumed = try s2.run(runStore: runs2, resume: id)
        #expect(resumed.best == full.best)
        #expect(resumed.evaluations == full.evaluations)
        #expect(resumed.history.map(\.generation) == [4, 5, 6])
        let status = try runs2.db.scalar("SELECT status FROM search_run WHERE id = ?1", [.integer(id)])
        #expect(status?.string == "finished")
    }

    @Test func unknownRunCannotBeResumed() throws {
        let (s, _, runs) = try search(path: tempPath("none.sqlite"))
        #expect(throws: SearchError.self) { try s.run(runStore: runs, resume: 42) }
    }
}
