import CSQLite
import DesignDB
import Foundation
import Testing

@Suite struct DatabaseTests {
    func scratch() throws -> Database {
        let db = try Database(path: ":memory:", migrate: false)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, u TEXT UNIQUE)")
        return db
    }

    @Test func bindsAndReadsEveryType() throws {
        let db = try scratch()
        let insert = try db.prepare("INSERT INTO t (i, r, s, b, u) VALUES (?, ?, ?, ?, :u)")
        try insert.bind(Int.max, at: 1)
        try insert.bind(-0.1, at: 2)
        try insert.bind("héllo ' \"x\"", at: 3)
        try insert.bind(Data([0, 1, 255]), at: 4)
        try insert.bind("a", name: "u")
        try insert.run()
        try insert.bind(Int64.min, at: 1)
        try insert.bindNull(at: 2)
        try insert.bind(nil as String?, at: 3)
        try insert.bind(Data(), at: 4)
        try insert.bind(.text("b"), name: ":u")
        try insert.run()

        let select = try db.prepare("SELECT i, r, s, b, u, typeof(b), typeof(r) FROM t ORDER BY id")
        #expect(try select.step())
        #expect(select.int(0) == Int.max)
        #expect(select.double(1) == -0.1)
        #expect(select.string(2) == "héllo ' \"x\"")
        #expect(select.data(3) == Data([0, 1, 255]))
        #expect(select.value(4) == .text("a"))
        #expect(try select.step())
        #expect(select.int64(0) == Int64.min)
        #expect(select.isNull(1) && select.optionalDouble(1) == nil)
        #expect(select.optionalString(2) == nil)
        #expect(select.string(5) == "blob", "an empty Data binds as a blob, not NULL")
        #expect(select.value(6) == .text("null"))
        #expect(select.value(1) == .null)
        #expect(try !select.step())
        #expect(select.columnNames == ["i", "r", "s", "b", "u", "typeof(b)", "typeof(r)"])
    }

    @Test func unknownParameterNameThrows() throws {
        let db = try scratch()
        let stmt = try db.prepare("SELECT :a")
        #expect(throws: DatabaseError.self) { try stmt.bind(1, name: "b") }
    }

    @Test func constraintViolationCarriesCodesAndSQL() throws {
        let db = try scratch()
        try db.execute("INSERT INTO t (u) VALUES ('x')")
        let sql = "INSERT INTO t (u) VALUES ('x')"
        do {
            try db.prepare(sql).run()
            Issue.record("expected a UNIQUE violation")
        } catch let error as DatabaseError {
            #expect(error.resultCode == SQLITE_CONSTRAINT)
            #expect(error.extendedCode == 2067) // SQLITE_CONSTRAINT_UNIQUE
            #expect(error.sql == sql)
            #expect(error.message.contains("UNIQUE constraint failed: t.u"))
            #expect(error.description.contains(sql))
        }
    }

    @Test func syntaxErrorCarriesSQL() throws {
        let db = try scratch()
        #expect(throws: DatabaseError(resultCode: SQLITE_ERROR, message: "near \"SELEKT\": syntax error", sql: "SELEKT 1")) {
            try db.prepare("SELEKT 1")
        }
    }

    @Test func thrownErrorRollsBackTransaction() throws {
        struct Boom: Error {}
        let db = try scratch()
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.execute("INSERT INTO t (i) VALUES (1)")
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == .integer(0))
        #expect(!db.isInTransaction)
    }

    @Test func nestedSavepointRollsBackOnlyItsOwnWork() throws {
        struct Boom: Error {}
        let db = try scratch()
        try db.transaction {
            try db.execute("INSERT INTO t (i) VALUES (1)")
            #expect(throws: Boom.self) {
                try db.transaction {
                    try db.execute("INSERT INTO t (i) VALUES (2)")
                    try db.savepoint {
                        try db.execute("INSERT INTO t (i) VALUES (3)")
                    }
                    throw Boom()
                }
            }
            try db.transaction { try db.execute("INSERT INTO t (i) VALUES (4)") }
        }
        let rows = try db.query("SELECT i FROM t ORDER BY i")
        #expect(rows == [[.integer(1)], [.integer(4)]])
    }

    @Test func outerFailureUndoesReleasedSavepoints() throws {
        struct Boom: Error {}
        let db = try scratch()
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.transaction { try db.execute("INSERT INTO t (i) VALUES (1)") }
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == .integer(0))
    }

    @Test func fileDatabaseUsesWALAndForeignKeys() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-\(UUID()).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let db = try Database(path: path)
        #expect(try db.scalar("PRAGMA journal_mode") == .text("wal"))
        #expect(try db.scalar("PRAGMA foreign_keys") == .integer(1))
        #expect(try db.scalar("PRAGMA synchronous") == .integer(1)) // NORMAL
        let readOnly = try Database(path: path, mode: .readOnly)
        #expect(throws: DatabaseError.self) { try readOnly.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('f', 'k', 1, 1)") }
        #expect(try readOnly.scalar("SELECT count(*) FROM network") == .integer(0))
    }

    @Test func readOnlyOpenOfMissingFileFails() {
        #expect(throws: DatabaseError.self) {
            try Database(path: "/nonexistent-dir/x.sqlite", mode: .readOnly)
        }
    }
}
