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

    @Test func evaluateBaselineHasUnitRatios() throws {
        let r = try CLIRunner.run(["sram", "evaluate", "--format", "csv"])
        #expect(r.status == 0)
        let ratio = r.stdout.split(separator: "\n").first { $0.hasPrefix("ratio,") }
        #expect(ratio == "ratio,1,1,1,1,1,1,1,0")
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
