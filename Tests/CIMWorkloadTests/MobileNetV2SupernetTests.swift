import CIMHardware
import CIMWorkload
import Testing

@Suite struct MobileNetV2SupernetTests {
    @Test func blockGeometryMatchesReferenceTable() {
        let blocks = MobileNetV2Supernet.blocks
        #expect(blocks.count == 21)
        #expect(MobileNetV2Supernet.expandChoiceCounts == [5, 7, 7, 7, 7, 11, 11, 11, 11, 21, 21, 21, 21,
                                                          25, 25, 25, 25, 49, 49, 49, 49])
        #expect(blocks.map(\.inputChannels) == [16, 24, 24, 24, 24, 40, 40, 40, 40, 80, 80, 80, 80,
                                                96, 96, 96, 96, 192, 192, 192, 192])
        #expect(blocks.map(\.stride) == [2, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1])
        #expect(blocks.map(\.outputSize) == [56, 56, 56, 56, 28, 28, 28, 28, 14, 14, 14, 14, 14, 14, 14, 14,
                                             7, 7, 7, 7, 7])
        #expect(blocks[20].outputChannels == 320)
        #expect(blocks[12].outputChannels == 96 && blocks[12].stride == 1)
        // Ratio ↔ index: block 1 has Cin 24, grid 96…144; 4.666… is index 2.
        #expect(blocks[1].expandIndex(ratio: 14.0 / 3.0) == 2)
        #expect(blocks[17].expandIndex(ratio: 4.208333333333333) == 5)
        #expect(blocks[0].expandRatio(index: 3) == 5.5)
        #expect(blocks[0].expandIndex(ratio: 4.1) == nil)
    }

    /// Every shape and bit width of the 62 layers the original generated for the smoke architecture.
    @Test func smokeArchitectureReproducesOriginalLayers() throws {
        let key = try CIMNASKey(parsing: Fixtures.smokeKey)
        let layers = MobileNetV2Supernet.layers(for: key.subnet, mode: .cimnas)
        let rows = try Fixtures.text("cimnas_smoke_arch_layers.csv").split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 62)
        #expect(layers.count == 62)
        for (layer, row) in zip(layers, rows) {
            // layer,commit,C,M,P,Q,R,S,G,N,HStride,WStride,spelling,histograms,weight_bits,activation_bits
            func value(_ i: Int, _ defaultValue: Int) -> Int { Int(row[i]) ?? defaultValue }
            let s = layer.shape
            #expect(layer.name.hasPrefix(row[0] + "_"))
            let isLinear = row[0] == "61"
            #expect(s.C == value(2, 1), "\(layer.name) C")
            #expect(s.M == value(3, 1), "\(layer.name) M")
            #expect(s.P == value(4, 1) && s.Q == value(5, 1), "\(layer.name) P,Q")
            #expect(s.R == value(6, 1) && s.S == value(7, 1), "\(layer.name) R,S")
            #expect(s.G == value(8, 1), "\(layer.name) G")
            #expect(s.N == value(9, 1), "\(layer.name) N")
            #expect(s.stride == value(10, 1), "\(layer.name) stride")
            #expect((s.kind == .linear) == isLinear)
            #expect((s.kind == .depthwise) == !row[8].isEmpty)
            #expect(layer.weightBits == Int(row[14]), "\(layer.name) weight bits")
            #expect(layer.inputBits == Int(row[15]), "\(layer.name) activation bits")
        }
        // Default mode differs only in feature_mix's activation bits.
        let correct = MobileNetV2Supernet.layers(for: key.subnet, mode: .default)
        #expect(correct[60].inputBits == 8 && layers[60].inputBits == 7)
        #expect(zip(correct, layers).filter { $0 != $1 }.map(\.0.name) == ["60_feature_mix"])
        #expect(layers[3].name == "03_b0_expand" && layers[4].name == "04_b0_dw" && layers[5].name == "05_b0_project")
    }

    @Test func macCounts() throws {
        func macs(_ spec: SubnetSpec) -> Int { MobileNetV2Supernet.layers(for: spec).reduce(0) { $0 + $1.shape.macs } }
        let largest = macs(.largest), smallest = macs(.smallest)
        #expect(abs(Double(largest) / 1e6 - 606.6) < 0.05, "largest \(largest)")
        #expect(abs(Double(smallest) / 1e6 - 191.5) < 0.05, "smallest \(smallest)")
        #expect(MobileNetV2Supernet.layers(for: .largest).count == 68)
        #expect(MobileNetV2Supernet.layers(for: .smallest).count == 38)
        let smoke = try CIMNASKey(parsing: Fixtures.smokeKey)
        #expect(abs(Double(macs(smoke.subnet)) / 1e6 - 408.3) < 0.05)
    }

    @Test func validationNamesTheBadGene() {
        var spec = SubnetSpec.smallest
        spec.kernels[4] = 9
        spec.expandIndices[0] = 5
        #expect(MobileNetV2Supernet.validate(spec) == ["kernels[4] = 9 is not one of [3, 5, 7]",
                                                       "expand index 5 of block 0 is outside 0..<5"])
        #expect(MobileNetV2Supernet.validate(.largest).isEmpty)
    }
}
