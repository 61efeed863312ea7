/// CiMLoop's data-value dependence: AVERAGE_INPUT_VALUE / AVERAGE_WEIGHT_VALUE from value histograms.
///
/// A histogram has 2^k − 1 bins (centre bin = value 0). Offset encoding represents bin i by the k-bit
/// unsigned binary of i (MSB first) with probability p_i (renormalised). A B-bit operand is cut into
/// ⌊B/b⌋ slices of b bits plus one partial slice of B mod b bits; every slice — partial ones included —
/// is normalised by the full range 2^b_max − 1, bit j (MSB = 0) weighing 2^(b_s − 1 − j_local). Bits beyond
/// the histogram's k bits take the mean of that code's k bits. The result is the mean over slices.
public enum DataValueStatistics {
    /// CiMLoop's INPUTS_HIST when a layer has none.
    public static let defaultInputHistogram: [Double] = [0, 0, 0, 3, 2, 1, 0]
    /// CiMLoop's WEIGHTS_HIST when a layer has none: 15 equal bins.
    public static let defaultWeightHistogram: [Double] = Array(repeating: 1, count: 15)

    /// Why a histogram or a bit split is unusable.
    public struct HistogramError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Average slice value of an offset-encoded histogram for `totalBits` bits in slices of `bitsPerSlice`.
    /// - Throws: `HistogramError` when the histogram length is not 2^k − 1, a bin is negative or not finite,
    ///   all bins are zero, or the bit counts are not positive.
    /// - Complexity: O(bins · totalBits), no allocation.
    public static func averageSliceValue(histogram: [Double], totalBits: Int, bitsPerSlice: Int) throws(HistogramError) -> Double {
        try encodedSliceAverage(histogram: histogram, totalBits: totalBits, bitsPerSlice: bitsPerSlice, magnitude: false, share: 1)
    }

    /// The slice average of either encoding: offset (code = bin index, k bits) or magnitude (code = |value|,
    /// k − 1 bits), each bit's probability of being 1 scaled by `share` (0.5 for two-part encoding).
    /// - Complexity: O(bins · totalBits), no allocation.
    @usableFromInline
    static func encodedSliceAverage(histogram: [Double], totalBits: Int, bitsPerSlice: Int, magnitude: Bool,
                                    share: Double) throws(HistogramError) -> Double {
        guard totalBits > 0, bitsPerSlice > 0, totalBits <= 62 else {
            throw HistogramError(description: "bits \(totalBits) / bits per slice \(bitsPerSlice): expected 1…62 and ≥ 1")
        }
        var k = 0
        while (1 << k) - 1 < histogram.count { k += 1 }
        guard k > (magnitude ? 1 : 0), (1 << k) - 1 == histogram.count else {
            throw HistogramError(description: "histogram has \(histogram.count) bins, expected 2^k − 1\(magnitude ? " ≥ 3" : "") (3, 7, 15, 31, …)")
        }
        var sum = 0.0
        for p in histogram {
            guard p.isFinite, p >= 0 else { throw HistogramError(description: "histogram bin \(p), expected a finite value ≥ 0") }
            sum += p
        }
        guard sum > 0 else { throw HistogramError(description: "histogram bins sum to 0") }

        let codeBits = magnitude ? k - 1 : k
        let centre = histogram.count / 2
        func code(_ i: Int) -> Int { magnitude ? abs(i - centre) : i }
        // Mean bit value over codes, for bits beyond the code's own.
        var meanBits = 0.0
        for (i, p) in histogram.enumerated() { meanBits += p * Double(code(i).nonzeroBitCount) }
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
                var ones = 0.0
                let mask = 1 << (codeBits - 1 - j)
                for (i, p) in histogram.enumerated() where code(i) & mask != 0 { ones += p }
                q = ones * share / sum
            } else {
                q = meanBits
            }
            total += q * weight
        }
        return total / Double(sliceCount)
    }

    /// AVERAGE_INPUT_VALUE: all input bits in one slice (IBPS = input bits); nil histogram → CiMLoop default.
    public static func averageInputValue(histogram: [Double]?, inputBits: Int) throws(HistogramError) -> Double {
        try averageSliceValue(histogram: histogram ?? defaultInputHistogram, totalBits: inputBits, bitsPerSlice: inputBits)
    }

    /// AVERAGE_WEIGHT_VALUE: slices of min(bits per cell, weight bits); nil histogram → CiMLoop default.
    public static func averageWeightValue(histogram: [Double]?, weightBits: Int, bitsPerCell: Int) throws(HistogramError) -> Double {
        try averageSliceValue(histogram: histogram ?? defaultWeightHistogram, totalBits: weightBits,
                              bitsPerSlice: min(bitsPerCell, weightBits))
    }

    /// Both averages of a layer on hardware storing `bitsPerCell` bits per cell.
    ///
    /// Layers without histograms (the common case) read precomputed tables built with the same functions,
    /// so the values are identical.
    @inlinable
    public static func averages(_ layer: LayerWorkload, bitsPerCell: Int) throws(HistogramError) -> (input: Double, weight: Double) {
        let ib = layer.inputBits, wb = layer.weightBits
        if layer.inputHistogram == nil, layer.weightHistogram == nil, ib >= 1, ib <= tableBits, wb >= 1,
           wb <= tableBits, bitsPerCell >= 1 {
            let slice = min(bitsPerCell, wb)
            return (defaultInputAverages[ib - 1], defaultWeightAverages[(wb - 1) * tableBits + slice - 1])
        }
        return try computedAverages(layer, bitsPerCell: bitsPerCell)
    }

    /// Bits covered by the default-histogram tables.
    @usableFromInline static let tableBits = 16

    /// `averageInputValue(histogram: nil, inputBits: b)` at index b − 1.
    @usableFromInline static let defaultInputAverages: [Double] = (1...tableBits).map {
        (try? averageInputValue(histogram: nil, inputBits: $0)) ?? .nan
    }

    /// `averageWeightValue(histogram: nil, weightBits: w, bitsPerCell: s)` at index (w − 1)·16 + s − 1, s ≤ w.
    @usableFromInline static let defaultWeightAverages: [Double] = (1...tableBits).flatMap { w in
        (1...tableBits).map { s in
            s > w ? .nan : (try? averageWeightValue(histogram: nil, weightBits: w, bitsPerCell: s)) ?? .nan
        }
    }

    /// Both averages computed from the histograms (no table).
    public static func computedAverages(_ layer: LayerWorkload, bitsPerCell: Int) throws(HistogramError) -> (input: Double, weight: Double) {
        (try averageInputValue(histogram: layer.inputHistogram, inputBits: layer.inputBits),
         try averageWeightValue(histogram: layer.weightHistogram, weightBits: layer.weightBits, bitsPerCell: bitsPerCell))
    }
}
