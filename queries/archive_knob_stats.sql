-- name: archive_knob_stats
-- description: Per value of each hardware knob of Pareto-archive sweeps (precompute --store pareto): designs swept, feasible designs and the best EDAP with its sweep index, counted over every design of the sweep.
-- archive: exact
-- param: knob TEXT = '' -- one knob (e.g. adc_bits); '' for all
SELECT j.id AS job_id,
       j.space,
       s.knob,
       s.value,
       s.designs,
       s.feasible_designs,
       s.best_edap_j_s_mm2,
       s.best_sweep_index
FROM archive_knob_stats AS s
JOIN precompute_job AS j ON j.id = s.job_id
WHERE :knob = '' OR s.knob = :knob
ORDER BY j.id, s.knob, s.value_index;
