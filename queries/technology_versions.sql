-- name: technology_versions
-- description: Every imported technology version with its node, size and content hash.
-- archive: exact
-- param: name TEXT = '' -- only this technology name; '' for all
SELECT t.name,
       t.version,
       t.node_nm,
       t.parameter_count,
       t.source,
       t.imported_at,
       t.content_sha256
FROM technology AS t
WHERE :name = '' OR t.name = :name
ORDER BY t.name, t.version;
