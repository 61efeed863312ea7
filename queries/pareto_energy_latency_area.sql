-- name: pareto_energy_latency_area
-- description: Feasible designs no other feasible design beats on energy, latency and area at once.
-- param: technology TEXT = '' -- technology: the design's label (NAME@VERSION or NAME, e.g. cimnas_32nm+high_roff.v1) or an imported table in it (high_roff, high_roff@1); '' for any
-- param: min_top1_percent REAL = 0 -- lowest predicted top-1, percent: top1_percent, on the design's chip for hardware-aware rows (hw_accuracy_version set), else quantization only (docs/database.md)
-- param: limit INTEGER = 100 -- rows to return, by increasing energy
SELECT d.id AS design_id,
       d.energy_j,
       d.latency_s,
       d.area_mm2,
       d.edap_j_s_mm2,
       d.top1_percent,
       d.technology
FROM design AS d
WHERE d.feasible = 1
  AND (:min_top1_percent <= 0 OR d.top1_percent >= :min_top1_percent)
  AND (:technology = '' OR d.technology = :technology OR d.technology LIKE :technology || '@%'
       OR (instr(:technology, '@') > 0 AND instr('+' || replace(d.technology, '@', '+@') || '+', '+' || replace(:technology, '@', '.v') || '+') > 0)
       OR (instr(:technology, '@') = 0 AND instr('+' || d.technology, '+' || :technology || '.v') > 0))
  AND NOT EXISTS (
      SELECT 1 FROM design AS e
      WHERE e.feasible = 1
        AND e.energy_j <= d.energy_j
        AND e.latency_s <= d.latency_s
        AND e.area_mm2 <= d.area_mm2
        AND (e.energy_j < d.energy_j OR e.latency_s < d.latency_s OR e.area_mm2 < d.area_mm2)
        AND (:min_top1_percent <= 0 OR e.top1_percent >= :min_top1_percent)
        AND (:technology = '' OR e.technology = :technology OR e.technology LIKE :technology || '@%'
       OR (instr(:technology, '@') > 0 AND instr('+' || replace(e.technology, '@', '+@') || '+', '+' || replace(:technology, '@', '.v') || '+') > 0)
       OR (instr(:technology, '@') = 0 AND instr('+' || e.technology, '+' || :technology || '.v') > 0)))
ORDER BY d.energy_j
LIMIT :limit;
