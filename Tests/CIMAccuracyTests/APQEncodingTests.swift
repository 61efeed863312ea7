import CIMAccuracy
import CIMWorkload
import Testing

@Suite struct APQEncodingTests {
    @Test func expandOffsetsMatchReferenceTable() {
        // apq-predictor.md §2.3 table of Eoff[i].
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
