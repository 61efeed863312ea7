import Foundation

/// How a connection waits when another connection holds the lock it needs.
///
/// SQLite first waits up to `timeout_ms` itself (`sqlite3_busy_timeout`); when that expires with
/// `SQLITE_BUSY`/`SQLITE_LOCKED`, the statement is retried up to `retries` times after a backoff of
/// `backoff_s`, doubling each time (±25 % jitter), each retry failing at once if the lock is still held.
/// After that the error is thrown, marked as exhausted: the whole wait is ``totalWait_s`` (±25 % of the
/// backoffs), 10 s + 1.55 s by default.
public struct BusyPolicy: Sendable {
    /// SQLite's own wait before a statement fails as busy, milliseconds.
    public var timeout_ms: Int32
    /// Retries after the busy timeout has expired.
    public var retries: Int
    /// Backoff before the first retry, seconds; doubles for each further retry.
    public var backoff_s: Double
    /// Called before each retry with its number (1-based), on the connection's thread.
    public var onRetry: (@Sendable (_ attempt: Int) -> Void)?

    public init(timeout_ms: Int32, retries: Int, backoff_s: Double = 0.05,
                onRetry: (@Sendable (_ attempt: Int) -> Void)? = nil) {
        self.timeout_ms = max(0, timeout_ms)
        self.retries = max(0, retries)
        self.backoff_s = max(0, backoff_s)
        self.onRetry = onRetry
    }

    /// 10 s busy timeout, then 5 retries after 50, 100, 200, 400 and 800 ms (about 11.5 s in all).
    public static let `default` = BusyPolicy(timeout_ms: 10_000, retries: 5, backoff_s: 0.05)

    /// Environment variables that override the default's timeout and retry count for a whole process.
    public static let timeoutVariable = "CIMNAS_BUSY_TIMEOUT_MS"
    public static let retriesVariable = "CIMNAS_BUSY_RETRIES"

    /// Accepted overrides: up to an hour of busy timeout, up to 10 retries (the backoffs then add 51 s at the
    /// default 50 ms; each further retry would double that).
    public static let timeoutRange_ms: ClosedRange<Int32> = 0...3_600_000
    public static let retriesRange: ClosedRange<Int> = 0...10

    /// `default`, with `CIMNAS_BUSY_TIMEOUT_MS` and `CIMNAS_BUSY_RETRIES` applied when set to whole numbers
    /// ≥ 0 (others are ignored here; `environmentProblem` reports them).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> BusyPolicy {
        var p = BusyPolicy.default
        if let t = environment[timeoutVariable].flatMap(Int32.init), timeoutRange_ms.contains(t) { p.timeout_ms = t }
        if let r = environment[retriesVariable].flatMap(Int.init), retriesRange.contains(r) { p.retries = r }
        return p
    }

    /// One line describing a malformed override, or nil when both are unset or valid.
    public static func environmentProblem(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let t = environment[timeoutVariable], !(Int32(t).map(timeoutRange_ms.contains) ?? false) {
            return "\(timeoutVariable): '\(t)', expected a whole number of milliseconds in 0…3600000"
        }
        if let r = environment[retriesVariable], !(Int(r).map(retriesRange.contains) ?? false) {
            return "\(retriesVariable): '\(r)', expected a whole number of retries in 0…10"
        }
        return nil
    }

    /// The longest a statement waits for a lock before failing, seconds, before jitter: the busy timeout
    /// plus every backoff.
    public var totalWait_s: Double {
        Double(timeout_ms) / 1000 + (0..<retries).reduce(0) { $0 + backoff_s(attempt: $1 + 1) }
    }

    /// The backoff before retry `attempt` (1-based), seconds, before jitter.
    public func backoff_s(attempt: Int) -> Double {
        backoff_s * Double(1 << min(max(attempt - 1, 0), 30))
    }
}
