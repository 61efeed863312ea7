-- Multi-network co-design (cimnas search --network A --network B …): one shared chip, stored as one design per
-- network, grouped; each member also names that network's own best chip found alone with the same budget.
CREATE TABLE codesign_group (
    id INTEGER PRIMARY KEY,
    networks TEXT NOT NULL CHECK (networks <> ''),
    aggregate TEXT NOT NULL,
    capacity TEXT NOT NULL CHECK (capacity IN ('per-network', 'all-resident')),
    objective TEXT NOT NULL,
    space TEXT NOT NULL,
    seed INTEGER NOT NULL,
    population INTEGER NOT NULL CHECK (population > 0),
    generations INTEGER NOT NULL CHECK (generations > 0),
    aggregate_objective REAL,
    feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE codesign_member (
    group_id INTEGER NOT NULL REFERENCES codesign_group(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    network TEXT NOT NULL,
    design_id INTEGER NOT NULL REFERENCES design(id),
    own_best_design_id INTEGER REFERENCES design(id),
    PRIMARY KEY (group_id, position)
) WITHOUT ROWID;

CREATE INDEX codesign_member_design ON codesign_member (design_id);
