import CSQLite

/// Pragmas that only read, even with an argument (`PRAGMA table_info(design)`).
private let readingPragmasWithArgument: Set<String> = [
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "integrity_check", "quick_check", "pragma_list", "function_list", "module_list",
    "collation_list", "database_list", "compile_options",
]

/// Pragmas that change something even without an argument.
private let writingPragmasWithoutArgument: Set<String> = [
    "optimize", "wal_checkpoint", "incremental_vacuum", "shrink_memory",
]

/// The authorizer of ``Database/restrictToReads()``: reads, functions other than `load_extension`,
/// transactions and read-only pragmas pass; everything else (writes, schema changes, ATTACH — which
/// `VACUUM INTO` also uses —, pragma assignments, ANALYZE, REINDEX) is denied at prepare time.
private func readOnlyAuthorizer(_ context: UnsafeMutableRawPointer?, _ action: Int32, _ a: UnsafePointer<CChar>?,
                                _ b: UnsafePointer<CChar>?, _ database: UnsafePointer<CChar>?,
                                _ trigger: UnsafePointer<CChar>?) -> Int32 {
    switch action {
    case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE, SQLITE_TRANSACTION:
        return SQLITE_OK
    case SQLITE_UPDATE:
        // Table-valued pragmas (`pragma_table_info('t')`) set up their virtual table with an "update" of
        // the schema table; nothing is written (query_only, and sqlite_master is not writable).
        guard let a else { return SQLITE_DENY }
        return ["sqlite_master", "sqlite_schema", "sqlite_temp_master"].contains(String(cString: a)) ? SQLITE_OK : SQLITE_DENY
    case SQLITE_FUNCTION:
        // b is the function name.
        guard let b else { return SQLITE_OK }
        return String(cString: b).lowercased() == "load_extension" ? SQLITE_DENY : SQLITE_OK
    case SQLITE_PRAGMA:
        guard let a else { return SQLITE_DENY }
        let name = String(cString: a).lowercased()
        if b == nil { return writingPragmasWithoutArgument.contains(name) ? SQLITE_DENY : SQLITE_OK }
        return readingPragmasWithArgument.contains(name) ? SQLITE_OK : SQLITE_DENY
    default:
        return SQLITE_DENY
    }
}

extension Database {
    /// Makes this connection read-only for the rest of its life: `PRAGMA query_only` plus an authorizer
    /// that refuses, when a statement is prepared, anything that could change a database file or create
    /// one (INSERT/UPDATE/DELETE, DDL, ATTACH, VACUUM [INTO], pragma assignments such as
    /// `journal_mode = DELETE` or `query_only = OFF`, ANALYZE, REINDEX, `load_extension`).
    ///
    /// A refused statement fails to prepare with `SQLITE_AUTH` (see ``DatabaseError/isNotAuthorized``).
    public func restrictToReads() throws {
        try execute("PRAGMA query_only = ON")
        sqlite3_set_authorizer(handle, readOnlyAuthorizer, nil)
    }
}

extension DatabaseError {
    /// True when the authorizer refused the statement (``Database/restrictToReads()``).
    public var isNotAuthorized: Bool { resultCode == SQLITE_AUTH || message.hasPrefix("not authorized") }
}
