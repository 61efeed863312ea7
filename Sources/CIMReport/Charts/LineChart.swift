/// One named line: (x, y) pairs in drawing order.
public struct LineSeries: Sendable, Hashable {
    public var name: String
    public var xs: [Double]
    public var ys: [Double]
    /// Stroke colour; `nil` picks from the palette by series index.
    public var color: String?
    /// Dashed stroke (e.g. for a mean next to a best).
    public var dashed: Bool

    public init(name: String, xs: [Double], ys: [Double], color: String? = nil, dashed: Bool = false) {
        self.name = name
        self.xs = xs
        self.ys = ys
        self.color = color
        self.dashed = dashed
    }
}

/// A panel of a line chart: its own y axis and series; panels stack vertically and share the x axis.
public struct LinePanel: Sendable, Hashable {
    public var yTitle: String
    public var series: [LineSeries]
    public var yScale: ScaleChoice
    /// Fixed y range (e.g. 0…1 for a fraction) that is widened if data fall outside it.
    public var yRange: ClosedRange<Double>?

    public init(yTitle: String, series: [LineSeries], yScale: ScaleChoice = .auto, yRange: ClosedRange<Double>? = nil) {
        self.yTitle = yTitle
        self.series = series
        self.yScale = yScale
        self.yRange = yRange
    }

    /// The panel's y axis; its domain contains every series value (and `yRange` if given).
    public var yAxis: Axis {
        var values = series.flatMap(\.ys)
        if let r = yRange { values += [r.lowerBound, r.upperBound] }
        return Axis(title: yTitle, values: values, scale: yScale)
    }
}

/// A line chart of one or more vertically stacked panels sharing an x axis (search convergence).
///
/// Every (x, y) vertex is also drawn as a `<circle class="vx">` so counts can be checked.
public struct LineChart: Sendable {
    public var title: String
    public var xTitle: String
    public var panels: [LinePanel]
    public var width: Double
    public var panelHeight: Double

    public init(title: String, xTitle: String, panels: [LinePanel], width: Double = 720, panelHeight: Double = 230) {
        self.title = title
        self.xTitle = xTitle
        self.panels = panels
        self.width = width
        self.panelHeight = panelHeight
    }

    /// The shared x axis: its domain contains every series' x values.
    public var xAxis: Axis {
        let xs = panels.flatMap { $0.series.flatMap(\.xs) }
        return Axis(title: xTitle, values: xs, scale: .linear, integerSteps: xs.allSatisfy { $0.rounded() == $0 })
    }

    public func svg() -> String { document().markup(title: title) }
    public func svgFile() -> String { document().file(title: title) }

    func document() -> SVGDocument {
        let gap = 34.0
        let top = 44.0
        let legendHeight = 22.0
        let height = top + Double(panels.count) * (panelHeight + legendHeight) + Double(max(0, panels.count - 1)) * gap + 62
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: width / 2, y: 24, cls: "title")
        let xa = xAxis
        var seriesIndex = 0
        for (pi, panel) in panels.enumerated() {
            let panelTop = top + Double(pi) * (panelHeight + legendHeight + gap) + legendHeight
            let frame = PlotFrame(left: 86, top: panelTop, width: width - 86 - 30, height: panelHeight)
            let ya = panel.yAxis
            svg.open("g", [("class", "panel")])
            var legend: [(String, String)] = []
            for s in panel.series {
                legend.append((s.name, s.color ?? ColorScale.categorical(seriesIndex)))
                seriesIndex += 1
            }
            drawSwatchLegend(legend, x: frame.left, y: panelTop - 8, maxWidth: frame.width, into: &svg)
            if pi == panels.count - 1 {
                frame.drawXAxis(xa, into: &svg)
            } else {
                // Inner panels: grid and tick marks only; the bottom panel carries labels and title.
                for t in xa.ticks {
                    let px = frame.x(t, xa)
                    svg.line(px, frame.top, px, frame.bottom, stroke: "#e3e3e3", cls: "grid")
                }
                svg.line(frame.left, frame.bottom, frame.right, frame.bottom, stroke: "#333")
            }
            frame.drawYAxis(ya, into: &svg)
            for (si, s) in panel.series.enumerated() {
                let colour = legend[si].1
                var pts: [(Double, Double)] = []
                for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite && (ya.scale == .linear || y > 0) {
                    pts.append((frame.x(x, xa), frame.y(y, ya)))
                }
                svg.open("g", [("class", "series"), ("data-name", s.name)])
                svg.polyline(pts, stroke: colour, width: 2, cls: "line", dash: s.dashed ? "6 4" : nil)
                for (px, py) in pts {
                    svg.element("circle", [("class", "vx"), ("cx", NumberFormat.coord(px)), ("cy", NumberFormat.coord(py)),
                                           ("r", "2.2"), ("fill", colour)])
                }
                svg.close("g")
            }
            svg.close("g")
        }
        return svg
    }
}
