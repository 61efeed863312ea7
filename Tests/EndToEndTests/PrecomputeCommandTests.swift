import Foundation
import Testing

/// `cimnas precompute` and `cimnas merge` through the built binary.
@Suite struct PrecomputeCommandTests {
    static let fix = "rows=128,cols=64,router_group=4,tiles_per_chip=16,glb_depth=8192,voltage_v=0.7"

    @Test func shardsResumeAndMerge() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let base = ["precompute", "--network", "standard-mbv2", "--fix", Self.fix, "--batch-size", "50"]
        for k in 1...2 {
            let r = try CLIRunner.run(base + ["--db", "s\(k).sqlite", "--shard", "\(k)/2"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("144/144 points, 144 stored"), "\(r.stdout)")
            #expect(r.stderr.contains("points/s") && r.stderr.contains("ETA"), "\(r.stderr)")
        }
        let again = try CLIRunner.run(base + ["--db", "s1.sqlite", "--shard", "1/2", "--quiet"], in: dir)
        #expect(again.status == 0 && again.stdout.contains("resumed at 144") && again.stderr.isEmpty, "\(again.stdout)")
        let merged = try CLIRunner.run(["merge", "all.sqlite", "s1.sqlite", "s2.sqlite"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("288 designs in total"), "\(merged.stdout)")
        let twice = try CLIRunner.run(["merge", "all.sqlite", "s1.sqlite", "s2.sqlite"], in: dir)
        #expect(twice.stdout.contains(": 0 designs,") && twice.stdout.contains("288 designs in total"), "\(twice.stdout)")
        let best = try CLIRunner.run(["query", "best_edap_pareto", "--db", "all.sqlite", "--format", "csv"], in: dir)
        #expect(best.status == 0 && best.stdout.split(separator: "\n").count == 2, "\(best.stdout)")
    }

    @Test func sramSpaceStoresRowsOfTheSRAMModels() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let args = ["precompute", "--db", "sram.sqlite", "--space", "sram-resnet50-7nm", "--network", "resnet50",
                    "--fix", "voltage_v=0.8,tiles_per_chip=64,macros_per_tile=64,glb_depth=16384,adc_bits=6",
                    "--batch-size", "5", "--quiet"]
        let r = try CLIRunner.run(args, in: dir)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("16/16 points, 16 stored"), "\(r.stdout)")
        let rows = try CLIRunner.run(["sql", "--db", "sram.sqlite", "--format", "csv", """
            SELECT d.model_version, d.predictor_version, h.cell, count(*), sum(d.feasible), count(DISTINCT d.accuracy_top1_percent)
            FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id GROUP BY 1, 2, 3
            """], in: dir)
        #expect(rows.status == 0, "\(rows.stderr)")
        let lines = rows.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(rows.stdout)")
        // SRAM model rows, some chips too small for ResNet50, top-1 depending on the macro rows.
        let f = lines.last.map { $0.split(separator: ",").map(String.init) } ?? []
        #expect(f.count == 6 && f[0] == "sram-sinangil_jssc_2021-v4;mode=default"
                && f[1] == "resnet50-quant-v2-adc-sinangil_jssc_2021;mode=default" && f[2] == "sram" && f[3] == "16"
                && (Int(f[4]) ?? 0) > 0 && (Int(f[4]) ?? 16) < 16 && (Int(f[5]) ?? 0) > 1, "\(rows.stdout)")
        let again = try CLIRunner.run(args, in: dir)
        #expect(again.status == 0 && again.stdout.contains("resumed at 16"), "\(again.stdout)")
    }

    @Test func badOptionsAreOneLineUsageErrors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let cases: [([String], String)] = [
            (["--network", "standard-mbv2", "--mode", "grid"], "--mode"),
            (["--network", "standard-mbv2", "--mode", "sobol"], "--samples"),
            (["--network", "standard-mbv2", "--samples", "5"], "--samples"),
            (["--network", "standard-mbv2", "--shard", "3/2"], "--shard"),
            (["--network", "standard-mbv2", "--fix", "rows=100"], "--fix"),
            (["--network", "standard-mbv2", "--workers", "0"], "--workers"),
            (["--network", "standard-mbv2", "--defer-indexes", "sometimes"], "--defer-indexes"),
            (["--network", "nosuchnet"], "--network"),
            (["--mode", "exhaustive"], "--network"),
            (["--network", "standard-mbv2", "--space", "nosuchspace"], "--space"),
            (["--network", "standard-mbv2", "--space", "sram-resnet50-7nm"], "--network: standard-mbv2 has no model on SRAM space sram-resnet50-7nm (it evaluates resnet50 only), expected --network resnet50"),
            (["--network", "resnet50", "--space", "sram-resnet50-7nm", "--store-layers"], "--store-layers: SRAM spaces"),
        ]
        for (args, flag) in cases {
            let r = try CLIRunner.run(["precompute", "--db", "x.sqlite"] + args, in: dir)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").first?.contains(flag) == true, "\(args): \(r.stderr)")
        }
        let unknown = try CLIRunner.run(["precompute", "--db", "x.sqlite", "--network", "nope"], in: dir)
        #expect(unknown.stderr.contains("--network: unknown network 'nope', expected standard-mbv2, resnet18, resnet50, or --cimnas-key/--design for a subnet"),
                "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.sqlite").path))
        let missing = try CLIRunner.run(["merge", "out.sqlite", "nope.sqlite"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("nope.sqlite"))
        let same = try CLIRunner.run(["merge", "out.sqlite", "out.sqlite"], in: dir)
        #expect(same.status == 2)
    }
}
