import Foundation
import Testing

@Suite struct TechEndToEndTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tech/small_32nm.csv")

    @Test func importListShowExportReimport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("small_32nm.csv")
        try FileManager.default.copyItem(at: Self.fixture, to: csv)

        let first = try CLIRunner.run(["tech", "import", csv.path, "--format", "csv"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("imported,small_32nm@1,9,"))
        let second = try CLIRunner.run(["tech", "import", csv.path, "--format", "csv"], in: dir)
        #expect(second.stdout.contains("unchanged,small_32nm@1,9,"))

        let list = try CLIRunner.run(["tech", "list", "--format", "csv"], in: dir)
        #expect(list.stdout.split(separator: "\n").count == 2)
        let show = try CLIRunner.run(["tech", "show", "small_32nm@1", "--format", "json"], in: dir)
        #expect(show.stdout.contains("\"parameter\": \"r_on\",\n    \"value\": 6000.0"))

        let exported = dir.appendingPathComponent("exported.csv")
        let export = try CLIRunner.run(["tech", "export", "small_32nm", "--output", exported.path], in: dir)
        #expect(export.status == 0)
        let again = try CLIRunner.run(["tech", "import", exported.path, "--name", "small_32nm", "--format", "csv"], in: dir)
        #expect(again.stdout.contains("unchanged,small_32nm@1"), "\(again.stdout)\(again.stderr)")
    }

    @Test func badFileGivesOneLocatedLineAndWritesNothing() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv")
        try "component,parameter,value,unit\ncell,r_on,6000,ohm\ncell,width,0,nm\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["tech", "import", bad.path], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "cimnas: \(bad.path):3:12: length 0 nm is physically impossible, expected a value > 0\n")
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("cimnas.sqlite").path))

        // With an existing database, nothing is added either.
        let good = try CLIRunner.run(["tech", "import", Self.fixture.path, "--name", "good"], in: dir)
        #expect(good.status == 0)
        let dup = dir.appendingPathComponent("dup.csv")
        try "component,parameter,value,unit\nc,p,1,V\nc,p,2,V\n".write(to: dup, atomically: true, encoding: .utf8)
        let r2 = try CLIRunner.run(["tech", "import", dup.path, "--name", "good"], in: dir)
        #expect(r2.status == 1 && r2.stderr.contains("dup.csv:3:1: duplicate (c, p)"))
        let list = try CLIRunner.run(["tech", "list", "--format", "csv"], in: dir)
        #expect(list.stdout.split(separator: "\n").count == 2, "only the good import is stored")
    }
}

@Suite struct TechDefaultsEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The embedded default tables import once; the same files from disk are then a no-op.
    @Test func defaultsThenFilesAreANoOp() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try CLIRunner.run(["tech", "import", "--defaults", "--format", "csv"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let imported = first.stdout.split(separator: "\n").dropFirst()
        #expect(!imported.isEmpty && imported.allSatisfy { $0.hasPrefix("imported,") })
        let tech = Self.root.appendingPathComponent("datasets/tech")
        for file in try FileManager.default.contentsOfDirectory(atPath: tech.path) where file.hasSuffix(".csv") {
            let r = try CLIRunner.run(["tech", "import", tech.appendingPathComponent(file).path, "--format", "csv"], in: dir)
            #expect(r.status == 0 && r.stdout.contains("unchanged,"), "\(file): \(r.stdout)\(r.stderr)")
        }
        let usage = try CLIRunner.run(["tech", "import"], in: dir)
        #expect(usage.status == 2)
    }
}
