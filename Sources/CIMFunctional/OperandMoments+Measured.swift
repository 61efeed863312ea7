extension OperandMoments {
    /// Moments of measured operand values (a layer's real inputs or weights) instead of a histogram.
    /// - Parameters:
    ///   - values: the operands as the layer holds them: signed values (offset-encoded on the chip) or, with
    ///     `signed` false, unsigned codes.
    /// - Complexity: O(values · slices), no allocation beyond the result.
    public init<Values: Sequence>(values: Values, slicing: OperandSlicing, signed: Bool) where Values.Element: BinaryInteger {
        let bits = slicing.totalBits, offset = signed ? 1 << (bits - 1) : 0
        // Count codes first: the moments are then O(2^bits · slices) whatever the number of values.
        var counts = [Int](repeating: 0, count: 1 << bits), n = 0
        for v in values {
            let code = min(max(Int(v) + offset, 0), (1 << bits) - 1)
            counts[code] += 1
            n += 1
        }
        var mean = 0.0, square = 0.0
        var sMean = SIMD16<Double>(repeating: 0), sSquare = SIMD16<Double>(repeating: 0)
        let total = Double(max(1, n))
        for (code, c) in counts.enumerated() where c > 0 {
            let p = Double(c) / total, u = Double(code)
            mean += p * u
            square += p * u * u
            for i in 0..<min(slicing.count, 16) {
                let s = Double(slicing.slice(code, i))
                sMean[i] += p * s
                sSquare[i] += p * s * s
            }
        }
        self.init(bits: bits, slicing: slicing, codeMean: mean, codeMeanSquare: square, sliceMean: sMean,
                  sliceMeanSquare: sSquare, signed: signed)
    }

    /// Memberwise: the moments as given.
    init(bits: Int, slicing: OperandSlicing, codeMean: Double, codeMeanSquare: Double, sliceMean: SIMD16<Double>,
         sliceMeanSquare: SIMD16<Double>, signed: Bool) {
        self.bits = bits
        self.slicing = slicing
        self.codeMean = codeMean
        self.codeMeanSquare = codeMeanSquare
        self.sliceMean = sliceMean
        self.sliceMeanSquare = sliceMeanSquare
        self.signed = signed
    }
}
