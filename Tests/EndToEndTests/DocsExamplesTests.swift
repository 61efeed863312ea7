import Foundation
import Testing

/// The README's three worked examples, run as a reader would: every `sh` block of "Three uses", in order, by
/// `/bin/sh -e` in one scratch folder with the built `cimnas` first on PATH; then what each example claims.
@Suite struct DocsExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The fenced `sh` blocks of `markdown` after the heading `from`.
    static func shellBlocks(_ markdown: String, from heading: String) -> [String] {
        guard let start = markdown.range(of: heading) else { return [] }
        return markdown[start.upperBound...].components(separatedBy: "```sh\n").dropFirst()
            .compactMap { $0.components(separatedBy: "```").first }
    }

    /// Runs `script` with `sh -e` in `directory`, the test build's `cimnas` first on PATH.
    static func shell(_ script: String, in directory: URL) throws -> CLIRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-e", "-c", script]
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = CLIRunner.productsDirectory.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["CIMNAS_DB"] = nil
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func readmeThreeUsesRun() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = Self.shellBlocks(readme, from: "## Three uses")
        try #require(blocks.count == 3, "expected one sh block per use, found \(blocks.count)")
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var results: [CLIRunner.Result] = []
        for block in blocks {
            let r = try Self.shell(block, in: dir)
            try #require(r.status == 0, "README block failed (exit \(r.status)):\n\(block)\nstderr: \(r.stderr)")
            results.append(r)
        }

        // 1. The named query and the SQL find the same best design: the SQL's first EDAP is the query's first.
        let queryRows = results[0].stdout.split(separator: "\n").prefix { !$0.hasPrefix("edap_j_s_mm2 ") }
        let header = queryRows.first.map { $0.split(separator: ",").map(String.init) } ?? []
        let edapColumn = try #require(header.firstIndex(of: "edap_j_s_mm2"), "query CSV: \(results[0].stdout)")
        #expect(queryRows.count >= 2 && queryRows.count <= 4, "limit=3 gives 1–3 rows: \(results[0].stdout)")
        let queryBest = try #require(Double(queryRows[1].split(separator: ",")[edapColumn]))
        let sqlLines = results[0].stdout.split(separator: "\n").drop { !$0.hasPrefix("edap_j_s_mm2") }
        let sqlBest = try #require(sqlLines.dropFirst(2).first.flatMap { Double($0.split(separator: " ").first ?? "") })
        #expect(abs(sqlBest - queryBest) <= 1e-5 * queryBest, "SQL \(sqlBest) vs query \(queryBest)")

        // 2. The imported table is listed, and the doubled r_on changes the layer's energy.
        #expect(results[1].stdout.contains("my_rram_32nm@1"))
        let costed = try #require(results[1].stdout.range(of: "{", options: []).map { String(results[1].stdout[$0.lowerBound...]) })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(costed.utf8)) as? [String: Any])
        let energy = try #require(json["energy_j"] as? Double)
        let shipped = try CLIRunner.run(["evaluate", "--no-cache", "--hw", "0.7,4,4e-9,128,128,8,16,16,16384",
                                         "--layer", "G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1",
                                         "--input-bits", "8", "--weight-bits", "8", "--format", "json"], in: dir)
        let shippedJSON = try #require(try JSONSerialization.jsonObject(with: Data(shipped.stdout.utf8)) as? [String: Any])
        let shippedEnergy = try #require(shippedJSON["energy_j"] as? Double)
        #expect(energy < shippedEnergy * 0.995, "r_on 12 kΩ: \(energy) J, shipped: \(shippedEnergy) J")

        // 3. The repeated search is served from the cache alone.
        let again = try Data(contentsOf: dir.appendingPathComponent("run1-again.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: again) as? [String: Any])
        let evaluations = try #require(summary["evaluations"] as? Int)
        #expect(evaluations == 80)
        #expect(summary["cache_hits"] as? Int == evaluations, "\(summary)")
        #expect(results[2].stdout.contains("search_run"))
    }

    /// Command lines of the docs that this test does not run, each with the reason. Everything else in a `sh` block
    /// of a docs page that starts with `cimnas ` is run.
    static let notRun: [(prefix: String, reason: String)] = [
        ("cimnas search                                   # the paper's run", "15,000 evaluations: `make run`, CIMBench search.paper"),
        ("cimnas precompute --space cimnas-rram-32nm --network standard-mbv2 --mode exhaustive", "9,676,800 chips; BENCHMARKS.md"),
        ("cimnas precompute --space sram-resnet50-7nm", "161,280 chips; BENCHMARKS.md, PrecomputeSRAMTests run a subspace"),
        ("cimnas search --space sram-resnet50-7nm --population 100", "6,000 evaluations; SRAMExperimentTests run a smaller GA"),
        ("cimnas sram search --population 100", "6,000 evaluations; SRAMCommandTests run a smaller GA"),
        ("cimnas precompute --db shard-$SLURM_ARRAY_TASK_ID", "a Slurm job script; the two-shard example before it runs"),
    ]

    /// Every `cimnas` command of the docs pages' `sh` blocks (continuation lines joined), with its page.
    static func docsCommands(pages: [String]) throws -> [(page: String, command: String)] {
        var out: [(String, String)] = []
        for page in pages {
            let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
            for block in shellBlocks(text, from: "# ") {
                var joined: [String] = []
                var pending = ""
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasSuffix("\\") { pending += line.dropLast() + " "; continue }
                    joined.append(pending + line)
                    pending = ""
                }
                for line in joined where line.hasPrefix("cimnas ") { out.append((page, line)) }
            }
        }
        return out
    }

    /// The fenced `json` block that follows `marker` in a docs page.
    static func jsonBlock(_ page: String, after marker: String) throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
        let section = try #require(text.components(separatedBy: marker).dropFirst().first, "\(page): no '\(marker)'")
        return try #require(section.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "```").first)
    }

    /// Every docs command runs (exit 0) in one scratch folder that holds the files the pages name: the design
    /// JSON examples, a workload CSV, a second weights file, `datasets/` and a database with three short runs.
    @Test func docsCommandsRun() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createSymbolicLink(at: dir.appendingPathComponent("datasets"), withDestinationURL: Self.root.appendingPathComponent("datasets"))
        try Self.jsonBlock("docs/user-guide.md", after: "### Design JSON").write(to: dir.appendingPathComponent("my-design.json"), atomically: true, encoding: .utf8)
        try Self.jsonBlock("docs/sram-macros.md", after: "`sram.json` is a design JSON").write(to: dir.appendingPathComponent("sram.json"), atomically: true, encoding: .utf8)
        try fm.copyItem(at: Self.root.appendingPathComponent("datasets/workloads/resnet18.csv"), to: dir.appendingPathComponent("my-network.csv"))
        try fm.copyItem(at: Self.root.appendingPathComponent("datasets/predictors/cimnas-default.weights"), to: dir.appendingPathComponent("other.weights"))
        for seed in 1...3 {
            let r = try Self.shell("cimnas search --population 10 --generations 2 --quiet --seed \(seed) > /dev/null", in: dir)
            try #require(r.status == 0, "\(r.stderr)")
        }

        let pages = ["user-guide.md", "search.md", "cost-model.md", "accuracy.md", "precompute-and-scale.md",
                     "database.md", "sram-macros.md", "guarantees.md"].map { "docs/" + $0 }
        let commands = try Self.docsCommands(pages: pages)
        #expect(commands.count >= 40, "found \(commands.count) docs commands")
        var ran = 0
        for (page, command) in commands {
            if Self.notRun.contains(where: { command.hasPrefix($0.prefix) }) { continue }
            let r = try Self.shell(command, in: dir)
            #expect(r.status == 0, "\(page): `\(command)` exited \(r.status): \(r.stderr)")
            ran += 1
        }
        #expect(ran == commands.count - Self.notRun.count, "every not-run entry matches exactly one command")

        // The SQL examples of docs/database.md, as one script through `cimnas sql -`.
        let database = try String(contentsOf: Self.root.appendingPathComponent("docs/database.md"), encoding: .utf8)
        let sql = try #require(database.components(separatedBy: "```sql\n").dropFirst().first?.components(separatedBy: "```").first)
        let r = try CLIRunner.run(["sql", "-"], in: dir, stdin: sql)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
