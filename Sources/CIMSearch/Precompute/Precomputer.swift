import CIMHardware
import CIMWorkload
import DesignDB
import Dispatch
import Foundation

/// Settings of one precomputation run.
public struct PrecomputeOptions: Sendable {
    public var mode: PrecomputeMode
    /// Points for random, LHS and Sobol (ignored by exhaustive).
    public var samples: Int
    public var seed: UInt64
    public var shard: Shard
    public var workers: Int
    /// Also store one `layer_eval` row per layer and chip.
    public var storeLayers: Bool
    /// Points per committed transaction.
    public var batchSize: Int
    /// Test hook: stop (as if killed) after committing this many batches.
    public var stopAfterBatches: Int?
    /// Whether a job drops the secondary `design` indexes for its load and rebuilds them at the end.
    public var deferIndexes: IndexDeferral
    /// Every design, or only the Pareto archive (``ParetoArchive``).
    public var store: PrecomputeStore

    public init(mode: PrecomputeMode = .exhaustive, samples: Int = 0, seed: UInt64 = 0, shard: Shard = .whole,
                workers: Int = 1, storeLayers: Bool = false, batchSize: Int = 20_000, stopAfterBatches: Int? = nil,
                deferIndexes: IndexDeferral = .auto, store: PrecomputeStore = .full) {
        self.mode = mode
        self.samples = samples
        self.seed = seed
        self.shard = shard
        self.workers = workers
        self.storeLayers = storeLayers
        self.batchSize = batchSize
        self.stopAfterBatches = stopAfterBatches
        self.deferIndexes = deferIndexes
        self.store = store
    }
}

/// `precompute --store`: what a sweep keeps.
public enum PrecomputeStore: String, Hashable, Sendable, CaseIterable {
    /// One design row per point.
    case full
    /// The Pareto archive only: fronts of the whole sweep and of every knob value, and per-value statistics.
    case pareto
}

/// When a precompute job drops the secondary indexes of `design` (`DesignIndexDeferral`) for its load.
public enum IndexDeferral: String, Sendable, CaseIterable {
    /// When the job has at least ``minimumPoints`` points left and no fewer than the designs already stored
    /// (rebuilding indexes over a large database for a small job would cost more than it saves).
    case auto
    case always
    case never

    /// Points left in a job below which `auto` keeps the indexes.
    public static let minimumPoints = 100_000

    /// Whether a job with `remaining` points to write into a database of `stored` designs defers.
    public func applies(remaining: Int, stored: Int) -> Bool {
        switch self {
        case .always: return remaining > 0
        case .never: return false
        case .auto: return remaining >= Self.minimumPoints && remaining >= stored
        }
    }
}

/// Progress of a running sweep.
public struct PrecomputeProgress: Sendable {
    public var network: String
    /// Shard points done (including those done by earlier runs) and the shard's total.
    public var done: Int
    public var total: Int
    /// Rows written and rows already present, this run.
    public var stored: Int
    public var skipped: Int
    public var elapsed_s: Double
    /// Points per second this run, and the estimated time left.
    public var rate: Double { elapsed_s > 0 ? Double(stored + skipped) / elapsed_s : 0 }
    public var eta_s: Double { rate > 0 ? Double(total - done) / rate : .infinity }
}

/// What a finished (or interrupted) sweep did.
public struct PrecomputeSummary: Sendable {
    public var jobID: Int64
    public var network: String
    public var total: Int
    /// Position the run started from (> 0 when resumed).
    public var resumedFrom: Int
    public var done: Int
    public var stored: Int
    public var skipped: Int
    public var seconds: Double
    public var frontierSize: Int
    public var finished: Bool { done == total }
}

/// Raised by the `stopAfterBatches` test hook.
public struct PrecomputeInterrupted: Error, Sendable {
    public var batches: Int
}

