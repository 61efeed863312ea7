import CIMAccuracy
import CIMWorkload
import Testing

@Suite struct APQEncodingTests {
    @Test func expandOffsetsMatchReferenceTable() {
        // docs/accuracy.md, "Encoding layout": Eoff[i].
        #expect(APQEncoding.expandOffsets == [63, 68, 75, 82, 89, 96, 107, 118, 129, 140, 161, 182, 203,
                                              224, 249, 274, 299, 324, 373, 422, 471])
        #expect(APQEncoding.expandOffsets[20] + APQEncoding.expandChoices[20] == APQEncoding.archDimension)
    }

    @Test func goldenVectorsBothIndexSets() throws {
        let golden = try Fixtures.golden()
        #expect(golden.vectors.count == 10)
        for v in golden.vectors {
            let spec = v.spec.subnet
            // The key's grid indices and the ones recovered from the float ratios agree.
            #expect(spec.expandIndices == v.e_grid_index)
            let asCalled = try APQEncoding.activeIndices(spec, bits: .forceEightBit).map(Int.init)
            let realBits = try APQEncoding.activeIndices(spec, bits: .real).map(Int.init)
            #expect(asCalled == v.feature_nonzero_indices_as_called)
            #expect(realBits == v.feature_nonzero_indices_real_bits)
        }
        for a in golden.measured_anchors_no_prediction {
            let real = try APQEncoding.activeIndices(a.spec.subnet, bits: .real).map(Int.init)
            let eight = try APQEncoding.activeIndices(a.spec.subnet, bits: .forceEightBit).map(Int.init)
            #expect(real == a.feature_nonzero_indices_real_bits)
            #expect(eight == a.feature_nonzero_indices_8bit)
        }
    }

    @Test func rejectsOutOfSpaceValues() throws {
        var spec = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: [2, 2, 2, 2, 2, 2])
        spec.kernels[0] = 4
        #expect(throws: APQEncoding.EncodingError.self) { try APQEncoding.activeIndices(spec) }
        spec.kernels[0] = 3
        spec.expandIndices[0] = 5  // block 0 has 5 choices (0…4)
        #expect(throws: APQEncoding.EncodingError.self) { try APQEncoding.activeIndices(spec) }
        spec.expandIndices[0] = 4
        spec.expandIndices[3] = 99  // block 3 is inactive at depth 2: ignored
        let count = try APQEncoding.activeIndices(spec).count
        #expect(count == 6 * 11)
    }

    @Test func quantPolicyKeyIsStableAndIgnoresInactiveBlocks() {
        var a = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: [2, 2, 2, 2, 2, 2])
        var b = a
        b.pwWeightBits[3] = 4  // inactive block
        #expect(a.quantPolicyKey == b.quantPolicyKey)
        a.dwActivationBits[0] = 6
        #expect(a.quantPolicyKey != b.quantPolicyKey)
        #expect(a.quantPolicyKey.hasPrefix("88xx88xx88xx88xx88xx8/"))
    }
}

@Suite struct PredictorDatasetTests {
    static let header = ((1...6).map { "depth\($0)" } + (1...21).map { "kernel\($0)" }
        + (1...21).map { "expand_index\($0)" } + ["note", "apq_output"]).joined(separator: ",")
    static func row(kernel: String = "3", target: String = "0.87") -> String {
        (Array(repeating: "2", count: 6) + Array(repeating: kernel, count: 21) + Array(repeating: "0", count: 21)
            + ["\"a, quoted note\"", target]).joined(separator: ",")
    }

    @Test func readsQuotedCSVAndDefaultsBitsToEight() throws {
        let d = try PredictorDataset.parse(csv: Self.header + "\r\n" + Self.row() + "\r\n" + Self.row(kernel: "5", target: "0.5") + "\r\n", name: "t.csv")
        #expect(d.count == 2)
        #expect(d.targets == [0.87, 0.5])
        #expect(d.specs[1].kernels[0] == 5 && d.specs[0].dwActivationBits == [Int](repeating: 8, count: 21))
        #expect(d.lines == [2, 3])
    }

    @Test func errorsNameFileLineColumn() {
        func message(_ text: String) -> String {
            do { _ = try PredictorDataset.parse(csv: text, name: "t.csv"); return "" } catch { return "\(error)" }
        }
        #expect(message(Self.header + "\n" + Self.row(target: "x") + "\n").hasPrefix("t.csv:2:114: 'x' in column 'apq_output', expected a number"))
        #expect(message(Self.header + "\n" + Self.row(kernel: "3.5") + "\n").hasPrefix("t.csv:2:13: '3.5' in column 'kernel1', expected an integer"))
        #expect(message("depth1\n2\n").hasPrefix("t.csv:1:1: missing column 'depth2'"))
    }

    @Test func splitIsSeededAndDisjoint() throws {
        let d = try Fixtures.trainingData()
        let a = d.split(heldOutFraction: 0.2, seed: 1), b = d.split(heldOutFraction: 0.2, seed: 1)
        #expect(a.heldOut == b.heldOut && a.heldOut.count == 584)
        #expect(Set(a.train).isDisjoint(with: a.heldOut) && a.train.count + a.heldOut.count == d.count)
        #expect(d.split(heldOutFraction: 0.2, seed: 2).heldOut != a.heldOut)
    }
}
