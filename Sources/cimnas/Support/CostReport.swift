import CIMHardware
import Foundation

/// Renders cost-model results as JSON objects, tables and CSV rows.
enum CostReport {
    /// JSON number, or null when not finite (infeasible layers have infinite energy and latency).
    static func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

    static func mapping(_ m: SpatialMapping) -> [String: Any] {
        ["row": m.row.summary, "column": m.column.summary, "macro_in_tile": m.macroInTile.summary,
         "tile_in_chip": m.tileInChip.summary, "shared_router_group": m.routerGroup.summary,
         "temporal": m.isFeasible ? DimFactors(P: m.temporal.P, Q: m.temporal.Q, N: m.temporal.N).summary : m.temporal.summary]
    }

    static func json(_ object: [String: Any]) throws -> String {
        JSONOutput.render(object)
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
