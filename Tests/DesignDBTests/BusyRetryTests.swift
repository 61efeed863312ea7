import CSQLite
import DesignDB
import Foundation
import Testing

/// The retry path after SQLite's busy timeout expires: a second connection holds the write lock.
@Suite struct BusyRetryTests {
    /// Hands a connection to the thread that uses it (a connection is used by one thread at a time).
    final class Handoff<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// What the writer thread saw.
    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var _error: (any Error)?
        private var _bodyRuns = 0
        var error: (any Error)? { lock.withLock { _error } }
        var bodyRuns: Int { lock.withLock { _bodyRuns } }
        func ranBody() { lock.withLock { _bodyRuns += 1 } }
        func fail(_ e: any Error) { lock.withLock { _error = e } }
    }

    func scratchPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-busy-\(UUID()).sqlite").path
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func networkRows(_ db: Database, key: String) throws -> Int64 {
        try db.scalar("SELECT count(*) FROM network WHERE key = ?1", [.text(key)])?.int64 ?? -1
    }

    @Test func writeCommitsExactlyOnceAfterTheBusyTimeoutExpired() throws {
        let path = scratchPath()
        defer { remove(path) }
        let holder = try Database(path: path)
        let firstRetry = DispatchSemaphore(value: 0)
        // 50 ms busy timeout; a generous retry budget (backoffs 20 ms … 2.6 s) so the release always lands in it.
        let policy = BusyPolicy(timeout_ms: 50, retries: 8, backoff_s: 0.02) { attempt in
            if attempt == 1 { firstRetry.signal() }
        }
        let writer = Handoff(try Database(path: path, busy: policy))
        try holder.execute("BEGIN IMMEDIATE")

        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                try writer.value.transaction {
                    outcome.ranBody()
                    try writer.value.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('mbv2', 'busy-k', 1, 1)")
                }
            } catch { outcome.fail(error) }
            done.signal()
        }
        // Release only once the writer's busy timeout has expired at least once (its first retry is due).
        #expect(firstRetry.wait(timeout: .now() + 60) == .success, "the writer never hit the busy timeout")
        #expect(try networkRows(holder, key: "busy-k") == 0, "nothing is written while the lock is held")
        try holder.execute("COMMIT")
        #expect(done.wait(timeout: .now() + 60) == .success)

        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.bodyRuns == 1, "the transaction body runs once, after BEGIN IMMEDIATE got the lock")
        #expect(writer.value.busyRetryCount >= 1)
        #expect(writer.value.busyRetryCount <= policy.retries)
        #expect(!writer.value.isInTransaction)
        #expect(try networkRows(holder, key: "busy-k") == 1)
        #expect(try holder.scalar("SELECT count(*) FROM network")?.int64 == 1)
    }

    @Test func permanentlyHeldLockFailsWithOneLineAfterTheRetryBudget() throws {
        let path = scratchPath()
        defer { remove(path) }
        let holder = try Database(path: path)
        let policy = BusyPolicy(timeout_ms: 50, retries: 3, backoff_s: 0.01)
        let writer = try Database(path: path, busy: policy)
        try holder.execute("BEGIN IMMEDIATE")

        var bodyRuns = 0
        let start = Date()
        var caught: DatabaseError?
        do {
            try writer.transaction {
                bodyRuns += 1
                try writer.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('mbv2', 'never', 1, 1)")
            }
        } catch let e as DatabaseError {
            caught = e
        }
        let elapsed_s = Date().timeIntervalSince(start)
        let error = try #require(caught)
        #expect(error.resultCode == SQLITE_BUSY)
        #expect(error.sql == "BEGIN IMMEDIATE")
        let line = error.description
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("SQLite error 5"), "code first: \(line)")
        #expect(line.contains("database is locked"), "SQLite's message: \(line)")
        #expect(line.contains("50 ms busy timeout and 3 retries"), "the budget that ran out: \(line)")
        #expect(line.hasSuffix("(in: BEGIN IMMEDIATE)"), "the SQL: \(line)")
        #expect(bodyRuns == 0)
        #expect(writer.busyRetryCount == 3)
        #expect(!writer.isInTransaction)
        // SQLite waits its 50 ms timeout once; the 3 retries add only their backoffs (10, 20, 40 ms ± 25 %).
        #expect(elapsed_s >= 0.05 + 0.75 * 0.07)

        try holder.execute("ROLLBACK")
        #expect(try networkRows(holder, key: "never") == 0, "nothing written")
        // The connection is still usable once the lock is free.
        try writer.transaction {
            try writer.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('mbv2', 'later', 1, 1)")
        }
        #expect(try networkRows(holder, key: "later") == 1)
    }

    @Test func statementsOutsideATransactionRetryToo() throws {
        let path = scratchPath()
        defer { remove(path) }
        let holder = try Database(path: path)
        let writer = try Database(path: path, busy: BusyPolicy(timeout_ms: 20, retries: 2, backoff_s: 0.005))
        try holder.execute("BEGIN IMMEDIATE")
        let insert = try writer.prepare("INSERT INTO network (family, key, layer_count, macs) VALUES ('mbv2', 'auto', 1, 1)")
        #expect(throws: DatabaseError.self) { try insert.run() }
        #expect(writer.busyRetryCount == 2)
        try holder.execute("ROLLBACK")
        try insert.run()
        #expect(try networkRows(holder, key: "auto") == 1)
    }

    @Test func defaultPolicyIsTenSecondsThenFiveRetries() {
        let p = BusyPolicy.default
        #expect(p.timeout_ms == 10_000 && p.retries == 5)
        #expect([1, 2, 3, 4, 5].map(p.backoff_s(attempt:)) == [0.05, 0.1, 0.2, 0.4, 0.8])
    }

    /// The whole wait for a lock that is never released is the documented one: the busy timeout once plus
    /// the backoffs (`totalWait_s`), not the timeout again before every retry (which took 6 × 1 s + 1.4 s).
    @Test func lockWaitMatchesTheDocumentedBudget() throws {
        let path = scratchPath()
        defer { remove(path) }
        let holder = try Database(path: path)
        let policy = BusyPolicy(timeout_ms: 400, retries: 3, backoff_s: 0.02)
        #expect(abs(policy.totalWait_s - (0.4 + 0.02 + 0.04 + 0.08)) < 1e-12)
        #expect(abs(BusyPolicy.default.totalWait_s - 11.55) < 1e-9, "the README's 10 s + 1.55 s")
        let writer = try Database(path: path, busy: policy)
        try holder.execute("BEGIN IMMEDIATE")
        let start = Date()
        #expect(throws: DatabaseError.self) { try writer.transaction { try writer.execute("SELECT 1") } }
        let elapsed_s = Date().timeIntervalSince(start)
        try holder.execute("ROLLBACK")
        let backoffs = policy.totalWait_s - 0.4
        #expect(elapsed_s >= 0.4 + 0.75 * backoffs, "waited \(elapsed_s) s")
        // Retrying with the full timeout each time would take 4 × 0.4 s + backoffs = 1.74 s.
        #expect(elapsed_s < 0.4 + 1.25 * backoffs + 0.6, "waited \(elapsed_s) s, documented \(policy.totalWait_s) s")
        // After the failed statement the connection waits its full timeout again (restored).
        try holder.execute("BEGIN IMMEDIATE")
        let again = Date()
        #expect(throws: DatabaseError.self) { try writer.execute("BEGIN IMMEDIATE") }
        #expect(Date().timeIntervalSince(again) >= 0.4)
        try holder.execute("ROLLBACK")
    }
}
