-- name: adc_adequacy
-- description: Designs whose ADCs lose more than a bound: some layer's ADC-only SQNR (the chip's ADC on an ideal device against the exact layer output, docs/hardware-accuracy.md) is below min_adc_sqnr_db. Worst first, each with its worst layer (from layer_error beside the design's network_layer rows). Only hardware-aware designs (hw_accuracy_version set) carry the error model; accuracy columns: top1_percent is on the chip, top1_ideal_percent quantization only.
-- param: min_adc_sqnr_db REAL = 10 -- the ADC bound, dB: a layer whose ADC-only SQNR is below it loses too much (the bound make run searches with)
-- param: feasible_only INTEGER = 1 -- 1: feasible designs only; 0: all
-- param: limit INTEGER = 20 -- rows to return
WITH below AS (
    SELECT d.id, d.hw_config_id, d.network_id, d.quant_policy_key, d.model_version, d.hw_accuracy_version,
           d.min_adc_sqnr_db, d.edap_j_s_mm2, d.top1_percent, d.top1_ideal_percent, d.feasible
    FROM design AS d INDEXED BY design_min_adc_sqnr
    WHERE d.min_adc_sqnr_db IS NOT NULL
      AND d.min_adc_sqnr_db < :min_adc_sqnr_db
      AND (:feasible_only = 0 OR d.feasible = 1)
    ORDER BY d.min_adc_sqnr_db, d.id
    LIMIT :limit
),
worst AS (
    SELECT b.id AS design_id,
           (SELECT nl.position
            FROM network_layer AS nl
            JOIN layer_error AS e ON e.hw_config_id = b.hw_config_id AND e.layer_shape_id = nl.layer_shape_id
                 AND e.input_bits = nl.input_bits AND e.weight_bits = nl.weight_bits
                 AND e.histogram_key = nl.histogram_key AND e.hw_accuracy_version = b.hw_accuracy_version
            WHERE nl.network_id = b.network_id AND nl.quant_policy_key = b.quant_policy_key
              AND b.model_version LIKE '%;mode=' || nl.compat_mode
            ORDER BY e.adc_sqnr_db IS NULL, e.adc_sqnr_db, nl.position
            LIMIT 1) AS position
    FROM below AS b
)
SELECT b.id AS design_id,
       b.min_adc_sqnr_db,
       nl.name AS worst_layer,
       e.adc_sqnr_db,
       e.sqnr_db,
       e.adc_bits_needed,
       h.adc_bits,
       h.rows,
       h.bits_per_cell,
       b.top1_percent,
       b.top1_ideal_percent,
       b.edap_j_s_mm2,
       b.feasible,
       h.key AS hw_config_key
FROM below AS b
JOIN worst AS w ON w.design_id = b.id
JOIN hw_config AS h ON h.id = b.hw_config_id
LEFT JOIN network_layer AS nl ON nl.network_id = b.network_id AND nl.quant_policy_key = b.quant_policy_key
     AND b.model_version LIKE '%;mode=' || nl.compat_mode AND nl.position = w.position
LEFT JOIN layer_error AS e ON e.hw_config_id = b.hw_config_id AND e.layer_shape_id = nl.layer_shape_id
     AND e.input_bits = nl.input_bits AND e.weight_bits = nl.weight_bits AND e.histogram_key = nl.histogram_key
     AND e.hw_accuracy_version = b.hw_accuracy_version
ORDER BY b.min_adc_sqnr_db, b.id;
