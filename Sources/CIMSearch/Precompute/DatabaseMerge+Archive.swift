import CIMWorkload
import DesignDB

extension DatabaseMerge {
    /// Jobs of input `s` that are further along than the output's copy: their archive rows in the output
    /// are stale and go before the input's are copied.
    static func archiveStaleSQL(_ s: String) -> String {
        """
        DELETE FROM main.archive_design WHERE job_id IN (SELECT m.id FROM main.precompute_job AS m
            JOIN \(s).precompute_job AS j ON j.job_key = m.job_key WHERE j.next_position > m.next_position);
        DELETE FROM main.archive_knob_stats WHERE job_id IN (SELECT m.id FROM main.precompute_job AS m
            JOIN \(s).precompute_job AS j ON j.job_key = m.job_key WHERE j.next_position > m.next_position);
        """
    }

    /// Copies input `s`'s archive rows for the jobs whose output copy is now at the input's position, design
    /// ids remapped through the designs' natural keys.
    static func archiveCopySQL(_ s: String) -> String {
        """
        INSERT OR IGNORE INTO archive_design (job_id, sweep_index, design_id, owned)
        SELECT mj.id, a.sweep_index, md.id, a.owned
        FROM \(s).archive_design AS a
        JOIN \(s).precompute_job AS sj ON sj.id = a.job_id
        JOIN main.precompute_job AS mj ON mj.job_key = sj.job_key AND mj.next_position = sj.next_position
        JOIN \(s).design AS sd ON sd.id = a.design_id
        JOIN \(s).hw_config AS sh ON sh.id = sd.hw_config_id
        JOIN main.hw_config AS mh ON mh.key = sh.key
        JOIN \(s).network AS sn ON sn.id = sd.network_id
        JOIN main.network AS mn ON mn.key = sn.key
        JOIN main.design AS md ON md.hw_config_id = mh.id AND md.network_id = mn.id
            AND md.quant_policy_key = sd.quant_policy_key AND md.model_version = sd.model_version
            AND md.predictor_version = sd.predictor_version;
        INSERT OR IGNORE INTO archive_front (job_id, knob, value, sweep_index)
        SELECT mj.id, f.knob, f.value, f.sweep_index
        FROM \(s).archive_front AS f
        JOIN \(s).precompute_job AS sj ON sj.id = f.job_id
        JOIN main.precompute_job AS mj ON mj.job_key = sj.job_key AND mj.next_position = sj.next_position;
        INSERT OR IGNORE INTO archive_knob_stats (job_id, knob, value, value_index, designs, feasible_designs,
            best_edap_j_s_mm2, best_sweep_index)
        SELECT mj.id, t.knob, t.value, t.value_index, t.designs, t.feasible_designs, t.best_edap_j_s_mm2, t.best_sweep_index
        FROM \(s).archive_knob_stats AS t
        JOIN \(s).precompute_job AS sj ON sj.id = t.job_id
        JOIN main.precompute_job AS mj ON mj.job_key = sj.job_key AND mj.next_position = sj.next_position;
        """
    }

