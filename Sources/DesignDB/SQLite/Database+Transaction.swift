import CSQLite

extension Database {
    /// Runs `body` in a transaction; nested calls become savepoints. A thrown error rolls back
    /// exactly this level (the outer transaction stays usable) and is rethrown.
    ///
    /// The outermost level uses `BEGIN IMMEDIATE` on writable connections so the write lock is
    /// taken up front (no deadlock when upgrading a read lock) and retried with backoff when busy.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth == 0 && !isInTransaction {
            try execute(mode == .readOnly ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE")
            transactionDepth = 1
            defer { transactionDepth = 0 }
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                if isInTransaction { try? execute("ROLLBACK") }
                throw error
            }
        }
        return try savepoint(body)
    }

    /// Runs `body` inside a savepoint that is rolled back when `body` throws.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let name = "cimnas_sp\(transactionDepth)"
        try execute("SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }
}
