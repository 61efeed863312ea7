-- Secondary indexes of `design` that a bulk writer (cimnas precompute) dropped for the length of a large
-- load and rebuilds at its end: one row per dropped index, with the statement that re-creates it, written
-- in the same transaction as the DROP. Rows left behind by a killed run mean those indexes are missing
-- (queries stay correct, only slower); the next precompute run re-creates them and deletes the rows.
-- A later migration that changes one of these indexes must first re-create the deferred ones.
CREATE TABLE design_deferred_index (
    name TEXT PRIMARY KEY,
    sql TEXT NOT NULL CHECK (sql LIKE 'CREATE INDEX %')
) WITHOUT ROWID;
