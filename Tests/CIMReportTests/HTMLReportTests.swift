import CIMReport
import Foundation
import Testing

@Suite struct HTMLReportTests {
    @Test func demoPageIsWellFormedAndSelfContained() {
        let data = RunReportData.demo()
        let page = RunReport.html(data).html()
        let xml = parseXML(page)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(externalReferences(page).isEmpty)
        #expect(!xml.elements.contains("script"))
        #expect(!xml.elements.contains("link"))
        #expect(!xml.elements.contains("img"))
        #expect(xml.elements.filter { $0 == "svg" }.count == 5)
        // Pareto scatter points plus one knob point per (knob, value) pair.
        let knobPoints = RunReport.knobPanels(data).reduce(0) { $0 + $1.best.count }
        #expect(xml.count(element: "circle", class: "pt") == data.designs.count + knobPoints)
        #expect(xml.count(element: "rect", class: "seg") == data.layerEnergies.flatMap(\.energies_j).filter { $0 > 0 }.count)
        for title in ["energy (J)", "latency (s)", "area (mm²)", "generation", "feasible fraction"] {
            #expect(xml.texts.contains(title), "missing axis title \(title)")
        }
    }

    @Test func tablesEscapeCells() {
        let report = HTMLReport(title: "R&D <report>", subtitle: "\"quoted\"", sections: [
            ReportSection(heading: "a > b", blocks: [
                .table(ReportTable(columns: ["k<", "v&"], rows: [["<td>", "x & y"]], numericColumns: [1])),
                .paragraph("1 < 2 & 3 > 2"),
            ]),
        ])
        let page = report.html()
        let xml = parseXML(page)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        for t in ["R&D <report>", "\"quoted\"", "a > b", "k<", "v&", "<td>", "x & y", "1 < 2 & 3 > 2"] {
            #expect(xml.texts.contains(t), "missing \(t)")
        }
        #expect(xml.elements.filter { $0 == "td" }.count == 2)
    }

    @Test func writesIndexAndOneSVGPerChart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimreport-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = RunReportData.demo(designCount: 30, generations: 5, layers: 4)
        let written = try RunReport.html(data).write(to: dir)
        #expect(written.map(\.lastPathComponent) == ["index.html", "pareto.svg", "convergence.svg", "layer-energy.svg",
                                                     "area.svg", "knobs.svg"])
        for url in written {
            let text = try String(contentsOf: url, encoding: .utf8)
            let xml = parseXML(text)
            #expect(xml.wellFormed, "\(url.lastPathComponent): \(xml.error ?? "")")
            #expect(externalReferences(text).isEmpty, "\(url.lastPathComponent)")
        }
        let pareto = parseXML(try String(contentsOf: dir.appendingPathComponent("pareto.svg"), encoding: .utf8))
        #expect(pareto.count(element: "circle", class: "pt") == 30)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func duplicateChartStemsGetSuffixes() {
        let chart = HorizontalBarChart(title: "a", xTitle: "area (mm²)", items: [("x", 1)], unit: "mm²")
        let report = HTMLReport(title: "t", sections: [ReportSection(heading: "h", blocks: [
            .chart(fileStem: "area", chart: chart), .chart(fileStem: "area", chart: chart), .chart(fileStem: "a/b c", chart: chart),
        ])])
        #expect(report.charts.map(\.fileName) == ["area.svg", "area-2.svg", "a-b-c.svg"])
    }

    @Test func paretoColourFollowsTheChoice() {
        var data = RunReportData.demo(designCount: 20, generations: 2, layers: 2)
        #expect(RunReport.paretoChart(data).colorTitle == "area (mm²)")
        #expect(RunReport.paretoChart(data).colorAxis?.contains(data.designs.map(\.area_mm2).max()!) == true)
        data.colorByAccuracy = true
        let chart = RunReport.paretoChart(data)
        #expect(chart.colorTitle == "accuracy (%)")
        for d in data.designs { #expect(chart.colorAxis?.contains(d.accuracy_pct!) == true) }
        #expect(chart.highlights.map(\.label) == ["chosen", "baseline"])
        #expect(parseXML(chart.svg()).texts.contains("accuracy (%)"))
    }

    @Test func knobSensitivityTakesBestEDAPPerValue() {
        func d(_ key: String, _ e: Double, rows: Double, v: Double) -> DesignSummary {
            DesignSummary(key: key, energy_j: e, latency_s: 1, area_mm2: 1, knobs: ["rows": rows, "V": v])
        }
        let data = RunReportData(title: "t", designs: [
            d("a", 5, rows: 128, v: 0.7), d("b", 3, rows: 128, v: 0.5), d("c", 4, rows: 64, v: 0.7), d("e", 9, rows: 256, v: 0.5),
        ], knobOrder: ["rows"])
        let panels = RunReport.knobPanels(data)
        #expect(panels.map(\.knob) == ["rows", "V"])
        #expect(panels[0].valueLabels == ["64", "128", "256"])
        #expect(panels[0].best == [4, 3, 9])
        #expect(panels[1].valueLabels == ["0.5", "0.7"])
        #expect(panels[1].best == [3, 4])
        #expect(RunReport.bestDesign(data)?.key == "b")
    }
}
