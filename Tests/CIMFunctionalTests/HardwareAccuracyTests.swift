import CIMHardware
import XCTest
@testable import CIMFunctional

/// The hardware-aware accuracy: its calibration anchor, exactness on lossless chips and monotonicity.
final class HardwareAccuracyTests: XCTestCase {
    /// VGG-8 for CIFAR-10 as NeuroSim V1.4 ships it (6 conv 3×3 + 2 linear), 8-bit inputs and weights.
    static let vgg8: [LayerWorkload] = {
        let convs = [(3, 128, 32), (128, 128, 32), (128, 256, 16), (256, 256, 16), (256, 512, 8), (512, 512, 8)]
        var layers = convs.enumerated().map { i, c in
            LayerWorkload(name: "conv\(i + 1)", shape: LayerShape(kind: .conv, C: c.0, M: c.1, R: 3, S: 3, P: c.2, Q: c.2),
                          inputBits: 8, weightBits: 8)
        }
        layers.append(LayerWorkload(name: "fc1", shape: LayerShape(kind: .linear, C: 8192, M: 1024, P: 1, Q: 1), inputBits: 8, weightBits: 8))
        layers.append(LayerWorkload(name: "fc2", shape: LayerShape(kind: .linear, C: 1024, M: 10, P: 1, Q: 1), inputBits: 8, weightBits: 8))
        return layers
    }()

    static func chip(rows: Int = 128, bitsPerCell: Int = 1, adcBits: Int) -> HardwareConfig {
        var hw = HardwareConfig(voltage_v: 0.7, bitsPerCell: bitsPerCell, baseLatency_s: 1e-9, rows: rows, cols: 128,
                                routerGroup: 4, tilesPerChip: 64, macrosPerTile: 8, glbDepth: 2048)
        hw.adcBits = adcBits
        return hw
    }

    /// NeuroSim V1.4 manual Fig. 20 (cim-nonidealities.md §3): VGG-8/CIFAR-10 at 90.18 % needs a ≥ 4-bit ADC on
    /// 128-row arrays of 1-bit cells with bit-serial inputs. The calibrated E₀ puts the 4-bit drop at 1.0 ± 0.05 point.
    func testCalibrationAnchorNeuroSimFig20() throws {
        let model = HardwareAccuracy(device: .ideal, chanceTop1Percent: 10, inputBitsPerSlice: 1)
        var drops: [Int: Double] = [:]
        for bits in 2...8 {
            drops[bits] = try model.evaluate(Self.vgg8, on: Self.chip(adcBits: bits), top1IdealPercent: 90.18).hw_drop_points
        }
        XCTAssertEqual(drops[4]!, 1.0, accuracy: 0.05)
        XCTAssertGreaterThan(drops[3]!, 10, "a 3-bit ADC must lose clearly more than 4 bits")
        XCTAssertLessThan(drops[5]!, 0.5, "5 bits are within the software accuracy's noise")
        XCTAssertEqual(drops[8]!, 0, "8 bits are lossless on 128 rows of 1-bit slices")
    }

    /// ≥ 50 random (network, chip, device) designs: top-1 never rises when the ADC loses a bit, σ rises or
    /// the on/off ratio falls; and on an ideal device with ADC bits ≥ adc_bits_needed it equals the ideal top-1.
    func testMonotoneAndExactOnLosslessChips() throws {
        var rng = SeededGenerator(seed: 19)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        let base = DeviceParameters(rOn_ohm: 6000, rOff_ohm: 6000 * 20, maxBitsPerCell: 8, sigmaD2D: 0.05, readNoiseSigma: 0.01,
                                    driftNu: 0, driftT0_s: 1, vRead_v: 0.5, area_F2: 48)
        var checked = 0
        for _ in 0..<60 {
            var layers: [LayerWorkload] = []
            for i in 0..<(2 + Int(rng.next() % 5)) {
                let c = pick([3, 16, 32, 96, 160, 320]), kind = pick([LayerKind.conv, .depthwise, .pointwise, .linear])
                let r = kind == .conv || kind == .depthwise ? 3 : 1
                let shape = kind == .depthwise ? LayerShape(kind: .depthwise, G: c, C: 1, M: 1, R: r, S: r, P: 7, Q: 7)
                    : LayerShape(kind: kind, C: c, M: pick([16, 64]), R: r, S: r, P: kind == .linear ? 1 : 7, Q: kind == .linear ? 1 : 7)
                layers.append(LayerWorkload(name: "l\(i)", shape: shape, inputBits: pick([4, 6, 8]), weightBits: pick([4, 6, 8])))
            }
            var hw = Self.chip(rows: pick([64, 128, 256, 512]), bitsPerCell: pick([1, 2, 4, 8]), adcBits: pick([3, 4, 5, 6, 7, 8, 10]))
            hw.cols = 256
            let top1 = 60 + Double(rng.next() % 160) / 10
            let device = DeviceParameters(rOn_ohm: base.rOn_ohm, rOff_ohm: base.rOn_ohm * pick([10, 17, 50, 100, 1000]),
                                          maxBitsPerCell: 8, sigmaD2D: pick([0, 0.01, 0.03, 0.05, 0.1]), readNoiseSigma: pick([0, 0.01]),
                                          driftNu: 0, driftT0_s: 1, vRead_v: 0.5, area_F2: 48)
            let model = HardwareAccuracy(device: device)
            let here = try model.evaluate(layers, on: hw, top1IdealPercent: top1).top1_percent
            var fewerBits = hw
            fewerBits.adcBits -= 1
            XCTAssertLessThanOrEqual(try model.evaluate(layers, on: fewerBits, top1IdealPercent: top1).top1_percent, here + 1e-9,
                                     "ADC \(hw.adcBits) → \(fewerBits.adcBits) bits on \(hw.rows) rows, \(hw.bitsPerCell) b/cell")
            var noisier = model
            noisier.device.sigmaD2D += 0.02
            XCTAssertLessThanOrEqual(try noisier.evaluate(layers, on: hw, top1IdealPercent: top1).top1_percent, here + 1e-9, "σ + 0.02")
            var leakier = model
            leakier.device.rOff_ohm = device.rOn_ohm + (device.rOff_ohm - device.rOn_ohm) / 2
            XCTAssertLessThanOrEqual(try leakier.evaluate(layers, on: hw, top1IdealPercent: top1).top1_percent, here + 1e-9, "on/off halved")
            // Ideal device, every layer's ADC at least adc_bits_needed: exactly the quantization-only top-1.
            let ideal = HardwareAccuracy(device: .ideal)
            var needed = 1
            _ = try ideal.evaluate(layers, on: hw, top1IdealPercent: top1) { _, e in needed = max(needed, e.adcBitsNeeded) }
            var lossless = hw
            lossless.adcBits = needed + Int(rng.next() % 2)
            let exact = try ideal.evaluate(layers, on: lossless, top1IdealPercent: top1)
            XCTAssertEqual(exact.top1_percent, top1)
            XCTAssertEqual(exact.hw_drop_points, 0)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 50)
    }
}
