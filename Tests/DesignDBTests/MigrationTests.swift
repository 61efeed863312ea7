import CIMData
import DesignDB
import Foundation
import Testing

@Suite struct MigrationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-\(UUID()).sqlite").path
    }

    func remove(_ path: String) { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }

    /// The schema objects as SQLite records them.
    func schema(_ db: Database) throws -> [[SQLValue]] {
        try db.query("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
    }

    @Test func appliedSchemaEqualsSchemaFolder() throws {
        let folder = Self.root.appendingPathComponent("schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(Migrator.migrations.map { ($0.path as NSString).lastPathComponent } == files)
        #expect(Migrator.currentVersion == files.count)
        let byHand = try Database(path: ":memory:", migrate: false)
        for file in files {
            try byHand.execute(String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        }
        let migrated = try Database.inMemory()
        #expect(try schema(migrated) == schema(byHand))
        #expect(try migrated.userVersion() == files.count)
    }

    @Test func freshThenReopenIsANoOp() throws {
        let path = temporaryPath()
        defer { remove(path) }
        do {
            let db = try Database(path: path)
            #expect(try db.userVersion() == Migrator.currentVersion)
            try db.execute("INSERT INTO network (family, key, layer_count, macs) VALUES ('mbv2', 'k1', 3, 10)")
        }
        let again = try Database(path: path)
        #expect(try again.userVersion() == Migrator.currentVersion)
        #expect(try again.scalar("SELECT count(*) FROM network") == .integer(1))
        let readOnly = try Database(path: path, mode: .readOnly)
        #expect(try readOnly.scalar("SELECT key FROM network") == .text("k1"))
    }

    @Test func newerDatabaseIsRefused() throws {
        let path = temporaryPath()
        defer { remove(path) }
        do {
            let db = try Database(path: path)
            try db.execute("PRAGMA user_version = \(Migrator.currentVersion + 1)")
        }
        do {
            _ = try Database(path: path)
            Issue.record("a newer schema must be refused")
        } catch let error as SchemaError {
            #expect(error.message.contains("newer than this cimnas supports"))
            #expect(error.message.contains("schema version \(Migrator.currentVersion + 1)"))
        }
        #expect(throws: SchemaError.self) { try Database(path: path, mode: .readOnly) }
    }

    @Test func foreignKeysAreEnforced() throws {
        let db = try Database.inMemory()
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version, feasible, created_at) VALUES (99, 99, 'q', 'm', 'p', 1, 'now')")
        }
    }
}
