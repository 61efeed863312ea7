import CIMAccuracy
import CIMHardware
import DesignDB
import Foundation

/// `count` distinct chips (glb_depth 1…n) stored through the one `hw_config` writer (`HardwareConfigStore`); in a
/// fresh database their ids are 1…n.
func insertSyntheticHardware(_ db: Database, count: Int) throws {
    let store = try HardwareConfigStore(db)
    try db.transaction {
        for i in 1...count {
            let chip = HardwareConfig(voltage_v: 0.7, bitsPerCell: 4, baseLatency_s: 4e-9, rows: 128, cols: 128, routerGroup: 8,
                                      tilesPerChip: 16, macrosPerTile: 16, glbDepth: i)
            let id = try store.insertIfNew(chip, key: HardwareConfigStore.key(for: chip), cell: HardwareConfigStore.defaultCell,
                                           area: nil, areaModelVersion: nil)
            precondition(id == Int64(i), "synthetic chips need a fresh hw_config (id \(id) for chip \(i))")
        }
    }
}

/// Synthetic design tables for the query benchmarks (written by the db helper; bulk load).
enum SyntheticDesigns {
    /// Fills a fresh database with `count` synthetic designs (area uniform in 1…100 mm², EDAP falling with
    /// area) in 100 slices by bulk load: secondary indexes and the frontier and Pareto triggers are dropped,
    /// rows inserted with one INSERT … SELECT, then indexes and triggers re-created and both fronts rebuilt.
    static func buildDesigns(_ db: Database, count: Int) throws {
        let saved = try db.query("""
            SELECT type, sql FROM sqlite_schema WHERE tbl_name = 'design' AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """).map { ($0[0].string!, $0[1].string!) }
        let names = try db.query("""
            SELECT type, name FROM sqlite_schema WHERE tbl_name = 'design' AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """).map { ($0[0].string!, $0[1].string!) }
        // 100 slices (one network under 100 quantization policies), each chip evaluated once per policy.
        let slices = 100, hardware = max(10_000, (count + slices - 1) / slices)
        try db.transaction {
            for (type, name) in names { try db.execute("DROP \(type.uppercased()) \(name)") }
            try db.execute("""
                INSERT INTO network (id, family, key, layer_count, macs) VALUES (1, 'bench', 'bench', 52, 300000000);
                """)
            try insertSyntheticHardware(db, count: hardware)
            let insert = try db.prepare("""
                WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ?1 - 1),
                r AS (SELECT i, 1.0 + 99.0 * ((random() & 1048575) / 1048576.0) AS area,
                             0.5 + ((random() & 1048575) / 1048576.0) AS e,
                             0.5 + ((random() & 1048575) / 1048576.0) AS l FROM k)
                INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version,
                    energy_j, latency_s, area_mm2, edap_j_s_mm2, top1_percent, feasible, created_at)
                SELECT 1 + i / \(slices), 1, 'q' || (i % \(slices)), 'bench-1', 'bench-1', 1e-3 * e, 1e-3 * l / sqrt(area), area,
                       1e-6 * e * l * sqrt(area) * (2.0 - area / 100.0) / area, 60 + 20 * e, (i % 10) <> 0, '2026-01-01T00:00:00Z'
                FROM r
                """)
            try insert.bind(count, at: 1)
            try insert.run()
            for (_, sql) in saved { try db.execute(sql) }
            try db.execute("""
                DELETE FROM design_frontier;
                INSERT INTO design_frontier (area_mm2, edap_j_s_mm2, design_id)
                SELECT area_mm2, edap_j_s_mm2, id FROM (
                    SELECT id, area_mm2, edap_j_s_mm2,
                           min(edap_j_s_mm2) OVER (ORDER BY area_mm2, edap_j_s_mm2, id
                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS best_before
                    FROM design WHERE feasible = 1 AND area_mm2 IS NOT NULL AND edap_j_s_mm2 IS NOT NULL)
                WHERE best_before IS NULL OR edap_j_s_mm2 < best_before;
                """)
            try DesignParetoTable.rebuild(db)
        }
        try db.execute("ANALYZE")
    }

}

