import Foundation
import Testing

/// SIGINT/SIGTERM during a long job: finished work is committed, the resume command is printed on stderr,
/// and the exit code is 128 + signal.
@Suite(.serialized) struct SignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func searchStopsAtAGenerationBoundary(_ signal: Int32) throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["search", "--db", "s.sqlite", "--population", "12", "--generations", "400", "--seed", "3", "--workers", "1"]
        let p = try CimnasProcess(args, in: dir)
        // The handler is installed before the first generation; its progress line means it is running.
        #expect(p.waitForStderr("gen   2/400"))
        p.signal(signal)
        let status = p.wait()
        #expect(status == 128 + signal, "\(p.stderr)")
        let lines = p.stderr.split(separator: "\n").map(String.init)
        let last = try #require(lines.last)
        #expect(last.hasPrefix("cimnas: interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM"); run 1 committed through generation "))
        #expect(last.hasSuffix(" search --db s.sqlite --resume 1"), "\(last)")
        let db = try RawDB(dir.appendingPathComponent("s.sqlite").path)
        let generation = Int(try #require(last.split(separator: " ").drop { $0 != "generation" }.dropFirst().first?
            .trimmingCharacters(in: .punctuationCharacters)))
        // Exactly the generations reported were committed, and the run is marked interrupted.
        #expect(try db.int("SELECT max(generation) FROM search_checkpoint") == generation)
        #expect(try db.rows("SELECT status FROM search_run") == [["interrupted"]])
        #expect(try db.rows("PRAGMA integrity_check") == [["ok"]])
        #expect(p.stdout.isEmpty)
    }

    @Test func resumeAfterSIGINTFinishesTheRun() throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["search", "--population", "8", "--generations", "30", "--seed", "9", "--workers", "1", "--format", "json",
                    "--max-area-mm2", "1000000"]
        let reference = try CimnasProcess.run(args + ["--db", "ref.sqlite", "--quiet"], in: dir)
        #expect(reference.status == 0)
        let p = try CimnasProcess(args + ["--db", "s.sqlite"], in: dir)
        #expect(p.waitForStderr("gen   3/30"))
        p.signal(SIGINT)
        #expect(p.wait() == 130)
        // Run the printed command (words after "resume with: "; the binary path has no spaces here).
        let line = try #require(p.stderr.split(separator: "\n").last)
        let command = try #require(line.components(separatedBy: "resume with: ").last).split(separator: " ").map(String.init)
        #expect(command.dropFirst().first == "search")
        let resumed = try CimnasProcess.run(Array(command.dropFirst()) + ["--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try CrashSafetyTests.best(resumed.stdout) == CrashSafetyTests.best(reference.stdout))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func precomputeStopsAtABatchBoundary(_ signal: Int32) throws {
        let dir = try CimnasProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["precompute", "--db", "p.sqlite", "--network", "standard-mbv2", "--workers", "1", "--batch-size", "25",
                    "--fix", "voltage_v=0.5,bits_per_cell=2,base_latency_s=1e-09", "--defer-indexes", "always"]
        let p = try CimnasProcess(args, in: dir)
        #expect(p.waitForStderr(" points ("))
        p.signal(signal)
        #expect(p.wait() == 128 + signal, "\(p.stderr)")
        let last = try #require(p.stderr.split(separator: "\n").last.map(String.init))
        #expect(last.hasPrefix("cimnas: interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM"); "))
        #expect(last.hasSuffix("resume with: \(CimnasProcess.executable.path) " + args.joined(separator: " ")), "\(last)")
        // What was reported committed is exactly what is in the database: whole batches.
        let db = try RawDB(dir.appendingPathComponent("p.sqlite").path)
        let done = try db.int("SELECT next_position FROM precompute_job")
        #expect(done > 0 && done < 25_200 && done % 25 == 0)
        #expect(last.contains(": \(done)/25200 points committed"))
        #expect(try db.int("SELECT count(*) FROM design") == done)
        #expect(try db.rows("PRAGMA integrity_check") == [["ok"]])
        // The indexes dropped for the load were rebuilt before exiting.
        #expect(p.stderr.contains("rebuilt 9 design indexes"), "\(p.stderr)")
        #expect(try db.int("SELECT count(*) FROM design_deferred_index") == 0)
        #expect(try db.int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'design'") == 10)
    }
}
