/// A fixed-size, direct-mapped memo of greedy allocations keyed by (sizes, group size, capacity).
///
/// `GreedyAllocator.best` is a pure function of its arguments, so a hit returns exactly what the search
/// would. The table is allocated once (by `init(entries:)`) and never grows: no heap allocation per lookup.
/// A value type: every evaluator (thread) owns its copy; `.none` disables memoisation without allocating.
public struct GreedyMemo: Sendable {
    /// Two words per entry: the key (0 = empty) and the three factors packed in 16-bit fields.
    @usableFromInline var slots: [UInt64]
    /// log2 of the number of entries.
    @usableFromInline var shift: UInt64

    /// A memo of `entries` (rounded up to a power of two; 0 disables it).
    public init(entries: Int = 4096) {
        if entries <= 0 {
            slots = []
            shift = 64
            return
        }
        var bits: UInt64 = 0
        while (1 << bits) < entries { bits += 1 }
        slots = [UInt64](repeating: 0, count: 2 << bits)
        shift = 64 - bits
    }

    /// A disabled memo (no storage).
    @inlinable public static var none: GreedyMemo { GreedyMemo(disabled: ()) }

    @inlinable init(disabled: Void) {
        slots = []
        shift = 64
    }

    /// Number of entries (0 when disabled).
    public var entries: Int { slots.count / 2 }

    /// The factors `GreedyAllocator.best(sizes:count:capacity:)` returns, from the memo when present.
    /// Sizes of unused group slots must be 1. Arguments outside the packable range bypass the memo.
    @inlinable
    public mutating func factors(sizes: GreedyAllocator.Sizes, count: Int, capacity: Int) -> GreedyAllocator.Sizes {
        let limit = 1 << 16
        guard !slots.isEmpty, sizes.0 < limit, sizes.1 < limit, sizes.2 < limit, capacity < 1 << 14,
              sizes.0 >= 0, sizes.1 >= 0, sizes.2 >= 0, capacity >= 0, count >= 1, count <= 3 else {
            return GreedyAllocator.best(sizes: sizes, count: count, capacity: capacity).factors
        }
        let key = UInt64(sizes.0) | UInt64(sizes.1) << 16 | UInt64(sizes.2) << 32 | UInt64(capacity) << 48
            | UInt64(count) << 62
        let index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) &* 2
        if slots[index] == key {
            let v = slots[index + 1]
            return (Int(v & 0xFFFF), Int((v >> 16) & 0xFFFF), Int((v >> 32) & 0xFFFF))
        }
        let f = GreedyAllocator.best(sizes: sizes, count: count, capacity: capacity).factors
        // Factors never exceed their size (< 2^16), so they pack losslessly.
        slots[index] = key
        slots[index + 1] = UInt64(f.0) | UInt64(f.1) << 16 | UInt64(f.2) << 32
        return f
    }
}
