import CIMWorkload
import Testing

@Suite struct SubnetSpecTests {
    @Test func activeBlocksFollowDepths() {
        let spec = SubnetSpec(depths: [2, 3, 4, 2, 2, 2], kernels: Array(repeating: 3, count: 21),
                              expandIndices: Array(repeating: 0, count: 21),
                              pwWeightBits: Array(repeating: 8, count: 21), pwActivationBits: Array(repeating: 8, count: 21),
                              dwWeightBits: Array(repeating: 8, count: 21), dwActivationBits: Array(repeating: 8, count: 21))
        let active = (0..<21).filter { spec.isActive(block: $0) }
        #expect(active == [0, 1, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 17, 20])
    }
}
