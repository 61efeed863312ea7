import Foundation
import Testing

@Suite struct ReportCommandTests {
    @Test func demoWritesIndexAndSVGs() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report")
        let r = try CLIRunner.run(["report", "--demo", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let printed = r.stdout.split(separator: "\n").map(String.init)
        #expect(printed.first == out.appendingPathComponent("index.html").path)
        #expect(printed.count == 6)
        for path in printed { #expect(FileManager.default.fileExists(atPath: path)) }
        let html = try String(contentsOfFile: printed[0], encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("https://"))
    }

    @Test func needsExactlyOneSource() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["report", "--out", dir.appendingPathComponent("x").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("exactly one of RUN_ID, --query NAME or --demo"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        let p = try CLIRunner.run(["report", "--demo", "--param", "a=1", "--out", dir.path])
        #expect(p.status == 2)
        #expect(p.stderr.contains("--param needs --query"))
    }
}
