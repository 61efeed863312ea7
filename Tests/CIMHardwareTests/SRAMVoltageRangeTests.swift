import CIMHardware
import Testing

/// Each macro's characterised supply range (`SRAMMacroDesign.voltageRange_v`) and the chip's refusal to
/// extrapolate its voltage laws outside it.
@Suite struct SRAMVoltageRangeTests {
    static let layer = LayerWorkload(name: "c", shape: LayerShape(C: 64, M: 64, R: 3, S: 3, P: 14, Q: 14),
                                     inputBits: 8, weightBits: 8)

    static func chip(_ design: SRAMMacroDesign, voltage_v: Double) -> SRAMChipModel {
        var hw = HardwareConfig.sramBaseline7nm
        hw.voltage_v = voltage_v
        return SRAMChipModel(chip: SRAMChip(hardware: hw, design: design), technology: TestTechnology.parameters)
    }

    /// The papers' measured sweeps (docs/sram-macros.md and the macro files).
    @Test func rangesAreThePublishedSweeps() {
        #expect(SRAMMacroDesign.sinangil.voltageRange_v == 0.65...1.0)
        #expect(SRAMMacroDesign.wang.voltageRange_v == 0.7...1.1)
        #expect(SRAMMacroDesign.jia.voltageRange_v == 0.85...1.2)
        #expect(SRAMMacroDesign.colonnade.voltageRange_v == 0.6...0.8)
        // Every published reference point lies inside its own range.
        for d in SRAMMacroDesign.allCases { #expect(d.supports(voltage_v: d.referencePoint.voltage_v), "\(d)") }
    }

    /// Both ends of a range evaluate; just outside is refused with one line naming the macro and its range.
    @Test func chipsOutsideTheRangeAreRefused() throws {
        for d in SRAMMacroDesign.allCases {
            let r = d.voltageRange_v
            for v in [r.lowerBound, r.upperBound] {
                let cost = try Self.chip(d, voltage_v: v).evaluate(Self.layer)
                #expect(cost.energy_j > 0 && cost.latency_s > 0, "\(d) \(v)")
            }
            for v in [r.lowerBound - 0.05, r.upperBound + 0.05] {
                #expect(throws: SRAMMappingError.self, "\(d) \(v)") { try Self.chip(d, voltage_v: v).evaluate(Self.layer) }
            }
        }
        do {
            _ = try Self.chip(.jia, voltage_v: 0.8).evaluate(Self.layer)
            Issue.record("Jia at 0.8 V evaluated")
        } catch {
            #expect(error.message == "SRAM voltage: 0.8 V is outside the jia macro's characterised 0.85–1.2 V")
        }
    }

    /// Sinangil over the experiment space's 0.65–1.0 V is unaffected: the whole network evaluates.
    @Test func sinangilSpaceVoltagesStillEvaluate() throws {
        for v in [0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0] {
            #expect(throws: Never.self) { try Self.chip(.sinangil, voltage_v: v).evaluate(Self.layer) }
        }
    }

    @Test func namesAcceptShortAndFullForms() {
        #expect(SRAMMacroDesign(name: "wang") == .wang)
        #expect(SRAMMacroDesign(name: "Colonnade") == .colonnade)
        #expect(SRAMMacroDesign(name: "jia_jssc_2020") == .jia)
        #expect(SRAMMacroDesign(name: "sinangil_jssc_2021") == .sinangil)
        #expect(SRAMMacroDesign(name: "nope") == nil)
        #expect(SRAMMacroDesign.nameList == "sinangil|wang|jia|colonnade")
    }
}
