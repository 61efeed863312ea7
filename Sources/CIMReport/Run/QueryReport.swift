/// One cell of a query result.
public enum QueryValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The numeric value, if any (integers convert, text that parses as a number converts).
    public var number: Double? {
        switch self {
        case .null: return nil
        case let .integer(i): return Double(i)
        case let .real(d): return d
        case let .text(s): return Double(s)
        }
    }

    /// The cell as table text.
    public var display: String {
        switch self {
        case .null: return ""
        case let .integer(i): return String(i)
        case let .real(d): return NumberFormat.short(d)
        case let .text(s): return s
        }
    }
}

/// Reports the rows of a named query: an energy–latency scatter when the columns exist, and always a table.
public enum QueryReport {
    /// Column names recognised for the scatter, first match wins.
    static let energyColumns = ["energy_j", "energy"]
    static let latencyColumns = ["latency_s", "latency"]
    static let areaColumns = ["area_mm2", "area"]
    static let accuracyColumns = ["top1_percent", "accuracy", "accuracy_pct", "top1"]
    static let keyColumns = ["key", "design_key", "design_id", "id"]

    /// Rows shown in the table at most (the scatter shows every row).
    public static let tableLimit = 200

    static func column(_ names: [String], in columns: [String]) -> Int? {
        let lower = columns.map { $0.lowercased() }
        for n in names { if let i = lower.firstIndex(of: n) { return i } }
        return nil
    }

    /// The scatter of energy against latency, or `nil` when the result has no such columns.
    ///
    /// Rows whose energy or latency is missing are left out of the scatter (they stay in the table).
    public static func scatter(name: String, columns: [String], rows: [[QueryValue]],
                               colorByAccuracy: Bool = false) -> ScatterChart? {
        guard let e = column(energyColumns, in: columns), let l = column(latencyColumns, in: columns) else { return nil }
        let colourColumn = colorByAccuracy ? column(accuracyColumns, in: columns) ?? column(areaColumns, in: columns)
                                           : column(areaColumns, in: columns) ?? column(accuracyColumns, in: columns)
        let key = column(keyColumns, in: columns)
        var points: [ScatterPoint] = []
        for row in rows {
            guard e < row.count, l < row.count, let energy = row[e].number, let latency = row[l].number,
                  energy.isFinite, latency.isFinite else { continue }
            let c = colourColumn.flatMap { $0 < row.count ? row[$0].number : nil }
            let label = key.flatMap { $0 < row.count ? row[$0].display : nil }
            points.append(ScatterPoint(x: latency, y: energy, colorValue: c, label: label))
        }
        let colourTitle = colourColumn.map { i -> String in
            areaColumns.contains(columns[i].lowercased()) ? "area (mm²)"
                : accuracyColumns.contains(columns[i].lowercased()) ? "accuracy (%)" : columns[i]
        }
        return ScatterChart(title: "\(name): energy vs latency", xTitle: "latency (s)", yTitle: "energy (J)",
                            points: points, colorTitle: colourTitle)
    }

    /// The result as a table (first `tableLimit` rows).
    public static func table(name: String, columns: [String], rows: [[QueryValue]]) -> ReportTable {
        let numeric = Set(columns.indices.filter { i in
            rows.contains { i < $0.count && $0[i] != .null } &&
                rows.allSatisfy { i >= $0.count || $0[i] == .null || $0[i].number != nil }
        })
        let shown = rows.prefix(tableLimit).map { $0.map(\.display) }
        let title = rows.count > tableLimit ? "\(name): first \(tableLimit) of \(rows.count) rows" : "\(name): \(rows.count) rows"
        return ReportTable(title: title, columns: columns, rows: Array(shown), numericColumns: numeric)
    }

    /// The page: scatter (when possible) and table.
    public static func html(name: String, parameters: [(String, String)], columns: [String], rows: [[QueryValue]],
                            colorByAccuracy: Bool = false, subtitle: String? = nil) -> HTMLReport {
        var blocks: [ReportBlock] = []
        if let chart = scatter(name: name, columns: columns, rows: rows, colorByAccuracy: colorByAccuracy) {
            blocks.append(.chart(fileStem: "query-scatter", chart: chart))
        } else {
            blocks.append(.paragraph("No energy_j and latency_s columns in the result: table only."))
        }
        blocks.append(.table(table(name: name, columns: columns, rows: rows)))
        var sections = [ReportSection(heading: "Result", blocks: blocks)]
        if !parameters.isEmpty {
            sections.insert(ReportSection(heading: "Parameters", blocks: [
                .table(ReportTable(columns: ["parameter", "value"], rows: parameters.map { [$0.0, $0.1] })),
            ]), at: 0)
        }
        return HTMLReport(title: "CIMNAS query report — \(name)", subtitle: subtitle, sections: sections)
    }
}
