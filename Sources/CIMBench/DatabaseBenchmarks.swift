import CIMHardware
import DesignDB
import Foundation

/// Design-database benchmarks: layer_eval insert rate and best-EDAP query latency.
enum DatabaseBenchmarks {
    /// Seconds of CPU used by this process.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func wallSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func temporaryDatabasePath(_ tag: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-bench-\(tag)-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func summary(_ values: [Double]) -> (median: Double, min: Double, max: Double) {
        let s = values.sorted()
        let mid = s.count / 2
        let median = s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
        return (median, s.first ?? .nan, s.last ?? .nan)
    }

    // MARK: Inserts

    /// Inserts `rows` layer_eval rows through `LayerEvalStore.insert` in transactions of `batch` rows, into a
    /// fresh file database (WAL, synchronous=NORMAL), `repeats` times. Record construction is not timed.
    static func insertRate(rows: Int, batch: Int, repeats: Int) throws {
        print("layer_eval insert: \(rows) rows, batches of \(batch), \(repeats) runs (file database, WAL, synchronous=NORMAL)")
        var cpuRates: [Double] = [], wallRates: [Double] = []
        for run in 1...repeats {
            let path = temporaryDatabasePath("insert")
            defer { remove(path) }
            let db = try Database(path: path)
            let shapesPerConfig = 50
            let configs = (rows + shapesPerConfig * 20 - 1) / (shapesPerConfig * 20)
            // Parents: hardware configurations and layer shapes (foreign keys are enforced).
            let hwStore = try HardwareConfigStore(db)
            var hwIDs: [Int64] = []
            for i in 0..<configs {
                var c = HardwareConfig.cimnasDefault
                c.glbDepth = 1024 + i
                hwIDs.append(try hwStore.id(for: c))
            }
            let shapeStore = try LayerShapeStore(db)
            var shapeIDs: [Int64] = []
            for i in 0..<shapesPerConfig {
                shapeIDs.append(try shapeStore.id(for: LayerShape(C: 16 + i, M: 32, R: 3, S: 3, P: 28, Q: 28)))
            }
            // Search-like order: all layers of one configuration together, configurations shuffled.
            var generator = SplitMix64(seed: UInt64(run))
            hwIDs.shuffle(using: &generator)
            let store = try LayerEvalStore(db)
            var cpu = 0.0, wall = 0.0, done = 0
            var pending: [LayerEvalRecord] = []
            pending.reserveCapacity(batch)
            outer: for hw in hwIDs {
                for shape in shapeIDs {
                    for inputBits in [2, 4, 6, 8] {
                        for weightBits in [2, 3, 4, 6, 8] {
                            let x = Double(generator.next() >> 11) / Double(1 << 53)
                            pending.append(LayerEvalRecord(
                                key: LayerEvalKey(hwConfigID: hw, layerShapeID: shape, inputBits: inputBits,
                                                  weightBits: weightBits, modelVersion: "bench-1"),
                                energy_j: 1e-6 * (1 + x), cim_unit_energy_j: 2e-7, row_drivers_energy_j: 1e-7,
                                column_drivers_energy_j: 1e-7, adc_energy_j: 4e-7, input_buffer_energy_j: 5e-8,
                                output_buffer_energy_j: 5e-8, router_energy_j: 3e-8, glb_energy_j: 7e-8,
                                cycles: 3136, latency_s: 1.25e-5 * (1 + x), macs: 2_000_000, utilization_percent: 80 * x))
                            if pending.count == batch || done + pending.count == rows {
                                let c0 = cpuSeconds(), w0 = wallSeconds()
                                try store.insert(pending)
                                cpu += cpuSeconds() - c0
                                wall += wallSeconds() - w0
                                done += pending.count
                                pending.removeAll(keepingCapacity: true)
                                if done == rows { break outer }
                            }
                        }
                    }
                }
            }
            let stored = try store.count()
            precondition(stored == rows, "stored \(stored) of \(rows) rows")
            cpuRates.append(Double(rows) / cpu)
            wallRates.append(Double(rows) / wall)
            print(String(format: "  run %d: %.0f rows per CPU-second, %.0f rows per wall-second (%.2f s CPU)",
                         run, Double(rows) / cpu, Double(rows) / wall, cpu))
        }
        let c = summary(cpuRates), w = summary(wallRates)
        print(String(format: "  rows/CPU-s  median %.0f  min %.0f  max %.0f", c.median, c.min, c.max))
        print(String(format: "  rows/wall-s median %.0f  min %.0f  max %.0f", w.median, w.min, w.max))
    }

    // MARK: Queries

    /// Fills a fresh database with `count` synthetic designs (area uniform in 1…100 mm², EDAP falling with
    /// area) by bulk load: secondary indexes and the frontier trigger are dropped, rows inserted with one
    /// INSERT … SELECT, then indexes re-created and the frontier rebuilt.
    static func buildDesigns(_ db: Database, count: Int) throws {
        let saved = try db.query("""
            SELECT type, sql FROM sqlite_schema WHERE tbl_name = 'design' AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """).map { ($0[0].string!, $0[1].string!) }
        let names = try db.query("""
            SELECT type, name FROM sqlite_schema WHERE tbl_name = 'design' AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """).map { ($0[0].string!, $0[1].string!) }
        try db.transaction {
            for (type, name) in names { try db.execute("DROP \(type.uppercased()) \(name)") }
            try db.execute("""
                INSERT INTO network (id, family, key, layer_count, macs) VALUES (1, 'bench', 'bench', 52, 300000000);
                WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 10000)
                INSERT INTO hw_config (id, key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group,
                    tiles_per_chip, macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell)
                SELECT i, 'bench-' || i, 0.7, 4, 4e-9, 128, 128, 8, 16, 16, i, 8, 32, 1e-8, 'neurosim', 'rram' FROM k;
                """)
            let insert = try db.prepare("""
                WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ?1 - 1),
                r AS MATERIALIZED (SELECT i, 1.0 + 99.0 * ((random() & 1048575) / 1048576.0) AS area,
                             0.5 + ((random() & 1048575) / 1048576.0) AS e,
                             0.5 + ((random() & 1048575) / 1048576.0) AS l FROM k)
                INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version,
                    energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent, feasible, created_at)
                SELECT 1 + i % 10000, 1, 'q' || i, 'bench-1', 'bench-1', 1e-3 * e, 1e-3 * l / sqrt(area), area,
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
        }
        try db.execute("ANALYZE")
    }

    /// Times "best EDAP with area <= X" at 1 % selectivity three ways, `repeats` times each.
    static func queryLatency(designs: Int, repeats: Int) throws {
        let path = temporaryDatabasePath("query")
        defer { remove(path) }
        let db = try Database(path: path)
        let b0 = wallSeconds(), c0 = cpuSeconds()
        try buildDesigns(db, count: designs)
        print(String(format: "best-EDAP query over %d designs (built in %.1f s wall, %.1f s CPU; %d frontier entries)",
                     designs, wallSeconds() - b0, cpuSeconds() - c0,
                     Int(try db.scalar("SELECT count(*) FROM design_frontier")?.int64 ?? 0)))
        // Area is uniform in 1…100 mm²; X = 1.99 selects 1 % of designs.
        let bound = 1.99
        let selected = try db.scalar("SELECT count(*) FROM design WHERE feasible = 1 AND area_mm2 <= ?1", [.real(bound)])?.int64 ?? 0
        print("  bound area_mm2 <= \(bound): \(selected) feasible designs (\(String(format: "%.2f", 100 * Double(selected) / Double(designs))) %)")
        let expected = try db.scalar("SELECT min(edap_j_s_mm2) FROM design WHERE feasible = 1 AND area_mm2 <= ?1", [.real(bound)])?.double

        let plain = try db.prepare("""
            SELECT id, edap_j_s_mm2 FROM design WHERE feasible = 1 AND area_mm2 <= ?1 ORDER BY edap_j_s_mm2 LIMIT 1
            """)
        // Without INDEXED BY the planner's min() optimisation walks design_edap from the smallest EDAP,
        // which takes seconds when small EDAP comes with large area (measured 1.2–7 s at 1M designs).
        let minAgg = try db.prepare(
            "SELECT min(edap_j_s_mm2) FROM design INDEXED BY design_area_edap WHERE feasible = 1 AND area_mm2 <= ?1")
        let store = try DesignStore(db)
        func time(_ name: String, _ body: () throws -> Double?) throws {
            var samples: [Double] = []
            for _ in 0..<repeats {
                let t0 = wallSeconds()
                let value = try body()
                samples.append((wallSeconds() - t0) * 1000)
                precondition(value == expected, "\(name) returned \(String(describing: value)), expected \(String(describing: expected))")
            }
            let s = summary(samples)
            print(String(format: "  %-58@ median %8.3f ms  min %8.3f  max %8.3f", name as NSString, s.median, s.min, s.max))
        }
        try time("ORDER BY edap LIMIT 1 (planner's choice of index)") {
            try plain.bind(bound, at: 1)
            defer { plain.reset() }
            return try plain.step() ? plain.double(1) : nil
        }
        try time("min(edap) INDEXED BY design_area_edap (covering range)") {
            try minAgg.bind(bound, at: 1)
            defer { minAgg.reset() }
            return try minAgg.step() ? minAgg.optionalDouble(0) : nil
        }
        try time("design_frontier look-up (DesignStore.bestEDAP)") {
            try store.bestEDAP(maxArea_mm2: bound)?.edap_j_s_mm2
        }
        let plan = try db.query("EXPLAIN QUERY PLAN " + plain.sql, [.real(bound)]).map { $0[3].description }
        print("  plan of ORDER BY edap LIMIT 1: \(plan.joined(separator: "; "))")
    }
}

/// A small seeded generator so runs are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
