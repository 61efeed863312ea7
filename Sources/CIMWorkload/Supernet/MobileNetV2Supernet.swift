import CIMHardware

/// The OFA/APQ ProxylessNAS MobileNetV2 supernet at 224×224 (docs/accuracy.md, "Supernet").
///
/// Fixed stem (first conv 3→32 stride 2, first MBConv block with expand ratio 1 → 16 channels), 21
/// searchable MBConv blocks in 6 stages and a fixed head (feature_mix 320→1280, classifier 1280→1000).
public enum MobileNetV2Supernet {
    /// ProxylessNAS stage widths: stem, first block, the six searchable stages, feature_mix.
    public static let stageWidths = [32, 16, 24, 40, 80, 96, 192, 320, 1280]
    /// Stride of the first block of each searchable stage.
    public static let stageStrides = [2, 2, 2, 1, 2, 1]
    /// Maximum blocks per searchable stage.
    public static let blocksPerStage = [4, 4, 4, 4, 4, 1]
    /// Depth choices per stage.
    public static let depthChoices = [2, 3, 4]
    /// Depthwise kernel choices per block.
    public static let kernelChoices = [3, 5, 7]
    /// Bit-width choices per quantization gene.
    public static let bitChoices = [4, 6, 8]
    /// Input image size.
    public static let resolution = 224
    /// Classes of the classifier.
    public static let classCount = 1000

    /// Geometry of one searchable block.
    public struct Block: Hashable, Sendable {
        public var index: Int
        public var stage: Int
        public var inputChannels: Int
        public var outputChannels: Int
        public var stride: Int
        public var inputSize: Int
        public var outputSize: Int

        /// Expanded widths the block may take: multiples of 8 from 4·Cin to 6·Cin.
        public var expandGrid: [Int] { Array(Swift.stride(from: 4 * inputChannels, through: 6 * inputChannels, by: 8)) }
        /// Expanded width for a grid index.
        public func expandedChannels(index: Int) -> Int { 4 * inputChannels + 8 * index }
        /// Expand ratio (mid / Cin) for a grid index, as the original's lists hold it (k / Cin).
        public func expandRatio(index: Int) -> Double { Double(expandedChannels(index: index)) / Double(inputChannels) }
        /// Grid index of an expand ratio, or nil when the ratio is not on the grid (tolerance 1e-9).
        public func expandIndex(ratio: Double) -> Int? {
            let mid = ratio * Double(inputChannels)
            let index = (mid - Double(4 * inputChannels)) / 8
            let rounded = index.rounded()
            guard abs(index - rounded) < 1e-6, rounded >= 0, Int(rounded) < expandGrid.count else { return nil }
            return Int(rounded)
        }
    }

    /// The 21 searchable blocks in network order.
    public static let blocks: [Block] = {
        var result: [Block] = []
        var cin = stageWidths[1]
        var size = resolution / 2
        for stage in 0..<6 {
            let cout = stageWidths[stage + 2]
            for position in 0..<blocksPerStage[stage] {
                let stride = position == 0 ? stageStrides[stage] : 1
                let out = (size + stride - 1) / stride
                result.append(Block(index: result.count, stage: stage, inputChannels: cin, outputChannels: cout,
                                    stride: stride, inputSize: size, outputSize: out))
                cin = cout
                size = out
            }
        }
        return result
    }()

    /// Number of expand choices per block: 5, 7, 7, 7, 7, 11, …, 49.
    public static var expandChoiceCounts: [Int] { blocks.map { $0.expandGrid.count } }

