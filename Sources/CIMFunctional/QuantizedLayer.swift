import CIMHardware

/// Why a functional simulation or error-model evaluation cannot run; one line.
public struct FunctionalError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
    /// The caller asked the simulation to stop.
    public static let stopped = FunctionalError("stopped on request")
}

/// A quantized layer's integer operands, unfolded so that every output is a dot product over the
/// K = C·R·S rows of its group: conv, depthwise (G = channels, C = M = 1), grouped and linear layers alike.
///
/// Inputs are signed B-bit integers in [−2^(B−1), 2^(B−1) − 1] (offset-encoded on the chip, as CiMLoop does),
/// or with `unsignedInputs` non-negative in [0, 2^B − 1] (applied as they are, as NeuroSim does with
/// activations after ReLU); stored positions × G × K (k = (c·R + r)·S + s). Weights are signed, stored G × M × K.
public struct QuantizedLayer: Hashable, Sendable {
    public var groups: Int
    /// Input channels per group.
    public var C: Int
    /// Output channels per group.
    public var M: Int
    public var R: Int
    public var S: Int
    /// Output positions (P·Q·N).
    public var positions: Int
    public var inputBits: Int
    public var weightBits: Int
    public var inputs: [Int32]
    public var weights: [Int32]
    /// Inputs are unsigned codes applied without offset.
    public var unsignedInputs: Bool

    /// Rows of one group's dot product, C·R·S.
    @inlinable public var K: Int { C * R * S }

    /// Checks sizes and value ranges.
    public init(groups: Int, C: Int, M: Int, R: Int = 1, S: Int = 1, positions: Int, inputBits: Int, weightBits: Int,
                inputs: [Int32], weights: [Int32], unsignedInputs: Bool = false) throws(FunctionalError) {
        for (name, v) in [("groups", groups), ("C", C), ("M", M), ("R", R), ("S", S), ("positions", positions)]
        where !(1...1 << 20).contains(v) {
            throw FunctionalError("layer \(name) \(v), expected 1…\(1 << 20)")
        }
        for (name, b) in [("input", inputBits), ("weight", weightBits)] where !(2...16).contains(b) {
            throw FunctionalError("\(name) bits \(b), expected 2…16")
        }
        let k = C * R * S
        guard k <= 1 << 20, groups * M <= 1 << 20, positions * groups <= 1 << 24 else {
            throw FunctionalError("layer too large to simulate (K \(k), G·M \(groups * M), positions·G \(positions * groups))")
        }
        guard inputs.count == positions * groups * k else {
            throw FunctionalError("\(inputs.count) inputs, expected positions·G·C·R·S = \(positions * groups * k)")
        }
        guard weights.count == groups * M * k else {
            throw FunctionalError("\(weights.count) weights, expected G·M·C·R·S = \(groups * M * k)")
        }
        for (name, bits, values, unsigned) in [("input", inputBits, inputs, unsignedInputs), ("weight", weightBits, weights, false)] {
            let lo = unsigned ? 0 : -(Int32(1) << (bits - 1)), hi = unsigned ? (Int32(1) << bits) - 1 : (Int32(1) << (bits - 1)) - 1
            if let bad = values.first(where: { $0 < lo || $0 > hi }) {
                throw FunctionalError("\(name) value \(bad) outside the \(unsigned ? "unsigned" : "signed") \(bits)-bit range \(lo)…\(hi)")
            }
        }
        self.groups = groups
        self.C = C
        self.M = M
        self.R = R
        self.S = S
        self.positions = positions
        self.inputBits = inputBits
        self.weightBits = weightBits
        self.inputs = inputs
        self.weights = weights
        self.unsignedInputs = unsignedInputs
    }

    /// The offset added to an input to get its code on the chip: 2^(B−1), or 0 for unsigned inputs.
    @inlinable public var inputOffset: Int { unsignedInputs ? 0 : 1 << (inputBits - 1) }

    /// A convolution of an input tensor (G·C × H × W) with weights (G·M × C × R × S), zero padding, unfolded.
    public static func convolution(input: [Int32], height: Int, width: Int, weights: [Int32], groups: Int, C: Int, M: Int,
                                   R: Int, S: Int, stride: Int = 1, padding: Int = 0, inputBits: Int,
                                   weightBits: Int, unsignedInputs: Bool = false) throws(FunctionalError) -> QuantizedLayer {
        guard height >= 1, width >= 1, stride >= 1, padding >= 0, padding < 64, R >= 1, S >= 1,
              input.count == groups * C * height * width else {
            throw FunctionalError("convolution input of \(input.count) values, expected G·C·H·W = \(groups * C * height * width) with H, W, stride ≥ 1")
        }
        let p = (height + 2 * padding - R) / stride + 1, q = (width + 2 * padding - S) / stride + 1
        guard p >= 1, q >= 1 else { throw FunctionalError("kernel \(R)×\(S) larger than the padded input \(height)×\(width)") }
        let k = C * R * S
        var unfolded = [Int32](repeating: 0, count: p * q * groups * k)
        for y in 0..<p { for x in 0..<q { for g in 0..<groups { for c in 0..<C { for r in 0..<R { for s in 0..<S {
            let iy = y * stride + r - padding, ix = x * stride + s - padding
            guard iy >= 0, iy < height, ix >= 0, ix < width else { continue }
            unfolded[((y * q + x) * groups + g) * k + (c * R + r) * S + s] = input[((g * C + c) * height + iy) * width + ix]
        } } } } } }
        return try QuantizedLayer(groups: groups, C: C, M: M, R: R, S: S, positions: p * q, inputBits: inputBits,
                                  weightBits: weightBits, inputs: unfolded, weights: weights, unsignedInputs: unsignedInputs)
    }

