/// SVG and HTML reports: Pareto fronts, convergence and per-layer breakdowns.
///
/// Pure value types, no dependencies beyond Foundation. Charts (`ScatterChart`, `LineChart`,
/// `StackedBarChart`, `HorizontalBarChart`, `SmallMultiplesChart`) compute their `Axis` values and render
/// deterministic SVG; `HTMLReport` inlines them with tables into one self-contained page.
/// `RunReport` and `QueryReport` build the standard pages from `RunReportData` or query rows.
public enum CIMReport {
    /// SVG namespace used by every chart (the only URL a report contains).
    public static let svgNamespace = "http://www.w3.org/2000/svg"
}
