import CIMHardware
import CIMWorkload
import Testing

@Suite struct CapacityAndCompatTests {
    /// docs/search.md, "Reference values": the smoke architecture needs 25,821,054 cells by the original formula at 1 bit per cell;
    /// the depthwise layers it under-counts hold 1,119,874 more.
    @Test func smokeArchitectureCapacityBothFormulas() throws {
        let key = try CIMNASKey(parsing: Fixtures.smokeKey)
        let layers = MobileNetV2Supernet.layers(for: key.subnet, mode: .cimnas)
        let original = CapacityCheck.check(layers, on: key.hardware, mode: .cimnas)
        let counted = CapacityCheck.check(MobileNetV2Supernet.layers(for: key.subnet), on: key.hardware, mode: .default)
        #expect(original.formula == .original && counted.formula == .counted)
        #expect(original.availableCells == 33_554_432)
        #expect(original.requiredCells == 25_821_054)
        #expect(counted.requiredCells - original.requiredCells == 1_119_874)
        #expect(original.fits && counted.fits)
        #expect(original.summary == "fits: 25821054 of 33554432 cells (77.0 %)")
    }

    @Test func reportsTheFailingLayerAndTheShortfall() throws {
        let key = try CIMNASKey(parsing: Fixtures.smokeKey)
        var hw = key.hardware
        hw.macrosPerTile = 64   // half the cells: 16,777,216
        let report = CapacityCheck.check(MobileNetV2Supernet.layers(for: key.subnet), on: hw, mode: .default)
        #expect(!report.fits)
        #expect(report.shortfallCells == 26_940_928 - 16_777_216)
        let fail = try #require(report.firstFailingLayer)
        let before = report.layerCells[..<fail.index].reduce(0, +)
        #expect(before <= hw.cellCount && before + report.layerCells[fail.index] > hw.cellCount)
        #expect(fail.missingCells == before + report.layerCells[fail.index] - hw.cellCount)
        #expect(report.summary.hasPrefix("does not fit: 26940928 of 16777216 cells (160.6 %), short by 10163712 cells; layer \(fail.name)"))
    }

    /// The same design in both modes: bits swapped for the hardware model, feature_mix 7 bits, capacity formula.
    @Test func compatAndDefaultOnTheSameDesign() throws {
        let design = try CIMNASKey(parsing: Fixtures.smokeKey).design
        let correct = try Workloads.layers(for: design, mode: .default)
        let compat = try Workloads.layers(for: design, mode: .cimnas)
        let hwCorrect = CompatMode.default.hardwareView(of: correct)
        let hwCompat = CompatMode.cimnas.hardwareView(of: compat)
        #expect(hwCorrect == correct)
        // Layer 03 (block 0 expand) has w 6 / a 8: the original feeds INPUT_BITS = 6, WEIGHT_BITS = 8.
        #expect(hwCorrect[3].inputBits == 8 && hwCorrect[3].weightBits == 6)
        #expect(hwCompat[3].inputBits == 6 && hwCompat[3].weightBits == 8)
        #expect(hwCompat[60].inputBits == 8 && hwCompat[60].weightBits == 7)
        #expect(zip(hwCorrect, hwCompat).filter { $0.inputBits != $1.inputBits }.count
                == correct.filter { $0.inputBits != $0.weightBits }.count)  // feature_mix 8/7 keeps input 8
        #expect(CompatMode.cimnas.ignoresStrideForInputTraffic && !CompatMode.default.ignoresStrideForInputTraffic)
        #expect(CompatMode.cimnas.feedsPredictorEightBitFeatures && !CompatMode.default.feedsPredictorEightBitFeatures)
        let a = CapacityCheck.check(compat, on: design.hardware, mode: .cimnas)
        let b = CapacityCheck.check(correct, on: design.hardware, mode: .default)
        #expect(a.requiredCells == 25_821_054 && b.requiredCells == 26_940_928)
    }
}

@Suite struct MappingFitTests {
    /// The counted check asks the mapper per layer: a chip with too few macros for ResNet50's largest
    /// layer reports that layer even before the summed cells are considered.
    @Test func unmappableLayerIsNamed() throws {
        let layers = try Workloads.layers(network: "resnet50")
        let tiny = HardwareConfig(voltage_v: 0.7, bitsPerCell: 4, baseLatency_s: 4e-9, rows: 32, cols: 32,
                                  routerGroup: 1, tilesPerChip: 4, macrosPerTile: 4, glbDepth: 2048)
        let report = CapacityCheck.check(layers, on: tiny, formula: .counted)
        #expect(!report.fits)
        #expect(!report.unmappableLayers.isEmpty)
        let misfitNames = Set(report.unmappableLayers.map(\.name))
        // layer1.0.conv1 (64 → 64, 1×1, 8-bit weights in 2 slices): 2 row chunks × 4 column chunks = 8 ≤ 16 macros.
        #expect(!misfitNames.contains("layer1.0.conv1"))
        // conv1 needs ⌈147/32⌉ = 5 row chunks × ⌈128/32⌉ = 4 column chunks = 20 > 16 macros.
        #expect(misfitNames.contains("conv1"))
        #expect(misfitNames.contains("layer4.0.conv2"))
        #expect(report.summary.contains("layer(s) cannot be mapped, first "))
        // The original formula never asked the mapper.
        #expect(CapacityCheck.check(layers, on: tiny, formula: .original).unmappableLayers.isEmpty)
    }

    @Test func smokeArchitectureMapsEveryLayer() throws {
        let key = try CIMNASKey(parsing: Fixtures.smokeKey)
        let report = CapacityCheck.check(MobileNetV2Supernet.layers(for: key.subnet), on: key.hardware, mode: .default)
        #expect(report.unmappableLayers.isEmpty)
        #expect(report.fits)
    }
}

@Suite struct CompatOptionsTests {
    @Test func evaluationOptionsFollowTheMode() throws {
        #expect(CompatMode.cimnas.evaluationOptions.compatCimnas)
        #expect(!CompatMode.default.evaluationOptions.compatCimnas)
        #expect(!CompatMode.cimnas.evaluationOptions.swapInputWeightBits)
        let design = try CIMNASKey(parsing: Fixtures.smokeKey).design
        let swapped = try design.hardwareLayers(mode: .cimnas)
        let real = try design.hardwareLayers(mode: .default)
        #expect(swapped[3].inputBits == real[3].weightBits && swapped[3].weightBits == real[3].inputBits)
    }
}
