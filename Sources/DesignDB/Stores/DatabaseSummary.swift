/// What a database holds, by kind: networks, technologies, model versions and spaces, with counts
/// (`cimnas info --db`).
public enum DatabaseSummary {
    /// One line of the summary.
    public struct Row: Hashable, Sendable {
        /// `network`, `technology`, `model` or `space`.
        public var kind: String
        public var name: String
        /// What `count` counts, and more about the row (versions, digests).
        public var detail: String
        public var count: Int
    }

    /// The summary, kind by kind, each sorted by name.
    /// - Complexity: one scan of `design` per grouping (design_versions and design_network cover two of them).
    public static func read(_ db: Database) throws -> [Row] {
        var rows: [Row] = []
        func add(_ kind: String, _ sql: String, detail: ([SQLValue]) -> String) throws {
            for r in try db.query(sql) {
                rows.append(Row(kind: kind, name: r[0].string ?? "", detail: detail(r), count: Int(r.last?.int64 ?? 0)))
            }
        }
        try add("network", """
            SELECT n.family, count(DISTINCT n.id), count(d.id) FROM network AS n LEFT JOIN design AS d ON d.network_id = n.id
            GROUP BY n.family ORDER BY n.family
            """) { "\($0[1].int64 ?? 0) networks; count = designs" }
        try add("technology", """
            SELECT t.name || '@' || t.version, t.content_sha256, t.parameter_count,
                   (SELECT count(*) FROM design AS d WHERE d.technology = t.name || '@' || t.version)
            FROM technology AS t ORDER BY t.name, t.version
            """) { "sha256 \(String(($0[1].string ?? "").prefix(12))), \($0[2].int64 ?? 0) parameters; count = designs" }
        try add("model", """
            SELECT model_version, predictor_version, count(*) FROM design GROUP BY model_version, predictor_version
            ORDER BY model_version, predictor_version
            """) { "predictor \($0[1].string ?? ""); count = designs" }
        try add("space", """
            SELECT space, space_sha256, sum(runs), sum(jobs) FROM (
                SELECT space, space_sha256, 1 AS runs, 0 AS jobs FROM search_run
                UNION ALL SELECT space, space_sha256, 0, 1 FROM precompute_job)
            GROUP BY space, space_sha256 ORDER BY space, space_sha256
            """) { r in
            let sha = (r[1].string ?? "").isEmpty ? "no digest (before migration 008)" : "sha256 " + String((r[1].string ?? "").prefix(12))
            return "\(sha), \(r[2].int64 ?? 0) search runs; count = precompute jobs"
        }
        return rows
    }
}

extension DatabaseSummary {
    static let precomputeJobsByStoreSQL = "SELECT store, count(*) FROM precompute_job GROUP BY store"

    /// Precompute jobs by how they stored their sweep: `full` rows or a `pareto` archive.
    public static func precomputeJobs(_ db: Database) throws -> (full: Int, pareto: Int) {
        var counts: [String: Int] = [:]
        for r in try db.query(precomputeJobsByStoreSQL) { counts[r[0].string ?? ""] = Int(r[1].int64 ?? 0) }
        return (counts["full"] ?? 0, counts["pareto"] ?? 0)
    }
}
