import CIMData
import CIMHardware
import DesignDB

/// The technology a `design` row was evaluated with: `name@version` of a row in `technology`.
extension DesignRowSQL {
    /// The name under which the shipped tables (`DefaultTechnology.files`, merged in that order: the
    /// parameters every built-in cost model is built from) are recorded in `technology`.
    static let defaultTechnologyName = "cimnas_32nm"

    /// The merged shipped tables, their content hash and where they come from.
    static let defaultTechnologyTables: Result<(entries: [TechnologyEntry], sha256: String), any Error> = Result {
        let entries = try DefaultTechnology.entries()
        return (entries, TechnologyStore.contentHash(entries))
    }

    /// `name@version` of the shipped tables in `db`: the lowest version of `cimnas_32nm` with their content,
    /// imported as the next version when none has it (in the caller's transaction, if any).
    static func defaultTechnologyLabel(in db: Database) throws -> String {
        let (entries, sha256) = try defaultTechnologyTables.get()
        if let version = try db.scalar(
            "SELECT version FROM technology WHERE name = ?1 AND content_sha256 = ?2 ORDER BY version LIMIT 1",
            [.text(defaultTechnologyName), .text(sha256)])?.int64 {
            return "\(defaultTechnologyName)@\(version)"
        }
        let source = "embedded:" + DefaultTechnology.files.joined(separator: "+")
        let imported = try TechnologyStore(db).importTable(entries, name: defaultTechnologyName, node_nm: 32, source: source)
        return imported.technology.label
    }

    /// The `design.technology` of results under `modelVersion`: the shipped tables' label, or '' (unknown)
    /// when the version names other tables (`#tech=` digest), which have no `technology` row to point at.
    static func technologyLabel(modelVersion: String, in db: Database) throws -> String {
        modelVersion.contains("#tech=") ? "" : try defaultTechnologyLabel(in: db)
    }
}
