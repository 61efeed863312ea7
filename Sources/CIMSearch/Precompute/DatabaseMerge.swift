import DesignDB
import Foundation

/// Merges design databases (e.g. the shards of a precomputation) into one.
///
/// Each input is ATTACHed and its rows are copied with `INSERT OR IGNORE` by natural keys (technology
/// name@version, hw_config key, layer shape, network key, design and layer_eval keys), integer ids being
/// remapped through those keys. Merging the same input twice adds nothing. Inputs are refused, before
/// anything is written, when their schema version differs, when a technology name@version has different
/// content, or when cost-model or predictor builds differ from the others'. Search runs are not copied
/// (they belong to the database they ran in). The schema's triggers keep the Pareto table complete as
/// designs arrive. Pareto archives are copied with their jobs; the archive shards of one sweep, once all are
/// present, are combined into the sweep's single archive (``combineArchiveShards(_:)``).
public enum DatabaseMerge {
    /// What a merge added.
    public struct Summary: Hashable, Sendable {
        public var inputs: Int
        public var designsAdded: Int
        public var layerEvalsAdded: Int
        public var hardwareAdded: Int
        public var designsTotal: Int
        public var paretoSize: Int
    }

    /// The build part of a version string: `cimloop-cimnas/2#bbac22d2;mode=default` → `cimloop-cimnas/2#bbac22d2`.
    static func build(_ version: String) -> String {
        ModelVersion(parsing: version).withoutMode.encoded
    }

    /// Distinct builds of model and predictor versions in a schema (`main` or an attached alias).
    static func builds(_ db: Database, schema: String) throws -> (model: Set<String>, predictor: Set<String>) {
        var model = Set<String>(), predictor = Set<String>()
        for row in try db.query("SELECT DISTINCT model_version, predictor_version FROM \(schema).design") {
            if case .text(let m) = row[0] { model.insert(build(m)) }
            if case .text(let p) = row[1] { predictor.insert(build(p)) }
        }
        for row in try db.query("SELECT DISTINCT model_version FROM \(schema).layer_eval") {
            if case .text(let m) = row[0] { model.insert(build(m)) }
        }
        return (model, predictor)
    }

    /// Thrown when `shouldStop` asked the merge to stop: the first `inputsMerged` inputs are committed, the
    /// one in progress is rolled back.
    public struct Stopped: Error, Sendable {
        public var inputsMerged: Int
    }

    /// Merges `inputs` into `db` (the output, already open and migrated), each in one transaction. Inputs are
    /// attached read-only. `shouldStop` is checked between inputs and while one is copied.
    /// - Throws: `PrecomputeError` naming the input and the mismatch; nothing of that input is written.
    ///   ``Stopped`` after a stop request.
    public static func merge(into db: Database, inputs: [String],
                             shouldStop: @escaping () -> Bool = { false }) throws -> Summary {
        db.interrupt(when: shouldStop)
        defer { db.interrupt(when: nil) }
        let current = try db.userVersion()
        var out = try builds(db, schema: "main")
        var designsAdded = 0, layersAdded = 0, hardwareAdded = 0
        // Check every input before writing anything.
        for (i, path) in inputs.enumerated() {
            guard FileManager.default.fileExists(atPath: path) else {
                throw PrecomputeError("\(path): no such database")
            }
            try attach(db, path, as: "src\(i)")
            defer { try? db.execute("DETACH DATABASE src\(i)") }
            let version = Int(try db.scalar("PRAGMA src\(i).user_version")?.int64 ?? 0)
            guard version == current else {
                throw PrecomputeError("\(path): schema version \(version), expected \(current); open it once with this cimnas (e.g. cimnas info --db \(path)) to migrate it")
            }
            let clash = try db.query("""
                SELECT s.name, s.version FROM src\(i).technology AS s JOIN main.technology AS m
                    ON m.name = s.name AND m.version = s.version WHERE m.content_sha256 <> s.content_sha256 LIMIT 1
                """)
            if let row = clash.first {
                throw PrecomputeError("\(path): technology \(row[0])@\(row[1]) has different content than in the output; re-import it under a new version")
            }
            let b = try builds(db, schema: "src\(i)")
            for (kind, mine, theirs) in [("cost model", out.model, b.model), ("accuracy predictor", out.predictor, b.predictor)] {
                let all = mine.union(theirs)
                if all.count > 1 {
                    throw PrecomputeError("\(path): \(kind) version \(theirs.sorted().joined(separator: ", ")) does not match \(mine.sorted().joined(separator: ", ")); merging results of different model versions is refused (recompute with one cimnas build)")
                }
            }
            out.model.formUnion(b.model)
            out.predictor.formUnion(b.predictor)
        }
        for (i, path) in inputs.enumerated() {
            if shouldStop() { throw Stopped(inputsMerged: i) }
            let s = "src\(i)"
            try attach(db, path, as: s)
            defer { try? db.execute("DETACH DATABASE \(s)") }
            do { try copy(db, from: s, hardware: &hardwareAdded, layers: &layersAdded, designs: &designsAdded) } catch let error as DatabaseError where error.isInterrupted {
                throw Stopped(inputsMerged: i)
            }
        }
        try combineArchiveShards(db)
        let pareto = Int(try db.scalar("SELECT count(*) FROM design_pareto")?.int64 ?? 0)
        let total = Int(try db.scalar("SELECT count(*) FROM design")?.int64 ?? 0)
        return Summary(inputs: inputs.count, designsAdded: designsAdded, layerEvalsAdded: layersAdded,
                       hardwareAdded: hardwareAdded, designsTotal: total, paretoSize: pareto)
    }

