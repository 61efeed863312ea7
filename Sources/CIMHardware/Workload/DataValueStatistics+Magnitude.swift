/// CiMLoop's sign-magnitude encodings of a signed value histogram (signed hardware, e.g. NeuRRAM).
///
/// Bin i of a 2^k − 1 bin histogram is the value i − (2^(k−1) − 1); magnitude encoding stores |value| in
/// k − 1 bits (MSB first) and the sign in the hardware (ternary drivers or a second device). Two-part
/// encoding (two devices per value, one of which holds 0) halves every bit's probability of being 1.
/// Slicing, normalisation and bits beyond the code follow ``DataValueStatistics/averageSliceValue(histogram:totalBits:bitsPerSlice:)``.
extension DataValueStatistics {
    /// Average slice value of a magnitude-encoded histogram for `totalBits` bits in slices of `bitsPerSlice`.
    /// - Parameter twoPart: two devices per value (CiMLoop's `two_part_magnitude_encode_hist`).
    /// - Throws: `HistogramError` as the offset form does, or for a histogram of fewer than 3 bins.
    /// - Complexity: O(bins · totalBits).
    public static func averageMagnitudeSliceValue(histogram: [Double], totalBits: Int, bitsPerSlice: Int,
                                                  twoPart: Bool = false) throws(HistogramError) -> Double {
        guard totalBits > 0, bitsPerSlice > 0, totalBits <= 62 else {
            throw HistogramError(description: "bits \(totalBits) / bits per slice \(bitsPerSlice): expected 1…62 and ≥ 1")
        }
        var k = 0
        while (1 << k) - 1 < histogram.count { k += 1 }
        guard k > 1, (1 << k) - 1 == histogram.count else {
            throw HistogramError(description: "histogram has \(histogram.count) bins, expected 2^k − 1 ≥ 3 (3, 7, 15, 31, …)")
        }
        var sum = 0.0
        for p in histogram {
            guard p.isFinite, p >= 0 else { throw HistogramError(description: "histogram bin \(p), expected a finite value ≥ 0") }
            sum += p
        }
        guard sum > 0 else { throw HistogramError(description: "histogram bins sum to 0") }

        let codeBits = k - 1
        let centre = histogram.count / 2
        let share = twoPart ? 0.5 : 1.0
        func magnitude(_ i: Int) -> Int { abs(i - centre) }
        var meanBits = 0.0
        for (i, p) in histogram.enumerated() { meanBits += p * Double(magnitude(i).nonzeroBitCount) }
        meanBits = meanBits * share / (sum * Double(codeBits))

        let b = min(bitsPerSlice, totalBits)
        let fullSlices = totalBits / b
        let partial = totalBits % b
        let sliceCount = fullSlices + (partial > 0 ? 1 : 0)
        let maxValue = Double(max((1 << b) - 1, 1))
        var total = 0.0
        for j in 0..<totalBits {
            let slice = j / b
            let width = slice < fullSlices ? b : partial
            let local = j - slice * b
            let weight = Double(1 << (width - 1 - local)) / maxValue
            let q: Double
            if j < codeBits {
                let mask = 1 << (codeBits - 1 - j)
                var ones = 0.0
                for (i, p) in histogram.enumerated() where magnitude(i) & mask != 0 { ones += p }
                q = ones * share / sum
            } else {
                q = meanBits
            }
            total += q * weight
        }
        return total / Double(sliceCount)
    }
}
