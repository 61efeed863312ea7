import Foundation
import Testing

@Suite struct SRAMCommandTests {
    @Test func macrosListsTheFourPublishedMacros() throws {
        let r = try CLIRunner.run(["sram", "macros", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[1].hasPrefix("sinangil_jssc_2021,7,0.8,4,4,0.3724,"))
    }

    /// CiMLoop's Sinangil law ((V/0.8)^1.7) is one flag away: at 1 V its TOPS/W is about 3 % above the
    /// fitted law's (exponent 1.8); macros without a separate CiMLoop calibration are unaffected.
    @Test func calibrationFlagSelectsCiMLoopLaw() throws {
        func tops(_ cal: String, _ macro: String) throws -> Double {
            let r = try CLIRunner.run(["sram", "macros", "--macro", macro, "--voltage", "1.0", "--calibration", cal,
                                       "--format", "csv"])
            #expect(r.status == 0)
            return Double(r.stdout.split(separator: "\n")[1].split(separator: ",")[6])!
        }
        #expect(try tops("cimloop", "sinangil_jssc_2021") > tops("fitted", "sinangil_jssc_2021") * 1.01)
        #expect(try tops("cimloop", "wang_vlsi_2022") == tops("fitted", "wang_vlsi_2022"))
        let bad = try CLIRunner.run(["sram", "macros", "--calibration", "nope"])
        #expect(bad.status == 2 && bad.stderr.contains("--calibration: unknown calibration 'nope'"))
    }

    @Test func evaluateBaselineHasUnitRatios() throws {
        let r = try CLIRunner.run(["sram", "evaluate", "--format", "csv"])
        #expect(r.status == 0)
        // The chip's row carries its gains over the baseline (×) and its top-1 difference (points).
        let lines = r.stdout.split(separator: "\n")
        #expect(lines[0].hasSuffix(",edap_reduction,tops_per_w_gain,tops_per_mm2_gain,top1_difference_points"))
        let this = try #require(lines.first { $0.hasPrefix("this,") })
        #expect(this.hasSuffix(",1,1,1,0"), "\(this)")
        #expect(lines.count == 3, "rows: this and baseline")
    }

    @Test func badFlagsFailWithOneLine() throws {
        let tech = try CLIRunner.run(["sram", "macros", "--tech", "3"])
        #expect(tech.status == 2)
        #expect(tech.stderr.hasPrefix("cimnas: --tech: expected a node in 7–130 nm, got 3.0"))
        let macro = try CLIRunner.run(["sram", "macros", "--macro", "nope"])
        #expect(macro.status == 2 && macro.stderr.contains("--macro: unknown macro 'nope'"))
        let bits = try CLIRunner.run(["sram", "evaluate", "--bits", "2"])
        #expect(bits.status == 2 && bits.stderr.contains("--bits: expected 4–16, got 2"))
    }

    @Test func smallSearchReportsGains() throws {
        let r = try CLIRunner.run(["sram", "search", "--population", "6", "--generations", "2", "--seed", "3"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("gains       EDAP reduction"))
    }
}

@Suite struct SRAMSearchCommandTests {
    /// `cimnas search --space sram-resnet50-7nm` uses the SRAM cost model, the ResNet50 accuracy model and the
    /// SRAM baseline, and reports the EDAP reduction and TOPS/W, TOPS/mm² gains.
    @Test func searchOnTheSRAMSpaceReportsGainsAgainstTheSRAMBaseline() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["search", "--space", "sram-resnet50-7nm", "--db", dir.appendingPathComponent("s.sqlite").path,
                                   "--population", "6", "--generations", "2", "--quiet", "--workers", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("EDAP reduction"))
        #expect(r.stdout.contains("TOPS/W gain") && r.stdout.contains("TOPS/mm² gain"))
        #expect(r.stdout.contains("baseline: ResNet50, 8-bit, on the default SRAM macro chip"))
        #expect(r.stdout.contains("cell=sram;net=resnet50"))
        #expect(r.stdout.contains("hardware     SRAM macros "))
    }

    @Test func twoStageIsRejectedForTheSRAMSpace() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["search", "--space", "sram-resnet50-7nm", "--algorithm", "two-stage",
                                   "--db", dir.appendingPathComponent("s.sqlite").path, "--quiet"])
        #expect(r.status == 2) // a usage error, found before the database is created
        #expect(r.stderr.contains("two-stage needs a mobilenetv2 space"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.sqlite").path))
    }
}

