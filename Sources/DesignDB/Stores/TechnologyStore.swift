import CIMData
import CIMHardware

/// One stored technology version.
public struct TechnologyVersion: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var version: Int
    public var node_nm: Double?
    public var source: String
    public var importedAt: String
    public var contentSHA256: String
    public var parameterCount: Int

    /// `name@version`, as designs record it.
    public var label: String { "\(name)@\(version)" }
}

/// `technology` and `technology_parameter`: immutable, versioned technology tables.
public final class TechnologyStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// What an import did.
    public struct ImportResult: Hashable, Sendable {
        public var technology: TechnologyVersion
        /// False when the content equals the latest version (nothing was written).
        public var created: Bool
    }

    /// The hash that identifies a table's content: SHA-256 of its canonical CSV text.
    public static func contentHash(_ entries: [TechnologyEntry]) -> String {
        SHA256.hex(TechnologyCSV.write(entries))
    }

    /// Stores `entries` as the next version of `name`, or does nothing when they equal the latest version.
    ///
    /// - Complexity: O(k log n) for k parameters, in one transaction.
    public func importTable(_ entries: [TechnologyEntry], name: String, node_nm: Double?, source: String) throws -> ImportResult {
        let hash = Self.contentHash(entries)
        return try db.transaction {
            if let latest = try latest(name: name), latest.contentSHA256 == hash {
                return ImportResult(technology: latest, created: false)
            }
            let version = (try latest(name: name)?.version ?? 0) + 1
            let insert = try db.prepare("""
                INSERT INTO technology (name, version, technology_nm, source, imported_at, content_sha256, parameter_count)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
            try insert.bind(name, at: 1)
            try insert.bind(version, at: 2)
            try insert.bind(node_nm, at: 3)
            try insert.bind(source, at: 4)
            try insert.bind(Timestamp.now(), at: 5)
            try insert.bind(hash, at: 6)
            try insert.bind(entries.count, at: 7)
            try insert.run()
            let id = db.lastInsertRowID
            let row = try db.prepare("""
                INSERT INTO technology_parameter (technology_id, position, component, parameter, value, unit, note)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
            for (i, e) in entries.enumerated() {
                try row.bind(id, at: 1)
                try row.bind(i, at: 2)
                try row.bind(e.component, at: 3)
                try row.bind(e.parameter, at: 4)
                try row.bind(e.value, at: 5)
                try row.bind(e.unit, at: 6)
                try row.bind(e.note, at: 7)
                try row.run()
            }
            guard let stored = try self.version(name: name, version: version) else {
                throw SchemaError("technology \(name)@\(version) vanished during import")
            }
            return ImportResult(technology: stored, created: true)
        }
    }

    private static let columns = "id, name, version, technology_nm, source, imported_at, content_sha256, parameter_count"

    private func read(_ s: Statement) -> TechnologyVersion {
        TechnologyVersion(id: s.int64(0), name: s.string(1), version: s.int(2), node_nm: s.optionalDouble(3),
                          source: s.string(4), importedAt: s.string(5), contentSHA256: s.string(6),
                          parameterCount: s.int(7))
    }

    /// Every version of every technology, by name then version.
    public func list() throws -> [TechnologyVersion] {
        let s = try db.prepare("SELECT \(Self.columns) FROM technology ORDER BY name, version")
        var out: [TechnologyVersion] = []
        while try s.step() { out.append(read(s)) }
        return out
    }

    /// The newest version of `name`, or nil.
    public func latest(name: String) throws -> TechnologyVersion? {
        let s = try db.prepare("SELECT \(Self.columns) FROM technology WHERE name = ?1 ORDER BY version DESC LIMIT 1")
        try s.bind(name, at: 1)
        return try s.step() ? read(s) : nil
    }

    /// A given version, or the latest when `version` is nil.
    public func version(name: String, version: Int?) throws -> TechnologyVersion? {
        guard let version else { return try latest(name: name) }
        let s = try db.prepare("SELECT \(Self.columns) FROM technology WHERE name = ?1 AND version = ?2")
        try s.bind(name, at: 1)
        try s.bind(version, at: 2)
        return try s.step() ? read(s) : nil
    }

    /// The lowest version of `name` whose content digest is `contentSHA256`, or nil.
    public func version(name: String, contentSHA256: String) throws -> TechnologyVersion? {
        let s = try db.prepare(
            "SELECT \(Self.columns) FROM technology WHERE name = ?1 AND content_sha256 = ?2 ORDER BY version LIMIT 1")
        try s.bind(name, at: 1)
        try s.bind(contentSHA256, at: 2)
        return try s.step() ? read(s) : nil
    }

    /// The parameters of a stored version, in their original order.
    public func entries(of technology: TechnologyVersion) throws -> [TechnologyEntry] {
        let s = try db.prepare("""
            SELECT component, parameter, value, unit, note FROM technology_parameter
            WHERE technology_id = ?1 ORDER BY position
            """)
        try s.bind(technology.id, at: 1)
        var out: [TechnologyEntry] = []
        while try s.step() {
            out.append(TechnologyEntry(component: s.string(0), parameter: s.string(1), value: s.double(2),
                                       unit: s.string(3), note: s.string(4)))
        }
        return out
    }

    /// Splits `NAME[@VERSION]`; nil when the version part is not a positive integer.
    public static func parseReference(_ text: String) -> (name: String, version: Int?)? {
        guard let at = text.lastIndex(of: "@") else { return text.isEmpty ? nil : (text, nil) }
        let name = String(text[..<at])
        guard !name.isEmpty, let v = Int(text[text.index(after: at)...]), v >= 1 else { return nil }
        return (name, v)
    }

    /// A node size read from a name such as `neurosim_32nm` (the digits before `nm`), or nil.
    public static func nodeFromName(_ name: String) -> Double? {
        let chars = Array(name)
        var i = 0
        while i < chars.count {
            if chars[i].isNumber {
                var j = i
                while j < chars.count && (chars[j].isNumber || chars[j] == ".") { j += 1 }
                if j + 1 < chars.count && chars[j] == "n" && chars[j + 1] == "m", let v = Double(String(chars[i..<j])), v > 0 {
                    return v
                }
                i = j
            } else {
                i += 1
            }
        }
        return nil
    }
}
