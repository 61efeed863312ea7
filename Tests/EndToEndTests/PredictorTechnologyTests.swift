import Foundation
import Testing

/// `predictor predict --tech`: the technology's device rows set the on-chip accuracy, as `search --tech` does.
@Suite struct PredictorTechnologyTests {
    static let noisy = "component,parameter,value,unit,note\nrram_cell,sigma_d2d,0.1,1,device-to-device sigma of 10 %\n"

    static func predict(_ extra: [String], in dir: URL) throws -> (status: Int32, json: [String: Any]?, stderr: String) {
        let r = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", PredictorCommandTests.goldenKey,
                                   "--format", "json"] + extra, in: dir)
        return (r.status, try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stderr)
    }

    @Test func theTechnologysDeviceSetsTheOnChipAccuracy() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.noisy.write(to: dir.appendingPathComponent("noisy.csv"), atomically: true, encoding: .utf8)
        let plain = try #require(try Self.predict([], in: dir).json)
        let shipped = try #require(try Self.predict(["--tech", "cimnas_32nm"], in: dir).json)
        // The shipped tables' device is the default device: the same numbers, bit for bit.
        #expect(shipped["top1_percent"] as? Double == plain["top1_percent"] as? Double)
        #expect(shipped["hw_drop_points"] as? Double == plain["hw_drop_points"] as? Double)
        #expect(shipped["technology"] as? String == "cimnas_32nm")
        // More device-to-device variation: a larger drop; quantization-only top-1 unchanged.
        let noisyFile = try #require(try Self.predict(["--tech", "noisy.csv"], in: dir).json)
        let dropPlain = try #require(plain["hw_drop_points"] as? Double)
        let dropNoisy = try #require(noisyFile["hw_drop_points"] as? Double)
        #expect(dropNoisy > dropPlain, "\(dropNoisy) vs \(dropPlain)")
        #expect(noisyFile["top1_ideal_percent"] as? Double == plain["top1_ideal_percent"] as? Double)
        // The same rows imported into a database and named: the same result.
        let imported = try CLIRunner.run(["tech", "import", "--db", "t.sqlite", "noisy.csv"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let stored = try #require(try Self.predict(["--tech", "noisy", "--db", "t.sqlite"], in: dir).json)
        #expect(stored["hw_drop_points"] as? Double == dropNoisy)
        // --tech and --device both name the device: refused in one line; an unknown table names the known ones.
        let both = try Self.predict(["--tech", "noisy.csv", "--device", "rram_neurosim"], in: dir)
        #expect(both.status == 2 && both.stderr == "cimnas: Error: --device and --tech both set the memory device, expected one of them\n",
                "\(both.stderr)")
        let unknown = try Self.predict(["--tech", "nosuch", "--db", "t.sqlite"], in: dir)
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("cimnas: --tech: no technology nosuch in the database; known: noisy@1")
                && unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")
    }
}
