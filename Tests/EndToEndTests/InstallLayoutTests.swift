import Foundation
import Testing

/// `make install` layout: a copy of the built binary outside the repository finds the predictor in
/// PREFIX/share/cimnas; without it, one error line names every place looked in.
@Suite struct InstallLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Real acc_quant.pt output for `PredictorCommandTests.goldenKey`: 0.8809970 (apq_golden_vectors.json).
    static let goldenRaw = 0.880997

    /// Installs the built binary with `tools/install.sh` (what `make install` runs) into `prefix`.
    static func install(into prefix: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent("tools/install.sh").path, prefix.path, CLIRunner.executable.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "install.sh: \(message)")
    }

    static func predict(_ exe: URL, in dir: URL, environment: [String: String] = [:]) throws -> CLIRunner.Result {
        try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", PredictorCommandTests.goldenKey,
                           "--format", "json"],
                          in: dir, environment: environment, unsetting: environment["CIMNAS_DATASETS"] == nil ? ["CIMNAS_DATASETS"] : [],
                          executable: exe)
    }

    static func rawScore(_ r: CLIRunner.Result) throws -> Double {
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require((obj["cimnas"] as? [String: Any])?["acc"] as? Double)
    }

    @Test func installedCopyPredictsFromOutsideTheRepository() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        #expect(!tmp.path.hasPrefix(Self.root.path))
        let prefix = tmp.appendingPathComponent("prefix")
        try Self.install(into: prefix)
        let exe = prefix.appendingPathComponent("bin/cimnas")
        let share = prefix.appendingPathComponent("share/cimnas")
        for file in ["predictors/cimnas-default.weights", "predictors/training/cimnas_arch_accuracy_train.csv"] {
            let installed = try Data(contentsOf: share.appendingPathComponent(file))
            #expect(installed == (try Data(contentsOf: Self.root.appendingPathComponent("datasets/" + file))), "\(file)")
        }
        let work = tmp.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        let r = try Self.predict(exe, in: work)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(abs(try Self.rawScore(r) - Self.goldenRaw) < 0.001)

        // Through a symlink elsewhere (as in ~/bin/cimnas → PREFIX/bin/cimnas): the resolved path decides.
        let links = tmp.appendingPathComponent("links")
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        let link = links.appendingPathComponent("cimnas")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: exe)
        let viaLink = try Self.predict(link, in: work)
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
        #expect(try Self.rawScore(viaLink) == (try Self.rawScore(r)))

        let info = try CLIRunner.run(["info"], in: work, unsetting: ["CIMNAS_DATASETS"], executable: exe)
        #expect(info.stdout.contains(share.standardizedFileURL.resolvingSymlinksInPath().path), "\(info.stdout)")

        // Installing again over an existing install replaces it and still works.
        try Self.install(into: prefix)
        #expect(try Self.predict(exe, in: work).status == 0)
    }

    @Test func missingWeightsGiveOneLineNamingEveryPlace() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let bin = tmp.appendingPathComponent("lonely/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let exe = bin.appendingPathComponent("cimnas")
        try FileManager.default.copyItem(at: CLIRunner.executable, to: exe)
        let work = tmp.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let realTmp = tmp.resolvingSymlinksInPath().path

        let r = try Self.predict(exe, in: work)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains("predictors/cimnas-default.weights not found; looked in: "), "\(line)")
        #expect(line.contains("CIMNAS_DATASETS (not set)"), "\(line)")
        #expect(line.contains("\(realTmp)/lonely/share/cimnas (installed)"), "\(line)")
        #expect(line.contains("datasets/ in \(realTmp)/work or \(realTmp)/lonely/bin and their parents (source tree)"), "\(line)")
        #expect(line.contains("make install PREFIX="), "\(line)")

        // A CIMNAS_DATASETS that lacks the weights is named first.
        let wrong = tmp.appendingPathComponent("nowhere").path
        let e = try Self.predict(exe, in: work, environment: ["CIMNAS_DATASETS": wrong])
        #expect(e.status == 1)
        #expect(e.stderr.split(separator: "\n").count == 1, "\(e.stderr)")
        #expect(e.stderr.contains("looked in: \(wrong) (CIMNAS_DATASETS); \(realTmp)/lonely/share/cimnas (installed)"), "\(e.stderr)")

        // CIMNAS_DATASETS still serves a binary with no install next to it.
        let ok = try Self.predict(exe, in: work, environment: ["CIMNAS_DATASETS": Self.root.appendingPathComponent("datasets").path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(abs(try Self.rawScore(ok) - Self.goldenRaw) < 0.001)
    }
}