/// Evaluates the hardware points of a space for fixed networks and stores `design` (and `layer_eval`)
/// rows with exactly the keys and versions `cimnas search` looks up, so they count as cache hits.
///
/// Workers evaluate a batch while this thread writes the previous one (prepared statements, one
/// transaction per batch, job progress and the frontier updated in the same transaction). Re-running
/// the same job resumes after its last committed batch; rows already present are skipped.
public final class Precomputer {
    public let db: Database
    public let schedule: PrecomputeSchedule
    public let options: PrecomputeOptions
    public let mode: CompatMode
    /// The cost and accuracy models of the sweep (``PrecomputeModels``).
    public let models: PrecomputeModels
    public var accuracyModel: any AccuracyModel { models.accuracyModel }
    public let modelVersion: String
    public let predictorVersion: String
    /// Digest of the technology tables (`ComposedTechnology.sha256`), recorded with each job.
    public var technologySHA256 = ""
    /// SHA-256 of each network read from a workload CSV, by its registered name (`Workloads.register`).
    public var networkSHA256: [String: String] = [:]
    /// Receives one-line notes about long steps outside the batches (rebuilding deferred indexes).
    public var note: (String) -> Void = { _ in }

    /// A sweep of an RRAM space with the CiMLoop model.
    public convenience init(db: Database, subspace: HardwareSubspace, mode: CompatMode, costModel: CIMLoopCostModel,
                            accuracyModel: any AccuracyModel, options: PrecomputeOptions) throws {
        try self.init(db: db, subspace: subspace, mode: mode, models: .cimloop(costModel, accuracy: accuracyModel),
                      options: options)
    }

    /// A sweep with `models`, which must be the ones `cimnas search` uses for the space.
    public init(db: Database, subspace: HardwareSubspace, mode: CompatMode, models: PrecomputeModels,
                options: PrecomputeOptions) throws {
        if let cell = subspace.knobs.first(where: { $0.name == "cell_type" }), cell.values.count > 1 {
            throw PrecomputeError("--space: precompute cannot sweep cell_type; pin it with --fix cell_type=NAME")
        }
        switch (models, Self.isSRAM(subspace)) {
        case (.cimloop, true):
            throw PrecomputeError("--space: \(subspace.spaceName) has SRAM macro chips (cell_type sram), which need the SRAM cost and ResNet50 accuracy models, not CiMLoop")
        case (.sram, false):
            throw PrecomputeError("--space: \(subspace.spaceName) has no SRAM macro chips (cell_type sram); the SRAM models apply to SRAM spaces only")
        case (.sram, true) where options.storeLayers:
            throw PrecomputeError("--store-layers: SRAM spaces store design rows only (the search keeps SRAM layer rows under other chip keys)")
        default: break
        }
        if options.store == .pareto {
            guard options.mode == .exhaustive else {
                throw PrecomputeError("--store pareto: an archive covers a whole sweep, expected --mode exhaustive")
            }
            guard !options.storeLayers else {
                throw PrecomputeError("--store pareto: keeps design rows of the archive only, expected no --store-layers")
            }
        }
        self.db = db
        self.options = options
        self.mode = mode
        self.models = models
        schedule = try PrecomputeSchedule(mode: options.mode, subspace: subspace, samples: options.samples, seed: options.seed)
        // The same version strings the search's evaluator stores with designs.
        let evaluator = DesignEvaluator(costModel: models.costModel, accuracyModel: models.accuracyModel,
                                        store: InMemoryEvaluationStore(), mode: mode)
        modelVersion = evaluator.modelVersion
        predictorVersion = evaluator.predictorVersion
    }

    /// Whether `subspace` describes SRAM macro chips (its cell type is `sram`).
    public static func isSRAM(_ subspace: HardwareSubspace) -> Bool { subspace.cellType(0) == "sram" }

