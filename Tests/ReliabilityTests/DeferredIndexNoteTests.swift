import DesignDB
import Foundation
import Testing

/// A database whose `design` indexes a killed large precompute left dropped: reading commands say so on
/// stderr (results unchanged), and `cimnas precompute --rebuild-indexes` restores exactly the indexes.
@Suite struct DeferredIndexNoteTests {
    @Test func readersNoteMissingIndexesAndRebuildRestoresThem() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.sqlite").path
        let load = try CimnasProcess.run(CrashSafetyTests.precompute + ["--db", path], in: dir)
        #expect(load.status == 0, "\(load.stderr)")
        let indexes = try RawDB(path).rows(CrashSafetyTests.designIndexes)
        let query = ["query", "best_edap_pareto", "--db", path, "--format", "csv"]
        let before = try CimnasProcess.run(query, in: dir)
        #expect(before.status == 0 && !before.stderr.contains("note:"), "\(before.stderr)")

        // What a kill during a deferred load leaves behind.
        let dropped = try DesignIndexDeferral.deferIndexes(try Database(path: path))
        #expect(dropped.count == indexes.filter { $0[1] != "NULL" }.count && dropped.count >= 8)

        let during = try CimnasProcess.run(query, in: dir)
        #expect(during.status == 0)
        #expect(during.stdout == before.stdout)
        #expect(during.stderr == "cimnas: note: \(dropped.count) design indexes are missing (a large precompute is loading "
                + "or was interrupted); results are correct but queries are slower until the job finishes or "
                + "`cimnas precompute --rebuild-indexes` restores them\n")

        let refused = try CimnasProcess.run(["precompute", "--db", path, "--rebuild-indexes", "--network", "standard-mbv2"], in: dir)
        #expect(refused.status == 2 && refused.stderr.contains("--rebuild-indexes"), "\(refused.stderr)")

        let rebuild = try CimnasProcess.run(["precompute", "--db", path, "--rebuild-indexes", "--quiet"], in: dir)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(rebuild.stdout.hasPrefix("\(dropped.count) design indexes rebuilt in "), "\(rebuild.stdout)")
        #expect(try RawDB(path).rows(CrashSafetyTests.designIndexes) == indexes)
        #expect(try RawDB(path).int("SELECT count(*) FROM design_deferred_index") == 0)

        let after = try CimnasProcess.run(query, in: dir)
        #expect(after.stdout == before.stdout && after.stderr.isEmpty, "\(after.stderr)")
        let again = try CimnasProcess.run(["precompute", "--db", path, "--rebuild-indexes", "--quiet"], in: dir)
        #expect(again.stdout.hasPrefix("0 design indexes rebuilt in ") && again.stdout.contains("(none were missing)"))
        let missing = dir.appendingPathComponent("missing.sqlite").path
        let none = try CimnasProcess.run(["precompute", "--db", missing, "--rebuild-indexes"], in: dir)
        #expect(none.status == 1 && none.stderr.contains("no such database file"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