func runDatabaseBenchmarks(_ runner: BenchmarkRunner) throws {
    runHardwareKeyBenchmark(runner)
    try runInsertBenchmark(runner)
    try runDesignInsertBenchmark(runner, paretoTrigger: true)
    try runDesignInsertBenchmark(runner, paretoTrigger: false)
    try runQueryBenchmark(runner, designs: 1_000_000, label: "1M")
    if runner.large {
        try runQueryBenchmark(runner, designs: 10_000_000, label: "10M")
    } else if runner.wants("db.best_edap") {
        runner.skip("db.best_edap.*.10M", because: "opt-in: run with --large (builds 10M rows, several minutes)")
    }
}

/// `design` inserts as the search's evaluation store writes them (one prepared `INSERT … ON CONFLICT DO
/// NOTHING`, 20 binds, one transaction per batch), into one slice that grows by a batch per repetition; with
/// the design_pareto trigger on (as for search, merge, evaluate) or switched off (precompute's bulk path).
func runDesignInsertBenchmark(_ runner: BenchmarkRunner, paretoTrigger: Bool) throws {
    let name = paretoTrigger ? "db.insert.design" : "db.insert.design_pareto_trigger_off"
    guard runner.wants(name) else { return }
    let path = scratchDatabasePath("design-insert")
    defer { removeDatabase(path) }
    let db = try Database(path: path)
    let perBatch = 10_000
    let reps = runner.reps(7, quick: 3)
    try db.transaction {
        try insertSyntheticHardware(db, count: perBatch * (reps + 2))
        try db.execute("INSERT INTO network (id, family, key, layer_count, macs) VALUES (1, 'bench', 'bench', 52, 300000000)")
    }
    let insert = try db.prepare("""
        INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version, technology,
            energy_j, latency_s, area_mm2, edap_j_s_mm2, tops_per_w, tops_per_mm2, top1_percent,
            accuracy_score, mean_layer_tops_per_w, mean_layer_tops_per_mm2, feasible, infeasible_reason, created_at, macs)
        VALUES (?1, 1, 'q', 'bench-1', 'bench-1', 'rram@1', ?2, ?3, ?4, ?5, ?6, ?7, 71.5, 0.9, ?8, ?9, ?10, NULL,
            '2026-01-01T00:00:00Z', 300000000)
        ON CONFLICT DO NOTHING
        """)
    var rng = PredictorRNG(seed: 12)
    var batch = 0
    func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    try runner.measure(name, unit: "rows/s", higherIsBetter: true, repetitions: reps,
                       note: "search-store design INSERT, \(perBatch) rows per transaction, one slice, WAL file DB, one core, "
                           + (paretoTrigger ? "design_pareto trigger on" : "design_pareto trigger off (bulk flag)")) {
        // Values drawn before timing: area 1…100 mm², energy and latency spread over 2×.
        let values = (0..<perBatch).map { _ in (1 + 99 * uniform(), 1e-3 * (0.5 + uniform()), 1e-3 * (0.5 + uniform())) }
        let first = batch * perBatch
        batch += 1
        var added = 0
        let s = try seconds {
            try db.transaction {
                if !paretoTrigger { try db.execute("UPDATE design_pareto_control SET bulk = 1") }
                for (j, (a, e, l)) in values.enumerated() {
                    try insert.bind(Int64(first + j + 1), at: 1)
                    try insert.bind(e, at: 2)
                    try insert.bind(l, at: 3)
                    try insert.bind(a, at: 4)
                    try insert.bind(e * l * a, at: 5)
                    try insert.bind(1 / e, at: 6)
                    try insert.bind(1 / a, at: 7)
                    try insert.bind(1 / e, at: 8)
                    try insert.bind(1 / a, at: 9)
                    try insert.bind(j % 10 != 0, at: 10)
                    try insert.run()
                    added += db.changes
                }
                if !paretoTrigger { try db.execute("UPDATE design_pareto_control SET bulk = 0") }
            }
        }
        precondition(added == perBatch, "expected \(perBatch) new rows, inserted \(added)")
        return Double(perBatch) / s
    }
    let front = try db.scalar("SELECT count(*) FROM design_pareto")?.int64 ?? 0
    print("  \(name): design_pareto holds \(front) rows")
}

