-- design_pareto complete for every feasible design, however it is stored (search, merge, evaluate,
-- raw SQL), kept up to date by triggers; existing databases are backfilled here.
--
-- Dominance (slice = network, quantization policy, model/predictor versions, technology, node):
-- d dominates x when energy, latency, area and EDAP of d are each no larger, its accuracy no lower
-- (NULL counts as lowest), and d comes first in the query order (lower EDAP, or lower id on a tie).
-- Then every bound x meets d meets too and d sorts first, so the lowest-EDAP design under any
-- energy/latency/area/accuracy bounds is a row of design_pareto, even if a row's EDAP is not exactly
-- energy·latency·area or accuracy varies inside a slice.

-- One row: bulk = 1 while a bulk writer (precompute) refreshes design_pareto itself per batch; it
-- sets the flag and clears it again inside its own transaction, so other writers never see it set.
CREATE TABLE design_pareto_control (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    bulk INTEGER NOT NULL CHECK (bulk IN (0, 1))
);
INSERT INTO design_pareto_control (id, bulk) VALUES (1, 0);

-- The queries walk the front in (EDAP, id) order and stop at the first rows that meet the bounds; the
-- bounds are read from the index.
DROP INDEX design_pareto_edap;
CREATE INDEX design_pareto_edap ON design_pareto (edap_j_s_mm2, design_id, area_mm2, latency_s, energy_j, accuracy_top1_percent, technology, technology_nm);

-- The dominance test ranges over the slice's rows with energy no larger than the new design's.
DROP INDEX design_pareto_slice;
CREATE INDEX design_pareto_slice ON design_pareto (network_id, quant_policy_key, model_version, predictor_version, technology, technology_nm, energy_j);

-- Designs waiting to enter the front when it is rebuilt (backfill, a front design deleted or changed).
-- Rows are inserted in (EDAP, id) order, which lists every dominator before what it dominates, so one
-- dominance test per row against the growing front is exact; the table is emptied right after.
CREATE TABLE design_pareto_candidate (
    design_id INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL,
    quant_policy_key TEXT NOT NULL,
    model_version TEXT NOT NULL,
    predictor_version TEXT NOT NULL,
    technology TEXT NOT NULL,
    technology_nm REAL NOT NULL,
    energy_j REAL NOT NULL,
    latency_s REAL NOT NULL,
    area_mm2 REAL NOT NULL,
    edap_j_s_mm2 REAL NOT NULL,
    accuracy_top1_percent REAL
);

CREATE TRIGGER design_pareto_candidate_insert AFTER INSERT ON design_pareto_candidate
WHEN NOT EXISTS (SELECT 1 FROM design_pareto AS p
                 WHERE p.network_id = NEW.network_id AND p.quant_policy_key = NEW.quant_policy_key
                   AND p.model_version = NEW.model_version AND p.predictor_version = NEW.predictor_version
                   AND p.technology = NEW.technology AND p.technology_nm = NEW.technology_nm
                   AND p.energy_j <= NEW.energy_j AND p.latency_s <= NEW.latency_s AND p.area_mm2 <= NEW.area_mm2
                   AND p.edap_j_s_mm2 <= NEW.edap_j_s_mm2
                   AND coalesce(p.accuracy_top1_percent, -1e308) >= coalesce(NEW.accuracy_top1_percent, -1e308)
                   AND (p.edap_j_s_mm2 < NEW.edap_j_s_mm2 OR p.design_id < NEW.design_id))
    AND NOT EXISTS (SELECT 1 FROM design_pareto WHERE design_id = NEW.design_id)
BEGIN
    DELETE FROM design_pareto
    WHERE network_id = NEW.network_id AND quant_policy_key = NEW.quant_policy_key
      AND model_version = NEW.model_version AND predictor_version = NEW.predictor_version
      AND technology = NEW.technology AND technology_nm = NEW.technology_nm
      AND energy_j >= NEW.energy_j AND latency_s >= NEW.latency_s AND area_mm2 >= NEW.area_mm2
      AND edap_j_s_mm2 >= NEW.edap_j_s_mm2
      AND coalesce(accuracy_top1_percent, -1e308) <= coalesce(NEW.accuracy_top1_percent, -1e308)
      AND (edap_j_s_mm2 > NEW.edap_j_s_mm2 OR design_id > NEW.design_id);
    INSERT INTO design_pareto (design_id, network_id, quant_policy_key, model_version, predictor_version, technology,
        technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent)
    VALUES (NEW.design_id, NEW.network_id, NEW.quant_policy_key, NEW.model_version, NEW.predictor_version,
        NEW.technology, NEW.technology_nm, NEW.energy_j, NEW.latency_s, NEW.area_mm2, NEW.edap_j_s_mm2,
        NEW.accuracy_top1_percent);
END;