    /// Why the sweep of `subspace` cannot evaluate `design`'s network, or nil: SRAM spaces have models for
    /// their own fixed network only (`ResNet50AccuracyModel` predicts resnet50, no MobileNetV2 subnet).
    public static func unsupportedReason(_ subspace: HardwareSubspace, network design: Design) -> String? {
        guard isSRAM(subspace), let wanted = subspace.network else { return nil }
        if case .fixed(let name, _) = design.network, name == wanted { return nil }
        let given = design == CIMNASBaseline.design ? "standard-mbv2" : design.network.name
        return "--network: \(given) has no model on SRAM space \(subspace.spaceName) (it evaluates \(wanted) only), expected --network \(wanted)"
    }

    /// Sweeps every design's network over the subspace, one job per network.
    ///
    /// Secondary `design` indexes dropped for a large job (``IndexDeferral``), or left dropped by a killed
    /// run, are rebuilt when the last job ends, so a resumed run repairs what a killed one left.
    public func run(_ designs: [Design], progress: (PrecomputeProgress) -> Void = { _ in }) throws -> [PrecomputeSummary] {
        var out: [PrecomputeSummary] = []
        var batchesLeft = options.stopAfterBatches
        do {
            for d in designs {
                if let why = Self.unsupportedReason(schedule.subspace, network: d) { throw PrecomputeError(why) }
                // The network as the search's genomes encode it (per-layer bit knobs spelled out).
                var design = schedule.subspace.searchDesign(d)
                if let cell = schedule.subspace.cellType(0) { design.cellType = cell }
                out.append(try runOne(design, batchesLeft: &batchesLeft, progress: progress))
            }
        } catch let e as PrecomputeInterrupted {
            throw e   // the test hook stands for a kill: leave the database as a kill would
        } catch {
            _ = try? restoreIndexes()
            throw error
        }
        try restoreIndexes()
        return out
    }

    /// Re-creates the `design` indexes deferred by this or an earlier (killed) run; returns their names.
    @discardableResult
    public func restoreIndexes() throws -> [String] {
        let pending = try DesignIndexDeferral.deferred(db)
        guard !pending.isEmpty else { return [] }
        note("rebuilding \(pending.count) design indexes deferred during the load")
        let start = Date()
        let rebuilt = try DesignIndexDeferral.restore(db)
        note(String(format: "rebuilt %d design indexes in %.1f s", rebuilt.count, Date().timeIntervalSince(start)))
        return rebuilt
    }

