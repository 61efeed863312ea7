-- Hardware-aware accuracy in the database (issue 19, docs/hardware-accuracy.md).
-- design.top1_percent is the top-1 on the design's chip when hw_accuracy_version is set, else quantization only;
-- top1_ideal_percent is always quantization only. hw_accuracy_version names the error model, its E0 and the
-- device ('' = quantization-only accuracy); hardware-aware rows carry it in predictor_version as well, so the
-- UNIQUE key never serves one kind of accuracy for the other.
ALTER TABLE design ADD COLUMN top1_ideal_percent REAL;
ALTER TABLE design ADD COLUMN hw_accuracy_version TEXT NOT NULL DEFAULT '';
-- The worst layer's ADC-only SQNR, dB (the chip's ADC on an ideal device against the exact output; NULL: every
-- layer's ADC is lossless, or the row was stored without the error model).
ALTER TABLE design ADD COLUMN min_adc_sqnr_db REAL;

-- Rows written before this migration by a hardware-aware search (schema 012 with `--accuracy hardware`) shared
-- the UNIQUE key of quantization-only rows. They keep their values but move to a key of their own, so neither
-- kind is served for the other; every other row holds quantization-only top-1.
UPDATE design SET hw_accuracy_version = 'hwacc-1',
    predictor_version = predictor_version || ';hwacc-1;stored-before-schema-14'
WHERE id IN (SELECT m.design_id FROM search_member m JOIN search_run r ON r.id = m.run_id
             WHERE r.settings_json LIKE '%"accuracy":"hardware"%' AND r.settings_json NOT LIKE '%"mode":"cimnas"%');
UPDATE design SET top1_ideal_percent = top1_percent WHERE hw_accuracy_version = '';

-- Per-layer error of a layer on a chip, beside layer_eval (same layer key) for one error model and device.
-- sqnr_db: ADC and device together; adc_sqnr_db: the ADC alone (ideal device); NULL = exact (no error).
CREATE TABLE layer_error (
    id INTEGER PRIMARY KEY,
    hw_config_id INTEGER NOT NULL REFERENCES hw_config(id) ON DELETE CASCADE,
    layer_shape_id INTEGER NOT NULL REFERENCES layer_shape(id) ON DELETE CASCADE,
    input_bits INTEGER NOT NULL,
    weight_bits INTEGER NOT NULL,
    histogram_key TEXT NOT NULL DEFAULT '',
    hw_accuracy_version TEXT NOT NULL,
    sqnr_db REAL,
    adc_sqnr_db REAL,
    adc_bits_needed INTEGER NOT NULL CHECK (adc_bits_needed >= 0),
    UNIQUE (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key, hw_accuracy_version)
);

-- adc_adequacy: designs whose worst layer's ADC falls below a bound, without reading the table.
CREATE INDEX design_min_adc_sqnr ON design (min_adc_sqnr_db) WHERE min_adc_sqnr_db IS NOT NULL;
