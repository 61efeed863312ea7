import DesignDB

/// The `design` row insert shared by the search's store and the precompute writer.
///
/// Parameters 1–5 are the row's identity (hw_config_id, network_id, quant_policy_key, model_version,
/// predictor_version); 6–20 are the result, 21 the technology (`name@version`, '' when unbound) and 22–24 the
/// accuracy's provenance (schema 013), bound by `bindResult`. Callers differ only in `ON CONFLICT`.
enum DesignRowSQL {
    /// `INSERT INTO design … VALUES (?1 … ?20)` followed by the caller's conflict clause.
    static func insert(onConflict conflictClause: String) -> String {
        """
        INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version, technology,
            energy_j, latency_s, area_mm2, edap_j_s_mm2, tops_per_w, tops_per_mm2, top1_percent,
            accuracy_score, mean_layer_tops_per_w, mean_layer_tops_per_mm2, feasible, infeasible_reason, created_at, macs, capacity_shortfall_cells,
            top1_ideal_percent, hw_accuracy_version, min_adc_sqnr_db)
        VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?21, ''), ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?22, ?23, ?24)
        \(conflictClause)
        """
    }

    /// Binds a design's metrics to parameters 6–20 and its technology label (`technologyLabel(modelVersion:in:)`)
    /// to 21; metrics of unevaluated designs are NULL.
    static func bindResult(_ r: DesignResult, createdAt: String, technology: String? = nil, to s: Statement) throws {
        let ok = r.isEvaluated
        try s.bind(ok ? r.energy_j : nil, at: 6)
        try s.bind(ok ? r.latency_s : nil, at: 7)
        try s.bind(r.area_mm2, at: 8)
        try s.bind(ok ? r.energy_j * r.latency_s * r.area_mm2 : nil, at: 9)
        try s.bind(ok ? r.topsPerW : nil, at: 10)
        try s.bind(ok ? r.topsPerMM2 : nil, at: 11)
        try s.bind(r.top1_percent, at: 12)
        try s.bind(r.accuracyScore, at: 13)
        try s.bind(ok ? r.meanLayerTOPSPerW : nil, at: 14)
        try s.bind(ok ? r.meanLayerTOPSPerMM2 : nil, at: 15)
        try s.bind(ok, at: 16)
        try s.bind(r.infeasibleReason, at: 17)
        try s.bind(createdAt, at: 18)
        try s.bind(r.macs, at: 19)
        try s.bind(r.capacityShortfallCells, at: 20)
        try s.bind(technology, at: 21)
        try s.bind(r.top1IdealPercent ?? r.top1_percent, at: 22)
        try s.bind(r.hwAccuracyVersion, at: 23)
        // +∞ (every ADC lossless) is stored as NULL, like an unknown value: neither is below any bound.
        try s.bind(r.minAdcSqnr_db.flatMap { $0.isFinite ? $0 : nil }, at: 24)
    }
}
