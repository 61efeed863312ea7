import CIMHardware
import Foundation
import Testing

/// Published figures of the four SRAM macros (Tests/Fixtures/sram_macros_published.json, copied from
/// CiMLoop's `_tests.py` reference values).
enum PublishedSRAM {
    nonisolated(unsafe) static let json: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/sram_macros_published.json")
        let data = try! Data(contentsOf: url)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static func figure(_ macro: String, _ name: String) -> [String: Any] {
        (json[macro] as! [String: Any])[name] as! [String: Any]
    }

    static func numbers(_ any: Any?) -> [Double] { (any as! [NSNumber]).map(\.doubleValue) }
    static func matrix(_ any: Any?) -> [[Double]] { (any as! [[NSNumber]]).map { $0.map(\.doubleValue) } }
    static func number(_ any: Any?) -> Double { (any as! NSNumber).doubleValue }
}

/// Signed relative error model/published − 1.
func signedErr(_ model: Double, _ published: Double) -> Double { model / published - 1 }

@Suite struct SinangilMacroTests {
    let macro = SRAMMacro.sinangil
    let scale = 0.25

    func point(_ v: Double, output: Double) -> SRAMOperatingPoint {
        let a = scale * output.squareRoot()
        return SRAMOperatingPoint(voltage_v: v, inputBits: 4, weightBits: 4, averageInput: a, averageWeight: a)
    }

    @Test func energyVsOutputValueWithin5Percent() {
        let fig = PublishedSRAM.figure("sinangil_jssc_2021", "fig13a_energy_vs_output_0p8V_pJ")
        for (out, e) in zip(PublishedSRAM.numbers(fig["output"]), PublishedSRAM.numbers(fig["energy_pJ"])) {
            let model = macro.evaluate(point(0.8, output: out)).energyPerMVM_pJ
            #expect(abs(signedErr(model, e)) < 0.05, "output \(out): \(model) vs \(e) pJ")
        }
    }

    /// Table I: TOPS within 1 %, TOPS/W within 10 % except the 1 V / output-6 entry, which is inconsistent
    /// with the paper's other entries (CiMLoop misses it by 26 %, we by 27 %): stated tolerance 30 %.
    @Test func tableOneTOPSAndTOPSPerWatt() {
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let vs = PublishedSRAM.numbers(t["voltage_v"]), outs = PublishedSRAM.numbers(t["output"])
        let tops = PublishedSRAM.numbers(t["tops"]), tpw = PublishedSRAM.numbers(t["tops_per_w"])
        for i in vs.indices {
            let ev = macro.evaluate(point(vs[i], output: outs[i]))
            #expect(abs(signedErr(ev.tops, tops[i])) < 0.01)
            let tol = (vs[i] == 1.0 && outs[i] == 6) ? 0.30 : 0.10
            #expect(abs(signedErr(ev.topsPerW, tpw[i])) < tol, "V \(vs[i]) out \(outs[i]): \(ev.topsPerW) vs \(tpw[i])")
        }
    }

    /// Fig. 13(b): worst-case energy vs supply. CiMLoop's (V/0.8)^1.7 follows Table I; the paper's Fig. 13(b)
    /// rises faster (E(1 V)/E(0.8 V) = 1.68 vs Table I's 1.39), so above 0.9 V the error reaches −15 %:
    /// 10 % up to 0.9 V, 16 % above (stated deviation, as in CiMLoop).
    @Test func worstCaseEnergyVsVoltage() {
        let fig = PublishedSRAM.figure("sinangil_jssc_2021", "fig13b_worstcase_energy_vs_voltage_pJ")
        for (v, e) in zip(PublishedSRAM.numbers(fig["voltage_v"]), PublishedSRAM.numbers(fig["energy_pJ"])) {
            let model = macro.evaluate(point(v, output: 15)).energyPerMVM_pJ
            #expect(abs(signedErr(model, e)) < (v <= 0.9 ? 0.10 : 0.16), "V \(v): \(model) vs \(e)")
        }
    }

    @Test func areaBreakdownMatchesSectionIV() {
        let ev = macro.evaluate(macro.referencePoint)
        let ref = PublishedSRAM.figure("sinangil_jssc_2021", "area_um2")
        for (group, area) in ref {
            #expect(abs(signedErr(ev.area_um2(group: group), PublishedSRAM.number(area))) < 0.01, "\(group)")
        }
    }

    @Test func widerWeightsHalveThroughput() {
        let four = macro.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: 4, weightBits: 4))
        let eight = macro.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: 8, weightBits: 8))
        // 8-bit weights use two CiM units and 8-bit inputs two temporal slices: 4× fewer MACs/s.
        #expect(abs(eight.tops / four.tops - 0.25) < 1e-12)
        #expect(eight.topsPerW < four.topsPerW)
    }
}

