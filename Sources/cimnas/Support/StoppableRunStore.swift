import CIMSearch
import Foundation

/// Thrown after a generation was committed when SIGINT or SIGTERM asked the search to stop.
struct SearchStopped: Error {
    var signal: Int32
    var runID: Int64
    var stage: Int
    var generation: Int
}

/// A run store that stops the search at a generation boundary: it commits the generation through the
/// wrapped store first, then throws ``SearchStopped`` when a stop was requested.
final class StoppableRunStore: RunCheckpointStore {
    let base: SQLiteRunCheckpointStore
    let stop: StopRequest
    /// Called with the run id once it is known (new or resumed run).
    let onRun: (Int64) -> Void

    init(_ base: SQLiteRunCheckpointStore, stop: StopRequest, onRun: @escaping (Int64) -> Void) {
        self.base = base
        self.stop = stop
        self.onRun = onRun
    }

    func createRun(settings: SearchSettings) throws -> Int64 {
        let id = try base.createRun(settings: settings)
        onRun(id)
        return id
    }

    func settings(ofRun run: Int64) throws -> SearchSettings? { try base.settings(ofRun: run) }

    func saveGeneration(run: Int64, checkpoint: SearchCheckpoint, stats: GenerationStats, members: [RunMember]) throws {
        try base.saveGeneration(run: run, checkpoint: checkpoint, stats: stats, members: members)
        if let signal = stop.requested {
            throw SearchStopped(signal: signal, runID: run, stage: checkpoint.stage, generation: checkpoint.generation)
        }
    }

    func latestCheckpoint(ofRun run: Int64) throws -> SearchCheckpoint? { try base.latestCheckpoint(ofRun: run) }

    func finishRun(_ run: Int64, bestDesignKey: String?, seconds: Double) throws {
        try base.finishRun(run, bestDesignKey: bestDesignKey, seconds: seconds)
    }

    func markInterrupted(_ run: Int64) throws { try base.markInterrupted(run) }
}
