-- name: top_tops_per_w
-- description: Feasible designs with the highest energy efficiency (TOPS/W).
-- param: min_top1_percent REAL = 0 -- lowest predicted top-1, percent: top1_percent, on the design's chip for hardware-aware rows (hw_accuracy_version set), else quantization only (docs/database.md)
-- param: max_area_mm2 REAL = 1e9 -- largest chip area, mm²
-- param: limit INTEGER = 10 -- rows to return
SELECT d.id AS design_id,
       d.tops_per_w,
       d.tops_per_mm2,
       d.energy_j,
       d.latency_s,
       d.area_mm2,
       d.top1_percent,
       d.technology
FROM design AS d
WHERE d.feasible = 1
  AND d.tops_per_w IS NOT NULL
  AND d.area_mm2 <= :max_area_mm2
  AND (:min_top1_percent <= 0 OR d.top1_percent >= :min_top1_percent)
ORDER BY d.tops_per_w DESC
LIMIT :limit;
