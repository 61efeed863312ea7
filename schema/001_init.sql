-- CIMNAS design-space database, schema version 1.
-- Units live in column names (_v, _s, _j, _mm2, _nm, _percent). Every stored result carries the
-- version of the model that produced it (model_version / predictor_version).

-- Technology tables (datasets/tech/*.csv). A version is immutable: identical content re-imported is
-- a no-op; changed content becomes version + 1.
CREATE TABLE technology (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    version INTEGER NOT NULL CHECK (version >= 1),
    node_nm REAL CHECK (node_nm IS NULL OR node_nm > 0),
    source TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
    parameter_count INTEGER NOT NULL CHECK (parameter_count >= 0),
    UNIQUE (name, version)
);

CREATE TABLE technology_parameter (
    technology_id INTEGER NOT NULL REFERENCES technology(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    component TEXT NOT NULL,
    parameter TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (technology_id, component, parameter),
    UNIQUE (technology_id, position)
) WITHOUT ROWID;

CREATE TRIGGER technology_immutable BEFORE UPDATE ON technology
BEGIN
    SELECT RAISE(ABORT, 'technology versions are immutable; import changed content as a new version');
END;

CREATE TRIGGER technology_parameter_immutable BEFORE UPDATE ON technology_parameter
BEGIN
    SELECT RAISE(ABORT, 'technology versions are immutable; import changed content as a new version');
END;

-- One hardware configuration: every knob as a typed column, plus its chip area (a chip property).
CREATE TABLE hw_config (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    voltage_v REAL NOT NULL CHECK (voltage_v > 0),
    bits_per_cell INTEGER NOT NULL CHECK (bits_per_cell > 0),
    base_latency_s REAL NOT NULL CHECK (base_latency_s > 0),
    rows INTEGER NOT NULL CHECK (rows > 0),
    cols INTEGER NOT NULL CHECK (cols > 0),
    router_group INTEGER NOT NULL CHECK (router_group > 0),
    tiles_per_chip INTEGER NOT NULL CHECK (tiles_per_chip > 0),
    macros_per_tile INTEGER NOT NULL CHECK (macros_per_tile > 0),
    glb_depth INTEGER NOT NULL CHECK (glb_depth > 0),
    adc_bits INTEGER NOT NULL CHECK (adc_bits > 0),
    technology_nm REAL NOT NULL CHECK (technology_nm > 0),
    read_pulse_width_s REAL NOT NULL CHECK (read_pulse_width_s > 0),
    adc_model TEXT NOT NULL,
    stock_voltage_scaling INTEGER NOT NULL DEFAULT 0 CHECK (stock_voltage_scaling IN (0, 1)),
    cell TEXT NOT NULL,
    -- Chip area and its breakdown; NULL until the cost model has computed them.
    area_mm2 REAL,
    adc_area_mm2 REAL,
    cell_area_mm2 REAL,
    row_drivers_area_mm2 REAL,
    column_drivers_area_mm2 REAL,
    input_buffer_area_mm2 REAL,
    output_buffer_area_mm2 REAL,
    router_area_mm2 REAL,
    glb_area_mm2 REAL,
    area_model_version TEXT
);

-- A layer's shape in Timeloop names (P, Q are output sizes).
CREATE TABLE layer_shape (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    g INTEGER NOT NULL CHECK (g > 0),
    c INTEGER NOT NULL CHECK (c > 0),
    m INTEGER NOT NULL CHECK (m > 0),
    r INTEGER NOT NULL CHECK (r > 0),
    s INTEGER NOT NULL CHECK (s > 0),
    p INTEGER NOT NULL CHECK (p > 0),
    q INTEGER NOT NULL CHECK (q > 0),
    n INTEGER NOT NULL CHECK (n > 0),
    stride INTEGER NOT NULL CHECK (stride > 0),
    macs INTEGER NOT NULL,
    UNIQUE (kind, g, c, m, r, s, p, q, n, stride)
);

-- The per-layer cost cache the search reuses; the key is everything that changes the result.
CREATE TABLE layer_eval (
    hw_config_id INTEGER NOT NULL REFERENCES hw_config(id) ON DELETE CASCADE,
    layer_shape_id INTEGER NOT NULL REFERENCES layer_shape(id) ON DELETE CASCADE,
    input_bits INTEGER NOT NULL,
    weight_bits INTEGER NOT NULL,
    histogram_key TEXT NOT NULL DEFAULT '',
    model_version TEXT NOT NULL,
    energy_j REAL NOT NULL,
    cim_unit_energy_j REAL NOT NULL,
    row_drivers_energy_j REAL NOT NULL,
    column_drivers_energy_j REAL NOT NULL,
    adc_energy_j REAL NOT NULL,
    input_buffer_energy_j REAL NOT NULL,
    output_buffer_energy_j REAL NOT NULL,
    router_energy_j REAL NOT NULL,
    glb_energy_j REAL NOT NULL,
    cycles REAL NOT NULL,
    latency_s REAL NOT NULL,
    macs INTEGER NOT NULL,
    utilization_percent REAL NOT NULL,
    feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
    infeasible_reason TEXT,
    PRIMARY KEY (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key, model_version)
) WITHOUT ROWID;

-- A network architecture (e.g. one MobileNetV2 subnet), by canonical key.
CREATE TABLE network (
    id INTEGER PRIMARY KEY,
    family TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    layer_count INTEGER NOT NULL CHECK (layer_count >= 0),
    macs INTEGER NOT NULL CHECK (macs >= 0)
);

-- A full design: hardware × network × quantization policy, under given model and predictor versions.
CREATE TABLE design (
    id INTEGER PRIMARY KEY,
    hw_config_id INTEGER NOT NULL REFERENCES hw_config(id) ON DELETE CASCADE,
    network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    quant_policy_key TEXT NOT NULL,
    model_version TEXT NOT NULL,
    predictor_version TEXT NOT NULL,
    technology TEXT NOT NULL DEFAULT '',
    energy_j REAL,
    latency_s REAL,
    area_mm2 REAL,
    edap_j_s_mm2 REAL,
    tops_per_w REAL,
    tops_per_mm2 REAL,
    accuracy_top1_percent REAL,
    accuracy_score REAL,
    -- CIMNAS aggregates: mean/max over layers of TOPS/W and TOPS/mm² and mean TOPS.
    a_tpw REAL,
    a_tpm REAL,
    m_tpw REAL,
    m_tpm REAL,
    tops_mean REAL,
    utilization_max_percent REAL,
    feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
    infeasible_reason TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (hw_config_id, network_id, quant_policy_key, model_version, predictor_version)
);

-- Best EDAP under an area bound: range over area, EDAP and the other constraint columns read from
-- the index itself (covering), so no table lookups while scanning.
CREATE INDEX design_area_edap ON design (area_mm2, edap_j_s_mm2, latency_s, energy_j, accuracy_top1_percent)
    WHERE feasible = 1;
-- Best EDAP with loose bounds: walk designs in EDAP order and stop at the first that fits.
CREATE INDEX design_edap ON design (edap_j_s_mm2) WHERE feasible = 1;
CREATE INDEX design_tops_per_w ON design (tops_per_w) WHERE feasible = 1;
CREATE INDEX design_tops_per_mm2 ON design (tops_per_mm2) WHERE feasible = 1;
CREATE INDEX design_energy_latency ON design (energy_j, latency_s, area_mm2) WHERE feasible = 1;
-- Best EDAP per hardware configuration (knob sensitivity); the UNIQUE key already indexes hw_config_id.
CREATE INDEX design_hw_config_edap ON design (hw_config_id, edap_j_s_mm2) WHERE feasible = 1;
CREATE INDEX design_network ON design (network_id);
-- Counts per model and predictor version (cache_stats) without reading the table.
CREATE INDEX design_versions ON design (model_version, predictor_version, feasible);

-- Accuracy predictions, cached per network, quantization policy and predictor version.
CREATE TABLE prediction (
    network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    quant_policy_key TEXT NOT NULL,
    predictor_version TEXT NOT NULL,
    top1_percent REAL NOT NULL,
    score REAL NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (network_id, quant_policy_key, predictor_version)
) WITHOUT ROWID;

-- Searches, so they can be resumed and compared.
CREATE TABLE search_run (
    id INTEGER PRIMARY KEY,
    algorithm TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    space TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    generations_done INTEGER NOT NULL DEFAULT 0 CHECK (generations_done >= 0),
    model_version TEXT NOT NULL,
    predictor_version TEXT NOT NULL
);

CREATE TABLE search_member (
    run_id INTEGER NOT NULL REFERENCES search_run(id) ON DELETE CASCADE,
    generation INTEGER NOT NULL CHECK (generation >= 0),
    slot INTEGER NOT NULL CHECK (slot >= 0),
    design_id INTEGER NOT NULL REFERENCES design(id),
    objective REAL,
    constraint_violation REAL NOT NULL DEFAULT 0,
    rank INTEGER,
    PRIMARY KEY (run_id, generation, slot)
) WITHOUT ROWID;

CREATE INDEX search_member_design ON search_member (design_id);
