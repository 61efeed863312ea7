import Foundation
import Testing

/// `--network FILE.csv` (issue 20): one reader and flag for evaluate, precompute and search, keyed by the
/// file's content digest so an edited file is a new network.
@Suite struct NetworkFileTests {
    static let net = """
        name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits
        conv1,conv,1,3,32,3,3,56,56,1,2,8,8
        dw1,depthwise,32,1,1,3,3,56,56,1,1,8,8
        pw1,pointwise,1,32,64,1,1,56,56,1,1,8,8
        fc,linear,1,64,10,1,1,1,1,1,1,8,8

        """
    static let fix = "voltage_v=0.7,bits_per_cell=4,base_latency_s=4e-09,rows=128,cols=128,router_group=8,tiles_per_chip=16,glb_depth=16384"

    @Test func precomputeKeysByContentAndEvaluateTakesTheSameFlag() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tiny.csv")
        try Self.net.write(to: file, atomically: true, encoding: .utf8)

        let hw = ["--hw", "0.7,4,4e-9,128,128,8,16,16,16384", "--format", "json", "--no-cache"]
        let a = try CLIRunner.run(["evaluate", "--network", "tiny.csv"] + hw, in: dir)
        let b = try CLIRunner.run(["evaluate", "--workload", "tiny.csv"] + hw, in: dir)
        #expect(a.status == 0 && a.stdout == b.stdout, "\(a.stderr)")

        let pre = ["precompute", "--db", "p.sqlite", "--network", "tiny.csv", "--fix", Self.fix, "--quiet"]
        let first = try CLIRunner.run(pre, in: dir)
        #expect(first.status == 0 && first.stdout.contains("6/6 points, 6 stored"), "\(first.stdout)\(first.stderr)")
        let again = try CLIRunner.run(pre, in: dir)
        #expect(again.stdout.contains("6/6 points (resumed at 6)"), "\(again.stdout)")
        // An edited layer is another network: new job, new rows, other MACs.
        try Self.net.replacingOccurrences(of: "pw1,pointwise,1,32,64", with: "pw1,pointwise,1,32,128")
            .write(to: file, atomically: true, encoding: .utf8)
        let edited = try CLIRunner.run(pre, in: dir)
        #expect(edited.status == 0 && edited.stdout.contains("6/6 points, 6 stored"), "\(edited.stdout)")
        let jobs = try TechnologyEverywhereTests.sql("SELECT network_sha256 FROM precompute_job ORDER BY id", db: "p.sqlite", in: dir)
        #expect(jobs.count == 2 && jobs[0] != jobs[1] && jobs.allSatisfy { $0.count == 64 }, "\(jobs)")
        let macs = try TechnologyEverywhereTests.sql("SELECT key, macs FROM network ORDER BY id", db: "p.sqlite", in: dir)
        #expect(macs.count == 2 && macs[0].hasPrefix("net=tiny-") && macs[0] != macs[1], "\(macs)")
    }

    @Test func searchCoversTheNetworksBitsAndHardware() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.net.write(to: dir.appendingPathComponent("tiny.csv"), atomically: true, encoding: .utf8)
        for algorithm in ["ga", "hardware-only", "nsga2"] {
            let r = try CLIRunner.run(["search", "--db", "s.sqlite", "--network", "tiny.csv", "--algorithm", algorithm,
                                       "--population", "6", "--generations", "2", "--quiet", "--workers", "1"], in: dir)
            #expect(r.status == 0, "\(algorithm): \(r.stderr)")
            #expect(r.stdout.contains("baseline: tiny-"), "\(algorithm): \(r.stdout)")
        }
        let runs = try TechnologyEverywhereTests.sql("SELECT space, length(network_sha256) FROM search_run ORDER BY id",
                                                     db: "s.sqlite", in: dir)
        #expect(runs.count == 3 && runs.allSatisfy { $0.hasPrefix("cimnas-rram-32nm+tiny-") && $0.hasSuffix(",64") }, "\(runs)")
        // The run keeps the network's text: resuming does not need the file.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("tiny.csv"))
        let resumed = try CLIRunner.run(["search", "--db", "s.sqlite", "--resume", "1", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let bad = try CLIRunner.run(["search", "--db", "s.sqlite", "--network", "nosuch.csv", "--quiet"], in: dir)
        #expect(bad.status == 1 && bad.stderr == "cimnas: nosuch.csv: cannot read the file, expected a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits)\n",
                "\(bad.stderr)")
    }
}
