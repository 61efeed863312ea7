import Foundation
import Testing

/// SIGKILL at seeded random moments: the database stays intact, committed rows stay, and re-running
/// (precompute) or `--resume` (search) ends with exactly the rows and result of an uninterrupted run.
@Suite(.serialized) struct CrashSafetyTests {
    /// 1 260 hardware points of the standard MobileNetV2, committed in batches of 40.
    static let precompute = ["precompute", "--network", "standard-mbv2", "--workers", "1", "--batch-size", "40", "--quiet",
                             "--fix", "voltage_v=0.5,bits_per_cell=2,base_latency_s=1e-09,rows=128,cols=64"]
    /// A GA small enough to finish in about a second in a debug build.
    static let search = ["search", "--population", "12", "--generations", "16", "--seed", "5", "--workers", "1",
                         "--format", "json", "--quiet"]
    static let kills = 10

    /// Every row that defines the precompute result, independent of row ids and timestamps.
    static let precomputeRows = """
        SELECT h.key, n.key, d.quant_policy_key, d.energy_j, d.latency_s, d.area_mm2, d.top1_percent, d.feasible
        FROM design d JOIN hw_config h ON h.id = d.hw_config_id JOIN network n ON n.id = d.network_id ORDER BY 1, 2, 3
        """
    static let paretoRows = """
        SELECT h.key, p.edap_j_s_mm2 FROM design_pareto p JOIN design d ON d.id = p.design_id
        JOIN hw_config h ON h.id = d.hw_config_id ORDER BY 1
        """
    static let designIndexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'design' ORDER BY 1"
    static let memberRows = members(ofRun: 1)
    static func members(ofRun run: Int) -> String {
        """
        SELECT m.generation, m.slot, h.key, n.key, d.quant_policy_key, m.objective, m.constraint_violation
        FROM search_member m JOIN design d ON d.id = m.design_id JOIN hw_config h ON h.id = d.hw_config_id
        JOIN network n ON n.id = d.network_id WHERE m.run_id = \(run) ORDER BY 1, 2
        """
    }

    /// A database after a kill: intact, and holding at least what was committed before.
    struct Committed: Equatable {
        var designs = 0
        var position = 0
        var checkpoints = 0
        /// design indexes dropped for a bulk load and not yet rebuilt
        var deferredIndexes = 0
    }

