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

        func launch(_ lo: Int, _ hi: Int) -> PendingBatch {
            let pending = PendingBatch(lo: lo, hi: hi)
            DispatchQueue.global().async(group: pending.group) {
                pending.points = Self.evaluate(lo..<hi, schedule: schedule, shard: shard, block: block, base: base,
                                               evaluator: evaluator, workers: workers, storeLayers: false)
            }
            return pending
        }
        var next: PendingBatch? = done < total ? launch(done, min(total, done + batch)) : nil
        var batches = 0
        while let current = next {
            current.group.wait()
            next = current.hi < total ? launch(current.hi, min(total, current.hi + batch)) : nil
            let points = current.points
            var feasible: [ParetoArchive.Point] = [], infeasible: [Int] = []
            var position: [Int: Int] = [:]
            for (j, p) in points.enumerated() {
                let index = schedule.index(at: shard.position(current.lo + j, block: block))
                let r = p.result
                if r.isEvaluated {
                    feasible.append(ParetoArchive.Point(index: index, energy_j: r.energy_j, latency_s: r.latency_s,
                                                        area_mm2: r.area_mm2, top1_percent: r.top1_percent))
                    position[index] = j
                } else {
                    infeasible.append(index)
                }
            }
            var updated = archive
            updated.add(feasible: feasible, infeasible: infeasible)
            let newMembers = Set(updated.members.map(\.index))
            let newFronts = Self.frontRows(updated, subspace: subspace)
            var newMemberRows = members
            try db.transaction {
                for (index, m) in members where !newMembers.contains(index) {
                    try store.removeMember(sweepIndex: index, designID: m.designID, owned: m.owned)
                    newMemberRows[index] = nil
                }
                let entering = newMembers.filter { members[$0] == nil }.sorted()
                let ids = try writer.write(entering.map { points[position[$0]!] })
                for (index, id) in zip(entering, ids) {
                    try store.addMember(sweepIndex: index, designID: id.id, owned: id.inserted)
                    if id.inserted { stored += 1 } else { skipped += 1 }
                    let r = points[position[index]!].result
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
            try Self.spendBatch(&batchesLeft, batches: batches, pending: next)
        }
        if total == resumeFrom {
            progress(PrecomputeProgress(network: label, done: done, total: total, stored: 0, skipped: 0, elapsed_s: 0))
        }
        return PrecomputeSummary(jobID: jobID, network: label, total: total, resumedFrom: resumeFrom, done: done,
                                 stored: stored, skipped: skipped, seconds: Date().timeIntervalSince(start),
                                 frontierSize: members.count)
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
