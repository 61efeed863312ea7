/// SVG and HTML reports: Pareto fronts, convergence and per-layer breakdowns.
public enum CIMReport {
    /// SVG namespace used by every chart.
    public static let svgNamespace = "http://www.w3.org/2000/svg"
}
