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
        try encodedSliceAverage(histogram: histogram, totalBits: totalBits, bitsPerSlice: bitsPerSlice, magnitude: true,
                                share: twoPart ? 0.5 : 1)
    }
}