    private func runOne(_ design: Design, batchesLeft: inout Int?,
                        progress: (PrecomputeProgress) -> Void) throws -> PrecomputeSummary {
        let network = PrecomputeNetwork(design: design, mode: mode, accuracyModel: accuracyModel)
        let evaluator: PointEvaluator
        let layerModelVersion: String
        switch models {
        case .cimloop(let model, _):
            evaluator = .cimloop(PrecomputeEvaluator(model: model, mode: mode, network: network))
            layerModelVersion = model.version
        case .sram(let model, let accuracy):
            evaluator = .sram(SRAMPrecomputeEvaluator(costModel: model, accuracyModel: accuracy, mode: mode, network: network))
            layerModelVersion = model.version
        }
        let label = network.networkKey.count > 40 ? String(network.networkKey.prefix(40)) + "…" : network.networkKey
        let networkID = try NetworkStore(db).id(for: NetworkRecord(
            family: network.family, key: network.networkKey, layerCount: network.networkLayerCount, macs: network.networkMACs))
        let shard = options.shard
        // Archives deal whole array organisations to shards, so each shard profiles its own organisations.
        let block = options.store == .pareto ? schedule.subspace.organisationSize : 1
        let total = shard.share(of: schedule.count, block: block)
        let (jobID, resumeFrom) = try openJob(networkID: networkID, networkKey: network.networkKey,
                                              quant: network.quantPolicyKey, total: total)
        let remaining = total - resumeFrom
        let storedDesigns = Int(try db.scalar("SELECT coalesce(max(id), 0) FROM design")?.int64 ?? 0)
        if options.store == .full && options.deferIndexes.applies(remaining: remaining, stored: storedDesigns) {
            try DesignIndexDeferral.deferIndexes(db)
        }
        let writer = try PrecomputeWriter(db: db, network: network, networkID: networkID,
                                          modelVersion: modelVersion, predictorVersion: predictorVersion,
                                          layerModelVersion: layerModelVersion, storeLayers: options.storeLayers)
        if network.layerError == nil {   // the network's own layer sequence, as the search records it
            try NetworkLayerStore(db).save(networkID: networkID, quantPolicyKey: network.quantPolicyKey, mode: mode,
                                           hardwareLayers: network.hardwareLayers, shapes: LayerShapeStore(db))
        }
        if options.store == .pareto {
            return try runArchive(network: network, label: label, evaluator: evaluator, writer: writer, jobID: jobID,
                                  networkID: networkID, resumeFrom: resumeFrom, total: total, block: block,
                                  batchesLeft: &batchesLeft, progress: progress)
        }
        // One Pareto slice per technology node of the sweep.
        func slice(_ node: Double) -> DesignPareto.Slice {
            DesignPareto.Slice(networkID: networkID, quantPolicyKey: network.quantPolicyKey, modelVersion: modelVersion,
                               predictorVersion: predictorVersion, technology: writer.technology, technology_nm: node)
        }

        lastStored = 0
        lastSkipped = 0
        let start = Date()
        var done = resumeFrom, stored = 0, skipped = 0
        let batch = max(1, options.storeLayers ? min(options.batchSize, 2_000) : options.batchSize)
        let schedule = self.schedule
        let workers = max(1, options.workers)
        let storeLayers = options.storeLayers
        let base = design.hardware

        // Evaluates shard positions lo..<hi on the worker pool, asynchronously.
        func launch(_ lo: Int, _ hi: Int) -> PendingBatch {
            let pending = PendingBatch(lo: lo, hi: hi)
            DispatchQueue.global().async(group: pending.group) {
                pending.points = Self.evaluate(lo..<hi, schedule: schedule, shard: shard, block: 1, base: base,
                                               evaluator: evaluator, workers: workers, storeLayers: storeLayers)
            }
            return pending
        }
        var next: PendingBatch? = done < total ? launch(done, min(total, done + batch)) : nil
        var batches = 0
        while let current = next {
            current.group.wait()
            next = current.hi < total ? launch(current.hi, min(total, current.hi + batch)) : nil
            let points = current.points
            try db.transaction { try DesignParetoTable.withTriggerOff(db) {
                // The batch refreshes its slices' fronts below (one front computation per batch instead of
                // one trigger test per row), with the triggers' own dominance (DesignPareto.front).
                let ids = try writer.write(points)
                var candidates: [Double: [DesignPareto.Point]] = [:]
                for (p, id) in zip(points, ids) {
                    if id.inserted { stored += 1 } else { skipped += 1 }
                    let r = p.result
                    guard id.inserted, r.isEvaluated else { continue }
                    candidates[p.hardware.technology_nm, default: []].append(DesignPareto.Point(
                        designID: id.id, energy_j: r.energy_j, latency_s: r.latency_s, area_mm2: r.area_mm2,
                        edap_j_s_mm2: r.energy_j * r.latency_s * r.area_mm2, top1_percent: r.top1_percent))
                }
                for (node, new) in candidates {
                    // Re-read in this transaction: other writers' triggers may have changed the slice since.
                    let old = try DesignPareto.load(db, slice: slice(node))
                    let updated = DesignPareto.front(old + new)
                    try DesignPareto.replace(db, slice: slice(node), old: old, new: updated)
                }
                done = current.hi
                try updateJob(jobID, done: done, total: total, stored: stored, skipped: skipped)
            } }
            batches += 1
            progress(PrecomputeProgress(network: label, done: done, total: total, stored: stored, skipped: skipped,
                                        elapsed_s: Date().timeIntervalSince(start)))
            try Self.spendBatch(&batchesLeft, batches: batches, pending: next?.group)
        }
        if total == resumeFrom {
            progress(PrecomputeProgress(network: label, done: done, total: total, stored: 0, skipped: 0, elapsed_s: 0))
        }
        let paretoRows = try db.scalar("""
            SELECT count(*) FROM design_pareto WHERE network_id = ?1 AND quant_policy_key = ?2 AND model_version = ?3
                AND predictor_version = ?4
            """, [.integer(networkID), .text(network.quantPolicyKey), .text(modelVersion), .text(predictorVersion)])
        return PrecomputeSummary(jobID: jobID, network: label, total: total, resumedFrom: resumeFrom, done: done,
                                 stored: stored, skipped: skipped, seconds: Date().timeIntervalSince(start),
                                 frontierSize: Int(paretoRows?.int64 ?? 0))
    }

