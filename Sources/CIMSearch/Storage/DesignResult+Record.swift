import DesignDB

/// The `design` row of a result, as the search's store and the precompute writer store it (`DesignStore`).
extension DesignResult {
    /// The row under `key`: metrics of a design that could not be evaluated are NULL, its area, accuracy,
    /// MACs and capacity shortfall are kept; `technology` is `ComposedTechnology.designLabel(modelVersion:in:)`.
    public func record(key: DesignKey, technology: String, createdAt: String) -> DesignRecord {
        let ok = isEvaluated
        return DesignRecord(
            key: key, technology: technology, energy_j: ok ? energy_j : nil, latency_s: ok ? latency_s : nil,
            area_mm2: area_mm2, edap_j_s_mm2: ok ? energy_j * latency_s * area_mm2 : nil,
            tops_per_w: ok ? topsPerW : nil, tops_per_mm2: ok ? topsPerMM2 : nil, top1_percent: top1_percent,
            accuracy_score: accuracyScore, mean_layer_tops_per_w: ok ? meanLayerTOPSPerW : nil,
            mean_layer_tops_per_mm2: ok ? meanLayerTOPSPerMM2 : nil, feasible: ok, infeasibleReason: infeasibleReason,
            createdAt: createdAt, macs: macs, capacityShortfallCells: capacityShortfallCells)
    }
}