    /// A layer whose operands are drawn from value histograms (CiMLoop's 2^k − 1 bins, centre = 0): bin i is
    /// the k-bit offset code i; a B-bit code takes it as its top bits and uniform random lower bits
    /// (B ≥ k) or its top B bits (B < k). Nil histograms are CiMLoop's defaults.
    public static func sampled(groups: Int, C: Int, M: Int, R: Int = 1, S: Int = 1, positions: Int, inputBits: Int,
                               weightBits: Int, inputHistogram: [Double]? = nil, weightHistogram: [Double]? = nil,
                               seed: UInt64) throws(FunctionalError) -> QuantizedLayer {
        var rng = SeededGenerator(seed: seed)
        let k = C * R * S
        guard k >= 1, groups >= 1, M >= 1, positions >= 1, positions * groups * k <= 1 << 26, groups * M * k <= 1 << 26 else {
            throw FunctionalError("layer too large to sample (positions·G·K \(positions * groups * k), G·M·K \(groups * M * k))")
        }
        let inHist = try OperandHistogram(inputHistogram ?? DataValueStatistics.defaultInputHistogram)
        let wHist = try OperandHistogram(weightHistogram ?? DataValueStatistics.defaultWeightHistogram)
        let inputs = (0..<(positions * groups * k)).map { _ in Int32(inHist.draw(bits: inputBits, &rng) - (1 << (inputBits - 1))) }
        let weights = (0..<(groups * M * k)).map { _ in Int32(wHist.draw(bits: weightBits, &rng) - (1 << (weightBits - 1))) }
        return try QuantizedLayer(groups: groups, C: C, M: M, R: R, S: S, positions: positions, inputBits: inputBits,
                                  weightBits: weightBits, inputs: inputs, weights: weights)
    }

    /// The integer reference result, positions × G × M.
    public func referenceOutput() -> [Int64] {
        let k = K
        var out = [Int64](repeating: 0, count: positions * groups * M)
        for pos in 0..<positions { for g in 0..<groups {
            let xBase = (pos * groups + g) * k
            for m in 0..<M {
                let wBase = (g * M + m) * k
                var acc: Int64 = 0
                for i in 0..<k { acc += Int64(inputs[xBase + i]) * Int64(weights[wBase + i]) }
                out[(pos * groups + g) * M + m] = acc
            }
        } }
        return out
    }

    /// The Timeloop shape of the layer (P = positions, Q = 1), for the mapping's row tiling.
    public var shape: LayerShape {
        LayerShape(kind: groups > 1 && C == 1 && M == 1 ? .depthwise : (R * S == 1 && positions == 1 ? .linear : .conv),
                   G: groups, C: C, M: M, R: R, S: S, P: positions, Q: 1)
    }
}

/// A normalised value histogram of 2^k − 1 bins, as a sampler of offset codes.
public struct OperandHistogram: Hashable, Sendable {
    /// Bin probabilities, summing to 1.
    public var probabilities: [Double]
    /// Bits of a bin's code, k.
    public var codeBits: Int

    public init(_ histogram: [Double]) throws(FunctionalError) {
        var k = 0
        while (1 << k) - 1 < histogram.count { k += 1 }
        guard k > 0, k <= 16, (1 << k) - 1 == histogram.count else {
            throw FunctionalError("histogram has \(histogram.count) bins, expected 2^k − 1 (3, 7, 15, 31, …)")
        }
        guard histogram.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw FunctionalError("histogram bins must be finite and ≥ 0") }
        let sum = histogram.reduce(0, +)
        guard sum > 0 else { throw FunctionalError("histogram bins sum to 0") }
        probabilities = histogram.map { $0 / sum }
        codeBits = k
    }

    /// One B-bit offset code.
    @inlinable public func draw(bits: Int, _ rng: inout SeededGenerator) -> Int {
        var u = rng.unitOpen(), bin = probabilities.count - 1
        for (i, p) in probabilities.enumerated() {
            if u < p { bin = i; break }
            u -= p
        }
        if bits >= codeBits {
            let low = bits - codeBits
            return bin << low | (low == 0 ? 0 : Int(rng.next() & ((1 << UInt64(low)) - 1)))
        }
        return bin >> (codeBits - bits)
    }
}
