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
        #expect(zero.status == 1 && zero.stderr.hasPrefix("cimnas: missing.csv: no such file, expected a workload CSV"), "\(zero.stderr)")
    }

    @Test func hardwareStringNamesTheBadField() throws {
        let r = try CLIRunner.run(["evaluate", "--no-cache", "--hw", "0.7,4,4e-9,128,,8,16,16,16384",
                                   "--layer", "C=64,M=64,R=3,S=3,P=56,Q=56"])
        #expect(r.status == 2)
        #expect(r.stderr == "cimnas: --hw: COLS '' (field 5 of 9), expected a positive integer\n")
    }

    @Test func designJSONBitsAndNetworkErrorsNameTheFileAndField() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hardware = #""hardware": {"voltage_v": 0.7, "bits_per_cell": 4, "base_latency_s": 4e-09, "rows": 128, "cols": 128, "router_group": 8, "tiles_per_chip": 16, "macros_per_tile": 16, "glb_depth": 16384}"#
        let cases: [(String, String)] = [
            (#""network": "resnet50", "bits": {"conv9": {"input_bits": 6, "weight_bits": 4}}"#,
             "d.json: bits.conv9: not a layer of resnet50, expected a layer name from cimnas workload show resnet50"),
            (#""network": "resnet50", "bits": {"conv1": {"input_bits": 6, "weight_bits": 40}}"#,
             "d.json: bits.conv1.weight_bits: weight_bits 40 is out of range, expected 1…16"),
            (#""network": "resnet19""#, "d.json: network: unknown network 'resnet19', expected one of "),
        ]
        for (body, message) in cases {
            try "{\(hardware), \(body)}".write(to: dir.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
            for args in [["workload", "show", "--design", "d.json"], ["evaluate", "--db", db, "--design", "d.json"]] {
                let r = try CLIRunner.run(args, in: dir)
                #expect(r.status == 1, "\(args) \(body)")
                #expect(r.stderr.hasPrefix("cimnas: " + message), "\(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
        }
        #expect(!CLIAudit.exists(db))
        try "{\(hardware), \"network\": \"resnet50\", \"bits\": {\"conv1\": {\"input_bits\": 6, \"weight_bits\": 4}}}"
            .write(to: dir.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
        let ok = try CLIRunner.run(["workload", "show", "--design", "d.json", "--format", "csv"], in: dir)
        #expect(ok.status == 0 && ok.stdout.contains("\nconv1,conv,1,3,64,7,7,112,112,1,2,6,4,"), "\(ok.stdout.prefix(300))")
    }
}
