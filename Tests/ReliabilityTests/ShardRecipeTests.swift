import Foundation
import Testing

/// The shard recipes of docs/scale.md (tools/precompute-shards.sh with GNU parallel or xargs, and the Slurm
/// array script run as four local tasks) give the archive an unsharded `--store pareto` run writes, and an
/// archive run killed with SIGKILL resumes to that archive too.
@Suite(.serialized) struct ShardRecipeTests {
    /// 8 bits per cell × 6 macro counts (48 organisations) × 6 base latencies × 7 GLB depths = 2,016 chips.
    static let sweep = ["--network", "standard-mbv2", "--store", "pareto", "--fix",
                        "voltage_v=0.7,rows=128,cols=64,router_group=4,tiles_per_chip=16"]

    /// The archive, independent of row ids: fronts with their chips, statistics, and the one finished job.
    static let archiveRows = """
        SELECT f.knob, f.value, f.sweep_index, h.key, d.edap_j_s_mm2 FROM archive_front f
        JOIN archive_design a ON a.job_id = f.job_id AND a.sweep_index = f.sweep_index
        JOIN design d ON d.id = a.design_id JOIN hw_config h ON h.id = d.hw_config_id
        UNION ALL SELECT knob, value, value_index, designs || ' ' || feasible_designs || ' ' || best_sweep_index,
            best_edap_j_s_mm2 FROM archive_knob_stats
        UNION ALL SELECT 'job', shard_index || '/' || shard_count, next_position, status, total FROM precompute_job
        UNION ALL SELECT 'designs', '', count(*), '', 0 FROM design
        ORDER BY 1, 2, 3
        """

    static var tools: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools")
    }

    /// Runs a tools/ script with `CIMNAS` pointing at the binary under test.
    static func script(_ name: String, _ arguments: [String], in dir: URL, environment: [String: String] = [:])
        throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [tools.appendingPathComponent(name).path] + arguments
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["CIMNAS"] = CimnasProcess.executable.path
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    @Test func fourLocalShardsMergeIntoTheUnshardedArchive() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = try CimnasProcess.run(["precompute", "--db", "whole.sqlite", "--workers", "1", "--quiet"] + Self.sweep, in: dir)
        #expect(whole.status == 0, "\(whole.stderr)")
        let expected = try RawDB(dir.appendingPathComponent("whole.sqlite").path).rows(Self.archiveRows)
        #expect(expected.contains(["job", "1/1", "2016", "finished", "2016"]))

        // GNU parallel (or xargs -P when it is not installed) over 4 local shards, then merge.
        let local = try Self.script("precompute-shards.sh", ["4", "local.sqlite"] + Self.sweep, in: dir)
        #expect(local.status == 0, "\(local.stderr)")
        #expect(try RawDB(dir.appendingPathComponent("local.sqlite").path).rows(Self.archiveRows) == expected)

        // The Slurm array script, as four array tasks run here, then the merge step of the recipe.
        for task in 1...4 {
            let r = try Self.script("precompute-slurm.sh", ["slurm.sqlite"] + Self.sweep, in: dir,
                                    environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_COUNT": "4"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merge = try CimnasProcess.run(["merge", "slurm.sqlite"] + (1...4).map { "slurm.sqlite.shard-\($0).sqlite" }, in: dir)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try RawDB(dir.appendingPathComponent("slurm.sqlite").path).rows(Self.archiveRows) == expected)

        // A bad shard count is one line and exit 2.
        let bad = try Self.script("precompute-shards.sh", ["four", "x.sqlite"] + Self.sweep, in: dir)
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1)
    }

    @Test func archiveSurvivesSIGKILL() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = ["precompute", "--workers", "1", "--batch-size", "60", "--quiet"] + Self.sweep
        let t0 = Date()
        let reference = try CimnasProcess.run(run + ["--db", "ref.sqlite"], in: dir)
        let duration = Date().timeIntervalSince(t0)
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try RawDB(dir.appendingPathComponent("ref.sqlite").path).rows(Self.archiveRows)
        var rng = FuzzRandom(seed: 20_261_207)
        var total = 0, chain = 0
        var seen: [CrashSafetyTests.Committed] = []
        while total < 6 && chain < 12 {
            chain += 1
            let name = "killed\(chain).sqlite"
            let (_, kills) = try CrashSafetyTests.killUntilDone(db: name, in: dir, rng: &rng, maxDelay_s: duration,
                                                                minimumKills: 6 - total, seen: &seen,
                                                                designsOnlyGrow: false) { _ in run }
            total += kills
            let db = try RawDB(dir.appendingPathComponent(name).path)
            #expect(try db.rows(Self.archiveRows) == expected, "chain \(chain): archive differs from the uninterrupted run")
        }
        #expect(total >= 6)
        #expect(seen.contains { $0.position > 0 && $0.position < 2_016 }, "no kill landed mid-sweep")
    }
}
