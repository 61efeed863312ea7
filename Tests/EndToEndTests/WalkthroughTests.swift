import Foundation
import Testing

/// Runs the walk-through of docs/technologies-and-spaces.md block by block (files with `file=NAME` are
/// written, `sh` lines are `cimnas` commands) and checks what each step shows.
@Suite struct WalkthroughTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/technologies-and-spaces.md")

    /// A step of the walk-through: a file to write or a command to run.
    enum Step {
        case file(name: String, text: String)
        case command([String])
    }

    /// The fenced blocks after the walk-through heading.
    static func steps() throws -> [Step] {
        let text = try String(contentsOf: doc, encoding: .utf8)
        let start = try #require(text.range(of: "## Walk-through"))
        var steps: [Step] = []
        var header: String?
        var body: [String] = []
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let h = header {
                if line == "```" {
                    if let name = h.split(separator: " ").first(where: { $0.hasPrefix("file=") }) {
                        steps.append(.file(name: String(name.dropFirst(5)), text: body.joined(separator: "\n") + "\n"))
                    } else if h == "sh" {
                        for command in body where command.hasPrefix("cimnas ") {
                            steps.append(.command(try words(String(command.dropFirst("cimnas ".count)))))
                        }
                    }
                    header = nil
                    body = []
                } else {
                    body.append(line)
                }
            } else if line.hasPrefix("```") {
                header = String(line.dropFirst(3))
            }
        }
        return steps
    }

    /// Splits a command line into words; double quotes group words (no escapes are used in the doc).
    static func words(_ line: String) throws -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == " " && !quoted {
                if !current.isEmpty { out.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        #expect(!quoted, "unbalanced quotes in \(line)")
        if !current.isEmpty { out.append(current) }
        return out
    }

    @Test func everyStepRunsAndShowsWhatTheDocSays() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var results: [(args: [String], result: CLIRunner.Result)] = []
        for step in try Self.steps() {
            switch step {
            case .file(let name, let text):
                try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            case .command(let args):
                let r = try CLIRunner.run(args, in: dir)
                #expect(r.status == 0, "\(args): \(r.stderr)")
                results.append((args, r))
            }
        }
        func output(_ first: String, _ second: String) throws -> String {
            try #require(results.first { $0.args.first == first && $0.args.dropFirst().first == second }).result.stdout
        }
        #expect(results.count == 10)
        #expect(try output("tech", "diff").contains("r_off"))
        #expect(try output("space", "validate").hasPrefix("cells.json: valid space cells, network mobilenetv2, 5 knobs, 72 points"))
        let jobs = try output("precompute", "--db").split(separator: "\n")
        #expect(jobs.count == 2 && jobs[0].contains("on cimnas_32nm: 36/36 points") && jobs[1].contains("on high_roff@1: 36/36 points"),
                "\(jobs)")
        // Best EDAP per technology: both cells have the same feasible designs; the high-R_off cell wins.
        let best = try output("sql", "--db").split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(best.count == 2, "\(best)")
        #expect(best.first?.first == "cimnas_32nm+high_roff.v1@1" && best.last?.first.map { $0.hasPrefix("cimnas_32nm@") } == true)
        #expect(best.first?[1] == best.last?[1])
        let winnerText = try #require(best.first?[2]), shippedText = try #require(best.last?[2])
        let winner = try #require(Double(winnerText)), shipped = try #require(Double(shippedText))
        #expect(winner < shipped)
        let query = try output("query", "best_edap_pareto").split(separator: "\n")
        #expect(query.count == 2 && query[1].contains("cimnas_32nm+high_roff.v1@1"), "\(query)")
        // The query's best is the SQL's best of that technology.
        let queryField = try #require(query[1].split(separator: ",").dropFirst().first)
        let queryEDAP = try #require(Double(String(queryField)))
        #expect(queryEDAP == winner)
        // The short imported name selects the same designs as the full label; another version selects none.
        let queries = results.filter { $0.args.prefix(2) == ["query", "best_edap_pareto"] }.map(\.result.stdout)
        #expect(queries.count == 2 && queries[1] == queries[0], "\(queries)")
        for (filter, rows) in [("high_roff@1", 1), ("high_roff@2", 0), ("cimnas_32nm", 1)] {
            let r = try CLIRunner.run(["query", "best_edap_pareto", "--db", "walk.sqlite", "--format", "csv",
                                       "--param", "technology=\(filter)"], in: dir)
            let lines = r.stdout.split(separator: "\n").dropFirst()
            #expect(r.status == 0 && lines.count == rows, "\(filter): \(r.stdout)\(r.stderr)")
            if filter == "high_roff@1" { #expect(r.stdout == queries[0]) }
            if filter == "cimnas_32nm" { #expect(lines.first?.contains(",cimnas_32nm@") == true, "\(r.stdout)") }
        }
        let searches = results.filter { $0.args.first == "search" }.map(\.result.stdout)
        #expect(searches.count == 2)
        let search = try #require(try JSONSerialization.jsonObject(with: Data(searches[0].utf8)) as? [String: Any])
        let bestDesign = try #require(search["best"] as? [String: Any])
        #expect(bestDesign["feasible"] as? Bool == true)
        #expect(bestDesign["technology"] == nil)
        // The search that chooses the cell: its members were costed on both cells, and the best is the
        // lowest-objective member, stored under the technology the report names.
        let chooser = try #require(try JSONSerialization.jsonObject(with: Data(searches[1].utf8)) as? [String: Any])
        let chosen = try #require(chooser["best"] as? [String: Any])
        let chosenTechnology = try #require(chosen["technology"] as? String)
        #expect(["cimnas_32nm", "high_roff@1"].contains(chosenTechnology))
        let runID = try #require(chooser["run_id"] as? Int)
        let labels = try TechnologyEverywhereTests.sql(
            "SELECT DISTINCT d.technology FROM search_member AS m JOIN design AS d ON d.id = m.design_id WHERE m.run_id = \(runID) ORDER BY 1",
            db: "walk.sqlite", in: dir)
        #expect(labels.count == 2 && labels[0].hasPrefix("cimnas_32nm+high_roff.v1@") && labels[1].hasPrefix("cimnas_32nm@"), "\(labels)")
        let bestRow = try TechnologyEverywhereTests.sql(
            "SELECT d.technology, d.energy_j FROM search_member AS m JOIN design AS d ON d.id = m.design_id WHERE m.run_id = \(runID) ORDER BY m.objective, d.id LIMIT 1",
            db: "walk.sqlite", in: dir)
        let bestFields = try #require(bestRow.first).split(separator: ",").map(String.init)
        let expectedLabel = chosenTechnology == "high_roff@1" ? "cimnas_32nm+high_roff.v1@" : "cimnas_32nm@"
        #expect(bestFields[0].hasPrefix(expectedLabel), "\(bestRow) vs \(chosenTechnology)")
        let chosenEnergy = try #require((chosen["metrics"] as? [String: Any])?["energy_j"] as? Double)
        // Within 1e-12 relative: the stored REAL printed as CSV text against the JSON's number.
        #expect(abs((Double(bestFields[1]) ?? .nan) - chosenEnergy) <= 1e-12 * chosenEnergy, "\(bestRow) vs \(chosenEnergy)")
        let runs = try TechnologyEverywhereTests.sql("SELECT space, technology_sha256 != '' FROM search_run", db: "walk.sqlite", in: dir)
        #expect(runs == ["cells,1", "cells,1"], "\(runs)")
        let info = try output("info", "--db").split(separator: "\n").map(String.init)
        // The 36 precomputed (quantization-only) designs plus the search's hardware-aware ones, stored under their own key.
        let onChip = try TechnologyEverywhereTests.sql("SELECT count(*) FROM design WHERE hw_accuracy_version != '' AND technology = 'cimnas_32nm+high_roff.v1@1'",
                                                       db: "walk.sqlite", in: dir)
        let searched = Int(onChip.first ?? "") ?? 0
        #expect(searched > 0)
        #expect(info.contains { $0.hasPrefix("technology,cimnas_32nm+high_roff.v1@1,\"sha256 ") && $0.hasSuffix(",\(36 + searched)") }, "\(info)")
        #expect(info.contains { $0.hasPrefix("technology,high_roff@1,") && $0.hasSuffix(",0") }, "\(info)")
        #expect(info.contains { $0.hasPrefix("space,cells,\"sha256 ") && $0.hasSuffix(" 2 search runs; count = precompute jobs\",2") }, "\(info)")
        // --tech must name one of the knob's values.
        let stray = try CLIRunner.run(["search", "--db", "walk.sqlite", "--space", "cells.json", "--tech", "cimnas_32nm,high_roff@1", "--quiet"], in: dir)
        #expect(stray.status == 2 && stray.stderr.hasPrefix(
            "cimnas: --tech: cimnas_32nm,high_roff@1 is not in space cells's technology knob [cimnas_32nm, high_roff@1]"),
            "\(stray.stderr)")
        let pinned = try CLIRunner.run(["precompute", "--db", "walk.sqlite", "--space", "cells.json", "--network", "standard-mbv2",
                                        "--fix", "technology=high_roff@1,rows=128", "--quiet"], in: dir)
        #expect(pinned.status == 0 && pinned.stdout.contains("12/12 points, 0 stored, 12 already present"), "\(pinned.stdout)\(pinned.stderr)")
    }
}