@Suite struct WangMacroTests {
    let macro = SRAMMacro.wang

    func eval(_ v: Double) -> SRAMMacroEvaluation {
        macro.evaluate(SRAMOperatingPoint(voltage_v: v, inputBits: 8, weightBits: 8))
    }

    @Test func voltageSweepWithin10Percent() {
        let fig = PublishedSRAM.figure("wang_vlsi_2022", "fig23")
        let area = PublishedSRAM.number((PublishedSRAM.json["wang_vlsi_2022"] as! [String: Any])["total_area_um2"])
        let vs = PublishedSRAM.numbers(fig["voltage_v"])
        for (i, v) in vs.enumerated() {
            let ev = eval(v)
            let mm2 = PublishedSRAM.numbers(fig["tops_per_mm2"])[i]
            #expect(abs(signedErr(ev.topsPerMM2, mm2)) < 0.10, "TOPS/mm² at \(v)")
            #expect(abs(signedErr(ev.tops, mm2 * area / 1e6)) < 0.10, "TOPS at \(v)")
            #expect(abs(signedErr(ev.topsPerW, PublishedSRAM.numbers(fig["tops_per_w"])[i])) < 0.10, "TOPS/W at \(v)")
        }
    }

    @Test func tableThreeWithin10Percent() {
        let t = PublishedSRAM.figure("wang_vlsi_2022", "table3")
        for (i, v) in PublishedSRAM.numbers(t["voltage_v"]).enumerated() {
            let ev = eval(v)
            #expect(abs(signedErr(ev.tops, PublishedSRAM.numbers(t["tops"])[i])) < 0.10)
            #expect(abs(signedErr(ev.topsPerW, PublishedSRAM.numbers(t["tops_per_w"])[i])) < 0.10)
            #expect(abs(signedErr(ev.topsPerMM2, PublishedSRAM.numbers(t["tops_per_mm2"])[i])) < 0.10)
        }
    }

    @Test func breakdownsMatchFigure22() {
        let ev = eval(1.0)
        let ef = PublishedSRAM.figure("wang_vlsi_2022", "fig22_energy_fraction")
        let af = PublishedSRAM.figure("wang_vlsi_2022", "fig22_area_fraction")
        for (group, f) in ef {
            #expect(abs(ev.energy_pJ(group: group) / ev.energyPerMVM_pJ - PublishedSRAM.number(f)) < 0.005)
        }
        for (group, f) in af {
            #expect(abs(signedErr(ev.area_um2(group: group), PublishedSRAM.number(f) * 124_000)) < 0.01)
        }
    }
}

@Suite struct JiaMacroTests {
    let macro = SRAMMacro.jia

    func eval(_ v: Double, inputBits: Int = 1) -> SRAMMacroEvaluation {
        macro.evaluate(SRAMOperatingPoint(voltage_v: v, inputBits: inputBits, weightBits: 1))
    }

    @Test func tableTwoOneBitMetricsWithin10Percent() {
        let t = PublishedSRAM.figure("jia_jssc_2020", "table2")
        for (i, v) in PublishedSRAM.numbers(t["voltage_v"]).enumerated() {
            let ev = eval(v)
            #expect(abs(signedErr(ev.tops, PublishedSRAM.numbers(t["tops_1b"])[i])) < 0.01)
            #expect(abs(signedErr(ev.topsPerW, PublishedSRAM.numbers(t["tops_per_w_1b"])[i])) < 0.10)
            #expect(abs(signedErr(ev.topsPerMM2, PublishedSRAM.numbers(t["tops_per_mm2_1b"])[i])) < 0.10)
        }
    }

    @Test func energyBreakdownWithin10Percent() {
        let t = PublishedSRAM.figure("jia_jssc_2020", "table1_energy_per_adc_use_pJ")
        for (i, v) in PublishedSRAM.numbers(t["voltage_v"]).enumerated() {
            let ev = eval(v)
            for group in ["ADC", "CiM", "NMC"] {
                let perUse = ev.energy_pJ(group: group) / 256
                #expect(abs(signedErr(perUse, PublishedSRAM.numbers(t[group])[i])) < 0.10, "\(group) at \(v)")
            }
        }
    }

    @Test func areaBreakdownMatchesFigure11() {
        let ev = eval(0.85)
        for (group, a) in PublishedSRAM.figure("jia_jssc_2020", "fig11_area_um2") {
            #expect(abs(signedErr(ev.area_um2(group: group), PublishedSRAM.number(a))) < 0.01, "\(group)")
        }
    }