    /// Evaluates shard positions `range` (positions dealt in blocks of `block`) in order, split into contiguous chunks over `workers` threads.
    static func evaluate(_ range: Range<Int>, schedule: PrecomputeSchedule, shard: Shard, block: Int, base: HardwareConfig,
                         evaluator: PointEvaluator, workers: Int, storeLayers: Bool) -> [PrecomputedPoint] {
        let n = range.count
        let chunks = max(1, min(workers * 4, n / 256 + 1))
        let size = (n + chunks - 1) / chunks
        let parts = try! parallelMap(count: chunks, workers: workers) { c -> [PrecomputedPoint] in
            let lo = range.lowerBound + c * size, hi = min(range.upperBound, lo + size)
            guard lo < hi else { return [] }
            var out: [PrecomputedPoint] = []
            out.reserveCapacity(hi - lo)
            // One loop per evaluator kind, so the RRAM fast path's loop stays as it was.
            switch evaluator {
            case .cimloop(let evaluator):
                var cache = ProfileCache()
                var cursor = SubspaceCursor(schedule.subspace, base: base)
                for local in lo..<hi {
                    cursor.move(to: schedule.index(at: shard.position(local, block: block)))
                    out.append(evaluator.evaluate(cursor.hardware, cache: &cache, storeLayers: storeLayers))
                }
            case .sram(let evaluator):
                var cache = SRAMPrecomputeEvaluator.AccuracyCache()
                for local in lo..<hi {
                    let index = schedule.index(at: shard.position(local, block: block))
                    let hw = schedule.subspace.hardware(index, base: base)
                    out.append(evaluator.evaluate(hw, cache: &cache))
                }
            }
            return out
        }
        return parts.flatMap { $0 }
    }

    // MARK: jobs

    /// A job's natural key: network, quantization policy, space, mode, seed, samples, shard, fixed knobs,
    /// versions, the space file's digest (when it came from a file) and (for archives) the store. No row ids,
    /// so that merged databases agree on job identity.
    static func jobKey(networkKey: String, quant: String, space: String, mode: PrecomputeMode, seed: UInt64, samples: Int,
                       shard: Shard, fix: String, modelVersion: String, predictorVersion: String, spaceSHA256: String,
                       store: PrecomputeStore) -> String {
        ([networkKey, quant, space, mode.rawValue, "\(seed)", "\(mode == .exhaustive ? 0 : samples)", shard.description,
          fix, modelVersion, predictorVersion] + (spaceSHA256.isEmpty ? [] : ["space_sha256=" + spaceSHA256])
            + (store == .full ? [] : ["store=\(store.rawValue)"]))
            .joined(separator: "|")
    }

