import CIMData
import CIMHardware
import DesignDB

/// The technology a `design` row was evaluated with: `name@version` of a row in `technology`.
extension DesignRowSQL {
    /// `name@version` of the shipped tables in `db`: the lowest version of `cimnas_32nm` with their content,
    /// imported as the next version when none has it (in the caller's transaction, if any).
    static func defaultTechnologyLabel(in db: Database) throws -> String {
        let (entries, sha256) = try ComposedTechnology.shippedTables.get()
        if let version = try db.scalar(
            "SELECT version FROM technology WHERE name = ?1 AND content_sha256 = ?2 ORDER BY version LIMIT 1",
            [.text(ComposedTechnology.shippedName), .text(sha256)])?.int64 {
            return "\(ComposedTechnology.shippedName)@\(version)"
        }
        let source = "embedded:" + DefaultTechnology.files.joined(separator: "+")
        let imported = try TechnologyStore(db).importTable(entries, name: ComposedTechnology.shippedName, node_nm: 32, source: source)
        return imported.technology.label
    }

    /// The `design.technology` of results under `modelVersion`: the shipped tables' label, or for a version
    /// naming other tables (`#tech=` digest) the stored table with that content (`ComposedTechnology.register`),
    /// '' when none is stored.
    static func technologyLabel(modelVersion: String, in db: Database) throws -> String {
        guard let tag = ComposedTechnology.cacheTag(ofModelVersion: modelVersion) else { return try defaultTechnologyLabel(in: db) }
        return try ComposedTechnology.label(forCacheTag: tag, in: db) ?? ""
    }
}
