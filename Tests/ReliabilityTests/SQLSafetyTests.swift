import Foundation
import Testing

/// `cimnas sql` without `--write` changes nothing — no row, no schema, no pragma, no new file — and
/// named-query parameters are bound, never spliced into SQL. A newer schema is refused.
@Suite struct SQLSafetyTests {
    static func makeDatabase() throws -> (URL, String) {
        let dir = try CimnasProcess.temporaryDirectory()
        let r = try CimnasProcess.run(["sql", "--db", "d.sqlite", "--write",
                                       "CREATE TABLE note (x TEXT); INSERT INTO note VALUES ('kept')"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return (dir, "d.sqlite")
    }

    /// Everything a statement could change: schema, rows of every table, pragmas and the folder listing.
    static func snapshot(_ dir: URL, _ db: String) throws -> [String] {
        let raw = try RawDB(dir.appendingPathComponent(db).path)
        var out = try raw.rows("SELECT type, name, sql FROM sqlite_master ORDER BY name").map { $0.joined(separator: "|") }
        for table in try raw.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map({ $0[0] }) {
            out.append("\(table): \(try raw.int("SELECT count(*) FROM \"\(table)\""))")
        }
        out += try ["user_version", "journal_mode", "application_id"].map { "\($0)=\(try raw.rows("PRAGMA \($0)"))" }
        out += try raw.rows("SELECT x FROM note").map { $0[0] }
        out += try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("d.sqlite") }.sorted()
        return out
    }

    static let refused = [
        "DELETE FROM note", "UPDATE note SET x = 'gone'", "INSERT INTO note VALUES ('new')", "DROP TABLE note",
        "CREATE TABLE evil (a)", "CREATE INDEX evil ON note (x)", "ALTER TABLE note ADD COLUMN y",
        "ATTACH DATABASE 'other.sqlite' AS o", "ATTACH 'other.sqlite' AS o; CREATE TABLE o.t (a)",
        "VACUUM INTO 'copy.sqlite'", "VACUUM", "REINDEX", "ANALYZE", "PRAGMA optimize",
        "PRAGMA user_version = 99", "PRAGMA journal_mode = DELETE", "PRAGMA application_id = 7",
        "PRAGMA query_only = OFF; DELETE FROM note", "PRAGMA writable_schema = ON",
        "SELECT load_extension('libm.so.6')", "SELECT 1; DELETE FROM note",
        "WITH t AS (SELECT 1) DELETE FROM note", "CREATE TEMP TABLE t (a)", "CREATE TRIGGER evil AFTER INSERT ON note BEGIN SELECT 1; END",
        "BEGIN; DELETE FROM note; COMMIT", "SAVEPOINT a; DELETE FROM note; RELEASE a",
    ]

    @Test func sqlWithoutWriteChangesNothing() throws {
        let (dir, db) = try Self.makeDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.snapshot(dir, db)
        for sql in Self.refused {
            let r = try CimnasProcess.run(["sql", "--db", db, sql], in: dir)
            #expect(r.status == 1, "\(sql): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("cimnas: sql: ") && r.stderr.contains("--write"), "\(sql): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(sql): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(sql) printed \(r.stdout)")
            #expect(try Self.snapshot(dir, db) == before, "\(sql) changed the database")
        }
    }

    @Test func readsStillWork() throws {
        let (dir, db) = try Self.makeDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        for sql in ["SELECT x FROM note", "PRAGMA table_info(note)", "SELECT name FROM pragma_table_info('note')",
                    "PRAGMA user_version", "PRAGMA integrity_check",
                    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT sum(n) FROM c",
                    "SELECT count(*) FROM design"] {
            let r = try CimnasProcess.run(["sql", "--db", db, "--format", "csv", sql], in: dir)
            #expect(r.status == 0, "\(sql): \(r.stderr)")
        }
        #expect(try CimnasProcess.run(["sql", "--db", db, "--format", "csv", "SELECT x FROM note"], in: dir).stdout == "x\nkept\n")
        // --write still allows changes.
        let w = try CimnasProcess.run(["sql", "--db", db, "--write", "UPDATE note SET x = 'changed'"], in: dir)
        #expect(w.status == 0, "\(w.stderr)")
        #expect(try RawDB(dir.appendingPathComponent(db).path).rows("SELECT x FROM note") == [["changed"]])
    }

    @Test func queryParametersAreBoundNotSpliced() throws {
        let (dir, db) = try Self.makeDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.snapshot(dir, db)
        // A TEXT parameter carrying SQL is just a name that matches nothing.
        for value in ["x'; DROP TABLE note; --", "' OR 1=1 --", "\"; DELETE FROM note; --", "') UNION SELECT x, x, x, x, x FROM note --"] {
            let r = try CimnasProcess.run(["query", "--db", db, "--format", "csv", "technology_versions", "--param", "name=\(value)"], in: dir)
            #expect(r.status == 0, "\(value): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 1, "\(value) returned rows: \(r.stdout)")
        }
        // A REAL parameter carrying SQL is a usage error.
        let r = try CimnasProcess.run(["query", "--db", db, "best_edap_under_constraints", "--param", "max_area_mm2=1; DROP TABLE note"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cimnas: ") && r.stderr.contains("max_area_mm2"), "\(r.stderr)")
        #expect(try Self.snapshot(dir, db) == before)
    }

    @Test func newerSchemaIsRefused() throws {
        let (dir, db) = try Self.makeDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RawDB(dir.appendingPathComponent(db).path, readOnly: false).exec("PRAGMA user_version = 999")
        for args in [["sql", "SELECT 1"], ["query", "coverage"], ["search", "--population", "4", "--generations", "1"]] {
            let r = try CimnasProcess.run(args + ["--db", db], in: dir)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("has schema version 999, newer than this cimnas supports"), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        #expect(try RawDB(dir.appendingPathComponent(db).path).int("PRAGMA user_version") == 999)
    }
}
