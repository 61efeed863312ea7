-- name: knob_sensitivity
-- description: Best feasible EDAP reached for each value of each hardware knob.
-- param: technology TEXT = '' -- technology: the design's label (NAME@VERSION or NAME, e.g. cimnas_32nm+high_roff.v1) or an imported table in it (high_roff, high_roff@1); '' for any
WITH best AS MATERIALIZED (
    SELECT d.hw_config_id, min(d.edap_j_s_mm2) AS edap
    FROM design AS d
    WHERE d.feasible = 1
      AND (:technology = '' OR d.technology = :technology OR d.technology LIKE :technology || '@%'
       OR (instr(:technology, '@') > 0 AND instr('+' || replace(d.technology, '@', '+@') || '+', '+' || replace(:technology, '@', '.v') || '+') > 0)
       OR (instr(:technology, '@') = 0 AND instr('+' || d.technology, '+' || :technology || '.v') > 0))
    GROUP BY d.hw_config_id
), knobs AS (
    SELECT b.edap, h.* FROM best AS b JOIN hw_config AS h ON h.id = b.hw_config_id
)
SELECT 'voltage_v' AS knob, voltage_v AS value, min(edap) AS best_edap_j_s_mm2, count(*) AS hw_configs FROM knobs GROUP BY voltage_v
UNION ALL SELECT 'bits_per_cell', bits_per_cell, min(edap), count(*) FROM knobs GROUP BY bits_per_cell
UNION ALL SELECT 'base_latency_s', base_latency_s, min(edap), count(*) FROM knobs GROUP BY base_latency_s
UNION ALL SELECT 'rows', rows, min(edap), count(*) FROM knobs GROUP BY rows
UNION ALL SELECT 'cols', cols, min(edap), count(*) FROM knobs GROUP BY cols
UNION ALL SELECT 'router_group', router_group, min(edap), count(*) FROM knobs GROUP BY router_group
UNION ALL SELECT 'tiles_per_chip', tiles_per_chip, min(edap), count(*) FROM knobs GROUP BY tiles_per_chip
UNION ALL SELECT 'macros_per_tile', macros_per_tile, min(edap), count(*) FROM knobs GROUP BY macros_per_tile
UNION ALL SELECT 'glb_depth', glb_depth, min(edap), count(*) FROM knobs GROUP BY glb_depth
UNION ALL SELECT 'adc_bits', adc_bits, min(edap), count(*) FROM knobs GROUP BY adc_bits
UNION ALL SELECT 'technology_nm', technology_nm, min(edap), count(*) FROM knobs GROUP BY technology_nm
ORDER BY knob, value;
