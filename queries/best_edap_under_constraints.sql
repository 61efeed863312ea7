-- name: best_edap_under_constraints
-- description: Feasible design with the lowest energy-delay-area product that meets every bound, read from design_pareto (per slice, the designs no other beats on energy, latency, area, EDAP and accuracy at once; kept complete by triggers, so the first row equals the best over all designs); about a millisecond over millions of designs. Further rows are the next such non-dominated designs by EDAP, not the overall runners-up. best_edap_pareto is the same query with a technology-node filter; for an area bound alone best_edap_under_area is one look-up.
-- archive: exact
-- param: max_area_mm2 REAL = 1e9 -- largest chip area, mm²
-- param: max_area_cm2 REAL = 1e7 -- largest chip area, cm² (1 cm² = 100 mm²); the tighter area bound applies
-- param: min_top1_percent REAL = 0 -- lowest predicted top-1, percent: top1_percent, on the design's chip for hardware-aware rows (hw_accuracy_version set), else quantization only (docs/database.md) (0 also admits designs without one)
-- param: max_latency_s REAL = 1e9 -- longest inference latency, seconds
-- param: max_energy_j REAL = 1e9 -- largest inference energy, joules
-- param: technology TEXT = '' -- technology: the design's label (NAME@VERSION or NAME, e.g. cimnas_32nm+high_roff.v1) or an imported table in it (high_roff, high_roff@1); '' for any
-- param: limit INTEGER = 10 -- rows to return: the first is the best design; further rows are the next Pareto designs by EDAP
SELECT p.design_id,
       p.edap_j_s_mm2,
       p.energy_j,
       p.latency_s,
       p.area_mm2,
       p.top1_percent,
       d.tops_per_w,
       d.tops_per_mm2,
       p.technology,
       n.family,
       n.key AS network_key,
       p.quant_policy_key,
       h.key AS hw_config_key
FROM design_pareto AS p INDEXED BY design_pareto_edap
JOIN design AS d ON d.id = p.design_id
JOIN network AS n ON n.id = p.network_id
JOIN hw_config AS h ON h.id = d.hw_config_id
WHERE p.area_mm2 <= min(:max_area_mm2, :max_area_cm2 * 100.0)
  AND p.latency_s <= :max_latency_s
  AND p.energy_j <= :max_energy_j
  AND (:min_top1_percent <= 0 OR p.top1_percent >= :min_top1_percent)
  AND (:technology = '' OR p.technology = :technology OR p.technology LIKE :technology || '@%'
       OR (instr(:technology, '@') > 0 AND instr('+' || replace(p.technology, '@', '+@') || '+', '+' || replace(:technology, '@', '.v') || '+') > 0)
       OR (instr(:technology, '@') = 0 AND instr('+' || p.technology, '+' || :technology || '.v') > 0))
ORDER BY p.edap_j_s_mm2, p.design_id
LIMIT :limit;
