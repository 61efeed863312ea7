import Foundation
import Testing

/// `cimnas predictor`: CSV output, output checked before training, CSV errors point at the cell.
@Suite struct PredictorAuditTests {
    @Test func predictorPredictWritesCSV() throws {
        let key = PredictorCommandTests.goldenKey
        let r = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", key, "--format", "csv"], in: CLIAudit.root)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.count == 2)
        #expect(lines[0] == ["predictor_version", "top1_pct", "raw_score", "quant_policy", "compat", "cache_status",
                             "cache_hits", "cache_misses", "top1_percent", "top1_ideal_percent", "hw_drop_points"])
        let raw = try #require(Double(String(lines[1][2])))
        #expect(abs(raw - 0.880997) < 0.001) // acc_quant.pt output for this key (apq_golden_vectors.json)
        #expect(lines[1][0] == "cimnas-small128-apqdistill-v1" && lines[1][5] == "off")
    }

    @Test func predictorTrainChecksTheOutputFolderBeforeTraining() throws {
        let (dir, _) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("missing/m.weights").path
        let r = try CLIRunner.run(["predictor", "train", "--data",
                                   CLIAudit.root.appendingPathComponent("datasets/predictors/training/cimnas_arch_accuracy_train.csv").path,
                                   "--out", out], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "cimnas: --out \(out): folder \(dir.appendingPathComponent("missing").path) does not exist, expected a path in an existing folder\n")
        #expect(r.stdout.isEmpty) // no training report: it stopped before training
    }

    @Test func predictorCSVErrorPointsAtTheBadCell() throws {
        let (dir, _) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = (1...6).map { "depth\($0)" } + (1...21).map { "kernel\($0)" } + (1...21).map { "expand_index\($0)" }
            + ["apq_output"]
        let good = Array(repeating: "2", count: 6) + Array(repeating: "3", count: 21) + Array(repeating: "0", count: 21) + ["0.87"]
        var rows = [header.joined(separator: ",")] + Array(repeating: good.joined(separator: ","), count: 8)
        var bad = good
        bad[2] = "9"                                         // depth3 on line 7: "2,2,9" → column 5
        rows[6] = bad.joined(separator: ",")
        let csv = dir.appendingPathComponent("typo.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["predictor", "evaluate", "--data", "typo.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("cimnas: ") && r.stderr.hasSuffix("typo.csv:7:5: depth of stage 3 is 9, expected 2, 3 or 4\n"),
                "\(r.stderr)")
        var kernel = good
        kernel[6 + 1] = "4"                                 // kernel2 (block 2 is active at depth 2)
        rows[6] = kernel.joined(separator: ",")
        try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let k = try CLIRunner.run(["predictor", "evaluate", "--data", "typo.csv"], in: dir)
        #expect(k.stderr.hasSuffix("typo.csv:7:15: kernel of block 2 is 4, expected 3, 5 or 7\n"), "\(k.stderr)")
    }
}