/// `layer_eval` inserts through `LayerEvalStore` (one prepared statement, one transaction per batch of
/// 10,000 rows) into a WAL file database; building the records is not timed.
func runInsertBenchmark(_ runner: BenchmarkRunner) throws {
    guard runner.wants("db.insert") else { return }
    let path = scratchDatabasePath("insert")
    defer { removeDatabase(path) }
    let db = try Database(path: path)
    let shapes = 50, chipsPerBatch = 200
    let reps = runner.reps(7, quick: 3)
    try db.transaction {
        try insertSyntheticHardware(db, count: chipsPerBatch * (reps + 2))
        try db.execute("""
            INSERT INTO layer_shape (id, kind, g, c, m, r, s, p, q, n, stride, macs)
            WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < \(shapes))
            SELECT i, 'conv', 1, 16 * i, 32 * i, 3, 3, 14, 14, 1, 1, 16 * i * 32 * i * 9 * 196 FROM seq
            """)
    }
    let store = try LayerEvalStore(db)
    var batch = 0
    var rng = PredictorRNG(seed: 11)
    func records() -> [LayerEvalRecord] {
        defer { batch += 1 }
        var out: [LayerEvalRecord] = []
        out.reserveCapacity(chipsPerBatch * shapes)
        // Search-like order: all layers of one chip together.
        for h in 0..<chipsPerBatch {
            for s in 1...shapes {
                let key = LayerEvalKey(hwConfigID: Int64(batch * chipsPerBatch + h + 1), layerShapeID: Int64(s),
                                       inputBits: 8, weightBits: 8, histogramKey: "", modelVersion: "bench")
                let x = Double(rng.next() >> 11) / Double(1 << 53)
                out.append(LayerEvalRecord(key: key, energy_j: 1e-6 * (1 + x), cim_unit_energy_j: 2e-7,
                                           row_drivers_energy_j: 1e-7, column_drivers_energy_j: 1e-7, adc_energy_j: 4e-7,
                                           input_buffer_energy_j: 5e-8, output_buffer_energy_j: 5e-8,
                                           router_energy_j: 3e-8, glb_energy_j: 7e-8, cycles: 3136,
                                           latency_s: 1.25e-5 * (1 + x), macs: 2_000_000, utilization_percent: 80 * x,
                                           feasible: true, infeasibleReason: nil))
            }
        }
        return out
    }
    try runner.measure("db.insert.layer_eval", unit: "rows/s", higherIsBetter: true, goal: .atLeast(250_000),
                       repetitions: reps,
                       note: "LayerEvalStore.insert, \(chipsPerBatch * shapes) rows per transaction, WAL file DB, one core") {
        let rows = records()
        var added = 0
        let s = try seconds { added = try store.insert(rows) }
        precondition(added == rows.count, "expected \(rows.count) new rows, inserted \(added)")
        return Double(rows.count) / s
    }
}

