import CIMWorkload

/// APQ's 772-dimensional one-hot encoding of a subnet and its quantization policy (docs/accuracy.md, "Encoding layout").
///
/// Layout (0-based): kernel one-hot 0–62 (`3i + {3,5,7}`), expand one-hot 63–519 (`expandOffsets[i] + idx`),
/// then four bit groups of 63 dims each, one-hot over {4, 6, 8}: pw weight 520–582, pw activation 583–645,
/// dw weight 646–708, dw activation 709–771. Inactive blocks are all zero. Features are kept sparse: a
/// sorted list of the indices that are 1.
public enum APQEncoding {
    /// Architecture part (kernel + expand one-hots).
    public static let archDimension = 520
    /// Quantization part (4 × 63 bit one-hots).
    public static let quantDimension = 252
    /// Total feature length.
    public static let featureDimension = 772
    /// Input channel count of each searchable block (the expand grid is 4·Cin…6·Cin in steps of 8).
    public static let blockInputChannels: [Int] = [16, 24, 24, 24, 24, 40, 40, 40, 40, 80, 80, 80, 80,
                                                   96, 96, 96, 96, 192, 192, 192, 192]
    /// Number of expand-grid choices per block: `(6·Cin − 4·Cin)/8 + 1`.
    public static let expandChoices: [Int] = blockInputChannels.map { $0 / 4 + 1 }
    /// First feature index of each block's expand one-hot (63, 68, 75, …, 471).
    public static let expandOffsets: [Int] = {
        var offsets: [Int] = []
        var next = 63
        for choices in expandChoices {
            offsets.append(next)
            next += choices
        }
        return offsets
    }()
    /// First feature index of the four bit groups: pw weight, pw activation, dw weight, dw activation.
    public static let bitGroupOffsets: [Int] = [520, 583, 646, 709]

    /// Which bit widths the quantization one-hots carry.
    public enum BitMode: String, Sendable, CaseIterable {
        /// The spec's own bits (how APQ trained its predictor).
        case real
        /// 8 bits in every active block: what APQ and CIMNAS actually feed at search time (docs/accuracy.md, "How APQ and CIMNAS call it").
        case forceEightBit
    }

    /// Why a spec cannot be encoded.
    public struct EncodingError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The expand-grid index for an expand ratio `e` of block `i`: `(make_divisible(e·Cin) − 4·Cin)/8`.
    public static func expandIndex(ratio e: Double, block i: Int) -> Int {
        let cin = Double(blockInputChannels[i])
        return Int(((e * cin - 4 * cin) / 8).rounded())
    }

    /// The expand ratio of grid index `idx` in block `i`: `(4·Cin + 8·idx)/Cin`.
    public static func expandRatio(index idx: Int, block i: Int) -> Double {
        let cin = blockInputChannels[i]
        return Double(4 * cin + 8 * idx) / Double(cin)
    }

    /// Checks that every field of `spec` is in APQ's space (only active blocks are checked for values).
    public static func validate(_ spec: SubnetSpec) throws {
        let n = SubnetSpec.blockCount
        func fail(_ s: String) -> EncodingError { EncodingError(description: s) }
        guard spec.depths.count == SubnetSpec.stageCount else {
            throw fail("depths has \(spec.depths.count) entries, expected \(SubnetSpec.stageCount)")
        }
        for (name, list) in [("kernels", spec.kernels), ("expandIndices", spec.expandIndices),
                             ("pwWeightBits", spec.pwWeightBits), ("pwActivationBits", spec.pwActivationBits),
                             ("dwWeightBits", spec.dwWeightBits), ("dwActivationBits", spec.dwActivationBits)]
        where list.count != n {
            throw fail("\(name) has \(list.count) entries, expected \(n)")
        }
        for (s, d) in spec.depths.enumerated() where !(2...4).contains(d) {
            throw fail("depth of stage \(s + 1) is \(d), expected 2, 3 or 4")
        }
        for i in 0..<n where spec.isActive(block: i) {
            guard [3, 5, 7].contains(spec.kernels[i]) else {
                throw fail("kernel of block \(i + 1) is \(spec.kernels[i]), expected 3, 5 or 7")
            }
            guard (0..<expandChoices[i]).contains(spec.expandIndices[i]) else {
                throw fail("expand index of block \(i + 1) is \(spec.expandIndices[i]), expected 0…\(expandChoices[i] - 1)")
            }
            for (name, bits) in [("pw weight", spec.pwWeightBits[i]), ("pw activation", spec.pwActivationBits[i]),
                                 ("dw weight", spec.dwWeightBits[i]), ("dw activation", spec.dwActivationBits[i])]
            where ![4, 6, 8].contains(bits) {
                throw fail("\(name) bits of block \(i + 1) are \(bits), expected 4, 6 or 8")
            }
        }
    }

    /// The sorted nonzero feature indices of `spec` (after validation).
    public static func activeIndices(_ spec: SubnetSpec, bits: BitMode = .real) throws -> [Int32] {
        try validate(spec)
        var out: [Int32] = []
        out.reserveCapacity(6 * SubnetSpec.blockCount)
        appendActiveIndices(spec, bits: bits, into: &out)
        return out
    }

    /// Appends the sorted nonzero indices of an already validated `spec` to `out`.
    ///
    /// - Complexity: O(21); allocates only when `out` must grow.
    @inlinable
    public static func appendActiveIndices(_ spec: SubnetSpec, bits: BitMode, into out: inout [Int32]) {
        let n = SubnetSpec.blockCount
        @inline(__always) func bitSlot(_ b: Int) -> Int { b == 4 ? 0 : (b == 6 ? 1 : 2) }
        for i in 0..<n where spec.isActive(block: i) {
            let k = spec.kernels[i]
            out.append(Int32(3 * i + (k == 3 ? 0 : (k == 5 ? 1 : 2))))
        }
        for i in 0..<n where spec.isActive(block: i) {
            out.append(Int32(expandOffsets[i] + spec.expandIndices[i]))
        }
        let groups = [spec.pwWeightBits, spec.pwActivationBits, spec.dwWeightBits, spec.dwActivationBits]
        for g in 0..<4 {
            let base = bitGroupOffsets[g]
            for i in 0..<n where spec.isActive(block: i) {
                let slot = bits == .forceEightBit ? 2 : bitSlot(groups[g][i])
                out.append(Int32(base + 3 * i + slot))
            }
        }
    }

    /// The dense 0/1 feature vector (772 floats); for inspection and interoperability.
    public static func denseFeature(_ spec: SubnetSpec, bits: BitMode = .real) throws -> [Float] {
        var dense = [Float](repeating: 0, count: featureDimension)
        for j in try activeIndices(spec, bits: bits) { dense[Int(j)] = 1 }
        return dense
    }
}
