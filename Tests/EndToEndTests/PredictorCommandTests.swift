import Foundation
import Testing

@Suite struct PredictorCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let goldenKey = "A_0.8_8_1e-09_256_32_1_32_64_2048_333342_357333535773535377553_886444864484644864864_886848666446648648684_688444466444488846484_864866884648848464448_3_2_6_0_5_3_1_3_8_3_14_15_18_14_6_13_0_5_33_9_28"

    static func json(_ s: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
    }

    @Test func predictGoldenKeyWithShippedModel() throws {
        let r = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", Self.goldenKey, "--format", "json"], in: Self.root)
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try Self.json(r.stdout)
        // Real acc_quant.pt output for this key: 0.8809970 (apq_golden_vectors.json).
        let raw = try #require((obj["cimnas"] as? [String: Any])?["acc"] as? Double)
        #expect(abs(raw - 0.880997) < 0.001)
        let top1 = try #require(obj["top1_percent"] as? Double)
        #expect(top1 > 60 && top1 < 76)
        #expect(obj["predictor_version"] as? String == "cimnas-small128-apqdistill-v1")
        #expect(abs((obj["accuracy_score"] as? Double ?? 0) - top1 / 100) < 1e-12, "default mode: the objective's top-1 fraction")
        let compat = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", Self.goldenKey, "--format", "json",
                                        "--compat", "cimnas"], in: Self.root)
        let c = try Self.json(compat.stdout)
        #expect(c["top1_percent"] is NSNull)
        #expect(c["accuracy_score"] as? Double == raw)
    }

    /// The golden key's chip (8 b/cell, 256 rows, 8-bit ADC) is ADC-lossy in every layer: top1_percent is the
    /// ideal top-1 minus hw_drop_points > 0; at 24 ADC bits on the ideal device the drop is exactly 0; fewer
    /// ADC bits never raise it; --per-layer lists sqnr_db and adc_bits_needed (all above the 8 bits here).
    @Test func predictHardwareAwareTop1() throws {
        func run(_ extra: [String]) throws -> [String: Any] {
            let r = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", Self.goldenKey, "--format", "json"] + extra,
                                      in: Self.root)
            #expect(r.status == 0, "\(r.stderr)")
            return try Self.json(r.stdout)
        }
        let chip = try run(["--per-layer"])
        let ideal = try #require(chip["top1_ideal_percent"] as? Double), top1 = try #require(chip["top1_percent"] as? Double)
        let drop = try #require(chip["hw_drop_points"] as? Double)
        #expect(chip["top1_pct"] == nil, "quantization-only top-1 is top1_ideal_percent (docs/glossary.md)")
        #expect(drop > 0 && abs(ideal - drop - top1) < 1e-9)
        let layers = try #require(chip["layers"] as? [[String: Any]])
        #expect(layers.count == 56)
        for l in layers {
            let needed = try #require(l["adc_bits_needed"] as? Int)
            #expect((9...24).contains(needed), "every layer of this 8-bit-ADC chip is ADC-lossy")
            #expect((l["sqnr_db"] as? Double).map { $0.isFinite } == true)
        }
        let lossless = try run(["--device", "ideal", "--adc-bits", "24"])
        #expect(lossless["hw_drop_points"] as? Double == 0)
        #expect(lossless["top1_percent"] as? Double == ideal)
        let coarser = try #require(try run(["--adc-bits", "6"])["top1_percent"] as? Double)
        #expect(coarser < top1)
        let bad = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", Self.goldenKey, "--device", "nope"], in: Self.root)
        #expect(bad.status == 2 && bad.stdout.isEmpty && bad.stderr.split(separator: "\n").count == 1)
    }

    @Test func trainThenEvaluateSmallCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-pred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = try String(contentsOf: Self.root.appendingPathComponent("datasets/predictors/training/cimnas_arch_accuracy_train.csv"), encoding: .utf8)
        let lines = full.split(whereSeparator: \.isNewline).prefix(61)
        let csv = dir.appendingPathComponent("small.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("m.weights").path
        let t = try CLIRunner.run(["predictor", "train", "--data", csv.path, "--out", out, "--hidden", "16",
                                   "--epochs", "5", "--seed", "3"], in: dir)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stderr.contains("epoch 1 "))
        #expect(t.stdout.contains("held-out rows 12"))
        #expect(t.stdout.contains("leave-one-out RMSE"))
        let e = try CLIRunner.run(["predictor", "evaluate", "--data", csv.path, "--model", out], in: dir)
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stdout.contains("rows      60"))
        #expect(e.stdout.contains("Spearman"))
    }

    @Test func badCSVIsOneLineAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-pred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = (1...6).map { "depth\($0)" } + (1...21).map { "kernel\($0)" } + (1...21).map { "expand_index\($0)" } + ["apq_output"]
        let row = ["2", "2", "2", "2", "2", "2"] + Array(repeating: "4", count: 21) + Array(repeating: "0", count: 21) + ["0.87"]
        let csv = dir.appendingPathComponent("bad.csv")
        try (header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("x.weights")
        let r = try CLIRunner.run(["predictor", "train", "--data", csv.path, "--out", out.path], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:2:13: kernel of block 1 is 4, expected 3, 5 or 7"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
