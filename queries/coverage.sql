-- name: coverage
-- description: How much of the design space has been evaluated: distinct values per knob and row totals.
SELECT 'voltage_v' AS knob, count(DISTINCT voltage_v) AS distinct_values, min(voltage_v) AS min_value, max(voltage_v) AS max_value FROM hw_config
UNION ALL SELECT 'bits_per_cell', count(DISTINCT bits_per_cell), min(bits_per_cell), max(bits_per_cell) FROM hw_config
UNION ALL SELECT 'base_latency_s', count(DISTINCT base_latency_s), min(base_latency_s), max(base_latency_s) FROM hw_config
UNION ALL SELECT 'rows', count(DISTINCT rows), min(rows), max(rows) FROM hw_config
UNION ALL SELECT 'cols', count(DISTINCT cols), min(cols), max(cols) FROM hw_config
UNION ALL SELECT 'router_group', count(DISTINCT router_group), min(router_group), max(router_group) FROM hw_config
UNION ALL SELECT 'tiles_per_chip', count(DISTINCT tiles_per_chip), min(tiles_per_chip), max(tiles_per_chip) FROM hw_config
UNION ALL SELECT 'macros_per_tile', count(DISTINCT macros_per_tile), min(macros_per_tile), max(macros_per_tile) FROM hw_config
UNION ALL SELECT 'glb_depth', count(DISTINCT glb_depth), min(glb_depth), max(glb_depth) FROM hw_config
UNION ALL SELECT 'adc_bits', count(DISTINCT adc_bits), min(adc_bits), max(adc_bits) FROM hw_config
UNION ALL SELECT '(hw_configs)', count(*), NULL, NULL FROM hw_config
UNION ALL SELECT '(networks)', count(*), NULL, NULL FROM network
UNION ALL SELECT '(quant_policies)', count(DISTINCT quant_policy_key), NULL, NULL FROM design
UNION ALL SELECT '(designs)', count(*), NULL, NULL FROM design
UNION ALL SELECT '(feasible_designs)', count(*), NULL, NULL FROM design WHERE feasible = 1;
