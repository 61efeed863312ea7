/// Drops the secondary indexes of `design` for a bulk load and re-creates them afterwards (schema 007).
///
/// Inserting millions of designs into eight value-ordered indexes costs more than the rows themselves
/// (random page writes through the WAL); building each index once at the end is a sequential sort. The
/// dropped definitions are recorded in `design_deferred_index` in the same transaction as the DROP, so a
/// killed load leaves a database whose queries are correct (only slower) and whose next bulk run knows
/// what to rebuild. The UNIQUE key (cache look-ups, no duplicates) is never dropped.
public enum DesignIndexDeferral {
    /// Names of the indexes currently deferred (dropped and not yet rebuilt).
    public static func deferred(_ db: Database) throws -> [String] {
        try db.query("SELECT name FROM design_deferred_index ORDER BY name").compactMap { row in
            if case .text(let name) = row[0] { return name }
            return nil
        }
    }

    /// Records and drops every secondary (non-UNIQUE) index of `design`, in one transaction.
    /// Returns the names dropped by this call (indexes already deferred stay deferred).
    @discardableResult
    public static func deferIndexes(_ db: Database) throws -> [String] {
        try db.transaction {
            let rows = try db.query("""
                SELECT name, sql FROM sqlite_schema
                WHERE type = 'index' AND tbl_name = 'design' AND sql IS NOT NULL ORDER BY name
                """)
            var dropped: [String] = []
            let record = try db.prepare("INSERT OR REPLACE INTO design_deferred_index (name, sql) VALUES (?1, ?2)")
            for row in rows {
                guard case .text(let name) = row[0], case .text(let sql) = row[1] else { continue }
                try record.bind(name, at: 1)
                try record.bind(sql, at: 2)
                try record.run()
                try db.execute("DROP INDEX \(quoted(name))")
                dropped.append(name)
            }
            return dropped
        }
    }

    /// Re-creates every deferred index that is missing, one transaction per index that also deletes its
    /// record (a kill part-way loses at most the index being built; the next call builds the rest).
    /// Returns the names rebuilt.
    /// - Complexity: one scan of `design` and one sort per index, O(n log n) each.
    @discardableResult
    public static func restore(_ db: Database) throws -> [String] {
        var rebuilt: [String] = []
        for row in try db.query("SELECT name, sql FROM design_deferred_index ORDER BY name") {
            guard case .text(let name) = row[0], case .text(let sql) = row[1] else { continue }
            try db.transaction {
                // Re-read under the write lock: another run may have rebuilt it meanwhile.
                guard try db.scalar("SELECT 1 FROM design_deferred_index WHERE name = ?1", [.text(name)]) != nil else {
                    return
                }
                let exists = try db.scalar("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                                           [.text(name)]) != nil
                if !exists {
                    try db.execute(sql)
                    rebuilt.append(name)
                }
                let clear = try db.prepare("DELETE FROM design_deferred_index WHERE name = ?1")
                try clear.bind(name, at: 1)
                try clear.run()
            }
        }
        return rebuilt
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
