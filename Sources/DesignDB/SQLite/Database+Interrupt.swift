import CSQLite
import Foundation

/// The check a connection's progress handler calls (kept alive by the connection).
final class InterruptCheck {
    let shouldStop: () -> Bool
    init(_ shouldStop: @escaping () -> Bool) { self.shouldStop = shouldStop }
}

extension Database {
    /// Makes every running statement of this connection stop with `SQLITE_INTERRUPT` (see
    /// ``DatabaseError/isInterrupted``) once `shouldStop` returns true; it is asked about every `period`
    /// virtual-machine steps, so a runaway query (an endless recursive CTE) is stopped within milliseconds
    /// of a deadline or a stop request. Pass nil to remove the check.
    public func interrupt(when shouldStop: (() -> Bool)?, period: Int32 = 10_000) {
        guard let shouldStop else {
            sqlite3_progress_handler(handle, 0, nil, nil)
            interruptCheck = nil
            return
        }
        let check = InterruptCheck(shouldStop)
        interruptCheck = check
        sqlite3_progress_handler(handle, period, { context in
            guard let context else { return 0 }
            return Unmanaged<InterruptCheck>.fromOpaque(context).takeUnretainedValue().shouldStop() ? 1 : 0
        }, Unmanaged.passUnretained(check).toOpaque())
    }

    /// Caps the memory SQLite may allocate in this process (all connections), bytes; a statement that needs
    /// more fails with `SQLITE_NOMEM` instead of growing until the kernel kills the process. 0 removes the cap.
    public static func limitHeap(bytes: Int64) {
        _ = sqlite3_hard_heap_limit64(bytes)
    }
}

extension DatabaseError {
    /// True when ``Database/interrupt(when:period:)`` stopped the statement.
    public var isInterrupted: Bool { resultCode == SQLITE_INTERRUPT }
    /// True when the statement ran out of memory (or hit ``Database/limitHeap(bytes:)``).
    public var isOutOfMemory: Bool { resultCode == SQLITE_NOMEM }
}
