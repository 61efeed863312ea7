-- One vocabulary (docs/glossary.md): every column named once, snake_case, with its unit.
-- RENAME COLUMN rewrites the indexes and triggers that use these columns (schema 002, 006, 007).

-- Top-1 is top1_percent everywhere; the accuracy the objective divides by is accuracy_score everywhere.
ALTER TABLE design RENAME COLUMN accuracy_top1_percent TO top1_percent;
ALTER TABLE design_pareto RENAME COLUMN accuracy_top1_percent TO top1_percent;
ALTER TABLE design_pareto_candidate RENAME COLUMN accuracy_top1_percent TO top1_percent;
ALTER TABLE prediction RENAME COLUMN score TO accuracy_score;

-- CIMNAS's short aggregate names become descriptive ones (its names stay in the `cimnas` JSON object).
ALTER TABLE design RENAME COLUMN a_tpw TO mean_layer_tops_per_w;
ALTER TABLE design RENAME COLUMN a_tpm TO mean_layer_tops_per_mm2;
ALTER TABLE design RENAME COLUMN m_tpw TO max_layer_tops_per_w;
ALTER TABLE design RENAME COLUMN m_tpm TO max_layer_tops_per_mm2;
ALTER TABLE design RENAME COLUMN tops_mean TO mean_layer_tops;

-- The node is technology_nm, as in hw_config; a checkpoint's wall time is elapsed_s, as in the search JSON.
ALTER TABLE technology RENAME COLUMN node_nm TO technology_nm;
ALTER TABLE search_checkpoint RENAME COLUMN seconds TO elapsed_s;

-- The original's result key (A_…) of each MobileNetV2 population member, as `cimnas search` prints it.
ALTER TABLE search_member ADD COLUMN cimnas_key TEXT;
