import Foundation
import Testing

/// Search spaces from files (issue 20): `space init`, `space validate`, `--space FILE.json` on search,
/// precompute and space show, positioned errors, and the space digest stored with runs and jobs.
@Suite struct SpaceFileTests {
    /// A user space from `space init`: rows as a geometric range, ADC resolution fixed, an area bound.
    static func userSpace(in dir: URL) throws -> URL {
        let start = try CLIRunner.run(["space", "init", "--from", "cimnas-rram-32nm"], in: dir)
        #expect(start.status == 0, "\(start.stderr)")
        var text = start.stdout
        let rows = "{\"name\": \"rows\", \"values\": [32, 64, 128, 256, 512]}"
        #expect(text.contains(rows))
        text = text.replacingOccurrences(of: rows, with: "{\"name\": \"rows\", \"range\": {\"from\": 64, \"to\": 256, \"factor\": 2}}")
        text = text.replacingOccurrences(of: "\"name\": \"cimnas-rram-32nm\",",
                                         with: "\"name\": \"my-space\",\n  \"fixed\": {\"adc_bits\": 6},\n  \"constraints\": {\"max_area_mm2\": 300},")
        let url = dir.appendingPathComponent("my.json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func initValidateShowAndAUserSpaceInSearchAndPrecompute() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.userSpace(in: dir)
        let valid = try CLIRunner.run(["space", "validate", "my.json"], in: dir)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.hasPrefix("my.json: valid space my-space, network mobilenetv2, 142 knobs,"), "\(valid.stdout)")
        let sha = try #require(valid.stdout.split(separator: " ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sha.count == 64)
        let show = try CLIRunner.run(["space", "show", "--space", "my.json", "--format", "csv"], in: dir)
        #expect(show.stdout.contains("\n3,rows,3,64 128 256\n") && show.stdout.contains(",adc_bits,1,6\n"), "\(show.stdout)")

        // Search: the file's bound applies (no --max-area flag), its digest is stored with the run.
        let search = try CLIRunner.run(["search", "--db", "s.sqlite", "--space", "my.json", "--population", "4", "--generations", "1",
                                        "--quiet", "--workers", "1", "--format", "json"], in: dir)
        #expect(search.status == 0, "\(search.stderr)")
        let run = try TechnologyEverywhereTests.sql("SELECT space, space_sha256, technology_sha256 != '' FROM search_run",
                                                    db: "s.sqlite", in: dir)
        #expect(run == ["my-space,\(sha),1"], "\(run)")
        let settings = try TechnologyEverywhereTests.sql("SELECT settings_json FROM search_run", db: "s.sqlite", in: dir)
        #expect(settings.first?.contains("maxArea_mm2\"\":300") == true, "\(settings)")
        // Resume reads the stored space, not the file (which may have changed since).
        try "{}".write(to: dir.appendingPathComponent("my.json"), atomically: true, encoding: .utf8)
        let resumed = try CLIRunner.run(["search", "--db", "s.sqlite", "--resume", "1", "--quiet"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")

        _ = try Self.userSpace(in: dir)
        let fix = "voltage_v=0.7,bits_per_cell=4,base_latency_s=4e-09,cols=128,router_group=8,tiles_per_chip=16,macros_per_tile=16,glb_depth=16384"
        let pre = try CLIRunner.run(["precompute", "--db", "p.sqlite", "--space", "my.json", "--network", "standard-mbv2",
                                     "--fix", fix, "--quiet"], in: dir)
        #expect(pre.status == 0 && pre.stdout.contains("3/3 points"), "\(pre.stdout)\(pre.stderr)")
        let job = try TechnologyEverywhereTests.sql("SELECT space, space_sha256 FROM precompute_job", db: "p.sqlite", in: dir)
        #expect(job == ["my-space,\(sha)"], "\(job)")
    }

    @Test func unknownKnobIsOneLineWithItsPositionAndTheValidKnobs() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.userSpace(in: dir)
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "{\"name\": \"cols\",", with: "{\"name\": \"colz\",")
        try text.write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("\"colz\"") }) + 1
        let column = try #require(lines[line - 1].range(of: "\"colz\"")).lowerBound.utf16Offset(in: lines[line - 1]) + 1
        let expected = "cimnas: bad.json:\(line):\(column): unknown knob 'colz', expected one of voltage_v, bits_per_cell, base_latency_s, rows, cols,"
        for args in [["space", "validate", "bad.json"], ["space", "show", "bad.json"],
                     ["search", "--db", "s.sqlite", "--space", "bad.json", "--quiet"],
                     ["precompute", "--db", "p.sqlite", "--space", "bad.json", "--network", "standard-mbv2"]] {
            let r = try CLIRunner.run(args, in: dir)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix(expected) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.sqlite").path))

        // Values and types are located too.
        let wrongValue = text.replacingOccurrences(of: "\"colz\"", with: "\"cols\"")
            .replacingOccurrences(of: "\"fixed\": {\"adc_bits\": 6}", with: "\"fixed\": {\"adc_bits\": \"six\"}")
        try wrongValue.write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["space", "validate", "bad.json"], in: dir)
        #expect(r.status == 1 && r.stderr.hasPrefix("cimnas: bad.json:3:25: knob 'adc_bits': value six is not a positive integer"), "\(r.stderr)")
        try "{\"name\": \"x\", \"network\": \"mobilenetv2\", \"knobs\": [}".write(
            to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let syntax = try CLIRunner.run(["space", "validate", "bad.json"], in: dir)
        #expect(syntax.status == 1 && syntax.stderr.hasPrefix("cimnas: bad.json:1:51: not valid JSON"), "\(syntax.stderr)")
    }

    /// A space file copied into the datasets folder's spaces/ is known by name, like the built-in ones.
    @Test func spacesInTheDatasetsFolderAreKnownByName() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spaces = dir.appendingPathComponent("data/spaces")
        try FileManager.default.createDirectory(at: spaces, withIntermediateDirectories: true)
        let url = try Self.userSpace(in: dir)
        try FileManager.default.copyItem(at: url, to: spaces.appendingPathComponent("mine.json"))
        let env = ["CIMNAS_DATASETS": dir.appendingPathComponent("data").path]
        let list = try CLIRunner.run(["space", "list", "--format", "csv"], in: dir, environment: env)
        #expect(list.stdout.contains("\nmy-space,mobilenetv2,142,"), "\(list.stdout)")
        let show = try CLIRunner.run(["space", "show", "mine", "--format", "csv"], in: dir, environment: env)
        #expect(show.status == 0 && show.stdout.contains(",adc_bits,1,6\n"), "\(show.stderr)")
    }

    @Test func builtInSpacesAreFilesOfTheSameFormat() throws {
        let list = try CLIRunner.run(["space", "list", "--format", "csv"])
        let names = list.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(names.count >= 4)
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in names {
            let text = try CLIRunner.run(["space", "init", "--from", name]).stdout
            try text.write(to: dir.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
            let fromFile = try CLIRunner.run(["space", "show", "\(name).json", "--format", "csv"], in: dir)
            let builtIn = try CLIRunner.run(["space", "show", name, "--format", "csv"], in: dir)
            #expect(fromFile.status == 0 && fromFile.stdout == builtIn.stdout, "\(name): \(fromFile.stderr)")
        }
        let unknown = try CLIRunner.run(["space", "init", "--from", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--from: unknown search space 'nope', expected one of cimnas-rram-32nm"))
    }
}
