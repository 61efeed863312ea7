import CIMHardware
import DesignDB
import Dispatch
import Foundation

extension Precomputer {
    /// `--store pareto`: sweeps the job's points into a ``ParetoArchive`` and stores only its members.
    ///
    /// Each batch's transaction writes the designs entering a front, deletes the (self-written) designs that
    /// left every front, replaces the front memberships and statistics, and advances the job, so a killed run
    /// resumes from its last commit with the archive it had then (reloaded from the member rows).
    func runArchive(network: PrecomputeNetwork, label: String, evaluator: PointEvaluator, writer: PrecomputeWriter,
                    jobID: Int64, networkID: Int64, resumeFrom: Int, total: Int, block: Int, batchesLeft: inout Int?,
                    progress: (PrecomputeProgress) -> Void) throws -> PrecomputeSummary {
        let subspace = schedule.subspace
        let store = try ParetoArchiveStore(db, jobID: jobID)
        var archive = try Self.loadArchive(store, subspace: subspace)
        var members: [Int: ParetoArchiveStore.Member] = [:]
        for m in try store.members() { members[m.sweepIndex] = m }
        var fronts = try store.frontRows()
        guard Set(archive.members.map(\.index)) == Set(members.keys) else {
            throw PrecomputeError("precompute job \(jobID): stored archive members are not the fronts they define; the database was changed, use a new database")
        }

        lastStored = 0
        lastSkipped = 0
        let start = Date()
        var done = resumeFrom, stored = 0, skipped = 0
        let batch = max(1, options.batchSize)
        let schedule = self.schedule, shard = options.shard, workers = max(1, options.workers)
        let base = network.design.hardware

        // RRAM chips are priced for the archive by the factorised pricer (metrics only); a member's full
        // point is evaluated when it enters a front. SRAM chips keep the per-point evaluation.
        func launch(_ lo: Int, _ hi: Int) -> PendingArchiveBatch {
            let pending = PendingArchiveBatch(lo: lo, hi: hi)
            DispatchQueue.global().async(group: pending.group) {
                switch evaluator {
                case .cimloop(let fast):
                    pending.batch = Self.archiveMetrics(lo..<hi, schedule: schedule, shard: shard, block: block,
                                                        base: base, evaluator: fast, workers: workers)
                case .sram:
                    let points = Self.evaluate(lo..<hi, schedule: schedule, shard: shard, block: block, base: base,
                                               evaluator: evaluator, workers: workers, storeLayers: false)
                    var b = ArchiveBatch()
                    for (j, p) in points.enumerated() {
                        let index = schedule.index(at: shard.position(lo + j, block: block))
                        let r = p.result
                        if r.isEvaluated {
                            b.feasible.append(ParetoArchive.Point(index: index, energy_j: r.energy_j, latency_s: r.latency_s,
                                                                  area_mm2: r.area_mm2, top1_percent: r.top1_percent))
                            b.points[index] = p
                        } else {
                            b.infeasible.append(index)
                        }
                    }
                    pending.batch = b
                }
            }
            return pending
        }
        var memberCache = ProfileCache()
        /// The full point of a design entering a front.
        func member(_ index: Int, _ b: ArchiveBatch) -> PrecomputedPoint {
            if let p = b.points[index] { return p }
            guard case .cimloop(let fast) = evaluator else { preconditionFailure("SRAM batches keep their points") }
            return fast.evaluate(schedule.subspace.hardware(index, base: base), cache: &memberCache, storeLayers: false)
        }
        var next: PendingArchiveBatch? = done < total ? launch(done, min(total, done + batch)) : nil
        var batches = 0
        while let current = next {
            current.group.wait()
            next = current.hi < total ? launch(current.hi, min(total, current.hi + batch)) : nil
            let b = current.batch
            let feasible = b.feasible, infeasible = b.infeasible
            var updated = archive
            if let counted = b.counted {
                updated.add(candidates: feasible, counted: counted)
            } else {
                updated.add(feasible: feasible, infeasible: infeasible)
            }
            let newMembers = Set(updated.members.map(\.index))
            let newFronts = Self.frontRows(updated, subspace: subspace)
            var newMemberRows = members
            try db.transaction {
                for (index, m) in members where !newMembers.contains(index) {
                    try store.removeMember(sweepIndex: index, designID: m.designID, owned: m.owned)
                    newMemberRows[index] = nil
                }
                let entering = newMembers.filter { members[$0] == nil }.sorted()
                let enteringPoints = entering.map { member($0, b) }
                let ids = try writer.write(enteringPoints)
                for (j, (index, id)) in zip(entering, ids).enumerated() {
                    try store.addMember(sweepIndex: index, designID: id.id, owned: id.inserted)
                    if id.inserted { stored += 1 } else { skipped += 1 }
                    let r = enteringPoints[j].result
                    newMemberRows[index] = ParetoArchiveStore.Member(
                        sweepIndex: index, designID: id.id, owned: id.inserted, energy_j: r.energy_j,
                        latency_s: r.latency_s, area_mm2: r.area_mm2, top1_percent: r.top1_percent)
                }
                try store.replaceFronts(old: fronts, new: newFronts)
                try store.saveStats(Self.statsRows(updated, subspace: subspace))
                done = current.hi
                try updateJob(jobID, done: done, total: total, stored: stored, skipped: skipped)
            }
            archive = updated
            members = newMemberRows
            fronts = newFronts
            batches += 1
            progress(PrecomputeProgress(network: label, done: done, total: total, stored: stored, skipped: skipped,
                                        elapsed_s: Date().timeIntervalSince(start)))
            try Self.spendBatch(&batchesLeft, batches: batches, pending: next?.group)
        }
        if total == resumeFrom {
            progress(PrecomputeProgress(network: label, done: done, total: total, stored: 0, skipped: 0, elapsed_s: 0))
        }
        return PrecomputeSummary(jobID: jobID, network: label, total: total, resumedFrom: resumeFrom, done: done,
                                 stored: stored, skipped: skipped, seconds: Date().timeIntervalSince(start),
                                 frontierSize: members.count)
    }

