import Dispatch

/// Deterministic parallel map: element `i` of the result is `transform(i)` whatever the worker count.
///
/// Work is split into contiguous chunks run with `DispatchQueue.concurrentPerform`; each result is
/// written to its own slot, so the output never depends on scheduling. The first error (by index) is
/// rethrown after all workers finished.
/// - Complexity: O(count) calls of `transform`, spread over `workers` threads.
public func parallelMap<T: Sendable>(
    count: Int, workers: Int, _ transform: @Sendable (Int) throws -> T
) throws -> [T] {
    if count == 0 { return [] }
    let w = max(1, min(workers, count))
    if w == 1 { return try (0..<count).map(transform) }
    let box = SlotBuffer<Result<T, any Error>>(count: count)
    let chunk = (count + w - 1) / w
    DispatchQueue.concurrentPerform(iterations: w) { k in
        let lo = k * chunk
        let hi = min(count, lo + chunk)
        guard lo < hi else { return }
        for i in lo..<hi {
            box.set(i, Result { try transform(i) })
        }
    }
    return try box.take().map { try $0.get() }
}

/// Fixed slots, each written by exactly one worker; read only after all workers finished.
private final class SlotBuffer<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ i: Int, _ value: T) { base[i] = value }

    func take() -> [T] { (0..<count).map { base[$0]! } }
}
