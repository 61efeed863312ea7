/// A seeded, splittable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Every search draws its randomness from one `SearchRandom` owned by the driving thread, so results
/// depend only on the seed — never on the platform, the standard library's generator or the number of
/// evaluation workers. The state is `Codable` so that a checkpointed search resumes the same stream.
public struct SearchRandom: RandomNumberGenerator, Hashable, Sendable, Codable {
    /// The four 64-bit words of xoshiro256** state.
    public private(set) var state: [UInt64]

    /// Seeds the generator by expanding `seed` with SplitMix64 (never yields the all-zero state).
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        state = [sm.next(), sm.next(), sm.next(), sm.next()]
    }

    /// Restores a generator from a saved state (four words, not all zero).
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        self.state = state
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = Self.rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = Self.rotl(state[3], 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's unbiased multiply-shift with rejection).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform permutation of `0..<n` (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                p.swapAt(i, nextInt(below: i + 1))
            }
        }
        return p
    }

    /// An independent child generator; the parent advances by one draw.
    ///
    /// The child is seeded through SplitMix64 from a fresh 64-bit draw, so streams of a parent and its
    /// children do not overlap in practice.
    public mutating func split() -> SearchRandom {
        SearchRandom(seed: next())
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): used only to expand seeds.
struct SplitMix64: Sendable, Hashable {
    var state: UInt64

    init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