-- A new feasible design enters its slice's front unless a row dominates it; rows it dominates leave.
-- Skipped while a bulk writer refreshes the front itself.
CREATE TRIGGER design_pareto_insert AFTER INSERT ON design
WHEN NEW.feasible = 1 AND NEW.energy_j IS NOT NULL AND NEW.latency_s IS NOT NULL AND NEW.area_mm2 IS NOT NULL
    AND NEW.edap_j_s_mm2 IS NOT NULL
    AND (SELECT bulk FROM design_pareto_control WHERE id = 1) = 0
    -- Most new designs are dominated: reject them with this one range over the slice's front.
    AND NOT EXISTS (SELECT 1 FROM design_pareto AS p
                    WHERE p.network_id = NEW.network_id AND p.quant_policy_key = NEW.quant_policy_key
                      AND p.model_version = NEW.model_version AND p.predictor_version = NEW.predictor_version
                      AND p.technology = NEW.technology
                      AND p.technology_nm = (SELECT technology_nm FROM hw_config WHERE id = NEW.hw_config_id)
                      AND p.energy_j <= NEW.energy_j AND p.latency_s <= NEW.latency_s AND p.area_mm2 <= NEW.area_mm2
                      AND p.edap_j_s_mm2 <= NEW.edap_j_s_mm2
                      AND coalesce(p.accuracy_top1_percent, -1e308) >= coalesce(NEW.accuracy_top1_percent, -1e308)
                      AND (p.edap_j_s_mm2 < NEW.edap_j_s_mm2 OR p.design_id < NEW.id))
BEGIN
    INSERT INTO design_pareto_candidate (design_id, network_id, quant_policy_key, model_version, predictor_version,
        technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent)
    SELECT NEW.id, NEW.network_id, NEW.quant_policy_key, NEW.model_version, NEW.predictor_version, NEW.technology,
        h.technology_nm, NEW.energy_j, NEW.latency_s, NEW.area_mm2, NEW.edap_j_s_mm2, NEW.accuracy_top1_percent
    FROM hw_config AS h WHERE h.id = NEW.hw_config_id;
    DELETE FROM design_pareto_candidate;
END;

-- A front design deleted: the designs of its slice it dominated may enter (in (EDAP, id) order).
-- O(designs of the slice); designs are normally only inserted. "Was on the front" is tested as "no
-- other row dominates it", since the foreign-key cascade may already have removed its own row.
CREATE TRIGGER design_pareto_delete AFTER DELETE ON design
WHEN OLD.feasible = 1 AND OLD.energy_j IS NOT NULL AND OLD.latency_s IS NOT NULL AND OLD.area_mm2 IS NOT NULL
    AND OLD.edap_j_s_mm2 IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM design_pareto AS p
                    WHERE p.network_id = OLD.network_id AND p.quant_policy_key = OLD.quant_policy_key
                      AND p.model_version = OLD.model_version AND p.predictor_version = OLD.predictor_version
                      AND p.technology = OLD.technology
                      AND p.technology_nm = (SELECT technology_nm FROM hw_config WHERE id = OLD.hw_config_id)
                      AND p.energy_j <= OLD.energy_j AND p.latency_s <= OLD.latency_s AND p.area_mm2 <= OLD.area_mm2
                      AND p.edap_j_s_mm2 <= OLD.edap_j_s_mm2
                      AND coalesce(p.accuracy_top1_percent, -1e308) >= coalesce(OLD.accuracy_top1_percent, -1e308)
                      AND (p.edap_j_s_mm2 < OLD.edap_j_s_mm2 OR p.design_id < OLD.id))
BEGIN
    DELETE FROM design_pareto WHERE design_id = OLD.id;
    INSERT INTO design_pareto_candidate (design_id, network_id, quant_policy_key, model_version, predictor_version,
        technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent)
    SELECT d.id, d.network_id, d.quant_policy_key, d.model_version, d.predictor_version, d.technology,
        h.technology_nm, d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.accuracy_top1_percent
    FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
    WHERE d.network_id = OLD.network_id AND d.quant_policy_key = OLD.quant_policy_key
      AND d.model_version = OLD.model_version AND d.predictor_version = OLD.predictor_version
      AND d.technology = OLD.technology
      -- Deleted with its hardware configuration (cascade), the node is unknown: every node's designs are
      -- offered, and each is tested against its own slice's front.
      AND h.technology_nm = coalesce((SELECT technology_nm FROM hw_config WHERE id = OLD.hw_config_id), h.technology_nm)
      AND d.feasible = 1 AND d.energy_j >= OLD.energy_j AND d.latency_s >= OLD.latency_s
      AND d.area_mm2 >= OLD.area_mm2 AND d.edap_j_s_mm2 >= OLD.edap_j_s_mm2
      AND coalesce(d.accuracy_top1_percent, -1e308) <= coalesce(OLD.accuracy_top1_percent, -1e308)
    ORDER BY d.edap_j_s_mm2, d.id;
    DELETE FROM design_pareto_candidate;
