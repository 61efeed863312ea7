extension SubnetSpec {
    /// A spec with the same choice in every block.
    public static func uniform(depth: Int, kernel: Int, expandIndex: ExpandChoice, bits: Int) -> SubnetSpec {
        let n = blockCount
        let indices = MobileNetV2Supernet.blocks.map { block -> Int in
            switch expandIndex {
            case .smallest: return 0
            case .largest: return block.expandGrid.count - 1
            }
        }
        return SubnetSpec(depths: Array(repeating: depth, count: stageCount), kernels: Array(repeating: kernel, count: n),
                          expandIndices: indices, pwWeightBits: Array(repeating: bits, count: n),
                          pwActivationBits: Array(repeating: bits, count: n), dwWeightBits: Array(repeating: bits, count: n),
                          dwActivationBits: Array(repeating: bits, count: n))
    }

    /// Which end of each block's expand grid `uniform` takes.
    public enum ExpandChoice: Sendable { case smallest, largest }

    /// The largest subnet: depth 4, kernel 7, expand 6 everywhere, 8 bits.
    public static let largest = uniform(depth: 4, kernel: 7, expandIndex: .largest, bits: 8)
    /// Standard MobileNetV2 (the CIMNAS baseline network): stage depths [2,3,4,3,3,1] (the last stage has one
    /// block, so its gene is stored as 2, which has the same effect), kernel 3, expand ratio 6, all 8-bit.
    /// Spaces without MobileNetV2 knobs evaluate this network.
    public static let standard: SubnetSpec = {
        var s = uniform(depth: 2, kernel: 3, expandIndex: .largest, bits: 8)
        s.depths = [2, 3, 4, 3, 3, 2]
        return s
    }()
    /// The smallest subnet: depth 2, kernel 3, expand 4 everywhere, 8 bits.
    public static let smallest = uniform(depth: 2, kernel: 3, expandIndex: .smallest, bits: 8)

    /// The same subnet with dead genes reset: inactive blocks get kernel 3, expand index 0 and 8 bits
    /// (APQ's `feature2spec` convention) and `depths[5]` (no effect) becomes 4.
    ///
    /// Two specs with equal `normalized` produce the same layers and the same predictor features.
    public var normalized: SubnetSpec {
        var spec = self
        if spec.depths.count == SubnetSpec.stageCount { spec.depths[5] = 4 }
        for i in 0..<SubnetSpec.blockCount where !isActive(block: i) {
            spec.kernels[i] = 3
            spec.expandIndices[i] = 0
            spec.pwWeightBits[i] = 8
            spec.pwActivationBits[i] = 8
            spec.dwWeightBits[i] = 8
            spec.dwActivationBits[i] = 8
        }
        return spec
    }
}