    /// Archive metrics of shard positions `range` (dealt in blocks of `block`) through the factorised pricer, in
    /// contiguous chunks over `workers` threads: per-value statistics of every design, and the feasible designs
    /// that survive the sibling filter.
    ///
    /// The filter is exact: a design is left out only when a sibling along one knob (a design differing in that
    /// knob only) and a sibling along another knob both dominate it. Every front the design belongs to (the whole
    /// sweep's, and each knob value's) then holds one of the two: knob j's front for j ≠ a holds a's sibling, which
    /// has the design's value of j; knob a's front holds b's sibling. So the design is on no front. Siblings are
    /// looked up among the chunk's own designs (neighbours in sweep order); one not at hand is never assumed.
    static func archiveMetrics(_ range: Range<Int>, schedule: PrecomputeSchedule, shard: Shard, block: Int,
                               base: HardwareConfig, evaluator: PrecomputeEvaluator, workers: Int) -> ArchiveBatch {
        let n = range.count
        let chunks = max(1, min(workers * 4, n / 256 + 1))
        let size = (n + chunks - 1) / chunks
        let top1: Double? = (try? evaluator.network.accuracy.get())?.top1_percent
        let counts = schedule.subspace.knobs.map(\.values.count)
        // Index distance between siblings one value apart, per knob (mixed radix, last knob fastest).
        let strides = counts.indices.map { k in counts[(k + 1)...].reduce(1, *) }
        let parts = try! parallelMap(count: chunks, workers: workers) { c -> ArchiveBatch in
            let lo = range.lowerBound + c * size, hi = min(range.upperBound, lo + size)
            var out = ArchiveBatch()
            guard lo < hi else { return out }
            var stats = counts.map { [ParetoArchive.Stats](repeating: ParetoArchive.Stats(), count: $0) }
            var cursor = SubspaceCursor(schedule.subspace, base: base)
            var cache = ProfileCache()
            var points: [ParetoArchive.Point?] = []
            var digits: [Int] = []   // knob value indices of every design, flattened
            let K = counts.count
            points.reserveCapacity(hi - lo)
            digits.reserveCapacity((hi - lo) * K)
            for local in lo..<hi {
                let index = schedule.index(at: shard.position(local, block: block))
                cursor.move(to: index)
                var p: ParetoArchive.Point?
                if let m = evaluator.metrics(cursor.hardware, cache: &cache) {
                    p = ParetoArchive.Point(index: index, energy_j: m.energy_j, latency_s: m.latency_s,
                                            area_mm2: m.area_mm2, top1_percent: top1)
                }
                ParetoArchive.count(p, index: index, digits: cursor.digits, into: &stats)
                points.append(p)
                digits.append(contentsOf: cursor.digits)
            }
            out.counted = stats
            out.feasible.reserveCapacity((hi - lo) / 8)
            for j in points.indices {
                guard let p = points[j] else { continue }
                var dominatedAlong = 0
                knobs: for k in stride(from: counts.count - 1, through: 0, by: -1) where counts[k] > 1 {
                    let d = digits[j * K + k]
                    for v in 0..<counts[k] where v != d {
                        let s = j + (v - d) * strides[k]
                        guard s >= 0 && s < points.count, let q = points[s], q.index == p.index + (v - d) * strides[k]
                        else { continue }
                        if ParetoArchive.dominates(q, p) {
                            dominatedAlong += 1
                            if dominatedAlong == 2 { break knobs }
                            continue knobs
                        }
                    }
                }
                if dominatedAlong < 2 { out.feasible.append(p) }
            }
            return out
        }
        var out = ArchiveBatch()
        out.counted = counts.map { [ParetoArchive.Stats](repeating: ParetoArchive.Stats(), count: $0) }
        for p in parts {
            out.feasible += p.feasible
            if let c = p.counted {
                for k in c.indices { for v in c[k].indices { out.counted![k][v].merge(c[k][v]) } }
            }
        }
        return out
    }

