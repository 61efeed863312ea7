-- name: best_edap_under_area
-- description: The feasible design with the lowest EDAP whose area is at most the bound, from the maintained (area, EDAP) frontier in O(log n).
-- archive: exact
-- param: max_area_mm2 REAL = 1e9 -- largest chip area, mm²
SELECT f.design_id,
       f.edap_j_s_mm2,
       f.area_mm2,
       d.energy_j,
       d.latency_s,
       d.accuracy_top1_percent,
       d.technology
FROM design_frontier AS f
JOIN design AS d ON d.id = f.design_id
WHERE f.area_mm2 <= :max_area_mm2
ORDER BY f.area_mm2 DESC
LIMIT 1;
