-- Search support: network-level fields the search needs to answer a design from the cache alone, and
-- per-generation checkpoints so that `cimnas search --resume RUN_ID` continues to the same result.

-- Σ MACs of the network and the crossbar-capacity shortfall (cells required − available; ≤ 0 fits).
ALTER TABLE design ADD COLUMN macs REAL;
ALTER TABLE design ADD COLUMN capacity_shortfall_cells INTEGER;

-- One committed generation of a run: the algorithm state (population, evaluations, generator state)
-- as JSON. The newest row per run is where --resume continues.
CREATE TABLE search_checkpoint (
    run_id INTEGER NOT NULL REFERENCES search_run(id) ON DELETE CASCADE,
    step INTEGER NOT NULL CHECK (step >= 1),
    stage INTEGER NOT NULL CHECK (stage >= 1),
    generation INTEGER NOT NULL CHECK (generation >= 1),
    evaluations INTEGER NOT NULL CHECK (evaluations >= 0),
    best_objective REAL,
    feasible_fraction REAL NOT NULL,
    seconds REAL NOT NULL,
    state_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, step)
) WITHOUT ROWID;
