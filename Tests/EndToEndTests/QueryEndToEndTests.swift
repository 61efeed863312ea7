import Foundation
import Testing

@Suite struct QueryEndToEndTests {
    /// A database with two designs, written through `cimnas sql --write`.
    func populated() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        let setup = """
            INSERT INTO hw_config (key, voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip,
                macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell, area_mm2)
            VALUES ('k1', 0.7, 4, 4e-9, 128, 128, 8, 16, 16, 16384, 8, 32, 1e-8, 'neurosim', 'rram', 40.0);
            INSERT INTO network (family, key, layer_count, macs) VALUES ('mobilenetv2', 'n1', 52, 300000000);
            INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version, technology,
                energy_j, latency_s, area_mm2, edap_j_s_mm2, top1_percent, feasible, created_at)
            VALUES (1, 1, 'w4a8', 'm1', 'p1', 'neurosim_32nm@1', 1e-3, 2e-3, 40, 8e-5, 71.5, 1, 'now'),
                   (1, 1, 'w8a8', 'm1', 'p1', 'neurosim_32nm@1', 2e-3, 2e-3, 40, 1.6e-4, 73.0, 1, 'now');
            """
        let r = try CLIRunner.run(["sql", setup, "--write"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    @Test func namedQueryWithBoundParameters() throws {
        let dir = try populated()
        defer { try? FileManager.default.removeItem(at: dir) }
        let best = try CLIRunner.run(["query", "best_edap_under_constraints", "--param", "min_top1_percent=72",
                                      "--format", "csv"], in: dir)
        #expect(best.status == 0, "\(best.stderr)")
        let lines = best.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("design_id,edap_j_s_mm2,"))
        #expect(lines[1].hasPrefix("2,0.00016,"))
        let json = try CLIRunner.run(["query", "best_edap_under_constraints", "--param", "max_area_cm2=0.5",
                                      "--format", "json"], in: dir)
        #expect(json.stdout.contains("\"design_id\": 1,"))
        let none = try CLIRunner.run(["query", "best_edap_under_constraints", "--param", "max_area_mm2=10",
                                      "--format", "csv"], in: dir)
        #expect(none.stdout.split(separator: "\n").count == 1)
        let list = try CLIRunner.run(["query", "--list"], in: dir)
        #expect(list.status == 0 && list.stdout.contains("pareto_energy_latency_area"))
    }

    @Test func badQueryArgumentsAreUsageErrors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["query", "best_edap_under_constraints", "--param", "nope=1"],
                     ["query", "best_edap_under_constraints", "--param", "max_area_mm2=big"],
                     ["query", "best_edap_under_constraints", "--param", "max_area_mm2"],
                     ["query", "no_such_query"], ["query"]] {
            let r = try CLIRunner.run(args, in: dir)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("cimnas: "))
        }
    }

    @Test func sqlRefusesToWriteWithoutFlag() throws {
        let dir = try populated()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["sql", "DELETE FROM design"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "cimnas: sql: the statement changes the database; pass --write to allow it\n")
        let mixed = try CLIRunner.run(["sql", "SELECT 1; DROP TABLE design"], in: dir)
        #expect(mixed.status == 1 && mixed.stdout.isEmpty)
        let count = try CLIRunner.run(["sql", "SELECT count(*) AS n FROM design", "--format", "csv"], in: dir)
        #expect(count.stdout == "n\n2\n")
        let write = try CLIRunner.run(["sql", "DELETE FROM design WHERE id = 2", "--write"], in: dir)
        #expect(write.status == 0 && write.stdout.contains("1 row changed"))
        let bad = try CLIRunner.run(["sql", "SELECT * FROM no_such_table"], in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("no such table: no_such_table"))
    }
}
