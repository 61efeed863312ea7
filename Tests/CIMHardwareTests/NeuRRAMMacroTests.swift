import CIMHardware
import Foundation
import Testing

/// NeuRRAM's published figures and CiMLoop's model values (Tests/Fixtures/neurram_published.json; the
/// file's `source` and `cimloop_source` say where each number comes from).
enum PublishedNeuRRAM {
    nonisolated(unsafe) static let json: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/neurram_published.json")
        return try! JSONSerialization.jsonObject(with: try! Data(contentsOf: url)) as! [String: Any]
    }()

    static func rows(_ key: String) -> [[String: Any]] { json[key] as! [[String: Any]] }
    static func number(_ row: [String: Any], _ key: String) -> Double { (row[key] as! NSNumber).doubleValue }
    static func int(_ row: [String: Any], _ key: String) -> Int { (row[key] as! NSNumber).intValue }

    static func point(_ row: [String: Any]) -> RRAMOperatingPoint {
        RRAMOperatingPoint(inputBits: int(row, "input_bits"), outputBits: int(row, "output_bits"),
                           weightBits: RRAMMacro.neurramWeightBits, onePhase: row["one_phase"] as! Bool)
    }

    static func label(_ row: [String: Any]) -> String {
        "\(int(row, "output_bits"))/\(int(row, "input_bits")) b \((row["one_phase"] as! Bool) ? "1-phase" : "2-phase")"
    }
}

/// Every constant of the NeuRRAM model comes from CiMLoop's component definitions or the paper's circuit
/// figures; none is fitted to the points below, so every comparison here is a prediction except the
/// neuron and RRAM areas (the paper's own area breakdown: calibration).
@Suite struct NeuRRAMMacroTests {
    let macro = RRAMMacro.neurram(wires: TestTechnology.parameters.cell)

    func eval(_ row: [String: Any]) throws -> RRAMMacroEvaluation {
        try macro.evaluate(PublishedNeuRRAM.point(row), technology: TestTechnology.parameters)
    }

    /// Prediction. Fig. 12(c): TOPS of the 48-core chip within 10 % at all 14 points (measured: max +9.0 %,
    /// at 8/6 b one-phase; CiMLoop +9.4 %), and equal to CiMLoop's own model within its 2 % read-out.
    @Test func predictionThroughputFigure12c() throws {
        var worst = 0.0
        for row in PublishedNeuRRAM.rows("tops_points") {
            let e = try eval(row)
            let err = e.tops / PublishedNeuRRAM.number(row, "published_tops") - 1
            worst = max(worst, abs(err))
            #expect(abs(err) <= 0.10, "\(PublishedNeuRRAM.label(row)): TOPS \(e.tops), error \(err)")
            let cimloop = e.tops / PublishedNeuRRAM.number(row, "cimloop_tops") - 1
            #expect(abs(cimloop) <= 0.02, "\(PublishedNeuRRAM.label(row)): ours vs CiMLoop's model \(cimloop)")
        }
        print("neurram TOPS: worst |error| \(worst)")
    }

