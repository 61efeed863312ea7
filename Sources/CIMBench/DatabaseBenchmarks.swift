import DesignDB
import Foundation

/// Rows of `hw_config` generated in SQL (ids 1…n), valid for every CHECK constraint.
func insertSyntheticHardware(_ db: Database, count: Int) throws {
    try db.execute("""
        INSERT INTO hw_config (id, key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group,
            tiles_per_chip, macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell,
            area_mm2)
        WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < \(count))
        SELECT i, 'bench-hw-' || i, 0.7 + (i % 5) * 0.1, 1 + i % 4, 1e-9, 64 << (i % 3), 64 << (i % 4), 1 + i % 8,
            1 + i % 16, 1 + i % 8, 1024, 8, 32, 1e-8, 'neurosim', 'rram', 1.0 + (i % 997)
        FROM seq
        """)
}

/// A design table of `count` synthetic rows (90 % feasible) over 1000 networks, built in one transaction.
///
/// - Complexity: O(count log count) for the design indexes; about 15 s per million rows on a 2-core machine.
func buildSyntheticDesigns(_ db: Database, count: Int) throws {
    let networks = 1000
    let chips = (count + networks - 1) / networks
    try db.transaction {
        try insertSyntheticHardware(db, count: chips)
        try db.execute("""
            INSERT INTO network (id, family, key, layer_count, macs)
            WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < \(networks))
            SELECT i, 'mobilenetv2', 'bench-net-' || i, 38 + i % 31, 100000000 + i * 1000 FROM seq
            """)
        // Pseudo-random but deterministic metrics from the row number (multiplicative hashing).
        try db.execute("""
            INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version, technology,
                energy_j, latency_s, area_mm2, edap_j_s_mm2, tops_per_w, tops_per_mm2, accuracy_top1_percent,
                accuracy_score, feasible, infeasible_reason, created_at)
            WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < \(count - 1)),
            h(i, a, b, c, d) AS (SELECT i, (i * 2654435761) % 1000003, (i * 40503 + 17) % 999983,
                                        (i * 69069 + 1) % 1000033, (i * 1103515245 + 12345) % 999979 FROM seq),
            m(i, e, l, ar, acc, feas) AS (SELECT i, 1e-4 + a * 1e-9, 1e-4 + b * 1e-9, 5.0 + c * 2e-3, 60.0 + d * 1.6e-5,
                                                 i % 10 <> 0 FROM h)
            SELECT 1 + i / \(networks), 1 + i % \(networks), 'bench', 'bench-model', 'bench-pred', 'bench@1',
                e, l, ar, e * l * ar, 2.0 / e * 1e-4, 1.0 / l / ar, acc, acc / 100.0, feas,
                CASE WHEN feas THEN NULL ELSE 'synthetic' END, '2026-01-01T00:00:00Z'
            FROM m
            """)
    }
}

func runDatabaseBenchmarks(_ runner: BenchmarkRunner) throws {
    try runInsertBenchmark(runner)
    try runQueryBenchmark(runner, designs: 1_000_000, label: "1M")
    if runner.large {
        try runQueryBenchmark(runner, designs: 10_000_000, label: "10M")
    } else {
        runner.skip("db.best_edap.10M", because: "opt-in: run with --large (builds 10M rows, several minutes)")
    }
}

/// `layer_eval` inserts through `LayerEvalStore` (one prepared statement, one transaction per batch).
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
    func records() -> [LayerEvalRecord] {
        defer { batch += 1 }
        var out: [LayerEvalRecord] = []
        out.reserveCapacity(chipsPerBatch * shapes)
        for h in 0..<chipsPerBatch {
            for s in 1...shapes {
                let key = LayerEvalKey(hwConfigID: Int64(batch * chipsPerBatch + h + 1), layerShapeID: Int64(s),
                                       inputBits: 8, weightBits: 8, histogramKey: "", modelVersion: "bench")
                let e = Double(h * shapes + s) * 1e-9
                out.append(LayerEvalRecord(key: key, energy_j: e, cim_unit_energy_j: e / 2, row_drivers_energy_j: e / 8,
                                           column_drivers_energy_j: e / 8, adc_energy_j: e / 8, input_buffer_energy_j: e / 32,
                                           output_buffer_energy_j: e / 32, router_energy_j: e / 32, glb_energy_j: e / 32,
                                           cycles: Double(1000 + s), latency_s: 1e-6 * Double(s), macs: 1_000_000 * s,
                                           utilization_percent: 50, feasible: true, infeasibleReason: nil))
            }
        }
        return out
    }
    try runner.measure("db.insert.layer_eval", unit: "rows/s", higherIsBetter: true, goal: .atLeast(250_000),
                   repetitions: reps,
                   note: "LayerEvalStore.insert, batches of \(chipsPerBatch * shapes) rows per transaction, WAL file DB") {
        let rows = records()
        var added = 0
        let s = try seconds { added = try store.insert(rows) }
        precondition(added == rows.count, "expected \(rows.count) new rows, inserted \(added)")
        return Double(rows.count) / s
    }
}

/// Latency of the shipped `best_edap_under_constraints` query over a synthetic design table.
func runQueryBenchmark(_ runner: BenchmarkRunner, designs: Int, label: String) throws {
    let unbounded = "db.best_edap.\(label)"
    let bounded = "db.best_edap_area_acc.\(label)"
    guard runner.wants(unbounded) || runner.wants(bounded) else { return }
    let path = scratchDatabasePath("query\(label)")
    defer { removeDatabase(path) }
    let db = try Database(path: path)
    print("  building \(label) synthetic designs …")
    fflush(nil)
    let buildSeconds = try seconds { try buildSyntheticDesigns(db, count: designs) }
    let query = try NamedQuery.named("best_edap_under_constraints")
    let reps = runner.reps(31, quick: 11)
    let buildNote = "\(designs) rows built in \(formatNumber(buildSeconds)) s; NamedQuery.run incl. compile, limit 10"
    try runner.measure(unbounded, unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2, repetitions: reps,
                   note: buildNote + ", no bounds") {
        var rows = 0
        let s = try seconds { rows = try query.run(db).rows.count }
        precondition(rows == 10)
        return s * 1e3
    }
    let args = ["max_area_mm2": "800", "min_accuracy_percent": "70", "max_latency_s": "0.001"]
    try runner.measure(bounded, unit: "ms", higherIsBetter: false, goal: .atMost(5), warmup: 2, repetitions: reps,
                   note: buildNote + ", area ≤ 800 mm², top-1 ≥ 70 %, latency ≤ 1 ms") {
        var rows = 0
        let s = try seconds { rows = try query.run(db, arguments: args).rows.count }
        precondition(rows == 10)
        return s * 1e3
    }
}
