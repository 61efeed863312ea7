-- name: best_edap_under_constraints
-- description: Feasible designs with the lowest energy-delay-area product that meet every bound.
-- param: max_area_mm2 REAL = 1e9 -- largest chip area, mm²
-- param: max_area_cm2 REAL = 1e7 -- largest chip area, cm² (1 cm² = 100 mm²); the tighter area bound applies
-- param: min_accuracy_percent REAL = 0 -- lowest predicted top-1 accuracy, percent (0 also admits designs without one)
-- param: max_latency_s REAL = 1e9 -- longest inference latency, seconds
-- param: max_energy_j REAL = 1e9 -- largest inference energy, joules
-- param: technology TEXT = '' -- technology as NAME@VERSION or NAME (any version); '' for any
-- param: limit INTEGER = 10 -- rows to return
SELECT d.id AS design_id,
       d.edap_j_s_mm2,
       d.energy_j,
       d.latency_s,
       d.area_mm2,
       d.accuracy_top1_percent,
       d.tops_per_w,
       d.tops_per_mm2,
       d.technology,
       n.family,
       n.key AS network_key,
       d.quant_policy_key,
       h.key AS hw_config_key
FROM design AS d
JOIN network AS n ON n.id = d.network_id
JOIN hw_config AS h ON h.id = d.hw_config_id
WHERE d.feasible = 1
  AND d.area_mm2 <= min(:max_area_mm2, :max_area_cm2 * 100.0)
  AND d.latency_s <= :max_latency_s
  AND d.energy_j <= :max_energy_j
  AND (:min_accuracy_percent <= 0 OR d.accuracy_top1_percent >= :min_accuracy_percent)
  AND (:technology = '' OR d.technology = :technology OR d.technology LIKE :technology || '@%')
ORDER BY d.edap_j_s_mm2
LIMIT :limit;
