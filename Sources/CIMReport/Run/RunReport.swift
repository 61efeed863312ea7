/// Builds the standard charts and the HTML page of a search run from `RunReportData`.
public enum RunReport {
    /// The best design: `bestKey` if present among designs, else the lowest EDAP.
    public static func bestDesign(_ data: RunReportData) -> DesignSummary? {
        if let key = data.bestKey, let d = data.designs.first(where: { $0.key == key }) { return d }
        return data.designs.filter { $0.edap_j_s_mm2.isFinite }.min { ($0.edap_j_s_mm2, $0.key) < ($1.edap_j_s_mm2, $1.key) }
    }

    /// Energy against latency, one point per design, coloured by area or accuracy.
    public static func paretoChart(_ data: RunReportData) -> ScatterChart {
        let useAccuracy = data.colorByAccuracy && data.designs.contains { $0.accuracy_pct != nil }
        let points = data.designs.map {
            ScatterPoint(x: $0.latency_s, y: $0.energy_j, colorValue: useAccuracy ? $0.accuracy_pct : $0.area_mm2,
                         label: "\($0.key): E=\(NumberFormat.short($0.energy_j)) J, L=\(NumberFormat.short($0.latency_s)) s, A=\(NumberFormat.short($0.area_mm2)) mm²")
        }
        var highlights: [HighlightPoint] = []
        if let best = bestDesign(data) {
            highlights.append(HighlightPoint(x: best.latency_s, y: best.energy_j, label: "chosen", color: "#d62728"))
        }
        if let base = data.baseline {
            highlights.append(HighlightPoint(x: base.latency_s, y: base.energy_j, label: "baseline", color: "#111111"))
        }
        return ScatterChart(title: "Designs: energy vs latency", xTitle: "latency (s)", yTitle: "energy (J)",
                            points: points, highlights: highlights,
                            colorTitle: useAccuracy ? "accuracy (%)" : "area (mm²)")
    }

    /// Best and mean objective per generation, and the feasible fraction in a second panel.
    public static func convergenceChart(_ data: RunReportData) -> LineChart {
        let gens = data.generations.sorted { $0.generation < $1.generation }
        let xs = gens.map { Double($0.generation) }
        return LineChart(title: "Search convergence", xTitle: "generation", panels: [
            LinePanel(yTitle: data.objectiveTitle, series: [
                LineSeries(name: "best", xs: xs, ys: gens.map(\.best), color: "#d62728"),
                LineSeries(name: "mean", xs: xs, ys: gens.map(\.mean), color: "#4e79a7", dashed: true),
            ]),
            LinePanel(yTitle: "feasible fraction", series: [
                LineSeries(name: "feasible fraction", xs: xs, ys: gens.map(\.feasibleFraction), color: "#59a14f"),
            ], yScale: .linear, yRange: 0...1),
        ])
    }

    /// Per-layer energy of the best design, stacked by component.
    public static func layerEnergyChart(_ data: RunReportData) -> StackedBarChart {
        StackedBarChart(title: "Per-layer energy of the chosen design", xTitle: "layer", yTitle: "energy (J)",
                        categories: data.layerEnergies.map(\.layer), components: RunReportData.energyComponents,
                        values: data.layerEnergies.map(\.energies_j))
    }

    /// Chip area by component.
    public static func areaChart(_ data: RunReportData) -> HorizontalBarChart {
        HorizontalBarChart(title: "Chip area by component", xTitle: "area (mm²)",
                           items: data.areaBreakdown.map { (label: $0.component, value: $0.area_mm2) }, unit: "mm²")
    }

    /// Best EDAP for each value of each knob over all designs.
    ///
    /// - Complexity: O(designs × knobs + values log values).
    public static func knobPanels(_ data: RunReportData) -> [KnobPanel] {
        if let given = data.knobSensitivity { return given }
        var names = Set<String>()
        for d in data.designs { names.formUnion(d.knobs.keys) }
        let ordered = data.knobOrder.filter { names.contains($0) } + names.subtracting(data.knobOrder).sorted()
        return ordered.map { knob in
            var best: [Double: Double] = [:]
            for d in data.designs {
                guard let v = d.knobs[knob], d.edap_j_s_mm2.isFinite else { continue }
                best[v] = min(best[v] ?? .infinity, d.edap_j_s_mm2)
            }
            let values = best.keys.sorted()
            return KnobPanel(knob: knob, valueLabels: values.map(NumberFormat.short), best: values.map { best[$0]! })
        }
    }

