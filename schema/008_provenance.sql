-- Provenance (issue 20): the digests of what a run or a precompute job was given — the space file, the
-- composed technology tables (ComposedTechnology.sha256) and a network read from a workload CSV.
-- '' when not recorded (rows older than this migration, or no file given).
ALTER TABLE precompute_job ADD COLUMN space_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE precompute_job ADD COLUMN technology_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE precompute_job ADD COLUMN network_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE search_run ADD COLUMN space_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE search_run ADD COLUMN technology_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE search_run ADD COLUMN network_sha256 TEXT NOT NULL DEFAULT '';