    /// Combines the finished archive shards of each sweep whose shards 1…N are all present into one archive
    /// job (shard 1/1), equal to the archive an unsharded run writes; the shard jobs are removed, with the
    /// design rows they wrote that are on none of the combined fronts. Returns the number of sweeps combined.
    @discardableResult
    public static func combineArchiveShards(_ db: Database) throws -> Int {
        let rows = try db.query("""
            SELECT j.id, n.key, j.quant_policy_key, j.space, j.mode, j.seed, j.samples, j.shard_index, j.shard_count,
                j.fix, j.model_version, j.predictor_version, j.stored, j.skipped, j.started_at, j.updated_at, j.network_id,
                j.technology_sha256, j.network_sha256, j.space_sha256
            FROM precompute_job AS j JOIN network AS n ON n.id = j.network_id
            WHERE j.store = 'pareto' AND j.shard_count > 1 AND j.status = 'finished'
            ORDER BY j.shard_index
            """)
        struct Shard { var id: Int64; var index: Int; var stored: Int; var skipped: Int; var started: String; var updated: String }
        var groups: [[String]: [Shard]] = [:]
        var networkIDs: [[String]: Int64] = [:]
        for r in rows {
            let key = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 17, 18, 19].map { r[$0].description }
            groups[key, default: []].append(Shard(id: r[0].int64 ?? 0, index: Int(r[7].int64 ?? 0), stored: Int(r[12].int64 ?? 0),
                                                  skipped: Int(r[13].int64 ?? 0), started: r[14].description,
                                                  updated: r[15].description))
            networkIDs[key] = r[16].int64
        }
        var combined = 0
        for (key, shards) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            guard let count = Int(key[6]), Set(shards.map(\.index)) == Set(1...count) else { continue }
            let (networkKey, quant, spaceName, fix, model, predictor) = (key[0], key[1], key[2], key[7], key[8], key[9])
            guard let mode = PrecomputeMode(rawValue: key[3]), let seed = Int64(key[4]), let samples = Int(key[5]) else {
                continue
            }
            // The knob lists come from the built-in space of that name and digest. Shards of a space read from a
            // file stay separate archives (the file is not stored); best_edap_archive's minimum over them is
            // still the sweep's.
            let sha = key[12]
            guard let space = try? SearchSpace.named(spaceName), sha.isEmpty || space.sha256 == sha else { continue }
            let subspace: HardwareSubspace
            do { subspace = try HardwareSubspace(space: space, fix: fix) } catch {
                throw PrecomputeError("archive shards of space \(spaceName) (fix '\(fix)'): \(error); cannot combine them")
            }
            try db.transaction {
                var archive = ParetoArchive(knobCounts: subspace.knobs.map(\.values.count))
                var designs: [Int: ParetoArchiveStore.Member] = [:]
                var stores: [ParetoArchiveStore] = []
                for s in shards {
                    let store = try ParetoArchiveStore(db, jobID: s.id)
                    stores.append(store)
                    archive.merge(try Precomputer.loadArchive(store, subspace: subspace))
                    for m in try store.members() { designs[m.sweepIndex] = m }
                }
                let members = Set(archive.members.map(\.index))
                // The shards' own rows for designs off every combined front go with the shards.
                for store in stores {
                    for m in try store.members() where !members.contains(m.sweepIndex) {
                        try store.removeMember(sweepIndex: m.sweepIndex, designID: m.designID, owned: m.owned)
                    }
                }
                let jobKey = Precomputer.jobKey(networkKey: networkKey, quant: quant, space: spaceName, mode: mode,
                                                seed: UInt64(bitPattern: seed), samples: samples, shard: .whole, fix: fix,
                                                modelVersion: model, predictorVersion: predictor, spaceSHA256: sha,
                                                store: .pareto)
                let total = subspace.count
                let job = try db.prepare("""
                    INSERT INTO precompute_job (job_key, space, network_id, quant_policy_key, mode, seed, samples,
                        shard_index, shard_count, fix, model_version, predictor_version, space_points, total,
                        next_position, stored, skipped, status, started_at, updated_at, technology_sha256, network_sha256,
                        space_sha256, store)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, 1, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, 'finished', ?15, ?16,
                        ?17, ?18, ?19, 'pareto')
                    ON CONFLICT (job_key) DO UPDATE SET next_position = excluded.next_position, status = 'finished',
                        stored = excluded.stored, skipped = excluded.skipped, updated_at = excluded.updated_at
                    RETURNING id
                    """)
                try job.bind([.text(jobKey), .text(spaceName), .integer(networkIDs[key] ?? 0), .text(quant),
                              .text(mode.rawValue), .integer(seed), .integer(Int64(samples)), .text(fix), .text(model),
                              .text(predictor), .integer(Int64(subspace.fullCount)), .integer(Int64(total)),
                              .integer(Int64(shards.reduce(0) { $0 + $1.stored })),
                              .integer(Int64(shards.reduce(0) { $0 + $1.skipped })),
                              .text(shards.map(\.started).min() ?? ""), .text(shards.map(\.updated).max() ?? ""),
                              .text(key[10]), .text(key[11]), .text(sha)])
                guard try job.step() else { throw PrecomputeError("cannot write the combined archive job") }
                let jobID = job.int64(0)
                job.reset()
                try db.execute("DELETE FROM archive_design WHERE job_id = \(jobID); DELETE FROM archive_knob_stats WHERE job_id = \(jobID)")
                let out = try ParetoArchiveStore(db, jobID: jobID)
                for i in members.sorted() {
                    guard let m = designs[i] else { throw PrecomputeError("archive shard member \(i) has no design row") }
                    try out.addMember(sweepIndex: i, designID: m.designID, owned: m.owned)
                }
                try out.replaceFronts(old: [], new: Precomputer.frontRows(archive, subspace: subspace))
                try out.saveStats(Precomputer.statsRows(archive, subspace: subspace))
                for s in shards { try db.execute("DELETE FROM precompute_job WHERE id = \(s.id)") }
            }
            combined += 1
        }
        return combined
    }
}