    /// The knob-sensitivity small multiples.
    public static func knobChart(_ data: RunReportData) -> SmallMultiplesChart {
        SmallMultiplesChart(title: "Knob sensitivity: best EDAP per knob value", yTitle: "best EDAP (J·s·mm²)",
                            panels: knobPanels(data))
    }

    /// The summary table: design count, best design metrics, baseline comparison and extra facts.
    public static func summaryTable(_ data: RunReportData) -> ReportTable {
        var rows: [[String]] = [["designs", String(data.designs.count)]]
        if !data.generations.isEmpty { rows.append(["generations", String(data.generations.count)]) }
        if let best = bestDesign(data) {
            rows.append(["chosen design", best.key])
            rows.append(["energy (J)", NumberFormat.short(best.energy_j)])
            rows.append(["latency (s)", NumberFormat.short(best.latency_s)])
            rows.append(["area (mm²)", NumberFormat.short(best.area_mm2)])
            rows.append(["EDAP (J·s·mm²)", NumberFormat.short(best.edap_j_s_mm2)])
            if let acc = best.accuracy_pct { rows.append(["accuracy (%)", NumberFormat.short(acc)]) }
            if let base = data.baseline, best.edap_j_s_mm2 > 0 {
                rows.append(["EDAP gain vs baseline", NumberFormat.short(base.edap_j_s_mm2 / best.edap_j_s_mm2) + "×"])
            }
        }
        for (k, v) in data.facts { rows.append([k, v]) }
        return ReportTable(title: "Summary", columns: ["quantity", "value"], rows: rows)
    }

    /// The ten lowest-EDAP designs.
    public static func topTable(_ data: RunReportData, count: Int = 10) -> ReportTable {
        let top = data.designs.filter { $0.edap_j_s_mm2.isFinite }.sorted { ($0.edap_j_s_mm2, $0.key) < ($1.edap_j_s_mm2, $1.key) }.prefix(count)
        let hasAcc = top.contains { $0.accuracy_pct != nil }
        var columns = ["rank", "design", "energy (J)", "latency (s)", "area (mm²)", "EDAP (J·s·mm²)"]
        if hasAcc { columns.append("accuracy (%)") }
        let rows = top.enumerated().map { i, d -> [String] in
            var r = [String(i + 1), d.key, NumberFormat.short(d.energy_j), NumberFormat.short(d.latency_s),
                     NumberFormat.short(d.area_mm2), NumberFormat.short(d.edap_j_s_mm2)]
            if hasAcc { r.append(d.accuracy_pct.map(NumberFormat.short) ?? "") }
            return r
        }
        return ReportTable(title: "Lowest-EDAP designs", columns: columns, rows: rows,
                           numericColumns: Set([0] + Array(2..<columns.count)))
    }

    /// The whole page; sections without data are left out.
    public static func html(_ data: RunReportData) -> HTMLReport {
        var sections = [ReportSection(heading: "Summary", blocks: [.table(summaryTable(data))])]
        if !data.designs.isEmpty {
            sections.append(ReportSection(heading: "Pareto front", blocks: [
                .chart(fileStem: "pareto", chart: paretoChart(data)), .table(topTable(data)),
            ]))
        }
        if !data.generations.isEmpty {
            sections.append(ReportSection(heading: "Convergence", blocks: [
                .chart(fileStem: "convergence", chart: convergenceChart(data)),
            ]))
        }
        if !data.layerEnergies.isEmpty {
            var blocks: [ReportBlock] = [.chart(fileStem: "layer-energy", chart: layerEnergyChart(data))]
            if let note = data.layerNote { blocks.append(.paragraph(note)) }
            sections.append(ReportSection(heading: "Per-layer energy", blocks: blocks))
        }
        if !data.areaBreakdown.isEmpty {
            sections.append(ReportSection(heading: "Chip area", blocks: [.chart(fileStem: "area", chart: areaChart(data))]))
        }
        let panels = knobPanels(data)
        if !panels.isEmpty {
            sections.append(ReportSection(heading: "Knob sensitivity", blocks: [
                .chart(fileStem: "knobs", chart: knobChart(data)),
            ]))
        }
        return HTMLReport(title: data.title, subtitle: data.subtitle, sections: sections)
    }
}