    /// Prediction. Fig. 12(d): TOPS/W within 10 % wherever CiMLoop's model is within 10 % (9 of the 14 rows;
    /// measured: −5.4 … +9.1 %). Where CiMLoop misses by more (3/1 and 4/2 b, one- and two-phase alike:
    /// +10.5 / +10.9 %; 8/6 b two-phase: +13.1 %) ours misses by +14.6 … +17.4 %, held to 18 % (stated;
    /// see docs/validation.md).
    @Test func predictionEnergyEfficiencyFigure12d() throws {
        var inside: [Double] = [], outside: [Double] = []
        for row in PublishedNeuRRAM.rows("tops_points") {
            let e = try eval(row)
            let err = e.topsPerWatt / PublishedNeuRRAM.number(row, "published_tops_per_w") - 1
            let cimloopErr = PublishedNeuRRAM.number(row, "cimloop_tops_per_w")
                / PublishedNeuRRAM.number(row, "published_tops_per_w") - 1
            let tolerance = abs(cimloopErr) <= 0.10 ? 0.10 : 0.18
            if abs(cimloopErr) <= 0.10 { inside.append(err) } else { outside.append(err) }
            #expect(abs(err) <= tolerance,
                    "\(PublishedNeuRRAM.label(row)): TOPS/W \(e.topsPerWatt), error \(err), CiMLoop \(cimloopErr)")
        }
        #expect(inside.count == 9 && outside.count == 5)
        print("neurram TOPS/W: where CiMLoop ≤ 10 %: \(inside.map { String(format: "%+.1f%%", 100 * $0) }); "
              + "elsewhere: \(outside.map { String(format: "%+.1f%%", 100 * $0) })")
    }

    /// Prediction. Fig. 12(b) groups: neuron operations within 6 % (measured −3.8 … +5.5 %); word-line
    /// switching within 5 % from 4-bit inputs up (measured ≤ 2.7 %), −17.6 / −10.4 / −4.1 % below (held to 20 %);
    /// input pulses (cells + drivers) 28–41 % low at every point (held to −25 … −45 %, stated: the NeuroSim
    /// driver and the 10 ns pulse energy do not reach the paper's 0.25 nJ per input bit).
    @Test func predictionEnergyBreakdownFigure12b() throws {
        // CiMLoop converts the figure's fJ/MAC with the array's 65,536 operations (its OPS_PER_ARRAY); so do we.
        let perMAC = 1e-3 * PublishedNeuRRAM.number(PublishedNeuRRAM.json, "ops_per_mvm")
        for row in PublishedNeuRRAM.rows("energy_breakdown") {
            let e = try eval(row)
            let label = PublishedNeuRRAM.label(row)
            let neuron = e.energy_pJ(.neuron) / (PublishedNeuRRAM.number(row, "neuron_fj_per_mac") * perMAC) - 1
            let wl = e.energy_pJ(.wordLineSwitching) / (PublishedNeuRRAM.number(row, "wl_switching_fj_per_mac") * perMAC) - 1
            let input = e.energy_pJ(.inputPulses) / (PublishedNeuRRAM.number(row, "input_pulses_fj_per_mac") * perMAC) - 1
            #expect(abs(neuron) <= 0.06, "\(label): neuron \(neuron)")
            #expect(abs(wl) <= (PublishedNeuRRAM.int(row, "input_bits") >= 4 ? 0.05 : 0.20), "\(label): WL \(wl)")
            #expect(input >= -0.45 && input <= -0.25, "\(label): input pulses \(input)")
            print(String(format: "neurram Fig. 12(b) %@: neuron %+.1f%%, WL %+.1f%%, input pulses %+.1f%%",
                         label, 100 * neuron, 100 * wl, 100 * input))
        }
    }

    /// Calibration (neurons: the paper's 1270 µm² per neuron; RRAM: the cell's 125.74 F²) and prediction
    /// (drivers: NeuroSim's driver areas × CiMLoop's 5.25). Fig. 11(f): neurons exact, RRAM within 0.1 %,
    /// array drivers within 2 % (measured +1.4 %).
    @Test func areaBreakdownFigure11f() throws {
        let a = PublishedNeuRRAM.json["area_breakdown"] as! [String: Any]
        let total = PublishedNeuRRAM.number(a, "macro_um2")
        let e = try macro.evaluate(RRAMOperatingPoint(inputBits: 8, outputBits: 8, weightBits: 4, onePhase: false),
                                   technology: TestTechnology.parameters)
        let neurons = e.area_um2(["integrator", "sample", "adc", "shift_add"])
        let drivers = e.area_um2(["wordline_drivers", "row_drivers", "column_drivers"])
        let rram = e.area_um2(["cim_unit"])
        #expect(abs(neurons / (total * PublishedNeuRRAM.number(a, "neurons_fraction")) - 1) <= 1e-9)
        #expect(abs(rram / (total * PublishedNeuRRAM.number(a, "rram_fraction")) - 1) <= 0.001)
        let driverErr = drivers / (total * PublishedNeuRRAM.number(a, "array_drivers_fraction")) - 1
        #expect(abs(driverErr) <= 0.02, "array drivers \(driverErr)")
    }

    /// The step schedule follows the paper's two-phase rule (CiMLoop's helper functions), by hand:
    /// 8-bit signed inputs = 7 magnitude bits → phases 4 + 3, 15 + 7 integration steps, 10 + 6 ADC steps.
    @Test func twoPhaseSchedule() {
        let s = macro.schedule(RRAMOperatingPoint(inputBits: 8, outputBits: 10, weightBits: 4, onePhase: false))
        #expect(s.phaseBits == [4, 3] && s.integrationSteps == 22 && s.adcSteps == 16)
        let one = macro.schedule(RRAMOperatingPoint(inputBits: 6, outputBits: 8, weightBits: 4, onePhase: true))
        #expect(one.phaseBits == [5] && one.integrationSteps == 31 && one.adcSteps == 8)
        let short = macro.schedule(RRAMOperatingPoint(inputBits: 4, outputBits: 6, weightBits: 4, onePhase: false))
        #expect(short.phaseBits == [3] && short.integrationSteps == 7 && short.adcSteps == 6)
    }
}

/// Sign-magnitude averages against CiMLoop's `encoded_hist_to_avg_slice` (include/slicing_encoding.py,
/// values computed with it for NeuRRAM's bell histogram) and a hand case.
@Suite struct MagnitudeEncodingTests {
    let bell: [Double] = [5, 5, 6, 6, 7, 7, 8, 8, 8, 7, 7, 6, 6, 5, 5]

    @Test func matchesCiMLoopOnTheBellHistogram() throws {
        // magnitude_encode_hist, 1-bit slices: 1 bit 0.458333, 2 bits 0.479167, ≥ 3 bits 0.5.
        let expected: [Int: Double] = [1: 0.4583333333, 2: 0.4791666667, 3: 0.5, 7: 0.5]
        for (bits, value) in expected {
            let got = try DataValueStatistics.averageMagnitudeSliceValue(histogram: bell, totalBits: bits, bitsPerSlice: 1)
            #expect(abs(got - value) <= 1e-9, "\(bits) bits: \(got)")
        }
        // two_part_magnitude_encode_hist, one 4-bit slice: 0.2416667.
        let w = try DataValueStatistics.averageMagnitudeSliceValue(histogram: bell, totalBits: 4, bitsPerSlice: 4, twoPart: true)
        #expect(abs(w - 0.2416666667) <= 1e-9)
    }

    @Test func handCase() throws {
        // Values −1, 0, +1 with weights 1, 2, 1: magnitude bit is 1 with probability 1/2; two-part halves it.
        let h: [Double] = [1, 2, 1]
        #expect(try DataValueStatistics.averageMagnitudeSliceValue(histogram: h, totalBits: 1, bitsPerSlice: 1) == 0.5)
        #expect(try DataValueStatistics.averageMagnitudeSliceValue(histogram: h, totalBits: 1, bitsPerSlice: 1, twoPart: true) == 0.25)
        #expect(throws: DataValueStatistics.HistogramError.self) {
            try DataValueStatistics.averageMagnitudeSliceValue(histogram: [1], totalBits: 1, bitsPerSlice: 1)
        }
    }
}
