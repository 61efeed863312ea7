-- Precomputation: resumable sweep progress and a Pareto frontier for fast constraint queries.

-- One sweep (space × network × quantization policy × mode × seed × shard × fixed knobs × versions).
-- next_position counts the shard's points committed, in sweep order; it is updated in the same
-- transaction as the rows it covers, so a killed run resumes exactly where its last commit ended.
CREATE TABLE precompute_job (
    id INTEGER PRIMARY KEY,
    job_key TEXT NOT NULL UNIQUE,
    space TEXT NOT NULL,
    network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    quant_policy_key TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('exhaustive', 'random', 'lhs', 'sobol')),
    seed INTEGER NOT NULL,
    samples INTEGER NOT NULL CHECK (samples >= 0),
    shard_index INTEGER NOT NULL CHECK (shard_index >= 1),
    shard_count INTEGER NOT NULL CHECK (shard_count >= shard_index),
    fix TEXT NOT NULL DEFAULT '',
    model_version TEXT NOT NULL,
    predictor_version TEXT NOT NULL,
    space_points INTEGER NOT NULL CHECK (space_points >= 0),
    total INTEGER NOT NULL CHECK (total >= 0),
    next_position INTEGER NOT NULL DEFAULT 0 CHECK (next_position >= 0 AND next_position <= total),
    stored INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Per slice (network, quantization policy, versions, technology table, technology node): the feasible designs no other design of
-- the slice beats on energy, latency and area at once. Within a slice accuracy is constant, and EDAP is
-- monotone in energy, latency and area, so the lowest EDAP under any energy/latency/area/accuracy bounds
-- is always one of these rows: best-EDAP queries read this small table instead of ten million designs.
CREATE TABLE design_pareto (
    design_id INTEGER PRIMARY KEY REFERENCES design(id) ON DELETE CASCADE,
    network_id INTEGER NOT NULL,
    quant_policy_key TEXT NOT NULL,
    model_version TEXT NOT NULL,
    predictor_version TEXT NOT NULL,
    technology TEXT NOT NULL,
    technology_nm REAL NOT NULL,
    energy_j REAL NOT NULL,
    latency_s REAL NOT NULL,
    area_mm2 REAL NOT NULL,
    edap_j_s_mm2 REAL NOT NULL,
    accuracy_top1_percent REAL
);

CREATE INDEX design_pareto_edap ON design_pareto (edap_j_s_mm2, area_mm2, latency_s, energy_j, accuracy_top1_percent, technology, technology_nm);
CREATE INDEX design_pareto_slice ON design_pareto (network_id, quant_policy_key, model_version, predictor_version, technology, technology_nm);