    /// The subnet's layers in CIMNAS order with P, Q the output sizes at 224 and the block's bit widths.
    ///
    /// Order: first conv; first block depthwise and project; per active block expand (1×1), depthwise
    /// (G = mid, C = M = 1) and project; feature_mix; classifier (linear, P = Q = 1). Layer `l` is named
    /// `NN_…` with NN = l in two digits (`03_b0_expand`). Bits come from `[pw_w, pw_a]` (expand, project)
    /// and `[dw_w, dw_a]` (depthwise); stem, first block and head use 8 bits, except feature_mix's
    /// activation in compat mode (7, as the original recorded it).
    /// - Precondition: `spec` is valid (`validate(_:)` returns no problem).
    public static func layers(for spec: SubnetSpec, mode: CompatMode = .default) -> [LayerWorkload] {
        var layers: [LayerWorkload] = []
        layers.reserveCapacity(68)
        func add(_ name: String, _ shape: LayerShape, act: Int, w: Int) {
            let label = (layers.count < 10 ? "0" : "") + "\(layers.count)_" + name
            layers.append(LayerWorkload(name: label, shape: shape, inputBits: act, weightBits: w))
        }
        let stem = stageWidths[0], first = stageWidths[1], s0 = resolution / 2
        add("first_conv", LayerShape(kind: .conv, C: 3, M: stem, R: 3, S: 3, P: s0, Q: s0, stride: 2), act: 8, w: 8)
        add("first_block_dw", LayerShape(kind: .depthwise, G: stem, C: 1, M: 1, R: 3, S: 3, P: s0, Q: s0), act: 8, w: 8)
        add("first_block_project", LayerShape(kind: .pointwise, C: stem, M: first, P: s0, Q: s0), act: 8, w: 8)
        for block in blocks where spec.isActive(block: block.index) {
            let i = block.index
            let mid = block.expandedChannels(index: spec.expandIndices[i])
            let k = spec.kernels[i]
            let pwA = spec.pwActivationBits[i], pwW = spec.pwWeightBits[i]
            add("b\(i)_expand", LayerShape(kind: .pointwise, C: block.inputChannels, M: mid,
                                           P: block.inputSize, Q: block.inputSize), act: pwA, w: pwW)
            add("b\(i)_dw", LayerShape(kind: .depthwise, G: mid, C: 1, M: 1, R: k, S: k, P: block.outputSize,
                                       Q: block.outputSize, stride: block.stride),
                act: spec.dwActivationBits[i], w: spec.dwWeightBits[i])
            add("b\(i)_project", LayerShape(kind: .pointwise, C: mid, M: block.outputChannels,
                                            P: block.outputSize, Q: block.outputSize), act: pwA, w: pwW)
        }
        let last = blocks[blocks.count - 1].outputSize
        add("feature_mix", LayerShape(kind: .pointwise, C: stageWidths[7], M: stageWidths[8], P: last, Q: last),
            act: mode.featureMixActivationBits, w: 8)
        add("classifier", LayerShape(kind: .linear, C: stageWidths[8], M: classCount, P: 1, Q: 1), act: 8, w: 8)
        return layers
    }

    /// Problems that make `spec` unusable (wrong lengths, values off the choice lists), or [] when valid.
    public static func validate(_ spec: SubnetSpec) -> [String] {
        var problems: [String] = []
        if spec.depths.count != SubnetSpec.stageCount {
            problems.append("depths has \(spec.depths.count) entries, expected \(SubnetSpec.stageCount)")
        } else if let bad = spec.depths.first(where: { !depthChoices.contains($0) }) {
            problems.append("depth \(bad) is not one of \(depthChoices)")
        }
        let lists: [(String, [Int], [Int])] = [
            ("kernels", spec.kernels, kernelChoices), ("pw_w", spec.pwWeightBits, bitChoices),
            ("pw_a", spec.pwActivationBits, bitChoices), ("dw_w", spec.dwWeightBits, bitChoices),
            ("dw_a", spec.dwActivationBits, bitChoices),
        ]
        for (name, values, choices) in lists {
            if values.count != SubnetSpec.blockCount {
                problems.append("\(name) has \(values.count) entries, expected \(SubnetSpec.blockCount)")
            } else if let at = values.firstIndex(where: { !choices.contains($0) }) {
                problems.append("\(name)[\(at)] = \(values[at]) is not one of \(choices)")
            }
        }
        if spec.expandIndices.count != SubnetSpec.blockCount {
            problems.append("expand indices has \(spec.expandIndices.count) entries, expected \(SubnetSpec.blockCount)")
        } else {
            for (i, index) in spec.expandIndices.enumerated() where index < 0 || index >= blocks[i].expandGrid.count {
                problems.append("expand index \(index) of block \(i) is outside 0..<\(blocks[i].expandGrid.count)")
            }
        }
        return problems
    }
}
