import Foundation
import Testing

/// Helpers for the CLI audit tests: mistakes a first-time user makes, run against the built binary. Each must
/// give one clear line on stderr, a non-zero exit and no file written; machine-readable output must parse.
enum CLIAudit {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh folder and a database path inside it that does not exist yet.
    static func scratch() throws -> (dir: URL, db: String) {
        let dir = try CLIRunner.temporaryDirectory()
        return (dir, dir.appendingPathComponent("scratch.sqlite").path)
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// One `cimnas: …` line (usage errors may add ArgumentParser's "Run 'cimnas help' for usage." hint).
    static func oneLine(_ r: CLIRunner.Result) -> Bool {
        let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("Run 'cimnas help'") }
        return lines.count == 1 && r.stderr.hasPrefix("cimnas: ")
    }
}