    /// The archive a job stored: its members' metrics and per-value statistics.
    static func loadArchive(_ store: ParetoArchiveStore, subspace: HardwareSubspace) throws -> ParetoArchive {
        let counts = subspace.knobs.map(\.values.count)
        var stats = counts.map { [ParetoArchive.Stats](repeating: ParetoArchive.Stats(), count: $0) }
        for row in try store.stats() {
            guard let k = subspace.knobs.firstIndex(where: { $0.name == row.knob }), row.valueIndex < counts[k] else {
                throw PrecomputeError("archive statistics name knob value \(row.knob)=\(row.value), which the sweep does not have; use a new database")
            }
            var s = ParetoArchive.Stats()
            s.designs = row.designs
            s.feasibleDesigns = row.feasibleDesigns
            s.bestEDAP_j_s_mm2 = row.bestEDAP_j_s_mm2 ?? .infinity
            s.bestIndex = row.bestSweepIndex ?? -1
            stats[k][row.valueIndex] = s
        }
        let members = try store.members().map {
            ParetoArchive.Point(index: $0.sweepIndex, energy_j: $0.energy_j, latency_s: $0.latency_s,
                                area_mm2: $0.area_mm2, top1_percent: $0.top1_percent)
        }
        return ParetoArchive(knobCounts: counts, members: members, stats: stats)
    }

    /// Front memberships of `archive`: the whole sweep's under knob '', each value's under its knob name.
    static func frontRows(_ archive: ParetoArchive, subspace: HardwareSubspace) -> Set<ParetoArchiveStore.FrontRow> {
        var out = Set<ParetoArchiveStore.FrontRow>()
        for p in archive.front { out.insert(.init(knob: "", value: "", sweepIndex: p.index)) }
        for (k, knob) in subspace.knobs.enumerated() {
            for (v, front) in archive.knobFronts[k].enumerated() {
                let value = knob.values[v].description
                for p in front { out.insert(.init(knob: knob.name, value: value, sweepIndex: p.index)) }
            }
        }
        return out
    }

    /// Per-value statistics rows of `archive`.
    static func statsRows(_ archive: ParetoArchive, subspace: HardwareSubspace) -> [ParetoArchiveStore.Stats] {
        var out: [ParetoArchiveStore.Stats] = []
        for (k, knob) in subspace.knobs.enumerated() {
            for (v, s) in archive.stats[k].enumerated() {
                out.append(.init(knob: knob.name, value: knob.values[v].description, valueIndex: v, designs: s.designs,
                                 feasibleDesigns: s.feasibleDesigns,
                                 bestEDAP_j_s_mm2: s.bestIndex >= 0 ? s.bestEDAP_j_s_mm2 : nil,
                                 bestSweepIndex: s.bestIndex >= 0 ? s.bestIndex : nil))
            }
        }
        return out
    }
}

/// One archive batch: feasible designs with their metrics, infeasible indices, and (SRAM) the evaluated points.
struct ArchiveBatch: Sendable {
    /// Feasible designs: all of them, or (with `counted`) those that survived the sibling filter.
    var feasible: [ParetoArchive.Point] = []
    var infeasible: [Int] = []
    /// Per-value statistics of every design of the batch, when the batch counted them itself.
    var counted: [[ParetoArchive.Stats]]?
    var points: [Int: PrecomputedPoint] = [:]
}

/// An archive batch being evaluated in the background.
final class PendingArchiveBatch: @unchecked Sendable {
    let lo: Int, hi: Int
    let group = DispatchGroup()
    /// Written by the worker before `group` leaves; read after `group.wait()`.
    var batch = ArchiveBatch()
    init(lo: Int, hi: Int) { self.lo = lo; self.hi = hi }
}
