import CIMHardware
import Foundation

/// Renders cost-model results as JSON objects, tables and CSV rows.
enum CostReport {
    /// JSON number, or null when not finite (infeasible layers have infinite energy and latency).
    static func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

    static func components(energy: ComponentValues, area: ComponentValues?, actions: ComponentValues) -> [String: Any] {
        var out: [String: Any] = [:]
        for c in CostComponent.allCases {
            var entry: [String: Any] = ["energy_j": number(energy[c]), "actions": number(actions[c])]
            if let area { entry["area_mm2"] = number(area[c]) }
            out[c.rawValue] = entry
        }
        return out
    }

    static func mapping(_ m: SpatialMapping) -> [String: Any] {
        ["row": m.row.summary, "column": m.column.summary, "macro_in_tile": m.macroInTile.summary,
         "tile_in_chip": m.tileInChip.summary, "shared_router_group": m.routerGroup.summary,
         "temporal": m.isFeasible ? DimFactors(P: m.temporal.P, Q: m.temporal.Q, N: m.temporal.N).summary : m.temporal.summary]
    }

    static func layer(_ l: LayerCost, area: ChipArea) -> [String: Any] {
        let s = l.mapping.dims
        return [
            "name": l.name, "energy_j": number(l.energy_j), "latency_s": number(l.latency_s), "cycles": l.cycles,
            "macs": l.macs, "area_mm2": area.area_mm2, "utilization_percent": l.utilization_percent,
            "tops": l.tops, "tops_per_w": l.tops_per_w, "tops_per_mm2": l.tops_per_mm2, "feasible": l.feasible,
            "infeasible_reason": l.infeasibleReason.map { $0 as Any } ?? NSNull(),
            "edap_j_s_mm2": number(l.edap_j_s_mm2),
            "shape": ["G": s.G, "C": s.C, "M": s.M, "R": s.R, "S": s.S, "P": s.P, "Q": s.Q, "N": s.N],
            "mapping": mapping(l.mapping),
            "components": components(energy: l.components_j, area: area.components_mm2, actions: l.componentActions),
        ]
    }

    static func network(_ n: NetworkCost, perLayer: Bool) -> [String: Any] {
        let m = n.cimnas
        var object: [String: Any] = [
            "energy_j": number(n.energy_j), "latency_s": number(n.latency_s), "cycles": n.cycles, "macs": n.macs,
            "area_mm2": n.area_mm2, "utilization_percent": n.utilization_percent, "tops": n.tops,
            "tops_per_w": n.tops_per_w, "tops_per_mm2": n.tops_per_mm2, "feasible": n.feasible,
            "infeasible_reason": n.infeasibleReason.map { $0 as Any } ?? NSNull(),
            "first_infeasible_layer": n.firstInfeasibleLayer.map { $0 as Any } ?? NSNull(),
            "edap_j_s_mm2": number(n.edap_j_s_mm2), "layer_count": n.layers.count,
            "components": components(energy: n.components_j, area: n.chipArea.components_mm2, actions: n.componentActions),
            "cimnas": ["e": number(m.e), "a": m.a, "l": number(m.l), "a_tpw": m.a_tpw, "a_tpm": m.a_tpm,
                       "m_tpw": m.m_tpw, "m_tpm": m.m_tpm, "tp": m.tp, "u": m.u, "au": m.au],
        ]
        if perLayer { object["layers"] = n.layers.map { layer($0, area: n.chipArea) } }
        return object
    }

    static func json(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.6g", x) : "inf"
    }

    static let csvHeader = ["name", "feasible", "energy_j", "latency_s", "cycles", "macs", "area_mm2",
                            "utilization_percent", "tops", "tops_per_w", "tops_per_mm2"]
        + CostComponent.allCases.map { "\($0.rawValue)_energy_j" } + ["infeasible_reason"]

    static func csvRow(name: String, feasible: Bool, energy: Double, latency: Double, cycles: Int, macs: Double,
                       area: Double, utilization: Double, tops: Double, tpw: Double, tpm: Double,
                       components: ComponentValues, reason: String?) -> String {
        var fields = [name, feasible ? "true" : "false", format(energy), format(latency), "\(cycles)", format(macs),
                      format(area), format(utilization), format(tops), format(tpw), format(tpm)]
        fields += CostComponent.allCases.map { format(components[$0]) }
        fields.append(reason ?? "")
        return fields.map(csvEscape).joined(separator: ",")
    }

    static func csvEscape(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Fixed-width table with a header row.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
