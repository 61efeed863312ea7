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

    func calibrated(_ c: SRAMMacroCalibration) -> SRAMMacro {
        var m = macro
        m.calibration = c
        return m
    }

    /// Every published Sinangil point as (label, signed relative error) under `calibration`: Fig. 13(a) and
    /// Fig. 13(b) energies, Table I TOPS/W (TOPS is checked separately).
    func errors(_ calibration: SRAMMacroCalibration) -> [(String, Double)] {
        let m = calibrated(calibration)
        var out: [(String, Double)] = []
        let a = PublishedSRAM.figure("sinangil_jssc_2021", "fig13a_energy_vs_output_0p8V_pJ")
        for (o, e) in zip(PublishedSRAM.numbers(a["output"]), PublishedSRAM.numbers(a["energy_pJ"])) {
            out.append(("13a out \(o)", signedErr(m.evaluate(point(0.8, output: o)).energyPerMVM_pJ, e)))
        }
        let b = PublishedSRAM.figure("sinangil_jssc_2021", "fig13b_worstcase_energy_vs_voltage_pJ")
        for (v, e) in zip(PublishedSRAM.numbers(b["voltage_v"]), PublishedSRAM.numbers(b["energy_pJ"])) {
            out.append(("13b \(v) V", signedErr(m.evaluate(point(v, output: 15)).energyPerMVM_pJ, e)))
        }
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let vs = PublishedSRAM.numbers(t["voltage_v"]), outs = PublishedSRAM.numbers(t["output"])
        for (i, w) in PublishedSRAM.numbers(t["tops_per_w"]).enumerated() {
            out.append(("T1 \(vs[i]) V out \(outs[i])", signedErr(m.evaluate(point(vs[i], output: outs[i])).topsPerW, w)))
        }
        return out
    }

    /// Calibration (both calibrations fit Fig. 13(a)): within 5 % (measured max 4.8 %, `.cimloop` 3.7 %).
    @Test(arguments: SRAMMacroCalibration.allCases)
    func calibrationFigure13aEnergyVsOutputValue(_ calibration: SRAMMacroCalibration) {
        for (label, e) in errors(calibration) where label.hasPrefix("13a") {
            #expect(abs(e) < 0.05, "\(calibration) \(label): \(e)")
        }
    }

    /// Prediction (the cycle law is CiMLoop's; no constant is fitted to throughput): Table I TOPS at 0.8 and
    /// 1.0 V within 1.2 % (measured 0.0 / +0.2 %, margin 1 point).
    @Test(arguments: SRAMMacroCalibration.allCases)
    func predictionTableOneTOPS(_ calibration: SRAMMacroCalibration) {
        let m = calibrated(calibration)
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let vs = PublishedSRAM.numbers(t["voltage_v"]), outs = PublishedSRAM.numbers(t["output"])
        let tops = PublishedSRAM.numbers(t["tops"])
        var worst = 0.0
        for i in vs.indices {
            let err = signedErr(m.evaluate(point(vs[i], output: outs[i])).tops, tops[i])
            worst = max(worst, abs(err))
            #expect(abs(err) < 0.012, "\(calibration) V \(vs[i]) out \(outs[i]): \(err)")
        }
        print("sinangil prediction Table I TOPS (\(calibration)): worst |error| \(worst)")
    }

    /// Calibration (`.fitted` fits these five entries; `.cimloop` fits Fig. 13(a) only, so for it they are
    /// predictions): Table I TOPS/W within 10 % (measured −9.2 … −1.4 %; `.cimloop` −7.5 … −1.4 %).
    @Test(arguments: SRAMMacroCalibration.allCases)
    func calibrationTableOneTOPSPerWatt(_ calibration: SRAMMacroCalibration) {
        let m = calibrated(calibration)
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let vs = PublishedSRAM.numbers(t["voltage_v"]), outs = PublishedSRAM.numbers(t["output"])
        let tpw = PublishedSRAM.numbers(t["tops_per_w"])
        for i in vs.indices where !(vs[i] == 1.0 && outs[i] == 6) {
            let ev = m.evaluate(point(vs[i], output: outs[i]))
            #expect(abs(signedErr(ev.topsPerW, tpw[i])) < 0.10, "\(calibration) V \(vs[i]) out \(outs[i]): \(ev.topsPerW) vs \(tpw[i])")
        }
    }

    /// Prediction (left out of every fit): Table I 1 V / output 6, which no model with the Fig. 13(a) output
    /// shape can fit together with the other 1 V entries (next test): fitted −29.0 %, CiMLoop's law −26.6 %
    /// (CiMLoop itself −26 %); held to 30 % (achieved plus 1 point).
    @Test(arguments: SRAMMacroCalibration.allCases)
    func predictionTableOneOneVoltOutputSix(_ calibration: SRAMMacroCalibration) {
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let vs = PublishedSRAM.numbers(t["voltage_v"]), outs = PublishedSRAM.numbers(t["output"])
        let i = vs.indices.first { vs[$0] == 1.0 && outs[$0] == 6 }!
        let err = signedErr(calibrated(calibration).evaluate(point(1.0, output: 6)).topsPerW,
                            PublishedSRAM.numbers(t["tops_per_w"])[i])
        #expect(abs(err) < 0.30, "\(calibration): \(err)")
        print("sinangil prediction Table I 1 V out 6 (\(calibration)): \(err)")
    }

    /// Why Table I's 1 V / output-6 entry keeps a wider tolerance. A model whose output-value dependence has
    /// the Fig. 13(a) shape at 1 V gives E(6) = E(0) + s·(E(15) − E(0)) with s = (E₆ − E₀)/(E₁₅ − E₀) of
    /// Fig. 13(a). Putting the 1 V output-0 and output-15 TOPS/W within 10 % bounds E(0) and E(15) from below,
    /// hence E(6) from below, hence output 6's TOPS/W from above — and that bound is under 0.9 × 321.
    @Test func tableOneOneVoltOutputSixIsInconsistent() {
        let a = PublishedSRAM.figure("sinangil_jssc_2021", "fig13a_energy_vs_output_0p8V_pJ")
        let outs = PublishedSRAM.numbers(a["output"]), es = PublishedSRAM.numbers(a["energy_pJ"])
        func fig13a(_ o: Double) -> Double { es[outs.firstIndex(of: o)!] }
        let s = (fig13a(6) - fig13a(0)) / (fig13a(15) - fig13a(0))
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let vs = PublishedSRAM.numbers(t["voltage_v"]), tOuts = PublishedSRAM.numbers(t["output"])
        let tpw = PublishedSRAM.numbers(t["tops_per_w"])
        func published(_ o: Double) -> Double { tpw[vs.indices.first { vs[$0] == 1.0 && tOuts[$0] == o }!] }
        let ops = 2.0 * 64 * 16  // operations per MVM (pJ · TOPS/W)
        // TOPS/W ≤ 1.1 × published ⇔ E ≥ ops / (1.1 × published).
        let e0Min = ops / (1.1 * published(0)), e15Min = ops / (1.1 * published(15))
        let e6Min = e0Min + s * (e15Min - e0Min)
        let bestTOPSPerW = ops / e6Min
        #expect(s > 0 && s < 1)
        #expect(bestTOPSPerW < 0.9 * published(6), "best reachable \(bestTOPSPerW) vs 0.9 × \(published(6))")
        // The models obey this shape, so they cannot beat the bound either.
        for c in SRAMMacroCalibration.allCases {
            #expect(calibrated(c).evaluate(point(1.0, output: 6)).topsPerW <= bestTOPSPerW * 1.001)
        }
    }

    /// Fig. 13(b) at 1 V and Table I at 1 V / output 15 publish the same worst-case energy 21 % apart, so no
    /// law can bring both closer than 1 − √(E_TableI / E_Fig13b) (TOPS/W and energy errors balanced). The
    /// fitted calibration reaches that floor and keeps every other consistent point within 7.6 %.
    @Test func fittedCalibrationReachesTheMinimaxFloor() {
        let b = PublishedSRAM.figure("sinangil_jssc_2021", "fig13b_worstcase_energy_vs_voltage_pJ")
        let e13b = PublishedSRAM.numbers(b["energy_pJ"]).last!
        let t = PublishedSRAM.figure("sinangil_jssc_2021", "table1")
        let eTable = 2.0 * 64 * 16 / PublishedSRAM.numbers(t["tops_per_w"])[3]
        let floor = 1 - (eTable / e13b).squareRoot()
        let consistent = errors(.fitted).filter { $0.0 != "T1 1.0 V out 6.0" }
        #expect(consistent.count == 22)
        let worst = consistent.map { abs($0.1) }.max()!
        #expect(worst < floor + 0.001, "worst \(worst) vs floor \(floor)")
        let others = consistent.filter { $0.0 != "13b 1.0 V" && $0.0 != "T1 1.0 V out 15.0" }
        #expect(others.allSatisfy { abs($0.1) < 0.076 }, "\(others)")
        let cimloopWorst = errors(.cimloop).filter { $0.0 != "T1 1.0 V out 6.0" }.map { abs($0.1) }.max()!
        #expect(cimloopWorst > worst + 0.03)
    }

    /// Calibration for `.fitted` (prediction for `.cimloop`, fitted to Fig. 13(a) only). Fig. 13(b): worst-case
    /// energy vs supply. Fitted: within 10 % everywhere (worst −9.2 % at 1 V). CiMLoop's (V/0.8)^1.7 follows
    /// Table I instead, so above 0.9 V it reaches −15.3 %: 10 % up to 0.9 V, 16 % above.
    @Test(arguments: SRAMMacroCalibration.allCases)
    func calibrationFigure13bWorstCaseEnergyVsVoltage(_ calibration: SRAMMacroCalibration) {
        for (label, e) in errors(calibration) where label.hasPrefix("13b") {
            let v = Double(label.split(separator: " ")[1])!
            let tol = calibration == .fitted || v <= 0.9 ? 0.10 : 0.16
            #expect(abs(e) < tol, "\(calibration) \(label): \(e)")
        }
    }

    @Test func calibrationsFollowTheirVoltageLaws() {
        for c in SRAMMacroCalibration.allCases {
            let law = SRAMMacro.sinangilEnergyLaw(c)
            let m = calibrated(c)
            let ratio = m.evaluate(point(0.95, output: 6)).energyPerMVM_pJ / m.evaluate(point(0.8, output: 6)).energyPerMVM_pJ
            #expect(abs(ratio - pow(0.95 / 0.8, law.exponent)) < 1e-12)
            let a = 0.25 * 6.0.squareRoot()
            #expect(abs(m.evaluate(point(0.9, output: 6)).energyPerMVM_pJ
                        - law.energy_pJ(voltage_v: 0.9, averageInput: a, averageWeight: a)) < 1e-9)
        }
        #expect(SRAMMacro.sinangilEnergyLaw(.cimloop).exponent == 1.7)
        #expect(SRAMMacro.sinangil.calibration == .fitted)
    }

    /// Calibration: the paper's area figures are the model's areas.
    @Test func calibrationAreaBreakdownSectionIV() {
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

    /// Calibration (the energy exponent and the 1 V energy are fitted to Fig. 23 and Table III TOPS/W):
    /// within 10 % (measured −7.4 … +7.6 %).
    @Test func calibrationFigure23AndTableThreeTOPSPerWatt() {
        let fig = PublishedSRAM.figure("wang_vlsi_2022", "fig23")
        for (i, v) in PublishedSRAM.numbers(fig["voltage_v"]).enumerated() {
            #expect(abs(signedErr(eval(v).topsPerW, PublishedSRAM.numbers(fig["tops_per_w"])[i])) < 0.10, "Fig. 23 TOPS/W at \(v)")
        }
        let t = PublishedSRAM.figure("wang_vlsi_2022", "table3")
        for (i, v) in PublishedSRAM.numbers(t["voltage_v"]).enumerated() {
            #expect(abs(signedErr(eval(v).topsPerW, PublishedSRAM.numbers(t["tops_per_w"])[i])) < 0.10, "Table III TOPS/W at \(v)")
        }
    }

    /// Prediction (cycle law from CiMLoop, area from Fig. 22; nothing fitted to throughput): Fig. 23 TOPS and
    /// TOPS/mm², Table III TOPS and TOPS/mm² within 4 % (measured max 3.0 %, margin 1 point).
    @Test func predictionFigure23AndTableThreeThroughput() {
        let fig = PublishedSRAM.figure("wang_vlsi_2022", "fig23")
        let area = PublishedSRAM.number((PublishedSRAM.json["wang_vlsi_2022"] as! [String: Any])["total_area_um2"])
        var errors: [Double] = []
        for (i, v) in PublishedSRAM.numbers(fig["voltage_v"]).enumerated() {
            let ev = eval(v)
            let mm2 = PublishedSRAM.numbers(fig["tops_per_mm2"])[i]
            errors += [signedErr(ev.topsPerMM2, mm2), signedErr(ev.tops, mm2 * area / 1e6)]
        }
        let t = PublishedSRAM.figure("wang_vlsi_2022", "table3")
        for (i, v) in PublishedSRAM.numbers(t["voltage_v"]).enumerated() {
            let ev = eval(v)
            errors += [signedErr(ev.tops, PublishedSRAM.numbers(t["tops"])[i]),
                       signedErr(ev.topsPerMM2, PublishedSRAM.numbers(t["tops_per_mm2"])[i])]
        }
        let worst = errors.map(abs).max()!
        #expect(worst < 0.04, "\(errors)")
        print("wang prediction throughput: \(errors.count) points, worst |error| \(worst)")
    }

    /// Calibration: Fig. 22's energy and area breakdowns are the model's split.
    @Test func calibrationBreakdownsFigure22() {
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

    /// Prediction: Table II 1-b TOPS within 1 % (measured 0.0 / +0.1 %), TOPS/mm² within 8 % (+6.9 / +7.0 %:
    /// controller logic not modelled), TOPS/W at 1.2 V within 6 % (+4.8 %); margin 1 point each.
    @Test func predictionTableTwoOneBitMetrics() {
        let t = PublishedSRAM.figure("jia_jssc_2020", "table2")
        for (i, v) in PublishedSRAM.numbers(t["voltage_v"]).enumerated() {
            let ev = eval(v)
            let tops = signedErr(ev.tops, PublishedSRAM.numbers(t["tops_1b"])[i])
            let mm2 = signedErr(ev.topsPerMM2, PublishedSRAM.numbers(t["tops_per_mm2_1b"])[i])
            #expect(abs(tops) < 0.01, "TOPS at \(v): \(tops)")
            #expect(abs(mm2) < 0.08, "TOPS/mm² at \(v): \(mm2)")
            var line = String(format: "jia prediction Table II %.2f V: TOPS %+.2f%%, TOPS/mm² %+.2f%%", v, 100 * tops, 100 * mm2)
            if v != 0.85 {
                let w = signedErr(ev.topsPerW, PublishedSRAM.numbers(t["tops_per_w_1b"])[i])
                #expect(abs(w) < 0.06, "TOPS/W at \(v): \(w)")
                line += String(format: ", TOPS/W %+.2f%%", 100 * w)
            }
            print(line)
        }
    }

    /// Calibration: Table II 1-b TOPS/W at 0.85 V (the per-use energies are Table I's at 0.85 V), within 1 %
    /// (measured +0.3 %).
    @Test func calibrationTableTwoTOPSPerWattAt0p85V() {
        let t = PublishedSRAM.figure("jia_jssc_2020", "table2")
        let i = PublishedSRAM.numbers(t["voltage_v"]).firstIndex(of: 0.85)!
        #expect(abs(signedErr(eval(0.85).topsPerW, PublishedSRAM.numbers(t["tops_per_w_1b"])[i])) < 0.01)
    }

    /// Table I energy per ADC use of `group` at `v`, relative error.
    func tableOneError(_ group: String, _ v: Double) -> Double {
        let t = PublishedSRAM.figure("jia_jssc_2020", "table1_energy_per_adc_use_pJ")
        let i = PublishedSRAM.numbers(t["voltage_v"]).firstIndex(of: v)!
        return signedErr(eval(v).energy_pJ(group: group) / 256, PublishedSRAM.numbers(t[group])[i])
    }

    /// Calibration: Table I at 0.85 V (the per-use constants) within 0.1 %, and the NMC energy at 1.2 V (its
    /// exponent is the one Table I's two points give) within 0.5 % (measured +0.1 %).
    @Test func calibrationTableOneEnergyPerADCUse() {
        for group in ["ADC", "CiM", "NMC"] { #expect(abs(tableOneError(group, 0.85)) < 0.001, "\(group)") }
        #expect(abs(tableOneError("NMC", 1.2)) < 0.005)
    }

    /// Prediction (V² law): Table I ADC and CiM energy per use at 1.2 V within 1.5 / 6.5 % (measured +0.2 /
    /// −5.2 %, margin 1.3 points).
    @Test func predictionTableOneEnergyPerADCUseAt1p2V() {
        let adc = tableOneError("ADC", 1.2), cim = tableOneError("CiM", 1.2)
        #expect(abs(adc) < 0.015, "ADC \(adc)")
        #expect(abs(cim) < 0.065, "CiM \(cim)")
        print(String(format: "jia prediction Table I at 1.2 V: ADC %+.2f%%, CiM %+.2f%%", 100 * adc, 100 * cim))
    }

    /// Calibration: Fig. 11's areas are the model's areas.
    @Test func calibrationAreaBreakdownFigure11() {
        let ev = eval(0.85)
        for (group, a) in PublishedSRAM.figure("jia_jssc_2020", "fig11_area_um2") {
            #expect(abs(signedErr(ev.area_um2(group: group), PublishedSRAM.number(a))) < 0.01, "\(group)")
        }
    }

    /// Fig. 10: bit-serial inputs divide TOPS by the input bits. The paper's 8-bit point is lower
    /// (0.874 / (600/64) instead of 0.874/8); CiMLoop attributes it to "bottlenecks in the published macro's
    /// memory hierarchy" without a mechanism we could ground in the paper or CiMLoop's model, so neither
    /// models it. Prediction: 1–4 bits within 1 % (measured 0.0 %), 8 bits +17.2 % within 18 % (margin 0.8 point).
    @Test func predictionFigure10ThroughputVsInputBits() {
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

    /// Calibration (two energy constants and two voltage ratios fitted to these 96 points): within 10 %
    /// (measured max 8.8 %).
    @Test func calibrationFigure16EnergyPerMAC() {
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

    /// Prediction (critical-path law; nothing fitted to throughput): Fig. 15(a) GOPS within 3.5 %
    /// (measured max 2.4 %, margin 1 point).
    @Test func predictionFigure15aThroughputVsRegisters() {
        let fig = PublishedSRAM.figure("colonnade_jssc_2021", "fig15a_GOPS")
        let regs = PublishedSRAM.numbers(fig["registers"])
        var worst = 0.0
        for (i, row) in PublishedSRAM.matrix(fig["GOPS"]).enumerated() {
            for (j, gops) in row.enumerated() {
                var m = SRAMMacro.colonnade
                m.registersPerColumn = Int(regs[j])
                let ev = m.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: i + 1, weightBits: i + 1))
                let err = signedErr(ev.tops * 1000, gops)
                worst = max(worst, abs(err))
                #expect(abs(err) < 0.035, "bits \(i + 1) regs \(regs[j]): \(err)")
            }
        }
        print("colonnade prediction Fig. 15(a): worst |error| \(worst)")
    }

    /// Prediction: Fig. 15(b), not bit-pipelined (published to two digits, 0.09–3.6 µs), within 9 %
    /// (measured max 8.0 %, margin 1 point).
    @Test func predictionFigure15bLatencyWithoutBitPipelining() {
        let fig = PublishedSRAM.figure("colonnade_jssc_2021", "fig15b_latency_us_not_pipelined")
        let regs = PublishedSRAM.numbers(fig["registers"])
        var worst = 0.0
        for (i, row) in PublishedSRAM.matrix(fig["latency_us"]).enumerated() {
            for (j, us) in row.enumerated() {
                var m = SRAMMacro.colonnade
                m.registersPerColumn = Int(regs[j])
                m.bitPipelined = false
                let ev = m.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: i + 1, weightBits: i + 1))
                let err = signedErr(ev.latencyPerMVM_s * 1e6, us)
                worst = max(worst, abs(err))
                #expect(abs(err) < 0.09, "bits \(i + 1) regs \(regs[j]): \(err)")
            }
        }
        print("colonnade prediction Fig. 15(b): worst |error| \(worst)")
    }

    /// Calibration: Fig. 17's total is the Fig. 16 data the constants were fitted to (within 2 %, measured
    /// −0.3 %); its splits are the model's split (within 2 % / 1 %).
    @Test func calibrationBreakdownsFigure17() {
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

@Suite struct SRAMMacroEvaluationStorageTests {
    /// The inline component list behaves as the array it replaced: same components, totals and JSON round trip.
    @Test func componentListRoundTripsAndSums() throws {
        for design in SRAMMacroDesign.allCases {
            let m = SRAMMacro.published(design)
            var p = m.referencePoint
            p.technology_nm = 32
            let e = m.evaluate(p)
            #expect(e.components.count == e.componentList.count && e.components.count >= 4)
            #expect(isClose(e.energyPerMVM_pJ, e.components.reduce(0) { $0 + $1.energy_pJ }, rel: 1e-12))
            #expect(isClose(e.area_um2, e.components.reduce(0) { $0 + $1.area_um2 }, rel: 1e-12))
            var rebuilt = e
            rebuilt.components = e.components
            #expect(rebuilt == e)
            let data = try JSONEncoder().encode(e)
            #expect(try JSONDecoder().decode(SRAMMacroEvaluation.self, from: data) == e)
        }
        #expect(SRAMMacro.jia.evaluate(SRAMMacro.jia.referencePoint).headlineGroups == ["ADC", "CiM"])
        #expect(SRAMMacro.wang.evaluate(SRAMMacro.wang.referencePoint).headlineGroups.isEmpty)
    }

    /// Macros encoded before `calibration` existed decode as `.fitted`; `.cimloop` survives a round trip.
    @Test func macroDecodingDefaultsToFittedCalibration() throws {
        var m = SRAMMacro.sinangil
        m.calibration = .cimloop
        let data = try JSONEncoder().encode(m)
        #expect(try JSONDecoder().decode(SRAMMacro.self, from: data) == m)
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        object["calibration"] = nil
        let old = try JSONSerialization.data(withJSONObject: object)
        #expect(try JSONDecoder().decode(SRAMMacro.self, from: old) == .sinangil)
    }
}
