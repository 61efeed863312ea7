/// Maintenance of the `design_pareto` table (schema 004, triggers in schema 006).
///
/// Triggers keep each slice's front complete for every design however it is stored; a bulk writer may
/// switch them off inside its own transaction and refresh the front itself, per batch.
public enum DesignParetoTable {
    /// Recomputes every slice's front from the stored designs: one pass in (EDAP, id) order, each design
    /// tested against its slice's growing front (the migration's backfill). Returns the front's size.
    /// - Complexity: O(n log n) to order the feasible designs plus, per design, a range over the front
    ///   rows of its slice with no larger energy.
    @discardableResult
    public static func rebuild(_ db: Database) throws -> Int {
        try db.transaction {
            try db.execute("""
                DELETE FROM design_pareto;
                INSERT INTO design_pareto_candidate (design_id, network_id, quant_policy_key, model_version,
                    predictor_version, technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2,
                    top1_percent)
                SELECT d.id, d.network_id, d.quant_policy_key, d.model_version, d.predictor_version, d.technology,
                    h.technology_nm, d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.top1_percent
                FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
                WHERE d.feasible = 1 AND d.energy_j IS NOT NULL AND d.latency_s IS NOT NULL AND d.area_mm2 IS NOT NULL
                  AND d.edap_j_s_mm2 IS NOT NULL
                ORDER BY d.edap_j_s_mm2, d.id;
                DELETE FROM design_pareto_candidate;
                """)
            return Int(try db.scalar("SELECT count(*) FROM design_pareto")?.int64 ?? 0)
        }
    }

    /// Runs `body` with the design_pareto insert trigger switched off: the caller stores designs and then
    /// refreshes the fronts of the slices it wrote itself. Call inside the transaction that stores the
    /// designs, so no other connection ever sees the switch on (a rollback also switches it back).
    public static func withTriggerOff<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        precondition(db.isInTransaction, "DesignParetoTable.withTriggerOff must run inside a transaction")
        try db.execute("UPDATE design_pareto_control SET bulk = 1 WHERE id = 1")
        do {
            let result = try body()
            try db.execute("UPDATE design_pareto_control SET bulk = 0 WHERE id = 1")
            return result
        } catch {
            try? db.execute("UPDATE design_pareto_control SET bulk = 0 WHERE id = 1")
            throw error
        }
    }
}