@Suite struct SRAMEvaluateCommandTests {
    static let design = """
    {"hardware": {"voltage_v": 0.8, "bits_per_cell": 1, "base_latency_s": 4e-09, "rows": 64, "cols": 64,
      "router_group": 1, "tiles_per_chip": 1024, "macros_per_tile": 64, "glb_depth": 16384,
      "adc_bits": 4, "technology_nm": 7, "cell_type": "sram"}, "network": "resnet50"}
    """

    /// A design with cell type `sram` is evaluated by the SRAM chip model; --node moves it to another node.
    @Test func sramDesignUsesTheSRAMModelAndNode() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("sram.json")
        try Self.design.write(to: file, atomically: true, encoding: .utf8)
        let at7 = try CLIRunner.run(["evaluate", "--design", file.path, "--format", "csv"])
        #expect(at7.status == 0, "\(at7.stderr)")
        let row7 = at7.stdout.split(separator: "\n")[1].split(separator: ",")
        #expect(row7[0] == "sram" && row7[1] == "7")
        let sram = try CLIRunner.run(["sram", "evaluate", "--format", "csv"])
        let base = sram.stdout.split(separator: "\n").first { $0.hasPrefix("baseline,") }!.split(separator: ",")
        #expect(row7[2] == base[1] && row7[4] == base[3])   // same energy and area as the experiment's baseline
        let at22 = try CLIRunner.run(["evaluate", "--design", file.path, "--node", "22", "--format", "csv"])
        let row22 = at22.stdout.split(separator: "\n")[1].split(separator: ",")
        #expect(Double(row22[2])! > Double(row7[2])! && Double(row22[4])! > Double(row7[4])!)
        let bad = try CLIRunner.run(["evaluate", "--design", file.path, "--node", "3"])
        #expect(bad.status == 2 && bad.stderr.contains("--node: 3.0, expected 7–130 nm"))
    }

    /// The baseline's 4-bit ADC costs its 8-bit layers 0.75 point (75.28 % instead of 76.03 %); a 6-bit ADC
    /// costs them (D(6) − D(8))/2 = (0.4 − 0.1)/2 = 0.15 point; 512 rows on a 4-bit ADC are refused in one line.
    @Test func sramEvaluateReportsTheADCDrop() throws {
        let base = try CLIRunner.run(["sram", "evaluate", "--format", "csv"])
        #expect(base.status == 0, "\(base.stderr)")
        let lines = base.stdout.split(separator: "\n")
        #expect(lines[0].contains(",top1_percent,adc_drop_points,"))
        let row = lines.first { $0.hasPrefix("baseline,") }!.split(separator: ",")
        #expect(abs(Double(row[8])! - 75.28) < 1e-6 && abs(Double(row[9])! - 0.75) < 1e-6)
        let six = try CLIRunner.run(["sram", "evaluate", "--adc-bits", "6", "--format", "csv"])
        let sixRow = six.stdout.split(separator: "\n").first { $0.hasPrefix("this,") }!.split(separator: ",")
        #expect(abs(Double(sixRow[9])! - 0.15) < 1e-6)
        let refused = try CLIRunner.run(["sram", "evaluate", "--rows", "512"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("4-bit ADC over 512 rows leaves 2.77 operand-equivalent bits, below the model's 3-bit floor"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
    }
}
