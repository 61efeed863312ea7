import Foundation
import Testing

/// `cimnas report RUN_ID` and `--query` on a small database written through `cimnas sql --write`.
@Suite struct ReportDatabaseTests {
    /// Two generations of four members on three chips (one the CIMNAS default), with layer evaluations
    /// and area breakdown for the best chip.
    static let fixtureSQL = """
    INSERT INTO hw_config (id, key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip,
        macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell, area_mm2, adc_area_mm2,
        cell_area_mm2, row_drivers_area_mm2, column_drivers_area_mm2, input_buffer_area_mm2, output_buffer_area_mm2,
        router_area_mm2, glb_area_mm2)
    VALUES (1, 'default', 0.7, 4, 4e-9, 128, 128, 8, 16, 16, 16384, 8, 32, 1e-8, 'neurosim', 'rram', 60, 20, 10, 5, 0, 4, 3, 6, 12),
           (2, 'small', 0.6, 2, 4e-9, 256, 128, 4, 8, 16, 8192, 8, 32, 1e-8, 'neurosim', 'rram', 30, 9, 6, 3, 0, 2, 2, 3, 5),
           (3, 'big', 0.8, 4, 4e-9, 64, 128, 8, 16, 16, 16384, 8, 32, 1e-8, 'neurosim', 'rram', 90, 30, 15, 8, 0, 6, 5, 8, 18);
    INSERT INTO network (id, family, key, layer_count, macs) VALUES (1, 'mbv2', 'net-a', 2, 1000), (2, 'mbv2', 'net-b', 2, 2000);
    INSERT INTO design (id, hw_config_id, network_id, quant_policy_key, model_version, predictor_version, energy_j, latency_s,
        area_mm2, edap_j_s_mm2, top1_percent, feasible, created_at)
    VALUES (1, 1, 1, 'q8', 'm1', 'p1', 2e-4, 3e-4, 60, 3.6e-6, 72, 1, 't'),
           (2, 2, 1, 'q8', 'm1', 'p1', 1e-4, 2e-4, 30, 6e-7, 71, 1, 't'),
           (3, 3, 2, 'q8', 'm1', 'p1', 3e-4, 1e-4, 90, 2.7e-6, 73, 1, 't'),
           (4, 2, 2, 'q4', 'm1', 'p1', 5e-5, 9e-4, 30, 1.35e-6, 69, 1, 't'),
           (5, 3, 1, 'q2', 'm1', 'p1', NULL, NULL, 90, NULL, NULL, 0, 't');
    INSERT INTO search_run (id, algorithm, settings_json, space, seed, status, started_at, generations_done, model_version,
        predictor_version) VALUES (7, 'ga', '{}', 'cimnas', 1, 'finished', 't', 2, 'm1', 'p1');
    INSERT INTO search_member (run_id, generation, slot, design_id, objective, constraint_violation) VALUES
        (7, 0, 0, 1, 5e-6, 0), (7, 0, 1, 3, 3e-6, 0), (7, 0, 2, 5, NULL, 1), (7, 0, 3, 4, 2e-6, 0),
        (7, 1, 0, 2, 8e-7, 0), (7, 1, 1, 3, 3e-6, 0), (7, 1, 2, 4, 2e-6, 0), (7, 1, 3, 2, 8e-7, 0);
    INSERT INTO layer_shape (id, kind, g, c, m, r, s, p, q, n, stride, macs) VALUES
        (1, 'conv', 1, 3, 32, 3, 3, 112, 112, 1, 2, 10838016), (2, 'pw', 1, 32, 16, 1, 1, 112, 112, 1, 1, 6422528);
    INSERT INTO layer_eval (hw_config_id, layer_shape_id, input_bits, weight_bits, model_version, energy_j, cim_unit_energy_j,
        row_drivers_energy_j, column_drivers_energy_j, adc_energy_j, input_buffer_energy_j, output_buffer_energy_j,
        router_energy_j, glb_energy_j, cycles, latency_s, macs, utilization_percent, feasible) VALUES
        (2, 1, 8, 8, 'm1', 6e-6, 1e-6, 1e-6, 0, 2e-6, 5e-7, 5e-7, 5e-7, 5e-7, 100, 1e-5, 10838016, 50, 1),
        (2, 2, 8, 8, 'm1', 3e-6, 5e-7, 5e-7, 0, 1e-6, 2e-7, 3e-7, 0, 5e-7, 50, 5e-6, 6422528, 40, 1);
    """

    @Test func runReportReadsEverySection() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.sqlite").path
        let setup = try CLIRunner.run(["sql", "--db", db, "--write", Self.fixtureSQL])
        #expect(setup.status == 0, "\(setup.stderr)")
        let out = dir.appendingPathComponent("rep")
        let r = try CLIRunner.run(["report", "7", "--db", db, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let names = r.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)).lastPathComponent }
        #expect(names == ["index.html", "pareto.svg", "convergence.svg", "layer-energy.svg", "area.svg", "knobs.svg"])
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        // The run's feasible designs with metrics: 1, 2, 3, 4 (5 is infeasible).
        let pareto = try String(contentsOf: out.appendingPathComponent("pareto.svg"), encoding: .utf8)
        #expect(pareto.components(separatedBy: "class=\"pt\"").count - 1 == 4)
        #expect(pareto.contains(">chosen<") && pareto.contains(">baseline<"))
        #expect(html.contains("<td>chosen design</td><td>#2</td>"))
        // Two generations: feasible fractions 3/4 and 4/4.
        let conv = try String(contentsOf: out.appendingPathComponent("convergence.svg"), encoding: .utf8)
        #expect(conv.components(separatedBy: "class=\"vx\"").count - 1 == 6)
        // Chip 2: two layer rows, 6 + 5 nonzero segments.
        let layers = try String(contentsOf: out.appendingPathComponent("layer-energy.svg"), encoding: .utf8)
        #expect(layers.components(separatedBy: "class=\"seg\"").count - 1 == 11)
        let area = try String(contentsOf: out.appendingPathComponent("area.svg"), encoding: .utf8)
        #expect(area.contains("9 mm² (30.0%)"))   // ADC 9 of 30 mm² on chip 2
        #expect(!html.contains("https://"))
    }

    @Test func queryReportAndErrors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.sqlite").path
        _ = try CLIRunner.run(["sql", "--db", db, "--write", Self.fixtureSQL])
        let out = dir.appendingPathComponent("q")
        let q = try CLIRunner.run(["report", "--query", "pareto_energy_latency_area", "--param", "limit=50", "--db", db,
                                   "--out", out.path])
        #expect(q.status == 0, "\(q.stderr)")
        let svg = try String(contentsOf: out.appendingPathComponent("query-scatter.svg"), encoding: .utf8)
        #expect(svg.contains("class=\"pt\""))

        let missing = try CLIRunner.run(["report", "99", "--db", db, "--out", dir.appendingPathComponent("m").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("run 99: no such search run"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m").path))

        let badQuery = try CLIRunner.run(["report", "--query", "no_such_query", "--db", db, "--out", dir.path])
        #expect(badQuery.status == 2)
        let noDB = try CLIRunner.run(["report", "7", "--db", dir.appendingPathComponent("none.sqlite").path, "--out", dir.path])
        #expect(noDB.status == 1)
        #expect(noDB.stderr.contains("no such database file"))
    }
}
