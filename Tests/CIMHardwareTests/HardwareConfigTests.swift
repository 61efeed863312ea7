import CIMHardware
import Testing

@Suite struct HardwareConfigTests {
    @Test func defaultChipCounts() {
        let hw = HardwareConfig.cimnasDefault
        #expect(hw.macroCount == 2048)
        #expect(hw.tileCount == 128)
        #expect(hw.cellCount == 33_554_432)
    }

    @Test func layerMACs() {
        // resnet18/02: 64·64·3·3·56·56 = 115,605,504 MACs (golden run A).
        let shape = LayerShape(C: 64, M: 64, R: 3, S: 3, P: 56, Q: 56)
        #expect(shape.macs == 115_605_504)
    }
}
