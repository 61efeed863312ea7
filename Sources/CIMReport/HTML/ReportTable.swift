/// A summary table: column titles and rows of already formatted cells.
public struct ReportTable: Sendable, Hashable {
    public var title: String?
    public var columns: [String]
    public var rows: [[String]]
    /// Columns whose cells are right-aligned (numbers).
    public var numericColumns: Set<Int>

    public init(title: String? = nil, columns: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.numericColumns = numericColumns
    }

    /// The table as an HTML `<table>` element (XML well-formed, every cell escaped).
    public func html() -> String {
        var s = "<table>\n"
        if let title { s += "<caption>\(XMLText.escape(title))</caption>\n" }
        s += "<thead><tr>"
        for (i, c) in columns.enumerated() {
            s += numericColumns.contains(i) ? "<th class=\"num\">" : "<th>"
            s += XMLText.escape(c) + "</th>"
        }
        s += "</tr></thead>\n<tbody>\n"
        for row in rows {
            s += "<tr>"
            for i in 0..<max(columns.count, row.count) {
                s += numericColumns.contains(i) ? "<td class=\"num\">" : "<td>"
                s += XMLText.escape(i < row.count ? row[i] : "") + "</td>"
            }
            s += "</tr>\n"
        }
        s += "</tbody>\n</table>\n"
        return s
    }
}