    /// Copies one attached input (alias `s`) in one transaction, adding to the counts.
    private static func copy(_ db: Database, from s: String, hardware hardwareAdded: inout Int, layers layersAdded: inout Int,
                             designs designsAdded: inout Int) throws {
        try db.transaction {
            try db.execute("""
                INSERT OR IGNORE INTO technology (name, version, technology_nm, source, imported_at, content_sha256, parameter_count)
                SELECT name, version, technology_nm, source, imported_at, content_sha256, parameter_count FROM \(s).technology;
                INSERT OR IGNORE INTO technology_parameter (technology_id, position, component, parameter, value, unit, note)
                SELECT m.id, p.position, p.component, p.parameter, p.value, p.unit, p.note
                FROM \(s).technology_parameter AS p JOIN \(s).technology AS t ON t.id = p.technology_id
                JOIN main.technology AS m ON m.name = t.name AND m.version = t.version;
                """)
            try db.execute("""
                INSERT INTO hw_config (key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group,
                    tiles_per_chip, macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model,
                    stock_voltage_scaling, cell, area_mm2, adc_area_mm2, cell_area_mm2, row_drivers_area_mm2,
                    column_drivers_area_mm2, input_buffer_area_mm2, output_buffer_area_mm2, router_area_mm2,
                    glb_area_mm2, area_model_version)
                SELECT key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group,
                    tiles_per_chip, macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model,
                    stock_voltage_scaling, cell, area_mm2, adc_area_mm2, cell_area_mm2, row_drivers_area_mm2,
                    column_drivers_area_mm2, input_buffer_area_mm2, output_buffer_area_mm2, router_area_mm2,
                    glb_area_mm2, area_model_version FROM \(s).hw_config WHERE true
                ON CONFLICT (key) DO UPDATE SET
                    area_mm2 = excluded.area_mm2, adc_area_mm2 = excluded.adc_area_mm2,
                    cell_area_mm2 = excluded.cell_area_mm2, row_drivers_area_mm2 = excluded.row_drivers_area_mm2,
                    column_drivers_area_mm2 = excluded.column_drivers_area_mm2,
                    input_buffer_area_mm2 = excluded.input_buffer_area_mm2,
                    output_buffer_area_mm2 = excluded.output_buffer_area_mm2,
                    router_area_mm2 = excluded.router_area_mm2, glb_area_mm2 = excluded.glb_area_mm2,
                    area_model_version = excluded.area_model_version
                WHERE hw_config.area_mm2 IS NULL AND excluded.area_mm2 IS NOT NULL
                """)
            hardwareAdded += db.changes
            try db.execute("""
                INSERT OR IGNORE INTO layer_shape (kind, g, c, m, r, s, p, q, n, stride, macs)
                SELECT kind, g, c, m, r, s, p, q, n, stride, macs FROM \(s).layer_shape;
                INSERT OR IGNORE INTO network (family, key, layer_count, macs)
                SELECT family, key, layer_count, macs FROM \(s).network;
                """)
            try db.execute("""
                INSERT OR IGNORE INTO layer_eval (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key,
                    model_version, energy_j, cim_unit_energy_j, row_drivers_energy_j, column_drivers_energy_j,
                    adc_energy_j, input_buffer_energy_j, output_buffer_energy_j, router_energy_j, glb_energy_j, cycles,
                    latency_s, macs, utilization_percent, feasible, infeasible_reason,
                    \(LayerEvalStore.actionColumns.joined(separator: ", ")))
                SELECT mh.id, ml.id, e.input_bits, e.weight_bits, e.histogram_key, e.model_version, e.energy_j,
                    e.cim_unit_energy_j, e.row_drivers_energy_j, e.column_drivers_energy_j, e.adc_energy_j,
                    e.input_buffer_energy_j, e.output_buffer_energy_j, e.router_energy_j, e.glb_energy_j, e.cycles,
                    e.latency_s, e.macs, e.utilization_percent, e.feasible, e.infeasible_reason,
                    \(LayerEvalStore.actionColumns.map { "e.\($0)" }.joined(separator: ", "))
                FROM \(s).layer_eval AS e
                JOIN \(s).hw_config AS sh ON sh.id = e.hw_config_id
                JOIN main.hw_config AS mh ON mh.key = sh.key
                JOIN \(s).layer_shape AS sl ON sl.id = e.layer_shape_id
                JOIN main.layer_shape AS ml ON ml.kind = sl.kind AND ml.g = sl.g AND ml.c = sl.c AND ml.m = sl.m
                    AND ml.r = sl.r AND ml.s = sl.s AND ml.p = sl.p AND ml.q = sl.q AND ml.n = sl.n
                    AND ml.stride = sl.stride
                """)
            layersAdded += db.changes
            try db.execute("""
                INSERT OR IGNORE INTO layer_error (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key,
                    hw_accuracy_version, sqnr_db, adc_sqnr_db, adc_bits_needed)
                SELECT mh.id, ml.id, e.input_bits, e.weight_bits, e.histogram_key, e.hw_accuracy_version, e.sqnr_db,
                    e.adc_sqnr_db, e.adc_bits_needed
                FROM \(s).layer_error AS e
                JOIN \(s).hw_config AS sh ON sh.id = e.hw_config_id
                JOIN main.hw_config AS mh ON mh.key = sh.key
                JOIN \(s).layer_shape AS sl ON sl.id = e.layer_shape_id
                JOIN main.layer_shape AS ml ON ml.kind = sl.kind AND ml.g = sl.g AND ml.c = sl.c AND ml.m = sl.m
                    AND ml.r = sl.r AND ml.s = sl.s AND ml.p = sl.p AND ml.q = sl.q AND ml.n = sl.n
                    AND ml.stride = sl.stride
                """)
            try db.execute("""
                INSERT OR IGNORE INTO design (hw_config_id, network_id, quant_policy_key, model_version,
                    predictor_version, technology, energy_j, latency_s, area_mm2, edap_j_s_mm2, tops_per_w,
                    tops_per_mm2, top1_percent, accuracy_score, mean_layer_tops_per_w, mean_layer_tops_per_mm2, max_layer_tops_per_w, max_layer_tops_per_mm2, mean_layer_tops,
                    utilization_max_percent, feasible, infeasible_reason, created_at, macs, capacity_shortfall_cells,
                    top1_ideal_percent, hw_accuracy_version, min_adc_sqnr_db)
                SELECT mh.id, mn.id, d.quant_policy_key, d.model_version, d.predictor_version, d.technology,
                    d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.tops_per_w, d.tops_per_mm2,
                    d.top1_percent, d.accuracy_score, d.mean_layer_tops_per_w, d.mean_layer_tops_per_mm2, d.max_layer_tops_per_w, d.max_layer_tops_per_mm2, d.mean_layer_tops,
                    d.utilization_max_percent, d.feasible, d.infeasible_reason, d.created_at, d.macs,
                    d.capacity_shortfall_cells, d.top1_ideal_percent, d.hw_accuracy_version, d.min_adc_sqnr_db
                FROM \(s).design AS d
                JOIN \(s).hw_config AS sh ON sh.id = d.hw_config_id
                JOIN main.hw_config AS mh ON mh.key = sh.key
                JOIN \(s).network AS sn ON sn.id = d.network_id
                JOIN main.network AS mn ON mn.key = sn.key
                ORDER BY d.id
                """)
            designsAdded += db.changes
            try db.execute("""
                INSERT OR IGNORE INTO prediction (network_id, quant_policy_key, predictor_version, top1_percent, accuracy_score, created_at)
                SELECT mn.id, p.quant_policy_key, p.predictor_version, p.top1_percent, p.accuracy_score, p.created_at
                FROM \(s).prediction AS p JOIN \(s).network AS sn ON sn.id = p.network_id
                JOIN main.network AS mn ON mn.key = sn.key;
                INSERT OR IGNORE INTO network_layer (network_id, quant_policy_key, compat_mode, position, layer_shape_id,
                    input_bits, weight_bits, histogram_key, name)
                SELECT mn.id, l.quant_policy_key, l.compat_mode, l.position, ml.id, l.input_bits, l.weight_bits,
                    l.histogram_key, l.name
                FROM \(s).network_layer AS l JOIN \(s).network AS sn ON sn.id = l.network_id
                JOIN main.network AS mn ON mn.key = sn.key
                JOIN \(s).layer_shape AS sl ON sl.id = l.layer_shape_id
                JOIN main.layer_shape AS ml ON ml.kind = sl.kind AND ml.g = sl.g AND ml.c = sl.c AND ml.m = sl.m
                    AND ml.r = sl.r AND ml.s = sl.s AND ml.p = sl.p AND ml.q = sl.q AND ml.n = sl.n
                    AND ml.stride = sl.stride;
                \(archiveStaleSQL(s))
                INSERT INTO precompute_job (job_key, space, network_id, quant_policy_key, mode, seed, samples,
                    shard_index, shard_count, fix, model_version, predictor_version, space_points, total,
                    next_position, stored, skipped, status, started_at, updated_at, space_sha256, technology_sha256,
                    network_sha256, store)
                SELECT j.job_key, j.space, mn.id, j.quant_policy_key, j.mode, j.seed, j.samples, j.shard_index,
                    j.shard_count, j.fix, j.model_version, j.predictor_version, j.space_points, j.total,
                    j.next_position, j.stored, j.skipped, j.status, j.started_at, j.updated_at, j.space_sha256,
                    j.technology_sha256, j.network_sha256, j.store
                FROM \(s).precompute_job AS j JOIN \(s).network AS sn ON sn.id = j.network_id
                JOIN main.network AS mn ON mn.key = sn.key WHERE true
                ON CONFLICT (job_key) DO UPDATE SET next_position = excluded.next_position, status = excluded.status,
                    updated_at = excluded.updated_at
                WHERE excluded.next_position > precompute_job.next_position;
                \(archiveCopySQL(s))
                """)
        }
    }

    /// Attaches `path` read-only (a URI with mode=ro: nothing in the input can change, not even its journal mode).
    private static func attach(_ db: Database, _ path: String, as alias: String) throws {
        let s = try db.prepare("ATTACH DATABASE ?1 AS \(alias)")
        try s.bind(Database.uri(path, readOnly: true), at: 1)
        try s.run()
    }
}
