import DesignDB
import Testing

/// Dropping and rebuilding the secondary `design` indexes (schema 007) leaves exactly the schema's indexes.
@Suite struct DesignIndexDeferralTests {
    static let designIndexes = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'design' ORDER BY name"

    @Test func deferThenRestoreGivesBackTheSchemaIndexes() throws {
        let db = try Database.inMemory()
        let schema = try db.query(Self.designIndexes)
        #expect(schema.count == 10) // nine secondary indexes (schema 014 adds design_min_adc_sqnr) and the UNIQUE key
        let dropped = try DesignIndexDeferral.deferIndexes(db)
        #expect(dropped.count == 9)
        #expect(try DesignIndexDeferral.deferred(db) == dropped)
        // Only the UNIQUE key is left; deferring again records nothing new and keeps the record.
        #expect(try db.query(Self.designIndexes).map { $0[0] } == [.text("sqlite_autoindex_design_1")])
        #expect(try DesignIndexDeferral.deferIndexes(db).isEmpty)
        #expect(try DesignIndexDeferral.deferred(db) == dropped)
        // A rebuild that got part-way (one index back, its record still there) is finished by restore.
        let first = try #require(try db.query("SELECT sql FROM design_deferred_index WHERE name = ?1", [.text(dropped[0])]).first)
        guard case .text(let sql) = first[0] else { Issue.record("no SQL for \(dropped[0])"); return }
        try db.execute(sql)
        #expect(try DesignIndexDeferral.restore(db) == Array(dropped.dropFirst()))
        #expect(try db.query(Self.designIndexes) == schema)
        #expect(try DesignIndexDeferral.deferred(db).isEmpty)
        #expect(try DesignIndexDeferral.restore(db).isEmpty)
    }

    @Test func onlyIndexStatementsCanBeRecorded() throws {
        let db = try Database.inMemory()
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO design_deferred_index (name, sql) VALUES ('x', 'DROP TABLE design')")
        }
    }
}
