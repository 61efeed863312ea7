/// One plotted design: position, optional colour value and optional tooltip label.
public struct ScatterPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    /// Value mapped through the colour scale (e.g. area or accuracy); `nil` draws the default colour.
    public var colorValue: Double?
    /// Tooltip text (`<title>`), e.g. the design key.
    public var label: String?

    public init(x: Double, y: Double, colorValue: Double? = nil, label: String? = nil) {
        self.x = x
        self.y = y
        self.colorValue = colorValue
        self.label = label
    }
}

/// A point drawn on top of the cloud with a ring and a text label (chosen design, baseline).
public struct HighlightPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var label: String
    /// Ring colour.
    public var color: String

    public init(x: Double, y: Double, label: String, color: String = "#d62728") {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
    }
}

/// A scatter plot with optional log axes, colour scale, Pareto front and highlighted points.
///
/// Every input point is one `<circle class="pt">`; highlights use `class="hl"`.
public struct ScatterChart: Sendable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var points: [ScatterPoint]
    public var highlights: [HighlightPoint]
    /// Title of the colour legend, e.g. "area (mm²)"; the legend is drawn when any point has a colour value.
    public var colorTitle: String?
    public var xScale: ScaleChoice
    public var yScale: ScaleChoice
    /// Scale of the colour legend (log when colour values span decades).
    public var colorScale: ScaleChoice
    /// Draw the non-dominated staircase (both axes minimised).
    public var showParetoFront: Bool
    public var width: Double
    public var height: Double

    public init(title: String, xTitle: String, yTitle: String, points: [ScatterPoint],
                highlights: [HighlightPoint] = [], colorTitle: String? = nil,
                xScale: ScaleChoice = .auto, yScale: ScaleChoice = .auto, colorScale: ScaleChoice = .auto,
                showParetoFront: Bool = true, width: Double = 720, height: Double = 480) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.points = points
        self.highlights = highlights
        self.colorTitle = colorTitle
        self.xScale = xScale
        self.yScale = yScale
        self.colorScale = colorScale
        self.showParetoFront = showParetoFront
        self.width = width
        self.height = height
    }

    /// The x axis: its domain contains every point and highlight.
    public var xAxis: Axis {
        Axis(title: xTitle, values: points.map(\.x) + highlights.map(\.x), scale: xScale)
    }

    /// The y axis: its domain contains every point and highlight.
    public var yAxis: Axis {
        Axis(title: yTitle, values: points.map(\.y) + highlights.map(\.y), scale: yScale)
    }

    /// The colour domain (min, max) over points that carry a colour value, or `nil`.
    public var colorDomain: ClosedRange<Double>? {
        let values = points.compactMap(\.colorValue).filter(\.isFinite)
        guard let lo = values.min(), let hi = values.max() else { return nil }
        return lo...hi
    }

    /// The colour axis (domain, scale and legend ticks) when any point carries a colour value.
    public var colorAxis: Axis? {
        let values = points.compactMap(\.colorValue).filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        return Axis(title: colorTitle ?? "colour", values: values, scale: colorScale, targetTicks: 5)
    }

    /// Indices of the non-dominated points (minimising x and y), sorted by x.
    ///
    /// - Complexity: O(n log n).
    public var paretoIndices: [Int] {
        let order = points.indices.filter { points[$0].x.isFinite && points[$0].y.isFinite }
            .sorted { (points[$0].x, points[$0].y, $0) < (points[$1].x, points[$1].y, $1) }
        var front: [Int] = []
        var bestY = Double.infinity
        for i in order where points[i].y < bestY {
            front.append(i)
            bestY = points[i].y
        }
        return front
    }

    /// The chart as an SVG element.
    public func svg() -> String { document().markup(title: title) }

    /// The chart as a standalone SVG file.
    public func svgFile() -> String { document().file(title: title) }

    func document() -> SVGDocument {
        var svg = SVGDocument(width: width, height: height)
        let hasColor = colorDomain != nil
        let frame = PlotFrame(left: 86, top: 44, width: width - 86 - (hasColor ? 130 : 30), height: height - 44 - 62)
        let xa = xAxis, ya = yAxis
        svg.text(title, x: width / 2, y: 24, cls: "title")
        frame.drawXAxis(xa, into: &svg)
        frame.drawYAxis(ya, into: &svg)

        let cAxis = colorAxis
        func colour(_ p: ScatterPoint) -> String {
            guard let v = p.colorValue, v.isFinite, let ca = cAxis else { return "#4e79a7" }
            return ColorScale.viridis(ca.fraction(v))
        }

        if showParetoFront {
            let front = paretoIndices
            if front.count > 1 {
                var pts: [(Double, Double)] = []
                for (k, i) in front.enumerated() {
                    let px = frame.x(points[i].x, xa), py = frame.y(points[i].y, ya)
                    if k > 0 { pts.append((px, pts[pts.count - 1].1)) }
                    pts.append((px, py))
                }
                svg.polyline(pts, stroke: "#d62728", width: 1.2, cls: "front", dash: "4 3")
            }
        }

        svg.open("g", [("class", "points")])
        for p in points {
            let a: [(String, String)] = [
                ("class", "pt"), ("cx", NumberFormat.coord(frame.x(p.x, xa))), ("cy", NumberFormat.coord(frame.y(p.y, ya))),
                ("r", "3.5"), ("fill", colour(p)), ("fill-opacity", "0.85"),
            ]
            if let label = p.label {
                svg.open("circle", a)
                svg.element("title", [], text: label)
                svg.close("circle")
            } else {
                svg.element("circle", a)
            }
        }
        svg.close("g")

        svg.open("g", [("class", "highlights")])
        for (i, h) in highlights.enumerated() {
            let px = frame.x(h.x, xa), py = frame.y(h.y, ya)
            // Alternate labels above and below so neighbouring highlights stay legible.
            let dy = i % 2 == 0 ? -10.0 : 22.0
            svg.element("circle", [("class", "hl"), ("cx", NumberFormat.coord(px)), ("cy", NumberFormat.coord(py)),
                                   ("r", "8"), ("fill", "none"), ("stroke", h.color), ("stroke-width", "2.5")])
            // Put labels on the side with more room.
            let leftSide = px > frame.left + frame.width * 0.7
            svg.text(h.label, x: px + (leftSide ? -12 : 12), y: py + dy, anchor: leftSide ? "end" : "start",
                     cls: "hl-label")
        }
        svg.close("g")

        if let ca = cAxis {
            drawColorLegend(ca, x: frame.right + 30, top: frame.top + 10,
                            height: min(220, frame.height - 20), into: &svg)
        }
        return svg
    }
}

/// A vertical gradient bar with the colour axis' ticks and title.
func drawColorLegend(_ axis: Axis, x: Double, top: Double, height: Double, into svg: inout SVGDocument) {
    let id = "cscale"
    var stops = ""
    for i in 0...10 {
        let t = Double(i) / 10
        stops += "<stop offset=\"\(NumberFormat.coord(t))\" stop-color=\"\(ColorScale.viridis(1 - t))\"/>"
    }
    svg.addDef("<linearGradient id=\"\(id)\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\(stops)</linearGradient>")
    svg.open("g", [("class", "color-legend")])
    svg.text(axis.title, x: x, y: top - 10, anchor: "start", size: 12, weight: "bold")
    svg.element("rect", [("x", NumberFormat.coord(x)), ("y", NumberFormat.coord(top)), ("width", "16"),
                         ("height", NumberFormat.coord(height)), ("fill", "url(#\(id))"), ("stroke", "#555")])
    for (t, label) in zip(axis.ticks, axis.tickLabels) {
        let y = top + (1 - axis.fraction(t)) * height
        svg.line(x + 16, y, x + 20, y, stroke: "#333")
        svg.text(label, x: x + 23, y: y + 4, anchor: "start")
    }
    svg.close("g")
}
