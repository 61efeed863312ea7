import Foundation
import Testing

/// `cimnas search --network A --network B`: one chip for an imported network and ResNet18, both rows stored
/// under one co-design group that the `codesign_group` query returns.
@Suite struct CoDesignSearchTests {
    @Test func importedAndBuiltInNetworksShareOneChip() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r50.csv").path
        let onnx = WorkloadImportTests.fixtures.appendingPathComponent("resnet50.onnx").path
        #expect(try CLIRunner.run(["workload", "import", onnx, "--out", csv]).status == 0)
        let r = try CLIRunner.run(["search", "--db", db, "--network", csv, "--network", "resnet18", "--population", "6",
                                   "--generations", "2", "--max-area-mm2", "3000", "--aggregate", "weighted:1,2",
                                   "--objective", "ela", "--quiet", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any] ?? [:]
        let rows = json["networks"] as? [[String: Any]] ?? []
        #expect(rows.count == 2)
        // The imported file is keyed by its content digest, not its path.
        let name = rows.first?["network"] as? String ?? ""
        #expect(name.hasPrefix("r50-") && name.count == "r50-".count + 12, "\(name)")
        #expect(json["aggregate"] as? String == "weighted:1.0,2.0")
        let q = try CLIRunner.run(["query", "codesign_group", "--db", db, "--format", "csv"])
        #expect(q.status == 0, "\(q.stderr)")
        let lines = q.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].contains(name) && lines[2].contains("resnet18"), "\(q.stdout)")
        // Bad co-design flags are one line, exit 2.
        let bad = try CLIRunner.run(["search", "--db", db, "--network", "resnet50", "--network", "resnet18", "--aggregate", "weighted:1"])
        #expect(bad.status == 2 && CLIAudit.oneLine(bad), "\(bad.stderr)")
        let lone = try CLIRunner.run(["search", "--db", db, "--aggregate", "max"])
        #expect(lone.status == 2 && CLIAudit.oneLine(lone), "\(lone.stderr)")
    }
}