END;

-- A design changed: its row leaves; if no other row dominates its old values it was on the front,
-- and what it dominated may enter; then the new values enter like an insert.
CREATE TRIGGER design_pareto_update AFTER UPDATE OF hw_config_id, network_id, quant_policy_key, model_version,
    predictor_version, technology, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent, feasible ON design
BEGIN
    DELETE FROM design_pareto WHERE design_id = OLD.id;
    INSERT INTO design_pareto_candidate (design_id, network_id, quant_policy_key, model_version, predictor_version,
        technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent)
    SELECT d.id, d.network_id, d.quant_policy_key, d.model_version, d.predictor_version, d.technology,
        h.technology_nm, d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.accuracy_top1_percent
    FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
    WHERE OLD.feasible = 1 AND OLD.energy_j IS NOT NULL AND OLD.latency_s IS NOT NULL AND OLD.area_mm2 IS NOT NULL
      AND OLD.edap_j_s_mm2 IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM design_pareto AS p
                      WHERE p.network_id = OLD.network_id AND p.quant_policy_key = OLD.quant_policy_key
                        AND p.model_version = OLD.model_version AND p.predictor_version = OLD.predictor_version
                        AND p.technology = OLD.technology
                        AND p.technology_nm = (SELECT technology_nm FROM hw_config WHERE id = OLD.hw_config_id)
                        AND p.energy_j <= OLD.energy_j AND p.latency_s <= OLD.latency_s AND p.area_mm2 <= OLD.area_mm2
                        AND p.edap_j_s_mm2 <= OLD.edap_j_s_mm2
                        AND coalesce(p.accuracy_top1_percent, -1e308) >= coalesce(OLD.accuracy_top1_percent, -1e308)
                        AND (p.edap_j_s_mm2 < OLD.edap_j_s_mm2 OR p.design_id < OLD.id))
      AND d.id <> OLD.id
      AND d.network_id = OLD.network_id AND d.quant_policy_key = OLD.quant_policy_key
      AND d.model_version = OLD.model_version AND d.predictor_version = OLD.predictor_version
      AND d.technology = OLD.technology
      AND h.technology_nm = (SELECT technology_nm FROM hw_config WHERE id = OLD.hw_config_id)
      AND d.feasible = 1 AND d.energy_j >= OLD.energy_j AND d.latency_s >= OLD.latency_s
      AND d.area_mm2 >= OLD.area_mm2 AND d.edap_j_s_mm2 >= OLD.edap_j_s_mm2
      AND coalesce(d.accuracy_top1_percent, -1e308) <= coalesce(OLD.accuracy_top1_percent, -1e308)
    ORDER BY d.edap_j_s_mm2, d.id;
    DELETE FROM design_pareto_candidate;
    INSERT INTO design_pareto_candidate (design_id, network_id, quant_policy_key, model_version, predictor_version,
        technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent)
    SELECT NEW.id, NEW.network_id, NEW.quant_policy_key, NEW.model_version, NEW.predictor_version, NEW.technology,
        h.technology_nm, NEW.energy_j, NEW.latency_s, NEW.area_mm2, NEW.edap_j_s_mm2, NEW.accuracy_top1_percent
    FROM hw_config AS h
    WHERE h.id = NEW.hw_config_id AND NEW.feasible = 1 AND NEW.energy_j IS NOT NULL AND NEW.latency_s IS NOT NULL
      AND NEW.area_mm2 IS NOT NULL AND NEW.edap_j_s_mm2 IS NOT NULL;
    DELETE FROM design_pareto_candidate;
END;

-- Backfill: the front of every slice from the designs already stored, one pass in (EDAP, id) order.
DELETE FROM design_pareto;
INSERT INTO design_pareto_candidate (design_id, network_id, quant_policy_key, model_version, predictor_version,
    technology, technology_nm, energy_j, latency_s, area_mm2, edap_j_s_mm2, accuracy_top1_percent)
SELECT d.id, d.network_id, d.quant_policy_key, d.model_version, d.predictor_version, d.technology, h.technology_nm,
    d.energy_j, d.latency_s, d.area_mm2, d.edap_j_s_mm2, d.accuracy_top1_percent
FROM design AS d JOIN hw_config AS h ON h.id = d.hw_config_id
WHERE d.feasible = 1 AND d.energy_j IS NOT NULL AND d.latency_s IS NOT NULL AND d.area_mm2 IS NOT NULL
  AND d.edap_j_s_mm2 IS NOT NULL
ORDER BY d.edap_j_s_mm2, d.id;
DELETE FROM design_pareto_candidate;
