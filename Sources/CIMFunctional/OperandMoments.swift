/// First and second moments of an offset-encoded operand drawn from a value histogram, for the whole code
/// and for each of its slices (the statistics the error model needs; CiMLoop's averages are their means).
///
/// A bin i of a k-bit histogram is the code i in the top bits of a B-bit code whose lower B − k bits are
/// uniform (B ≥ k), or the top B bits of i (B < k) — exactly how ``QuantizedLayer/sampled`` draws operands.
public struct OperandMoments: Hashable, Sendable {
    public var bits: Int
    public var slicing: OperandSlicing
    /// E[u] and E[u²] of the unsigned code u.
    public var codeMean: Double
    public var codeMeanSquare: Double
    /// E[slice] and E[slice²] per slice (0 = most significant), up to 16 slices.
    public var sliceMean: SIMD16<Double>
    public var sliceMeanSquare: SIMD16<Double>
    /// The operand is signed and offset-encoded (x = u − 2^(B−1)); false: unsigned, x = u.
    public var signed: Bool

    /// Moments of `histogram` for `bits`-bit codes cut by `slicing`.
    /// - Complexity: O(bins · bits), no allocation.
    public init(histogram: OperandHistogram, slicing: OperandSlicing, signed: Bool = true) {
        let bits = slicing.totalBits, k = histogram.codeBits
        var mean = 0.0, meanSquare = 0.0
        var sMean = SIMD16<Double>(repeating: 0), sSquare = SIMD16<Double>(repeating: 0)
        for (bin, p) in histogram.probabilities.enumerated() where p > 0 {
            // Bit p of the code: fixed (from the bin) or uniform (the low bits below the histogram's k).
            let randomBits = max(0, bits - k)
            let fixedCode = bits >= k ? bin << randomBits : bin >> (k - bits)
            func moments(lo: Int, hi: Int) -> (mean: Double, square: Double) {
                var m = 0.0, v = 0.0
                for pos in lo..<hi {
                    let w = Double(1 << (pos - lo))
                    if pos < randomBits { m += 0.5 * w; v += 0.25 * w * w } else if fixedCode >> pos & 1 == 1 { m += w }
                }
                return (m, v + m * m)
            }
            let whole = moments(lo: 0, hi: bits)
            mean += p * whole.mean
            meanSquare += p * whole.square
            for i in 0..<min(slicing.count, 16) {
                let lo = slicing.shift(i), part = moments(lo: lo, hi: lo + slicing.width(i))
                sMean[i] += p * part.mean
                sSquare[i] += p * part.square
            }
        }
        self.bits = bits
        self.slicing = slicing
        codeMean = mean
        codeMeanSquare = meanSquare
        sliceMean = sMean
        sliceMeanSquare = sSquare
        self.signed = signed
    }

    /// E[x] and E[x²] of the operand's value x = u − 2^(B−1) (signed) or x = u (unsigned).
    @inlinable public var signedMean: Double { codeMean - (signed ? Double(1 << (bits - 1)) : 0) }
    @inlinable public var signedMeanSquare: Double {
        let o = signed ? Double(1 << (bits - 1)) : 0
        return codeMeanSquare - 2 * o * codeMean + o * o
    }
}
