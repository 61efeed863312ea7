import Foundation
import Testing

/// `cimnas evaluate` through the built binary.
@Suite struct EvaluateCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// Golden run A (resnet18/02 on the CIMNAS default chip) with the shipped workload's histograms.
    /// Tolerance: energy 0.3 % (model vs CiMLoop measured +0.12 %), area 0.1 %, cycles exact.
    @Test func goldenLayerAThroughTheBinary() throws {
        let hist = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures
            .appendingPathComponent("cimloop_workload_histograms.json"))) as! [String: Any]
        let layer = (hist["layers"] as! [String: [String: [Double]]])["resnet18/02"]!
        let runs = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures
            .appendingPathComponent("cimloop_golden_runs.json"))) as! [String: [String: Any]]
        let golden = runs["A_r18_02"]!
        let r = try CLIRunner.run([
            "evaluate", "--hw", "0.7,4,4e-9,128,128,8,16,16,16384",
            "--layer", "G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1", "--input-bits", "8", "--weight-bits", "8",
            "--input-histogram", layer["inputs"]!.map { "\($0)" }.joined(separator: ","),
            "--weight-histogram", layer["weights"]!.map { "\($0)" }.joined(separator: ","),
            "--format", "json", "--no-cache",   // action counts are reported with the cache off only
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = Self.json(r.stdout)
        let energy = out["energy_j"] as? Double ?? 0
        let goldenEnergy = golden["energy_J"] as! Double
        #expect(abs(energy / goldenEnergy - 1) < 0.003, "energy \(energy) vs \(goldenEnergy)")
        #expect(out["cycles"] as? Int == 10)
        let area = out["area_mm2"] as? Double ?? 0
        #expect(abs(area / ((golden["area_m2"] as! Double) * 1e6) - 1) < 0.001)
        #expect(out["feasible"] as? Bool == true)
        #expect(out["infeasible_reason"] is NSNull)
        #expect(abs((out["utilization_percent"] as? Double ?? 0) - 68.91) < 0.005)
        #expect(out["model_version"] as? String == "cimloop-cimnas/2")
        let components = out["components"] as? [String: [String: Any]] ?? [:]
        #expect(Set(components.keys) == ["cim_unit", "row_drivers", "column_drivers", "adc", "input_buffer",
                                         "output_buffer", "router", "glb"])
        let cim = components["cim_unit"]?["energy_j"] as? Double ?? 0
        #expect(abs(cim / 2.4090e-4 - 1) < 0.005)
        #expect(components["adc"]?["actions"] as? Double == 2_007_040)
        for key in ["latency_s", "macs", "tops", "tops_per_w", "tops_per_mm2"] { #expect(out[key] is Double, "\(key)") }
    }

    /// docs/cost-model.md, "Mapping": no legal mapping → reported (exit 0), never a crash or a zero score.
    @Test func infeasibleLayerIsReported() throws {
        let r = try CLIRunner.run(["evaluate", "--hw", "0.6,3,2e-9,32,32,1,4,4,2048",
                                   "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56", "--format", "json"])
        #expect(r.status == 0)
        let out = Self.json(r.stdout)
        #expect(out["feasible"] as? Bool == false)
        #expect((out["infeasible_reason"] as? String)?.hasPrefix("no legal mapping") == true)
        #expect(out["energy_j"] is NSNull)
        #expect(out["tops_per_w"] as? Double == 0)
        let table = try CLIRunner.run(["evaluate", "--hw", "0.6,3,2e-9,32,32,1,4,4,2048",
                                       "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56"])
        #expect(table.stdout.contains("infeasible_reason    no legal mapping"))
    }

    /// Bad values: one line naming the flag and what was expected, exit 2, nothing on stdout.
    @Test func badValuesExitTwoWithOneLine() throws {
        let cases: [([String], String)] = [
            (["--hw", "0.7,4,4e-9,128,128,8,16,x,16384", "--layer", "C=1,M=1,P=1,Q=1"], "cimnas: --hw: MIT 'x'"),
            (["--hw", "0.7,4,4e-9", "--layer", "C=1,M=1,P=1,Q=1"], "cimnas: --hw: got 3 values"),
            (["--hw", "0.7,4,4e-9,128,128,8,16,16,16384", "--layer", "C=1,M=1,P=1"], "cimnas: --layer: Q missing"),
            (["--hw", "0.7,4,4e-9,128,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1,Z=3"], "cimnas: --layer: 'Z=3'"),
            (["--hw", "0.7,4,4e-9,128,128,8,16,16,16384", "--layer", "C=1,M=1,P=1,Q=1", "--adc-model", "flash"],
             "cimnas: --adc-model: 'flash'"),
        ]
        for (args, prefix) in cases {
            let r = try CLIRunner.run(["evaluate"] + args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasPrefix(prefix), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    /// A whole network from an original CIMNAS key: totals, CIMNAS aggregates and per-layer rows.
    @Test func networkFromCIMNASKey() throws {
        let key = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"
        let r = try CLIRunner.run(["evaluate", "--cimnas-key", key, "--per-layer", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = Self.json(r.stdout)
        let layers = out["layers"] as? [[String: Any]] ?? []
        #expect(layers.count == out["layer_count"] as? Int && !layers.isEmpty)
        let sum = layers.reduce(0.0) { $0 + ($1["energy_j"] as? Double ?? 0) }
        let energy = out["energy_j"] as? Double ?? 0
        #expect(abs(sum / energy - 1) < 1e-9)
        let cimnas = out["cimnas"] as? [String: Double] ?? [:]
        #expect(Set(cimnas.keys).isSuperset(of: ["e", "a", "l", "a_tpw", "a_tpm", "m_tpw", "m_tpm", "tp", "u"]))
        #expect(abs((cimnas["a"] ?? 0) * 100 / (out["area_mm2"] as? Double ?? 1) - 1) < 1e-9)
        let edap = out["edap_j_s_mm2"] as? Double ?? 0
        #expect(abs(edap / (energy * (out["latency_s"] as? Double ?? 0) * (out["area_mm2"] as? Double ?? 0)) - 1) < 1e-9)
        let csv = try CLIRunner.run(["evaluate", "--cimnas-key", key, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 2)
        #expect(csv.stdout.hasPrefix("name,feasible,energy_j,latency_s"))
    }
}

extension EvaluateCommandTests {
    /// A design JSON file gives the same result as its CIMNAS key; --hw overrides its hardware.
    @Test func designFileMatchesKey() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("design.json")
        let design = """
        {"hardware": {"voltage_v": 0.65, "bits_per_cell": 1, "base_latency_s": 6e-09, "rows": 32, "cols": 32,
          "router_group": 16, "tiles_per_chip": 16, "macros_per_tile": 128, "glb_depth": 32768},
         "network": "mobilenetv2",
         "subnet": {"depths": [4, 3, 4, 3, 4, 4],
          "kernels": [5, 5, 5, 3, 5, 3, 7, 3, 7, 5, 3, 5, 7, 3, 5, 3, 5, 7, 3, 5, 5],
          "expand_indices": [2, 4, 3, 0, 5, 7, 1, 0, 10, 2, 4, 20, 17, 3, 22, 9, 13, 25, 48, 44, 0],
          "pw_w": [6, 8, 4, 8, 4, 8, 4, 6, 6, 4, 6, 4, 8, 4, 6, 4, 8, 6, 6, 4, 4],
          "pw_a": [8, 6, 4, 4, 4, 6, 4, 4, 6, 4, 8, 8, 6, 8, 8, 8, 6, 4, 4, 6, 6],
          "dw_w": [6, 4, 4, 4, 6, 6, 6, 6, 4, 6, 4, 8, 6, 6, 6, 6, 6, 4, 6, 4, 6],
          "dw_a": [8, 8, 6, 6, 8, 4, 4, 4, 4, 8, 6, 4, 6, 6, 4, 6, 4, 8, 8, 6, 4]}}
        """
        try design.write(to: file, atomically: true, encoding: .utf8)
        let key = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"
        let fromFile = try CLIRunner.run(["evaluate", "--design", file.path, "--format", "json"])
        let fromKey = try CLIRunner.run(["evaluate", "--cimnas-key", key, "--format", "json"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let a = Self.json(fromFile.stdout), b = Self.json(fromKey.stdout)
        #expect(a["energy_j"] as? Double == b["energy_j"] as? Double && a["energy_j"] is Double)
        #expect(a["cycles"] as? Int == b["cycles"] as? Int)
        let overridden = try CLIRunner.run(["evaluate", "--design", file.path, "--hw", "0.7,4,4e-9,128,128,8,16,16,16384",
                                            "--format", "json"])
        #expect(abs((Self.json(overridden.stdout)["area_mm2"] as? Double ?? 0) / 1849.83 - 1) < 0.001)
    }
}
