import CIMReport
import Foundation
import Testing

@Suite struct ChartTests {
    /// Deterministic scattered rows spanning several decades in x.
    static func rows(_ n: Int) -> [ScatterPoint] {
        (0..<n).map { i in
            let t = Double(i) / Double(max(1, n - 1))
            return ScatterPoint(x: 2e-6 * pow(10, 3 * t), y: 1e-4 * (1.5 - t) + 1e-6 * Double(i % 7),
                                colorValue: 10 + Double(i % 13), label: "design \(i)")
        }
    }

    @Test(arguments: [1, 2, 17, 300])
    func scatterDrawsOnePointPerRow(count: Int) {
        let chart = ScatterChart(title: "Designs", xTitle: "latency (s)", yTitle: "energy (J)", points: Self.rows(count),
                                 highlights: [HighlightPoint(x: 5e-6, y: 2e-4, label: "baseline")], colorTitle: "area (mm²)")
        for text in [chart.svg(), chart.svgFile()] {
            let xml = parseXML(text)
            #expect(xml.wellFormed, "\(xml.error ?? "")")
            #expect(xml.count(element: "circle", class: "pt") == count)
            #expect(xml.count(element: "circle", class: "hl") == 1)
            #expect(externalReferences(text).isEmpty)
        }
        for p in chart.points {
            #expect(chart.xAxis.contains(p.x))
            #expect(chart.yAxis.contains(p.y))
        }
        #expect(chart.yAxis.contains(2e-4))
        #expect(chart.xAxis.title == "latency (s)")
    }

    @Test func scatterUsesLogWhenDataSpanDecades() {
        let chart = ScatterChart(title: "t", xTitle: "latency (s)", yTitle: "energy (J)", points: Self.rows(50))
        #expect(chart.xAxis.scale == .log)   // x spans three decades
        #expect(chart.yAxis.scale == .linear)
        let forced = ScatterChart(title: "t", xTitle: "x", yTitle: "y", points: Self.rows(50), yScale: .log)
        #expect(forced.yAxis.scale == .log)
    }

    @Test func paretoIndicesOfHandExample() {
        let pts = [(1.0, 5.0), (2.0, 3.0), (2.5, 4.0), (3.0, 1.0), (0.5, 9.0), (4.0, 1.0)]
            .map { ScatterPoint(x: $0.0, y: $0.1) }
        let chart = ScatterChart(title: "t", xTitle: "x", yTitle: "y", points: pts)
        #expect(chart.paretoIndices == [4, 0, 1, 3])
    }

    @Test func labelsAreEscaped() {
        let nasty = "a<b & \"c\" > d"
        let chart = ScatterChart(title: nasty, xTitle: "x <s>", yTitle: "y & z", points: [
            ScatterPoint(x: 1, y: 2, label: nasty),
        ], highlights: [HighlightPoint(x: 1, y: 2, label: nasty)])
        let svg = chart.svg()
        let xml = parseXML(svg)
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.texts.filter { $0 == nasty }.count == 4)   // <title>, heading, point tooltip, highlight label
        #expect(xml.texts.contains("x <s>"))
        #expect(xml.texts.contains("y & z"))
        #expect(!svg.contains(nasty))
    }

    @Test func lineChartPanelsContainTheirSeries() {
        let xs = (0..<12).map(Double.init)
        let chart = LineChart(title: "Convergence", xTitle: "generation", panels: [
            LinePanel(yTitle: "EDAP (J·s·mm²)", series: [
                LineSeries(name: "best", xs: xs, ys: xs.map { 1e-5 * exp(-$0 / 3) }),
                LineSeries(name: "mean", xs: xs, ys: xs.map { 3e-5 * exp(-$0 / 5) }, dashed: true),
            ]),
            LinePanel(yTitle: "feasible fraction", series: [
                LineSeries(name: "feasible", xs: xs, ys: xs.map { 0.3 + 0.05 * $0 }),
            ], yScale: .linear, yRange: 0...1),
        ])
        let xml = parseXML(chart.svg())
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.count(element: "circle", class: "vx") == 36)
        #expect(xml.count(element: "polyline", class: "line") == 3)
        let fraction = chart.panels[1].yAxis
        #expect(fraction.lower <= 0 && fraction.upper >= 1)
        #expect(fraction.upper >= 0.3 + 0.05 * 11)
        for s in chart.panels[0].series { for y in s.ys { #expect(chart.panels[0].yAxis.contains(y)) } }
        #expect(chart.xAxis.contains(0) && chart.xAxis.contains(11))
    }

    @Test func stackedBarsOneSegmentPerNonzeroValue() {
        let values: [[Double]] = [[1e-6, 2e-6, 0, 3e-7, 0, 1e-7], [4e-6, 0, 1e-6, 0, 0, 0], [0, 0, 0, 0, 0, 0]]
        let chart = StackedBarChart(title: "Per-layer energy", xTitle: "layer", yTitle: "energy (J)",
                                    categories: ["conv1", "dw<2>", "fc"], components: RunReportData.energyComponents,
                                    values: values)
        let xml = parseXML(chart.svg())
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.count(element: "rect", class: "seg") == 6)
        #expect(chart.yAxis.lower == 0)
        #expect(isClose(chart.totals[0], 3.4e-6, rel: 1e-12))
        for t in chart.totals { #expect(chart.yAxis.contains(t)) }
        #expect(xml.texts.contains("dw<2>"))
    }

    @Test func stackedBarsScaleWidthWithLayerCount() {
        let many = StackedBarChart(title: "t", xTitle: "layer", yTitle: "energy (J)",
                                   categories: (0..<62).map { "L\($0)" }, components: ["a"],
                                   values: (0..<62).map { [Double($0 + 1)] })
        #expect(many.width > 720)
        #expect(parseXML(many.svg()).count(element: "rect", class: "seg") == 62)
    }

    @Test func horizontalBarsOnePerItem() {
        let items: [(label: String, value: Double)] = [("cells", 9.5), ("ADC", 14.2), ("router", 2.2)]
        let chart = HorizontalBarChart(title: "Chip area", xTitle: "area (mm²)", items: items, unit: "mm²")
        let xml = parseXML(chart.svg())
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.count(element: "rect", class: "bar") == 3)
        #expect(chart.xAxis.lower == 0 && chart.xAxis.contains(14.2))
        #expect(xml.texts.contains("14.2 mm² (54.8%)"))
    }

    @Test func smallMultiplesOnePointPerKnobValue() {
        let chart = SmallMultiplesChart(title: "Knobs", yTitle: "best EDAP (J·s·mm²)", panels: [
            KnobPanel(knob: "rows", valueLabels: ["64", "128", "256"], best: [3e-6, 2e-6, 4e-6]),
            KnobPanel(knob: "V", valueLabels: ["0.5", "0.7"], best: [1e-8, 5e-6]),
        ])
        let xml = parseXML(chart.svg())
        #expect(xml.wellFormed, "\(xml.error ?? "")")
        #expect(xml.count(element: "circle", class: "pt") == 5)
        #expect(chart.yAxis.scale == .log)   // 1e-8 … 5e-6 spans more than two decades
        for p in chart.panels { for v in p.best { #expect(chart.yAxis.contains(v)) } }
    }

    @Test func outputIsDeterministic() {
        let a = ScatterChart(title: "t", xTitle: "x", yTitle: "y", points: Self.rows(40)).svgFile()
        let b = ScatterChart(title: "t", xTitle: "x", yTitle: "y", points: Self.rows(40)).svgFile()
        #expect(a == b)
        #expect(RunReport.html(.demo()).html() == RunReport.html(.demo()).html())
    }
}
