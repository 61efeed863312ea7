@testable import CIMSearch
import CIMHardware
import CIMWorkload
import Testing

/// A stop request inside a long generation: the search stops at the next chunk of evaluations
/// (`CIMNASProblem.stopCheckChunk`) with the last committed generation intact, and resumes to the result of
/// an uninterrupted run.
@Suite struct SearchStopTests {
    /// Says "stop" at the `at`-th check after the first generation was committed.
    final class StopAfterCommit {
        let runs: InMemoryRunCheckpointStore
        let at: Int
        var checksSinceCommit = 0
        init(runs: InMemoryRunCheckpointStore, at: Int) { self.runs = runs; self.at = at }
        func check() -> Bool {
            guard runs.runs[1]?.checkpoints.count == 1 else { return false }
            checksSinceCommit += 1
            return checksSinceCommit >= at
        }
    }

    @Test func aStopInsideAGenerationKeepsTheLastCommittedGeneration() throws {
        // 600 designs per generation: three chunks of at most 256, so the stop lands inside generation 2.
        let population = 600, chunk = CIMNASProblem.stopCheckChunk
        #expect(population > 2 * chunk)
        let uninterrupted = try smallSearch(population: population, generations: 3).run(runStore: InMemoryRunCheckpointStore())

        let store = InMemoryEvaluationStore()
        let runs = InMemoryRunCheckpointStore()
        let search = try smallSearch(population: population, generations: 3, store: store)
        let stop = StopAfterCommit(runs: runs, at: 2)
        search.stopRequested = stop.check
        var stopped: EvaluationStopped?
        do { _ = try search.run(runStore: runs) } catch let e as EvaluationStopped { stopped = e }
        // Generation 2 stopped after its first chunk: one chunk evaluated, one committed generation.
        #expect(stopped == EvaluationStopped(evaluated: chunk, of: population))
        #expect(runs.runs[1]?.checkpoints.count == 1)
        #expect(runs.runs[1]?.finished == false)
        let checkpoint = try #require(try runs.latestCheckpoint(ofRun: 1))
        #expect(checkpoint.generation == 1 && checkpoint.genomes.count == population)

        // The chunk's designs stay cached; resuming evaluates the rest and ends where the uninterrupted run does.
        let designsAtStop = store.designResults.count
        let resumedSearch = try smallSearch(population: population, generations: 3, store: store)
        let resumed = try resumedSearch.run(runStore: runs, resume: 1)
        #expect(resumed.best == uninterrupted.best)
        #expect(resumed.evaluations == uninterrupted.evaluations)
        #expect(store.designResults.count > designsAtStop)
        #expect(runs.runs[1]?.checkpoints.count == 3)
    }

    @Test func withoutAStopRequestTheBatchIsOneCall() throws {
        // A check that never stops gives the same search as none (chunking does not change results).
        let plain = try smallSearch(population: 300, generations: 2).run()
        let search = try smallSearch(population: 300, generations: 2)
        var checks = 0
        search.stopRequested = { checks += 1; return false }
        let checked = try search.run()
        #expect(checked.best == plain.best && checked.evaluations == plain.evaluations)
        // 300 designs per generation: two chunks each, two generations.
        #expect(checks == 4)
    }
}
