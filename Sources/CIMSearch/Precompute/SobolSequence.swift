/// The Sobol low-discrepancy sequence (Joe & Kuo 2008 direction numbers, `new-joe-kuo-6.21201`) in
/// Gray-code order, as SciPy's unscrambled `qmc.Sobol` produces it; optionally with a seeded random
/// digital shift (every coordinate XORed with a fixed random 32-bit word per dimension).
///
/// Point 0 is the origin (unshifted); point i is point i−1 XOR the direction number of the lowest zero bit
/// of i−1. Up to `maxDimensions` dimensions, 2³² points.
public struct SobolSequence: Sendable {
    /// (degree s, coefficients a, initial m₁…m_s) for dimensions 2…16 (dimension 1 is van der Corput).
    static let joeKuo: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]), (5, 13, [1, 1, 1, 3, 11]), (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]), (6, 16, [1, 3, 1, 13, 27, 49]),
    ]
    public static let maxDimensions = 16
    static let bits = 32

    public let dimensions: Int
    /// Direction numbers v[d][k], scaled to 32 bits.
    let directions: [[UInt32]]
    let shift: [UInt32]

    /// - Parameter seed: 0 gives the plain published sequence; any other seed a random digital shift.
    public init(dimensions: Int, seed: UInt64 = 0) {
        precondition((1...Self.maxDimensions).contains(dimensions), "Sobol dimensions 1…\(Self.maxDimensions)")
        self.dimensions = dimensions
        var dirs: [[UInt32]] = []
        for d in 0..<dimensions {
            var v = [UInt32](repeating: 0, count: Self.bits)
            if d == 0 {
                for i in 0..<Self.bits { v[i] = 1 << UInt32(Self.bits - 1 - i) }
            } else {
                let (s, a, m) = Self.joeKuo[d - 1]
                for i in 0..<s { v[i] = m[i] << UInt32(Self.bits - 1 - i) }
                for i in s..<Self.bits {
                    var x = v[i - s] ^ (v[i - s] >> UInt32(s))
                    for k in 1..<s where (a >> UInt32(s - 1 - k)) & 1 == 1 { x ^= v[i - k] }
                    v[i] = x
                }
            }
            dirs.append(v)
        }
        directions = dirs
        if seed == 0 {
            shift = [UInt32](repeating: 0, count: dimensions)
        } else {
            var g = SearchRandom(seed: seed)
            shift = (0..<dimensions).map { _ in UInt32(truncatingIfNeeded: g.next() >> 32) }
        }
    }

    /// The first `count` points, each coordinate in [0, 1).
    /// - Complexity: O(count · dimensions).
    public func points(_ count: Int) -> [[Double]] {
        var out: [[Double]] = []
        out.reserveCapacity(count)
        var x = [UInt32](repeating: 0, count: dimensions)
        for i in 0..<count {
            if i > 0 {
                let c = (~(i - 1)).trailingZeroBitCount
                for d in 0..<dimensions { x[d] ^= directions[d][c] }
            }
            out.append((0..<dimensions).map { Double(x[$0] ^ shift[$0]) * 0x1p-32 })
        }
        return out
    }
}
