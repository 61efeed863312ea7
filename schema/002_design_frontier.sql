-- The (area, EDAP) Pareto frontier of feasible designs, kept up to date by triggers, so that
-- "best EDAP with area <= X" is one index look-up (the frontier entry with the largest area <= X)
-- instead of a scan over every design under the bound.
-- Ordered by area, frontier EDAP strictly decreases; areas are unique.
CREATE TABLE design_frontier (
    area_mm2 REAL PRIMARY KEY,
    edap_j_s_mm2 REAL NOT NULL,
    design_id INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX design_frontier_design ON design_frontier (design_id);

-- A new feasible design enters the frontier unless an entry with no larger area has no larger EDAP;
-- entries it dominates (area and EDAP both no smaller) leave.
CREATE TRIGGER design_frontier_insert AFTER INSERT ON design
WHEN NEW.feasible = 1 AND NEW.area_mm2 IS NOT NULL AND NEW.edap_j_s_mm2 IS NOT NULL
    AND coalesce((SELECT f.edap_j_s_mm2 FROM design_frontier AS f WHERE f.area_mm2 <= NEW.area_mm2
                  ORDER BY f.area_mm2 DESC LIMIT 1) > NEW.edap_j_s_mm2, 1)
BEGIN
    DELETE FROM design_frontier WHERE area_mm2 >= NEW.area_mm2 AND edap_j_s_mm2 >= NEW.edap_j_s_mm2;
    INSERT INTO design_frontier (area_mm2, edap_j_s_mm2, design_id) VALUES (NEW.area_mm2, NEW.edap_j_s_mm2, NEW.id);
END;

-- Removing or changing a frontier design may uncover designs it dominated: rebuild from the
-- (area_mm2, edap_j_s_mm2) index. Rare (designs are normally only inserted), O(feasible designs).
CREATE TRIGGER design_frontier_delete AFTER DELETE ON design
WHEN EXISTS (SELECT 1 FROM design_frontier WHERE design_id = OLD.id)
BEGIN
    DELETE FROM design_frontier;
    INSERT INTO design_frontier (area_mm2, edap_j_s_mm2, design_id)
    SELECT area_mm2, edap_j_s_mm2, id FROM (
        SELECT id, area_mm2, edap_j_s_mm2,
               min(edap_j_s_mm2) OVER (ORDER BY area_mm2, edap_j_s_mm2, id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS best_before
        FROM design
        WHERE feasible = 1 AND area_mm2 IS NOT NULL AND edap_j_s_mm2 IS NOT NULL)
    WHERE best_before IS NULL OR edap_j_s_mm2 < best_before;
END;

CREATE TRIGGER design_frontier_update AFTER UPDATE OF area_mm2, edap_j_s_mm2, feasible ON design
BEGIN
    DELETE FROM design_frontier;
    INSERT INTO design_frontier (area_mm2, edap_j_s_mm2, design_id)
    SELECT area_mm2, edap_j_s_mm2, id FROM (
        SELECT id, area_mm2, edap_j_s_mm2,
               min(edap_j_s_mm2) OVER (ORDER BY area_mm2, edap_j_s_mm2, id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS best_before
        FROM design
        WHERE feasible = 1 AND area_mm2 IS NOT NULL AND edap_j_s_mm2 IS NOT NULL)
    WHERE best_before IS NULL OR edap_j_s_mm2 < best_before;
END;