    /// Fig. 10: bit-serial inputs divide TOPS by the input bits. The paper's 8-bit point is lower
    /// (0.874/9.375) because of its memory hierarchy, which neither CiMLoop nor we model: 1–4 bits within
    /// 1 %, 8 bits within the stated 18 %.
    @Test func throughputVsInputBits() {
        let fig = PublishedSRAM.figure("jia_jssc_2020", "fig10_tops_vs_input_bits")
        for (b, tops) in zip(PublishedSRAM.numbers(fig["input_bits"]), PublishedSRAM.numbers(fig["tops"])) {
            let ev = eval(0.85, inputBits: Int(b))
            #expect(abs(signedErr(ev.tops, tops)) < (b < 8 ? 0.01 : 0.18), "\(b) bits")
        }
    }
}

@Suite struct ColonnadeMacroTests {
    func forced(_ v: Double, inputBits: Int, weightBits: Int) -> SRAMMacroEvaluation {
        var m = SRAMMacro.colonnade
        m.forcedCycle_s = 10e-9
        return m.evaluate(SRAMOperatingPoint(voltage_v: v, inputBits: inputBits, weightBits: weightBits))
    }

    @Test func energyPerMACVsBitsAndVoltageWithin10Percent() {
        let a = PublishedSRAM.figure("colonnade_jssc_2021", "fig16a_fJ_per_MAC_in_eq_w_bits")
        let b = PublishedSRAM.figure("colonnade_jssc_2021", "fig16b_fJ_per_MAC_1b_input")
        let vs = PublishedSRAM.numbers(a["voltage_v"])
        for (i, row) in PublishedSRAM.matrix(a["fJ"]).enumerated() {
            for (j, fJ) in row.enumerated() {
                let ev = forced(vs[j], inputBits: i + 1, weightBits: i + 1)
                #expect(abs(signedErr(ev.energyPerMAC_fJ, fJ)) < 0.10, "16a bits \(i + 1) V \(vs[j])")
            }
        }
        for (i, row) in PublishedSRAM.matrix(b["fJ"]).enumerated() {
            for (j, fJ) in row.enumerated() {
                let ev = forced(vs[j], inputBits: 1, weightBits: i + 1)
                #expect(abs(signedErr(ev.energyPerMAC_fJ, fJ)) < 0.10, "16b weight bits \(i + 1) V \(vs[j])")
            }
        }
    }

    @Test func throughputVsRegistersWithin10Percent() {
        let fig = PublishedSRAM.figure("colonnade_jssc_2021", "fig15a_GOPS")
        let regs = PublishedSRAM.numbers(fig["registers"])
        for (i, row) in PublishedSRAM.matrix(fig["GOPS"]).enumerated() {
            for (j, gops) in row.enumerated() {
                var m = SRAMMacro.colonnade
                m.registersPerColumn = Int(regs[j])
                let ev = m.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: i + 1, weightBits: i + 1))
                #expect(abs(signedErr(ev.tops * 1000, gops)) < 0.10, "bits \(i + 1) regs \(regs[j])")
            }
        }
    }

    /// Fig. 15(b), not bit-pipelined (published to two digits, 0.09–3.6 µs).
    @Test func latencyWithoutBitPipeliningWithin10Percent() {
        let fig = PublishedSRAM.figure("colonnade_jssc_2021", "fig15b_latency_us_not_pipelined")
        let regs = PublishedSRAM.numbers(fig["registers"])
        for (i, row) in PublishedSRAM.matrix(fig["latency_us"]).enumerated() {
            for (j, us) in row.enumerated() {
                var m = SRAMMacro.colonnade
                m.registersPerColumn = Int(regs[j])
                m.bitPipelined = false
                let ev = m.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: i + 1, weightBits: i + 1))
                #expect(abs(signedErr(ev.latencyPerMVM_s * 1e6, us)) < 0.10, "bits \(i + 1) regs \(regs[j])")
            }
        }
    }

    @Test func breakdownsMatchFigure17() {
        let ev = forced(0.8, inputBits: 1, weightBits: 8)
        let total = PublishedSRAM.number((PublishedSRAM.json["colonnade_jssc_2021"] as! [String: Any])["fig17_energy_total_pJ"])
        #expect(abs(signedErr(ev.energyPerMVM_pJ, total)) < 0.02)
        for (group, f) in PublishedSRAM.figure("colonnade_jssc_2021", "fig17_energy_fraction") {
            #expect(abs(signedErr(ev.energy_pJ(group: group), PublishedSRAM.number(f) * total)) < 0.02, "\(group)")
        }
        for (group, f) in PublishedSRAM.figure("colonnade_jssc_2021", "fig17_area_fraction") {
            #expect(abs(signedErr(ev.area_um2(group: group), PublishedSRAM.number(f) * 227_200)) < 0.01, "\(group)")
        }
    }
}
