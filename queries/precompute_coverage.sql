-- name: precompute_coverage
-- description: Share of each precomputed space stored: per sweep (space, network, mode, shard, fixed knobs) the points done of the shard's and of the whole space's points.
-- archive: exact
-- param: space TEXT = '' -- only this space; '' for all
SELECT j.id AS job_id,
       j.space,
       n.key AS network_key,
       j.quant_policy_key,
       j.mode,
       j.seed,
       j.shard_index || '/' || j.shard_count AS shard,
       j.fix,
       j.next_position AS points_done,
       j.total AS shard_points,
       j.space_points,
       round(100.0 * j.next_position / max(1, j.total), 3) AS shard_percent,
       round(100.0 * j.next_position / max(1, j.space_points), 6) AS space_percent,
       j.stored,
       j.skipped,
       j.status,
       j.updated_at
FROM precompute_job AS j
JOIN network AS n ON n.id = j.network_id
WHERE :space = '' OR j.space = :space
ORDER BY j.space, n.key, j.mode, j.shard_index;
