import Foundation
import Testing

/// `--macro` on `cimnas search`, `sram evaluate`, `sram search` and `precompute`, through the built binary.
@Suite struct SRAMMacroCommandTests {
    static func sql(_ query: String, db: String, in dir: URL) throws -> [String] {
        let r = try CLIRunner.run(["sql", "--db", db, "--format", "csv", query], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").dropFirst().map(String.init)
    }

    @Test func macroOnAnRRAMSpaceIsAOneLineUsageError() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["search", "--db", "s.sqlite", "--macro", "wang", "--quiet"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--macro: space cimnas-rram-32nm is not an SRAM space"), "\(r.stderr)")
        // One error line (the usage hint that follows every usage error aside).
        #expect(r.stderr.split(separator: "\n").filter { $0.contains("--macro") }.count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.sqlite").path))
        let pre = try CLIRunner.run(["precompute", "--db", "p.sqlite", "--network", "standard-mbv2", "--macro", "jia"], in: dir)
        #expect(pre.status == 2 && pre.stderr.contains("--macro: space cimnas-rram-32nm is not an SRAM space"), "\(pre.stderr)")
        let unknown = try CLIRunner.run(["search", "--space", "sram-resnet50-7nm", "--db", "s.sqlite", "--macro", "nope"], in: dir)
        #expect(unknown.status == 2 && unknown.stderr.contains("--macro: unknown macro 'nope', expected sinangil|wang|jia|colonnade"))
    }

    /// A Wang run stores Wang rows and its macro; `--resume` re-reads it with the Wang models (and refuses `--macro`).
    @Test func searchStoresTheMacroAndResumeKeepsIt() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["search", "--space", "sram-resnet50-7nm", "--db", "s.sqlite", "--macro", "wang_vlsi_2022",
                                   "--population", "6", "--generations", "2", "--seed", "4", "--quiet", "--workers", "1",
                                   "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["sram_macro"] as? String == "wang_vlsi_2022" && json["baseline_macro"] as? String == "sinangil_jssc_2021")
        let settings = try Self.sql("SELECT settings_json FROM search_run WHERE id = 1", db: "s.sqlite", in: dir)
        #expect(settings.count == 1 && settings[0].contains("wang_vlsi_2022"), "\(settings)")
        let versions = try Self.sql("SELECT DISTINCT model_version FROM design ORDER BY 1", db: "s.sqlite", in: dir)
        #expect(versions == ["sram-sinangil_jssc_2021-v4;mode=default", "sram-wang_vlsi_2022-v4;mode=default"], "\(versions)")

        let resumed = try CLIRunner.run(["search", "--db", "s.sqlite", "--resume", "1", "--quiet", "--format", "json"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        #expect(again["sram_macro"] as? String == "wang_vlsi_2022")
        let best = (json["best"] as? [String: Any])?["metrics"] as? [String: Any]
        let bestAgain = (again["best"] as? [String: Any])?["metrics"] as? [String: Any]
        #expect(best != nil && (best?["energy_j"] as? Double) == (bestAgain?["energy_j"] as? Double))
        let table = try CLIRunner.run(["search", "--db", "s.sqlite", "--resume", "1", "--quiet"], in: dir)
        #expect(table.stdout.contains("for every macro; designs use wang macros (wang_vlsi_2022)"), "\(table.stdout)")
        let refused = try CLIRunner.run(["search", "--db", "s.sqlite", "--resume", "1", "--macro", "jia"], in: dir)
        #expect(refused.status == 2 && refused.stderr.contains("--macro cannot be given"), "\(refused.stderr)")
    }

    /// `sram evaluate --macro`: the design is a chip of that macro, the baseline row stays the Sinangil chip;
    /// a voltage outside the macro's range is one line, exit 1.
    @Test func sramEvaluateUsesTheMacroAgainstTheSinangilBaseline() throws {
        func rows(_ args: [String]) throws -> [String: String] {
            let r = try CLIRunner.run(["sram", "evaluate", "--format", "csv"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return Dictionary(uniqueKeysWithValues: r.stdout.split(separator: "\n").dropFirst().map {
                (String($0.prefix { $0 != "," }), String($0))
            })
        }
        let sinangil = try rows([])
        let wang = try rows(["--macro", "wang", "--cols", "128"])
        #expect(wang["baseline"] == sinangil["baseline"])
        #expect(wang["this"] != sinangil["this"] && wang["ratio"] != sinangil["ratio"])
        let jia = try CLIRunner.run(["sram", "evaluate", "--macro", "jia"])
        #expect(jia.status == 1)
        #expect(jia.stderr.contains("SRAM voltage: 0.8 V is outside the jia macro's characterised 0.85–1.2 V"), "\(jia.stderr)")
        #expect(jia.stderr.split(separator: "\n").count == 1)
        #expect(try rows(["--macro", "jia_jssc_2020", "--voltage", "0.9"])["this"] != nil)
        let bad = try CLIRunner.run(["sram", "evaluate", "--macro", "nope"])
        #expect(bad.status == 2 && bad.stderr.contains("--macro: unknown macro 'nope'"))
    }

    @Test func sramMacrosAcceptsShortNames() throws {
        let short = try CLIRunner.run(["sram", "macros", "--macro", "jia", "--format", "csv"])
        let full = try CLIRunner.run(["sram", "macros", "--macro", "jia_jssc_2020", "--format", "csv"])
        #expect(short.status == 0 && short.stdout == full.stdout && short.stdout.contains("\njia_jssc_2020,65,0.85,"))
    }

    @Test func sramSearchTakesTheMacro() throws {
        let r = try CLIRunner.run(["sram", "search", "--population", "4", "--generations", "2", "--seed", "3", "--macro", "colonnade"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("colonnade macros; baseline: Sinangil chip for every macro"), "\(r.stdout)")
    }

    /// Precomputing with `--macro` stores that macro's rows; voltages outside its range are stored infeasible.
    @Test func precomputeTakesTheMacro() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["precompute", "--db", "p.sqlite", "--space", "sram-resnet50-7nm", "--network", "resnet50",
                                   "--macro", "colonnade", "--quiet", "--fix",
                                   "rows=128,cols=256,adc_bits=4,tiles_per_chip=1024,macros_per_tile=64,glb_depth=16384"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("8/8 points, 8 stored"), "\(r.stdout)")
        let rows = try Self.sql("""
            SELECT d.model_version, d.predictor_version, h.voltage_v, d.feasible FROM design AS d
            JOIN hw_config AS h ON h.id = d.hw_config_id ORDER BY h.voltage_v
            """, db: "p.sqlite", in: dir)
        #expect(rows.count == 8, "\(rows)")
        #expect(rows.allSatisfy { $0.hasPrefix("sram-colonnade_jssc_2021-v4;mode=default,resnet50-quant-v2-adc-colonnade_jssc_2021;mode=default,") })
        // Colonnade is characterised over 0.6–0.8 V: the space's 0.65–0.8 V are feasible, 0.85–1.0 V not.
        #expect(rows.map { $0.split(separator: ",").last.map(String.init) ?? "" } == ["1", "1", "1", "1", "0", "0", "0", "0"], "\(rows)")
    }
}
