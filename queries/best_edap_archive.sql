-- name: best_edap_archive
-- description: Lowest-EDAP design meeting energy, latency, area and accuracy bounds with at most one hardware knob fixed, read from the fronts of Pareto archives (precompute --store pareto): equal to the answer over every design of the sweep (docs/scale.md). knob '' searches the whole sweep's front.
-- archive: exact
-- param: knob TEXT = '' -- hardware knob to fix (e.g. adc_bits, technology_nm); '' for none
-- param: value TEXT = '' -- the knob's value as `cimnas space show` spells it (e.g. 6, 0.7, 1e-09, neurosim)
-- param: max_area_mm2 REAL = 1e9 -- largest chip area, mm²
-- param: max_latency_s REAL = 1e9 -- longest inference latency, seconds
-- param: max_energy_j REAL = 1e9 -- largest inference energy, joules
-- param: min_top1_percent REAL = 0 -- lowest predicted top-1, percent: top1_percent of the precomputed archive, quantization only (precompute never runs the error model) (0 also admits designs without one)
-- param: limit INTEGER = 1 -- rows: the first is the best design; further rows are the next front designs by EDAP
SELECT d.id AS design_id,
       d.edap_j_s_mm2,
       d.energy_j,
       d.latency_s,
       d.area_mm2,
       d.top1_percent,
       j.space,
       f.knob,
       f.value,
       n.key AS network_key,
       h.key AS hw_config_key
FROM archive_front AS f
JOIN archive_design AS a ON a.job_id = f.job_id AND a.sweep_index = f.sweep_index
JOIN design AS d ON d.id = a.design_id
JOIN precompute_job AS j ON j.id = f.job_id
JOIN network AS n ON n.id = d.network_id
JOIN hw_config AS h ON h.id = d.hw_config_id
WHERE f.knob = :knob AND f.value = (CASE WHEN :knob = '' THEN '' ELSE :value END)
  AND d.area_mm2 <= :max_area_mm2
  AND d.latency_s <= :max_latency_s
  AND d.energy_j <= :max_energy_j
  AND (:min_top1_percent <= 0 OR d.top1_percent >= :min_top1_percent)
ORDER BY d.edap_j_s_mm2, d.id
LIMIT :limit;
