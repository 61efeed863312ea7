-- name: cache_stats
-- description: Rows in each cache and result table, by model or predictor version.
SELECT 'layer_eval' AS cache, model_version AS version, count(*) AS rows, sum(feasible) AS feasible
FROM layer_eval GROUP BY model_version
UNION ALL
SELECT 'design', model_version || ' / ' || predictor_version, count(*), sum(feasible)
FROM design GROUP BY model_version, predictor_version
UNION ALL
SELECT 'prediction', predictor_version, count(*), NULL
FROM prediction GROUP BY predictor_version
UNION ALL
SELECT 'hw_config', coalesce(area_model_version, '(no area)'), count(*), NULL
FROM hw_config GROUP BY area_model_version
UNION ALL
SELECT 'layer_shape', '', count(*), NULL FROM layer_shape
UNION ALL
SELECT 'network', '', count(*), NULL FROM network
UNION ALL
SELECT 'search_run', status, count(*), NULL FROM search_run GROUP BY status;
