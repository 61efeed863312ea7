import Foundation
import Testing

/// `cimnas evaluate --workload FILE.csv`: a network from a workload CSV (used by the ZigZag peer benchmark).
@Suite struct EvaluateWorkloadTests {
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    static func writeTemp(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cimnas-workload-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static let hw = "0.7,4,4e-9,128,128,8,16,16,16384"

    /// The network's energy is the sum of its layers evaluated one by one with --layer (relative 1e-9).
    @Test func workloadMatchesLayerByLayer() throws {
        let file = try Self.writeTemp("""
            name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits
            conv1,conv,1,3,32,3,3,112,112,1,2,8,8
            dw1,depthwise,32,1,1,3,3,112,112,1,1,8,8
            pw1,pointwise,1,32,16,1,1,112,112,1,1,8,6

            """)
        defer { try? FileManager.default.removeItem(at: file) }
        let net = try CLIRunner.run(["evaluate", "--workload", file.path, "--hw", Self.hw, "--format", "json"])
        #expect(net.status == 0, "\(net.stderr)")
        let total = Self.json(net.stdout)["energy_j"] as? Double ?? 0
        var sum = 0.0
        for (layer, wb) in [("kind=conv,G=1,C=3,M=32,R=3,S=3,P=112,Q=112,N=1,stride=2", "8"),
                            ("kind=depthwise,G=32,C=1,M=1,R=3,S=3,P=112,Q=112,N=1,stride=1", "8"),
                            ("kind=pointwise,G=1,C=32,M=16,R=1,S=1,P=112,Q=112,N=1,stride=1", "6")] {
            let r = try CLIRunner.run(["evaluate", "--hw", Self.hw, "--layer", layer, "--input-bits", "8",
                                       "--weight-bits", wb, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            sum += Self.json(r.stdout)["energy_j"] as? Double ?? .nan
        }
        #expect(total > 0)
        #expect(abs(total / sum - 1) < 1e-9, "network \(total) vs layers \(sum)")
    }

    /// A malformed row names the file, line and column; a missing file is one line; both exit non-zero.
    @Test func badWorkloadFilesFailWithOneLine() throws {
        let file = try Self.writeTemp("""
            name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits
            conv1,conv,1,three,32,3,3,112,112,1,2,8,8

            """)
        defer { try? FileManager.default.removeItem(at: file) }
        let bad = try CLIRunner.run(["evaluate", "--workload", file.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains(file.path + ":2:"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1)
        let missing = try CLIRunner.run(["evaluate", "--workload", "/nonexistent/w.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("--workload /nonexistent/w.csv"))
        let both = try CLIRunner.run(["evaluate", "--workload", file.path, "--layer", "G=1,C=1,M=1,P=1,Q=1"])
        #expect(both.status == 2)
    }
}
