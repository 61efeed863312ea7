import CIMData

/// The technology a `design` row was evaluated with: `name@version` of a row in `technology`.
extension ComposedTechnology {
    /// `name@version` of the shipped tables in `db`: the lowest version of `cimnas_32nm` with their content,
    /// imported as the next version when none has it (in the caller's transaction, if any).
    public static func shippedLabel(in db: Database) throws -> String {
        let (entries, sha256) = try shippedTables.get()
        let store = TechnologyStore(db)
        if let stored = try store.version(name: shippedName, contentSHA256: sha256) { return stored.label }
        let source = "embedded:" + DefaultTechnology.files.joined(separator: "+")
        return try store.importTable(entries, name: shippedName, node_nm: 32, source: source).technology.label
    }

    /// The `design.technology` of results under `modelVersion`: the shipped tables' label, or for a version
    /// naming other tables (`#tech=` digest) the stored table with that content (``register(in:)``), ''
    /// when none is stored.
    public static func designLabel(modelVersion: String, in db: Database) throws -> String {
        guard let tag = cacheTag(ofModelVersion: modelVersion) else { return try shippedLabel(in: db) }
        return try label(forCacheTag: tag, in: db) ?? ""
    }
}
