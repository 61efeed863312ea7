import CIMData

/// Applies the numbered schema files `schema/NNN_name.sql` (embedded in the binary) in order,
/// recording the last applied number in `PRAGMA user_version`.
public enum Migrator {
    /// One schema file.
    public struct Migration: Hashable, Sendable {
        public var version: Int
        public var path: String
        public var sql: String
        /// The file name without its number and `.sql` (`hardware_key` for `schema/013_hardware_key.sql`).
        public var name: String {
            let file = path.split(separator: "/").last.map(String.init) ?? path
            return String(file.drop { $0.isNumber || $0 == "_" }.dropLast(4))
        }
    }

    /// Steps written in Swift that run right after the SQL of the migration with that name, in its transaction
    /// (SQL cannot compute them), so a migration keeps its name when its number changes.
    static let codeSteps: [String: @Sendable (Database) throws -> Void] = [
        "hardware_key": HardwareConfigStore.rewriteLegacyKeys,
    ]

    /// The embedded migrations, sorted; numbers must run 1, 2, 3, … without gaps.
    public static let migrations: [Migration] = {
        EmbeddedFiles.files.keys
            .filter { $0.hasPrefix(DesignDB.schemaFolder + "/") && $0.hasSuffix(".sql") }
            .compactMap { path -> Migration? in
                let name = path.dropFirst(DesignDB.schemaFolder.count + 1)
                guard let number = Int(name.prefix(while: \.isNumber)) else { return nil }
                return Migration(version: number, path: path, sql: EmbeddedFiles.text(path) ?? "")
            }
            .sorted { $0.version < $1.version }
    }()

    /// The schema version this binary writes.
    public static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database to ``currentVersion``; each file runs in its own transaction.
    /// Refuses a database whose version is newer than the binary's.
    public static func migrate(_ db: Database) throws {
        let found = try db.userVersion()
        try refuseNewer(found, db)
        for (i, m) in migrations.enumerated() where m.version > found {
            guard m.version == i + 1 else {
                throw SchemaError("schema files must be numbered 001, 002, … without gaps; found \(m.path)")
            }
            // Another process may have migrated meanwhile: re-read the version under the write lock.
            try db.transaction {
                let now = try db.userVersion()
                try refuseNewer(now, db)
                guard now < m.version else { return }
                try db.execute(m.sql)
                if let step = codeSteps[m.name] { try step(db) }
                try db.execute("PRAGMA user_version = \(m.version)")
            }
        }
    }

    /// For read-only connections: the schema must be exactly current.
    public static func checkCurrent(_ db: Database) throws {
        let found = try db.userVersion()
        try refuseNewer(found, db)
        if found < currentVersion {
            throw SchemaError("\(db.path) has schema version \(found), expected \(currentVersion); open it once read-write to migrate")
        }
    }

    static func refuseNewer(_ found: Int, _ db: Database) throws {
        if found > currentVersion {
            throw SchemaError("\(db.path) has schema version \(found), newer than this cimnas supports (\(currentVersion)); use a newer cimnas")
        }
    }
}
