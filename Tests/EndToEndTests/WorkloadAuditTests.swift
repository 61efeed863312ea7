import Foundation
import Testing

/// `cimnas workload show PATH.csv` and `--hw` errors.
@Suite struct WorkloadAuditTests {
    @Test func workloadShowReadsACSVPath() throws {
        let (dir, _) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: CLIAudit.root.appendingPathComponent("datasets/workloads/resnet18.csv"), encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("mine.csv"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["workload", "show", "mine.csv", "--format", "csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let named = try CLIRunner.run(["workload", "show", "resnet18", "--format", "csv"], in: dir)
        #expect(r.stdout == named.stdout)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[6] = lines[6].replacingOccurrences(of: ",conv,", with: ",conv2d,")
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("typo.csv"), atomically: true, encoding: .utf8)
        let typo = try CLIRunner.run(["workload", "show", "typo.csv"], in: dir)
        #expect(typo.status == 1)
        let column = lines[6].distance(from: lines[6].startIndex, to: lines[6].range(of: "conv2d")!.lowerBound) + 1
        #expect(typo.stderr.hasPrefix("cimnas: typo.csv:7:\(column): kind 'conv2d' is unknown"), "\(typo.stderr)")
        #expect(typo.stdout.isEmpty)
        let unknown = try CLIRunner.run(["workload", "show", "resnet19"], in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("cimnas: unknown network 'resnet19', expected one of "))
        #expect(unknown.stderr.hasSuffix(", or a workload CSV file (PATH.csv)\n"), "\(unknown.stderr)")
        let zero = try CLIRunner.run(["workload", "show", "missing.csv"], in: dir)
        #expect(zero.status == 1 && zero.stderr.hasPrefix("cimnas: missing.csv: cannot read the file"))
    }

    @Test func hardwareStringNamesTheBadField() throws {
        let r = try CLIRunner.run(["evaluate", "--no-cache", "--hw", "0.7,4,4e-9,128,,8,16,16,16384",
                                   "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56"])
        #expect(r.status == 2)
        #expect(r.stderr == "cimnas: --hw: COLS '' (field 5 of 9), expected a positive integer\n")
    }
}
