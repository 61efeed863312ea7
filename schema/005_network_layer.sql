-- The ordered layers of a network under a quantization policy and compat mode, as the cost model sees
-- them (bits after any compat swap), so a design's own layer sequence can be joined to `layer_eval`
-- (same layer_shape_id, input_bits, weight_bits, histogram_key) for its hardware and model version.
CREATE TABLE network_layer (
    network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    quant_policy_key TEXT NOT NULL,
    compat_mode TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    layer_shape_id INTEGER NOT NULL REFERENCES layer_shape(id),
    input_bits INTEGER NOT NULL CHECK (input_bits > 0),
    weight_bits INTEGER NOT NULL CHECK (weight_bits > 0),
    histogram_key TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (network_id, quant_policy_key, compat_mode, position)
) WITHOUT ROWID;
