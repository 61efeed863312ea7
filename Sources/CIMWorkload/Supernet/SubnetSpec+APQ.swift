extension SubnetSpec {
    /// A spec from APQ's spec fields, with expand ratios `e` (grid values such as 4.666…) instead of indices.
    ///
    /// Fails with a message when a ratio is off its block's grid or a list has the wrong length.
    public init(depths: [Int], kernels: [Int], expandRatios: [Double], pwWeightBits: [Int], pwActivationBits: [Int],
                dwWeightBits: [Int], dwActivationBits: [Int]) throws(SpecError) {
        guard expandRatios.count == SubnetSpec.blockCount else {
            throw SpecError("e has \(expandRatios.count) entries, expected \(SubnetSpec.blockCount)")
        }
        var indices: [Int] = []
        for (i, ratio) in expandRatios.enumerated() {
            let block = MobileNetV2Supernet.blocks[i]
            guard let index = block.expandIndex(ratio: ratio) else {
                throw SpecError("e[\(i)] = \(ratio) is not on block \(i)'s grid (k/\(block.inputChannels) for k = \(4 * block.inputChannels)…\(6 * block.inputChannels) step 8)")
            }
            indices.append(index)
        }
        self.init(depths: depths, kernels: kernels, expandIndices: indices, pwWeightBits: pwWeightBits,
                  pwActivationBits: pwActivationBits, dwWeightBits: dwWeightBits, dwActivationBits: dwActivationBits)
    }

    /// Expand ratios (mid / Cin) per block, as APQ's spec `e` holds them.
    public var expandRatios: [Double] {
        MobileNetV2Supernet.blocks.map { $0.expandRatio(index: expandIndices[$0.index]) }
    }

    /// A spec that cannot be built.
    public struct SpecError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}
