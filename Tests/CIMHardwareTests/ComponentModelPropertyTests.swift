import CIMHardware
import Testing

/// Whole-space properties of the component model over the CIMNAS hardware space.
@Suite struct ComponentModelPropertyTests {
    /// Every per-action energy and area is finite and positive (column drivers: 0 pJ) for every
    /// combination of the CIMNAS knob values; prepared and one-shot evaluation agree exactly.
    @Test func finitePositiveOverTheCIMNASSpace() {
        let model = TestTechnology.model
        var count = 0
        for v in [0.5, 0.65, 0.85] {
            for rows in [32, 64, 128, 256, 512] {
                for cols in [32, 64, 128, 256] {
                    for mit in [1, 4, 8, 16, 32] {
                        for glb in [2048, 16384, 131072] {
                            let hw = HardwareConfig(voltage_v: v, bitsPerCell: 2, baseLatency_s: 2e-9, rows: rows, cols: cols,
                                                    routerGroup: 4, tilesPerChip: 8, macrosPerTile: mit, glbDepth: glb)
                            let p = model.prepare(hw)
                            let e = p.actionEnergies(inputBits: 6, weightBits: 8, averageInput: 0.56, averageWeight: 0.49)
                            #expect(e == model.actionEnergies(hw, inputBits: 6, weightBits: 8, averageInput: 0.56, averageWeight: 0.49))
                            let values = [e.cellRead_pJ, e.rowDriverRead_pJ, e.adcConvert_pJ, e.inputBufferRead_pJ,
                                          e.inputBufferWrite_pJ, e.inputBufferLeakPerCycle_pJ, e.outputBufferRead_pJ,
                                          e.outputBufferWrite_pJ, e.outputBufferLeakPerCycle_pJ, e.routerRead_pJ,
                                          e.glbRead_pJ, e.glbWrite_pJ, e.glbLeakPerCycle_pJ,
                                          p.areas.adc_um2, p.areas.rowDrivers_um2, p.areas.columnDrivers_um2, p.areas.cell_um2,
                                          p.areas.inputBuffer_um2, p.areas.outputBuffer_um2, p.areas.router_um2, p.areas.glb_um2]
                            #expect(values.allSatisfy { $0.isFinite && $0 > 0 }, "\(hw)")
                            #expect(e.columnDriverRead_pJ == 0)
                            count += 1
                        }
                    }
                }
            }
        }
        #expect(count == 900)
    }

    /// Buffers grow with width and depth; the glb grows with depth.
    @Test func buffersGrowWithSize() {
        let model = TestTechnology.model
        func hw(mit: Int, rows: Int, glb: Int) -> HardwareConfig {
            HardwareConfig(voltage_v: 0.7, bitsPerCell: 4, baseLatency_s: 4e-9, rows: rows, cols: 128, routerGroup: 8,
                           tilesPerChip: 16, macrosPerTile: mit, glbDepth: glb)
        }
        var last = 0.0
        for mit in [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256] {
            let p = model.prepare(hw(mit: mit, rows: 128, glb: 16384))
            #expect(p.inputBuffer.read_pJ > last, "mit \(mit)")
            last = p.inputBuffer.read_pJ
        }
        last = 0
        for rows in [8, 16, 32, 48, 64, 100, 128, 200, 256, 512, 1024, 4096] {
            let p = model.prepare(hw(mit: 16, rows: rows, glb: 16384))
            #expect(p.inputBuffer.area_um2 > last, "rows \(rows)")
            last = p.inputBuffer.area_um2
        }
        last = 0
        for glb in [512, 1024, 2048, 3000, 4096, 8192, 16384, 65536, 131072, 1 << 20] {
            let p = model.prepare(hw(mit: 16, rows: 128, glb: glb))
            #expect(p.glb.read_pJ > last, "glb \(glb)")
            last = p.glb.read_pJ
        }
    }
}

/// Knobs the component models cannot evaluate are named.
@Suite struct InvalidKnobTests {
    @Test func namesTheKnob() {
        let model = TestTechnology.model
        #expect(model.invalidKnob(.cimnasDefault) == nil)
        var hw = HardwareConfig.cimnasDefault
        hw.voltage_v = 0
        #expect(model.invalidKnob(hw) == "voltage 0.0 V, expected > 0")
        hw = .cimnasDefault
        hw.adcBits = 0
        #expect(model.invalidKnob(hw) == "ADC resolution 0 b, expected 1…30")
        hw = .cimnasDefault
        hw.rows = 0
        #expect(model.invalidKnob(hw)?.hasPrefix("array 0×128") == true)
    }
}
