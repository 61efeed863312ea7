-- name: codesign_group
-- description: One co-design group's per-network rows: the shared chip's EDAP against that network's own best chip.
-- param: group_id INTEGER = 0 -- codesign_group id; 0 for the latest group
SELECT m.group_id,
       m.position,
       m.network,
       m.design_id,
       d.energy_j,
       d.latency_s,
       d.area_mm2,
       d.edap_j_s_mm2,
       d.feasible,
       m.own_best_design_id,
       o.edap_j_s_mm2 AS own_best_edap_j_s_mm2,
       d.edap_j_s_mm2 / o.edap_j_s_mm2 AS edap_ratio
FROM codesign_member AS m
JOIN design AS d ON d.id = m.design_id
LEFT JOIN design AS o ON o.id = m.own_best_design_id
WHERE m.group_id = CASE WHEN :group_id = 0 THEN (SELECT max(id) FROM codesign_group) ELSE :group_id END
ORDER BY m.position;
