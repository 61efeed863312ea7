import CIMAccuracy
import CIMHardware
import CIMWorkload
import Testing

@Suite struct ResNet50QuantizationAccuracyTests {
    let model = ResNet50QuantizationAccuracy()

    func uniform(_ bits: Int) -> [LayerWorkload] {
        ResNet50.layers(bits: LayerBits(inputBits: bits, weightBits: bits))
    }

    /// Calibration points: FP 76.13 (torchvision), INT8 76.03, 4-bit 74.53 (within the published 74–75 %).
    @Test func calibrationPoints() throws {
        #expect(abs(try model.top1(uniform(8)) - 76.03) < 1e-9)
        #expect(abs(try model.top1(uniform(4)) - 74.53) < 1e-9)
        #expect(abs(try model.top1(uniform(16)) - 76.13) < 0.001)
        #expect((74.0...75.0).contains(try model.top1(uniform(4))))
    }

    @Test func fewerBitsNeverRaiseAccuracy() throws {
        var last = -Double.infinity
        for b in 4...16 {
            let t = try model.top1(uniform(b))
            #expect(t > last)
            last = t
        }
    }

    /// The stem convolution and classifier weigh 4× a middle layer.
    @Test func endLayersAreMoreSensitive() throws {
        var first = uniform(8), middle = uniform(8)
        first[0].weightBits = 4
        middle[10].weightBits = 4
        let dFirst = 76.03 - (try model.top1(first)), dMiddle = 76.03 - (try model.top1(middle))
        #expect(abs(dFirst / dMiddle - 4) < 1e-9)
    }

    @Test func bitsOutsideTheCalibratedRangeAreRejected() {
        var layers = uniform(8)
        layers[3].inputBits = 2
        #expect(throws: ResNet50QuantizationAccuracy.Error.self) { try model.top1(layers) }
        #expect(throws: ResNet50QuantizationAccuracy.Error.self) { try model.top1([]) }
    }
}
