-- Pareto archives (cimnas precompute --store pareto): instead of every design of a sweep, only the designs
-- no other design of the sweep beats on energy, latency and area (and accuracy), over the whole sweep and
-- over each value of each knob, plus per-value counts and best EDAP. Min EDAP (or any objective increasing
-- in energy, latency and area) under energy/latency/area bounds, an accuracy floor and at most one fixed
-- knob value is then exact (docs/scale.md). Full sweeps keep store = 'full'.
ALTER TABLE precompute_job ADD COLUMN store TEXT NOT NULL DEFAULT 'full' CHECK (store IN ('full', 'pareto'));

-- The designs on at least one front of an archive job, by sweep index (the subspace index of the chip: the
-- archive's identity and tie-break, so shards merge exactly). owned = 1 when the archive inserted the design
-- row itself; it deletes such rows when they leave every front, never rows written by other runs.
CREATE TABLE archive_design (
    job_id INTEGER NOT NULL REFERENCES precompute_job(id) ON DELETE CASCADE,
    sweep_index INTEGER NOT NULL CHECK (sweep_index >= 0),
    design_id INTEGER NOT NULL REFERENCES design(id) ON DELETE CASCADE,
    owned INTEGER NOT NULL CHECK (owned IN (0, 1)),
    PRIMARY KEY (job_id, sweep_index)
) WITHOUT ROWID;
CREATE INDEX archive_design_design ON archive_design (design_id);

-- Front membership: knob = '' and value = '' is the whole sweep's front, otherwise the front of the designs
-- whose knob has that value (spelled as in `cimnas space show`).
CREATE TABLE archive_front (
    job_id INTEGER NOT NULL,
    knob TEXT NOT NULL,
    value TEXT NOT NULL,
    sweep_index INTEGER NOT NULL,
    -- Queries fixing a knob value read one key range.
    PRIMARY KEY (knob, value, job_id, sweep_index),
    FOREIGN KEY (job_id, sweep_index) REFERENCES archive_design (job_id, sweep_index) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX archive_front_design ON archive_front (job_id, sweep_index);

-- Per knob value of an archive job: designs swept, feasible ones, and the best EDAP with its sweep index.
CREATE TABLE archive_knob_stats (
    job_id INTEGER NOT NULL REFERENCES precompute_job(id) ON DELETE CASCADE,
    knob TEXT NOT NULL,
    value TEXT NOT NULL,
    value_index INTEGER NOT NULL CHECK (value_index >= 0),
    designs INTEGER NOT NULL CHECK (designs >= 0),
    feasible_designs INTEGER NOT NULL CHECK (feasible_designs >= 0 AND feasible_designs <= designs),
    best_edap_j_s_mm2 REAL,
    best_sweep_index INTEGER,
    PRIMARY KEY (job_id, knob, value)
) WITHOUT ROWID;
