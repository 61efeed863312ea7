import CIMReport
import Foundation
import Testing

@Suite struct QueryReportTests {
    static let columns = ["key", "energy_j", "latency_s", "area_mm2", "note"]
    static let rows: [[QueryValue]] = [
        [.text("a"), .real(1e-4), .real(2e-4), .real(30), .text("x<y")],
        [.text("b"), .real(3e-4), .real(1e-4), .integer(45), .null],
        [.text("c"), .null, .real(5e-4), .real(12), .text("no energy")],
        [.text("d"), .real(2e-5), .real(9e-3), .real(80), .text("&")],
    ]

    @Test func scatterHasOnePointPerRowWithEnergyAndLatency() throws {
        let chart = try #require(QueryReport.scatter(name: "q", columns: Self.columns, rows: Self.rows))
        #expect(chart.points.count == 3)   // row c has no energy
        #expect(chart.colorTitle == "area (mm²)")
        #expect(chart.points.map(\.label) == ["a", "b", "d"])
        let xml = parseXML(chart.svg())
        #expect(xml.wellFormed)
        #expect(xml.count(element: "circle", class: "pt") == 3)
        for p in chart.points { #expect(chart.xAxis.contains(p.x) && chart.yAxis.contains(p.y)) }
    }

    @Test func pageWithoutMetricsIsTableOnly() {
        let report = QueryReport.html(name: "technology_versions", parameters: [("name", "rram<32>")],
                                      columns: ["name", "version"], rows: [[.text("rram"), .integer(1)], [.text("sram"), .integer(2)]])
        #expect(report.charts.isEmpty)
        let xml = parseXML(report.html())
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.elements.filter { $0 == "tr" }.count == 1 + 1 + 1 + 2)   // params header+row, result header+2
        #expect(xml.texts.contains("rram<32>"))
    }

    @Test func tableMarksNumericColumnsAndEscapes() {
        let table = QueryReport.table(name: "q", columns: Self.columns, rows: Self.rows)
        #expect(table.numericColumns == [1, 2, 3])
        #expect(table.rows.count == 4)
        let xml = parseXML(QueryReport.html(name: "q", parameters: [], columns: Self.columns, rows: Self.rows).html())
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.texts.contains("x<y") && xml.texts.contains("&"))
        #expect(xml.count(element: "circle", class: "pt") == 3)
    }
}