    func openJob(networkID: Int64, networkKey: String, quant: String, total: Int) throws -> (Int64, Int) {
        let key = Self.jobKey(networkKey: networkKey, quant: quant, space: schedule.subspace.spaceName, mode: options.mode,
                              seed: options.seed, samples: options.samples, shard: options.shard,
                              fix: schedule.subspace.fixDescription, modelVersion: modelVersion,
                              predictorVersion: predictorVersion, spaceSHA256: schedule.subspace.spaceSHA256,
                              store: options.store)
        return try db.transaction {
            let s = try db.prepare("SELECT id, next_position, total FROM precompute_job WHERE job_key = ?1")
            try s.bind(key, at: 1)
            if try s.step() {
                let id = s.int64(0), next = s.int(1), stored = s.int(2)
                guard stored == total else {
                    throw PrecomputeError("precompute job \(id) has \(stored) points but this run has \(total); the space changed, use a new database")
                }
                return (id, next)
            }
            let now = Timestamp.now()
            let ins = try db.prepare("""
                INSERT INTO precompute_job (job_key, space, network_id, quant_policy_key, mode, seed, samples,
                    shard_index, shard_count, fix, model_version, predictor_version, space_points, total, status,
                    started_at, updated_at, space_sha256, technology_sha256, network_sha256, store)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, ?18, ?19, ?20)
                """)
            try ins.bind(key, at: 1)
            try ins.bind(schedule.subspace.spaceName, at: 2)
            try ins.bind(networkID, at: 3)
            try ins.bind(quant, at: 4)
            try ins.bind(options.mode.rawValue, at: 5)
            try ins.bind(Int64(bitPattern: options.seed), at: 6)
            try ins.bind(options.mode == .exhaustive ? 0 : options.samples, at: 7)
            try ins.bind(options.shard.index, at: 8)
            try ins.bind(options.shard.count, at: 9)
            try ins.bind(schedule.subspace.fixDescription, at: 10)
            try ins.bind(modelVersion, at: 11)
            try ins.bind(predictorVersion, at: 12)
            try ins.bind(schedule.subspace.fullCount, at: 13)
            try ins.bind(total, at: 14)
            try ins.bind(total == 0 ? "finished" : "running", at: 15)
            try ins.bind(now, at: 16)
            try ins.bind(schedule.subspace.spaceSHA256, at: 17)
            try ins.bind(technologySHA256, at: 18)
            try ins.bind(networkSHA256.first { networkKey.contains("net=" + $0.key) }?.value ?? "", at: 19)
            try ins.bind(options.store.rawValue, at: 20)
            try ins.run()
            return (db.lastInsertRowID, 0)
        }
    }

    func updateJob(_ id: Int64, done: Int, total: Int, stored: Int, skipped: Int) throws {
        let s = try db.prepare("""
            UPDATE precompute_job SET next_position = ?2, stored = stored + ?3, skipped = skipped + ?4,
                status = ?5, updated_at = ?6 WHERE id = ?1
            """)
        try s.bind(id, at: 1)
        try s.bind(done, at: 2)
        try s.bind(stored - lastStored, at: 3)
        try s.bind(skipped - lastSkipped, at: 4)
        try s.bind(done == total ? "finished" : "running", at: 5)
        try s.bind(Timestamp.now(), at: 6)
        try s.run()
        lastStored = stored
        lastSkipped = skipped
    }
    var lastStored = 0
    var lastSkipped = 0
}

/// A batch being evaluated in the background.
final class PendingBatch: @unchecked Sendable {
    let lo: Int, hi: Int
    let group = DispatchGroup()
    /// Written by the worker before `group` leaves; read after `group.wait()`.
    var points: [PrecomputedPoint] = []
    init(lo: Int, hi: Int) { self.lo = lo; self.hi = hi }
}

extension Precomputer {
    /// Spends one batch of the `stopAfterBatches` budget (the crash tests' hook); when it runs out, waits for the
    /// batch already launched and stops as a kill between commits would.
    static func spendBatch(_ batchesLeft: inout Int?, batches: Int, pending: DispatchGroup?) throws {
        guard let left = batchesLeft else { return }
        if left <= 1 {
            pending?.wait()
            throw PrecomputeInterrupted(batches: batches)
        }
        batchesLeft = left - 1
    }
}
