import Foundation
import Testing

/// `cimnas workload import MODEL.onnx`: the CSV it writes feeds `workload show` and `evaluate --workload`;
/// broken files are one line with nothing written.
@Suite struct WorkloadImportTests {
    static let fixtures = CLIAudit.root.appendingPathComponent("Tests/Fixtures/onnx")

    @Test func importedResNet50PrintsAsTheShippedTableAndEvaluates() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r50.csv").path
        let r = try CLIRunner.run(["workload", "import", Self.fixtures.appendingPathComponent("resnet50.onnx").path, "--out", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("imported 54 layers, 4089184256 MACs"))
        let imported = try CLIRunner.run(["workload", "show", csv, "--format", "csv"])
        let shipped = try CLIRunner.run(["workload", "show", "resnet50", "--format", "csv"])
        #expect(imported.status == 0 && shipped.status == 0)
        #expect(imported.stdout == shipped.stdout)
        let hw = "0.7,4,4e-9,128,128,8,16,16,16384"
        let a = try CLIRunner.run(["evaluate", "--workload", csv, "--hw", hw, "--db", db, "--format", "json"])
        let b = try CLIRunner.run(["evaluate", "--workload", csv, "--hw", hw, "--db", db, "--format", "json"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)")
        #expect(a.stderr.contains("(0 of 54 layers from layer_eval)"), "\(a.stderr)")
        #expect(b.stderr.contains("(54 of 54 layers from layer_eval)"), "\(b.stderr)")  // keyed by the layers' content
        let ea = EvaluateWorkloadTests.json(a.stdout)["energy_j"] as? Double ?? 0
        let eb = EvaluateWorkloadTests.json(b.stdout)["energy_j"] as? Double ?? -1
        #expect(ea > 0 && abs(eb / ea - 1) < 1e-9, "fresh \(ea) J vs cached \(eb) J")
    }

    @Test func warningsGoToStderrAndDilationIsRefusedByEvaluate() throws {
        let (dir, _) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let u = try CLIRunner.run(["workload", "import", Self.fixtures.appendingPathComponent("unsupported.onnx").path])
        #expect(u.status == 0)
        #expect(u.stderr.components(separatedBy: "cimnas: warning: node 'attention_").count == 3)
        #expect(u.stdout.hasPrefix("name,kind,g,c,m,r,s,p,q,n,stride,input_bits,weight_bits\nembed,conv,1,8,64,4,4,4,4,1,4,8,8\n"))
        let csv = dir.appendingPathComponent("d.csv").path
        #expect(try CLIRunner.run(["workload", "import", Self.fixtures.appendingPathComponent("dilated.onnx").path, "--out", csv]).status == 0)
        let show = try CLIRunner.run(["workload", "show", csv, "--format", "csv"])
        #expect(show.status == 0 && show.stdout.contains("\ndilated3x3,conv,1,16,32,3,3,32,32,1,1,8,8,4718592,2"), "\(show.stdout)")
        let e = try CLIRunner.run(["evaluate", "--workload", csv, "--hw", "0.7,4,4e-9,128,128,8,16,16,16384"])
        #expect(e.status == 1 && CLIAudit.oneLine(e), "\(e.stderr)")
        #expect(e.stderr.contains("\(csv):2:43: layer 'dilated3x3' has dilation 2, which the cost model does not model, expected 1"))
    }

    @Test func truncatedModelIsOneLineAndWritesNothing() throws {
        let (dir, _) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("mobilenetv2.onnx"))
        let model = dir.appendingPathComponent("cut.onnx")
        try data.prefix(data.count - 100).write(to: model)
        let out = dir.appendingPathComponent("cut.csv").path
        let r = try CLIRunner.run(["workload", "import", model.path, "--out", out])
        #expect(r.status == 1 && CLIAudit.oneLine(r), "\(r.stderr)")
        #expect(r.stderr.contains("cut.onnx: not a readable ONNX model"))
        #expect(!CLIAudit.exists(out))
        let missing = try CLIRunner.run(["workload", "import", dir.appendingPathComponent("none.onnx").path])
        #expect(missing.status == 1 && CLIAudit.oneLine(missing))
        let shape = try CLIRunner.run(["workload", "import", model.path, "--input-shape", "1,3,224"])
        #expect(shape.status == 2 && CLIAudit.oneLine(shape))
        #expect(shape.stderr.contains("--input-shape: '1,3,224', expected four positive sizes N,C,H,W"))
    }
}
