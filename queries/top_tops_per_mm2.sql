-- name: top_tops_per_mm2
-- description: Feasible designs with the highest area efficiency (TOPS/mm²).
-- param: min_top1_percent REAL = 0 -- lowest predicted top-1, percent: top1_percent, on the design's chip for hardware-aware rows (hw_accuracy_version set), else quantization only (docs/database.md)
-- param: limit INTEGER = 10 -- rows to return
SELECT d.id AS design_id,
       d.tops_per_mm2,
       d.tops_per_w,
       d.energy_j,
       d.latency_s,
       d.area_mm2,
       d.top1_percent,
       d.technology
FROM design AS d
WHERE d.feasible = 1
  AND d.tops_per_mm2 IS NOT NULL
  AND (:min_top1_percent <= 0 OR d.top1_percent >= :min_top1_percent)
ORDER BY d.tops_per_mm2 DESC
LIMIT :limit;
