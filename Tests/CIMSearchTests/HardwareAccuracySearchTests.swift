@testable import CIMSearch
import CIMFunctional
import CIMHardware
import CIMWorkload
import XCTest

/// The search's evaluator with hardware-aware accuracy: it only ever lowers top-1 (and the score with it),
/// leaves a lossless chip on the ideal device untouched, and keys its cache apart from the ideal evaluator's.
final class HardwareAccuracySearchTests: XCTestCase {
    static let key = "A_0.8_8_1e-09_256_32_1_32_64_2048_333342_357333535773535377553_886444864484644864864_886848666446648648684_688444466444488846484_864866884648848464448_3_2_6_0_5_3_1_3_8_3_14_15_18_14_6_13_0_5_33_9_28"

    func testDropLowersTop1AndKeysApart() throws {
        var design = try Design.load(cimnasKey: Self.key, designFile: nil)
        func evaluate(_ h: HardwareAccuracy?) throws -> (DesignResult, String) {
            let e = DesignEvaluator(costModel: AnalyticCostModel(), accuracyModel: AnalyticAccuracyModel(),
                                    store: InMemoryEvaluationStore(), hardwareAccuracy: h)
            return (try e.evaluate([design])[0], e.cacheKey(for: design))
        }
        let (ideal, idealKey) = try evaluate(nil)
        let device = DeviceParameters(rOn_ohm: 6000, rOff_ohm: 6000 * 17, maxBitsPerCell: 8, sigmaD2D: 0.05, readNoiseSigma: 0,
                                      driftNu: 0, driftT0_s: 1, vRead_v: 0.5, area_F2: 48)
        let (chip, chipKey) = try evaluate(HardwareAccuracy(device: device))
        XCTAssertNotEqual(idealKey, chipKey)
        XCTAssertNil(chip.infeasibleReason)
        XCTAssertLessThan(chip.top1_percent, ideal.top1_percent)
        XCTAssertEqual(chip.accuracyScore / ideal.accuracyScore, chip.top1_percent / ideal.top1_percent, accuracy: 1e-12)
        design.hardware.adcBits = 24
        let (lossless, _) = try evaluate(HardwareAccuracy(device: .ideal))
        XCTAssertEqual(lossless.top1_percent, ideal.top1_percent)
        XCTAssertEqual(lossless.accuracyScore, ideal.accuracyScore)
        // --compat cimnas keeps the original's accuracy whatever is asked.
        let compat = DesignEvaluator(costModel: AnalyticCostModel(), accuracyModel: AnalyticAccuracyModel(),
                                     store: InMemoryEvaluationStore(), mode: .cimnas, hardwareAccuracy: HardwareAccuracy(device: device))
        XCTAssertNil(compat.hardwareAccuracy)
    }
}