    /// `designsOnlyGrow`: false for Pareto archives, which delete the designs that leave every front.
    static func check(_ path: String, after previous: Committed, designsOnlyGrow: Bool = true) throws -> Committed {
        guard FileManager.default.fileExists(atPath: path) else { return previous }
        let db = try RawDB(path, readOnly: false)
        #expect(try db.rows("PRAGMA integrity_check") == [["ok"]])
        #expect(try db.rows("PRAGMA foreign_key_check").isEmpty)
        let version = try db.int("PRAGMA user_version")
        guard version > 0 else { return previous } // killed before the schema's first commit
        var now = Committed()
        let tables = Set(try db.rows("SELECT name FROM sqlite_master WHERE type = 'table'").map { $0[0] })
        now.designs = try db.int("SELECT count(*) FROM design")
        if tables.contains("precompute_job") {
            now.position = try db.int("SELECT coalesce(sum(next_position), 0) FROM precompute_job")
        }
        if tables.contains("design_deferred_index") {
            now.deferredIndexes = try db.int("SELECT count(*) FROM design_deferred_index")
            // Each index is either deferred (recorded) or present, never lost.
            #expect(try db.int(
                "SELECT count(*) FROM design_deferred_index AS x JOIN sqlite_master AS m ON m.name = x.name") == 0)
            // Each migration commits on its own, so a kill between two leaves an earlier schema with fewer
            // design indexes; schema 014 (schema/014_hardware_accuracy.sql) has the tenth.
            if version >= 14 {
                #expect(try db.int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'design'")
                        + now.deferredIndexes == 10, "schema version \(version)")
            }
        }
        if tables.contains("search_checkpoint") {
            now.checkpoints = try db.int("SELECT count(*) FROM search_checkpoint")
            // Members and checkpoint of a generation commit together.
            let memberGenerations = try db.rows("SELECT DISTINCT generation FROM search_member ORDER BY 1").map { $0[0] }
            let checkpointGenerations = try db.rows("SELECT step - 1 FROM search_checkpoint ORDER BY step").map { $0[0] }
            #expect(memberGenerations == checkpointGenerations)
        }
        #expect(!designsOnlyGrow || now.designs >= previous.designs, "committed design rows were lost")
        #expect(now.position >= previous.position, "committed precompute progress was lost")
        #expect(now.checkpoints >= previous.checkpoints, "committed generations were lost")
        return now
    }

    /// Runs `arguments` (with `resume` deciding the arguments of later attempts) killing it at random
    /// moments until one attempt finishes; returns that attempt's stdout and the number of kills.
    static func killUntilDone(db: String, in dir: URL, rng: inout FuzzRandom, maxDelay_s: Double, minimumKills: Int,
                              seen: inout [Committed], designsOnlyGrow: Bool = true,
                              arguments: (Int) throws -> [String]) throws -> (stdout: String, kills: Int) {
        var committed = Committed()
        var kills = 0
        for attempt in 0..<200 {
            let p = try CimnasProcess(try arguments(attempt) + ["--db", db], in: dir)
            // A uniformly random moment of an uninterrupted run's duration: resumed runs have less left
            // to do, so later attempts tend to finish; callers run several chains to collect kills.
            let delay = 0.02 + Double(rng.below(1_000)) / 1_000 * maxDelay_s
            let deadline = Date().addingTimeInterval(delay)
            while p.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            if p.process.isRunning {
                p.signal(SIGKILL)
            }
            if p.wait() == 128 + SIGKILL {
                kills += 1
                committed = try check(dir.appendingPathComponent(db).path, after: committed, designsOnlyGrow: designsOnlyGrow)
                seen.append(committed)
                continue
            }
            let status = p.wait()
            #expect(status == 0, "attempt \(attempt) failed: \(p.stderr)")
            _ = minimumKills
            _ = try check(dir.appendingPathComponent(db).path, after: committed, designsOnlyGrow: designsOnlyGrow)
            return (p.stdout, kills)
        }
        Issue.record("the job never finished")
        return ("", kills)
    }

    @Test func precomputeSurvivesSIGKILL() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t0 = Date()
        let reference = try CimnasProcess.run(Self.precompute + ["--db", "ref.sqlite"], in: dir)
        let duration = Date().timeIntervalSince(t0)
        #expect(reference.status == 0, "\(reference.stderr)")
        let ref = try RawDB(dir.appendingPathComponent("ref.sqlite").path)
        let expected = try ref.rows(Self.precomputeRows)
        #expect(expected.count == 1_260)

        var rng = FuzzRandom(seed: 20_261_129)
        var total = 0, chain = 0
        var seen: [Committed] = []
        while total < Self.kills {
            chain += 1
            let name = "killed\(chain).sqlite"
            // The killed runs load without the secondary design indexes, so kills also land between dropping
            // them and rebuilding them.
            let (_, kills) = try Self.killUntilDone(db: name, in: dir, rng: &rng, maxDelay_s: duration,
                                                    minimumKills: Self.kills - total, seen: &seen) { _ in
                Self.precompute + ["--defer-indexes", "always"]
            }
            total += kills
            let db = try RawDB(dir.appendingPathComponent(name).path)
            #expect(try db.rows(Self.precomputeRows) == expected, "chain \(chain): rows differ from the uninterrupted run")
            #expect(try db.rows(Self.paretoRows) == ref.rows(Self.paretoRows))
            #expect(try db.rows("SELECT next_position, total, stored + skipped, status FROM precompute_job")
                    == [["1260", "1260", "1260", "finished"]])
            // A final re-run finds nothing left to do and adds nothing.
            let again = try CimnasProcess.run(Self.precompute + ["--db", name], in: dir)
            #expect(again.status == 0)
            #expect(try db.int("SELECT count(*) FROM design") == 1_260)
            #expect(try db.rows(Self.designIndexes) == ref.rows(Self.designIndexes))
            #expect(try db.int("SELECT count(*) FROM design_deferred_index") == 0)
        }
        #expect(total >= Self.kills)
        #expect(seen.contains { $0.deferredIndexes > 0 }, "no kill landed while the indexes were deferred")
        // The kills must land mid-job: some after a few batches were committed.
        #expect(seen.contains { $0.position > 0 && $0.position < 1_260 })
        print("precompute: \(total) SIGKILLs over \(chain) runs; committed points at the kills: \(seen.map(\.position))")
    }

    @Test func searchSurvivesSIGKILL() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t0 = Date()
        let reference = try CimnasProcess.run(Self.search + ["--db", "ref.sqlite"], in: dir)
        let duration = Date().timeIntervalSince(t0)
        #expect(reference.status == 0, "\(reference.stderr)")
        let expectedBest = try Self.best(reference.stdout)
        let ref = try RawDB(dir.appendingPathComponent("ref.sqlite").path)
        let expectedMembers = try ref.rows(Self.memberRows)
        #expect(!expectedMembers.isEmpty)

        var rng = FuzzRandom(seed: 777)
        var total = 0, chain = 0
        var seen: [Committed] = []
        while total < Self.kills {
            chain += 1
            let name = "killed\(chain).sqlite"
            let path = dir.appendingPathComponent(name).path
            let (stdout, kills) = try Self.killUntilDone(db: name, in: dir, rng: &rng, maxDelay_s: duration,
                                                         minimumKills: Self.kills - total, seen: &seen) { _ in
                // Resume run 1 once it exists; before that, start it again.
                let started = FileManager.default.fileExists(atPath: path)
                    && (try? RawDB(path).int("SELECT count(*) FROM search_run")) ?? 0 > 0
                return started ? ["search", "--resume", "1", "--format", "json", "--quiet", "--workers", "1"] : Self.search
            }
            total += kills
            #expect(try Self.best(stdout) == expectedBest, "chain \(chain): a different best design")
            let db = try RawDB(path)
            #expect(try db.int("SELECT count(*) FROM search_run") == 1)
            #expect(try db.rows("SELECT status FROM search_run") == [["finished"]])
            #expect(try db.rows("SELECT group_concat(step) FROM search_checkpoint")
                    == [[(1...16).map(String.init).joined(separator: ",")]])
            #expect(try db.rows(Self.memberRows) == expectedMembers, "chain \(chain): generations differ")
        }
        #expect(total >= Self.kills)
        #expect(seen.contains { $0.checkpoints > 0 && $0.checkpoints < 16 })
        print("search: \(total) SIGKILLs over \(chain) runs; committed generations at the kills: \(seen.map(\.checkpoints))")
    }

    /// The best design of a search's JSON output (key and metrics).
    static func best(_ json: String) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["best"] as? NSDictionary)
    }
}
