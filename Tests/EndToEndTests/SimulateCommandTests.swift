import Foundation
import Testing

/// `cimnas simulate layer`: JSON keys, the ideal device's exactness, given operands and one-line refusals.
@Suite struct SimulateCommandTests {
    static let hw = "0.7,8,4e-9,256,32,8,16,16,16384"

    func json(_ arguments: [String]) throws -> [String: Any] {
        let r = try CLIRunner.run(["simulate", "layer", "--hw", Self.hw, "--format", "json"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// The paper-like chip (8 b/cell, 8-bit ADC) loses; the ideal device with ADC bits ≥ adc_bits_needed is exact.
    @Test func idealDeviceWithEnoughADCBitsIsExact() throws {
        let lossy = try json(["--layer", "C=96,M=24,P=14,Q=14", "--input-bits", "8", "--weight-bits", "8"])
        #expect(lossy["exact"] as? Bool == false && (lossy["adc_bits_needed"] as? Int) == 23)
        let rel = try #require(lossy["relative_rms_error"] as? Double), model = try #require(lossy["analytic_relative_rms_error"] as? Double)
        #expect(rel > 0.1 && abs(model - rel) / rel < 0.25, "simulated \(rel), model \(model)")
        let exact = try json(["--layer", "C=96,M=24,P=14,Q=14", "--input-bits", "8", "--weight-bits", "8", "--device", "ideal",
                              "--adc-bits", "23"])
        #expect(exact["exact"] as? Bool == true && exact["relative_rms_error"] as? Double == 0)
        #expect(exact["sqnr_db"] is NSNull && exact["analytic_sqnr_db"] is NSNull)
    }

    /// --operands runs given integers; unsigned inputs are applied without offset.
    @Test func operandsFromAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ops.json")
        try #"{"positions": 2, "inputs": [0, 15, 3, 7, 1, 2], "weights": [-8, 7, 1, 0, 0, -1], "unsigned_inputs": true}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try json(["--layer", "C=3,M=2,P=1,Q=1", "--input-bits", "4", "--weight-bits", "4", "--device", "ideal",
                          "--adc-bits", "16", "--operands", file.path])
        #expect(r["exact"] as? Bool == true && r["positions_simulated"] as? Int == 2)
        try #"{"positions": 2, "inputs": [0, 16, 3, 7, 1, 2], "weights": [-8, 7, 1, 0, 0, -1], "unsigned_inputs": true}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["simulate", "layer", "--hw", Self.hw, "--layer", "C=3,M=2,P=1,Q=1", "--input-bits", "4",
                                     "--weight-bits", "4", "--operands", file.path])
        #expect(bad.status == 2 && bad.stderr.contains("input value 16 outside the unsigned 4-bit range 0…15"), "\(bad.stderr)")
    }

    @Test func badInputIsOneLineAndExitTwo() throws {
        for (extra, message) in [(["--device", "nope"], "--device: 'nope', expected one of"),
                                 (["--variation", "2"], "--variation: 2.0, expected a relative σ in 0…1"),
                                 (["--samples", "0"], "--samples: 0, expected 1…65536"),
                                 (["--adc-full-scale", "1.5"], "ADC full scale 1.5, expected a fraction in (0, 1]")] {
            let r = try CLIRunner.run(["simulate", "layer", "--hw", Self.hw, "--layer", "C=8,M=4,P=2,Q=2", "--input-bits", "8",
                                       "--weight-bits", "8"] + extra)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(extra)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(message), "\(r.stderr)")
        }
    }

    /// The paper run's winner (8 b/cell, 256×32 arrays, 8-bit ADC): every layer's ADC is lossy; the ideal device
    /// with a 24-bit ADC leaves none lossy and every layer exact.
    @Test func networkOfThePaperWinner() throws {
        let key = "A_0.8_8_1e-09_256_32_1_32_64_2048_333342_357333535773535377553_886444864484644864864_886848666446648648684_688444466444488846484_864866884648848464448_3_2_6_0_5_3_1_3_8_3_14_15_18_14_6_13_0_5_33_9_28"
        let r = try CLIRunner.run(["simulate", "network", "--cimnas-key", key, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count > 40 && rows.allSatisfy { $0["lossy"] as? Int == 1 && ($0["adc_bits_needed"] as? Int ?? 0) > 8 })
        let ideal = try CLIRunner.run(["simulate", "network", "--cimnas-key", key, "--device", "ideal", "--adc-bits", "24",
                                       "--format", "json"])
        let idealRows = try #require(JSONSerialization.jsonObject(with: Data(ideal.stdout.utf8)) as? [[String: Any]])
        #expect(idealRows.count == rows.count && idealRows.allSatisfy { $0["lossy"] as? Int == 0 && $0["relative_rms_error"] as? Double == 0 })
    }
}
