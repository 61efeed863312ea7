import Foundation
import Testing

@Suite struct WorkloadCommandTests {
    static let smokeKey = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"

    @Test func spaceShowPrintsKnobsAndSize() throws {
        let r = try CLIRunner.run(["space", "show", "cimnas-rram-32nm"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("total size 6.80×10^85 (141 knobs"))
        #expect(r.stdout.contains("  2  base_latency_s    6  1e-09 2e-09 4e-09 6e-09 8e-09 1e-08"))
        let list = try CLIRunner.run(["space", "list"])
        #expect(list.stdout.contains("cimnas-rram-32nm-paper      141 knobs  9.92×10^85"))
        let bad = try CLIRunner.run(["space", "show", "nope"])
        #expect(bad.status == 1 && bad.stderr.hasPrefix("cimnas: unknown search space 'nope'"))
    }

    @Test func workloadShowKeyPrintsLayersMACsAndCapacity() throws {
        let r = try CLIRunner.run(["workload", "show", "--cimnas-key", Self.smokeKey, "--compat", "cimnas", "--format", "table"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("total  62 layers  408"))
        #expect(r.stdout.contains("capacity (original formula)  fits: 25821054 of 33554432 cells"))
        let csv = try CLIRunner.run(["workload", "show", "--cimnas-key", Self.smokeKey, "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 63)
        #expect(lines[4] == "03_b0_expand,pointwise,1,16,80,1,1,112,112,1,1,8,6,16056320")
    }

    @Test func workloadShowDesignFileAndErrors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let good = dir.appendingPathComponent("d.json")
        try #"{"cimnas_key": "\#(Self.smokeKey)"}"#.write(to: good, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["workload", "show", "--design", good.path, "--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["layer_count"] as? Int == 62)
        let bad = dir.appendingPathComponent("bad.json")
        try #"{"network": "resnet50"}"#.write(to: bad, atomically: true, encoding: .utf8)
        let e = try CLIRunner.run(["workload", "show", "--design", bad.path])
        #expect(e.status == 1)
        #expect(e.stderr == "cimnas: \(bad.path): hardware: missing or not an object\n")
        let none = try CLIRunner.run(["workload", "show"])
        #expect(none.status == 2)
        let key = try CLIRunner.run(["workload", "show", "--cimnas-key", "A_1"])
        #expect(key.status == 2 && key.stderr.hasPrefix("cimnas: --cimnas-key: column"))
    }
}