/// Best-EDAP latency over a synthetic design table (area uniform in 1…100 mm², 90 % feasible): the shipped
/// named queries as `cimnas query` runs them (compile + bind + step) and the frontier look-up the search uses.
func runQueryBenchmark(_ runner: BenchmarkRunner, designs: Int, label: String) throws {
    let names = ["db.best_edap.constraints.\(label)", "db.best_edap.constraints_area1pct.\(label)",
                 "db.best_edap.under_area.\(label)", "db.best_edap.frontier_lookup.\(label)"]
    guard names.contains(where: runner.wants) else { return }
    let path = scratchDatabasePath("query\(label)")
    defer { removeDatabase(path) }
    let db = try Database(path: path)
    print("  building \(label) synthetic designs …")
    fflush(nil)
    let buildSeconds = try seconds { try SyntheticDesigns.buildDesigns(db, count: designs) }
    let constraints = try NamedQuery.named("best_edap_under_constraints")
    let underArea = try NamedQuery.named("best_edap_under_area")
    let store = try DesignStore(db)
    // Area is uniform in 1…100 mm²; 1.99 mm² selects 1 % of the designs.
    let bound = "1.99"
    let expected = try db.scalar("SELECT min(edap_j_s_mm2) FROM design WHERE feasible = 1 AND area_mm2 <= 1.99")?.double
    let reps = runner.reps(31, quick: 11)
    let note = "\(designs) rows, bulk-built in \(formatNumber(buildSeconds)) s"
    try runner.measure(names[0], unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2, repetitions: reps,
                       note: note + "; named query best_edap_under_constraints, no bounds, limit 10") {
        var rows = 0
        let s = try seconds { rows = try constraints.run(db).rows.count }
        precondition(rows == 10)
        return s * 1e3
    }
    try runner.measure(names[1], unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2, repetitions: reps,
                       note: note + "; best_edap_under_constraints, area ≤ 1.99 mm² (1 %), limit 10") {
        var rows = 0
        let s = try seconds { rows = try constraints.run(db, arguments: ["max_area_mm2": bound]).rows.count }
        precondition(rows == 10)
        return s * 1e3
    }
    try runner.measure(names[2], unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2, repetitions: reps,
                       note: note + "; named query best_edap_under_area (design_frontier), area ≤ 1.99 mm²") {
        var value: Double?
        let s = try seconds { value = try underArea.run(db, arguments: ["max_area_mm2": bound]).rows.first?[1].double }
        precondition(value == expected, "best_edap_under_area returned \(String(describing: value)), expected \(String(describing: expected))")
        return s * 1e3
    }
    try runner.measure(names[3], unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2, repetitions: reps,
                       note: note + "; DesignStore.bestEDAP (prepared frontier look-up), area ≤ 1.99 mm²") {
        var value: Double?
        let s = try seconds { value = try store.bestEDAP(maxArea_mm2: 1.99)?.edap_j_s_mm2 }
        precondition(value == expected)
        return s * 1e3
    }
}

/// The stored chip key built per chip (the precompute writes one per point): the one encoding
/// (`HardwareConfigStore.key`, `hw=…;cell=…`) against the `v=…;bpc=…` form it replaced (migration 013).
func runHardwareKeyBenchmark(_ runner: BenchmarkRunner) {
    // 4,096 distinct chips of the cimnas-rram-32nm knob values, cycled.
    var chips: [HardwareConfig] = []
    for v in [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85] {
        for bpc in [1, 2, 4, 8] {
            for lat in [1e-9, 2e-9, 4e-9, 8e-9] {
                for rows in [64, 128, 256, 512] {
                    for glb in [8192, 16384, 32768, 65536] {
                        chips.append(HardwareConfig(voltage_v: v, bitsPerCell: bpc, baseLatency_s: lat, rows: rows, cols: 128,
                                                    routerGroup: 8, tilesPerChip: 16, macrosPerTile: 16, glbDepth: glb))
                    }
                }
            }
        }
    }
    let n = 200_000
    for (name, key) in [("db.hw_key.canonical", { HardwareConfigStore.key(for: $0) }),
                        ("db.hw_key.legacy", { HardwareConfigStore.legacyKey(for: $0) })] as [(String, (HardwareConfig) -> String)] {
        runner.measure(name, unit: "ns/key", higherIsBetter: false, repetitions: runner.reps(7, quick: 3),
                       note: "\(name == "db.hw_key.canonical" ? "HardwareConfigStore.key (hw=…;cell=…)" : "pre-013 v=…;bpc=… key"), \(n) keys over 4,096 chips, one core") {
            var bytes = 0
            let s = seconds { for i in 0..<n { bytes &+= key(chips[i & 4095]).utf8.count } }
            blackHole(bytes)
            return s / Double(n) * 1e9
        }
    }
}
