/// One knob's panel: the best objective reached for each value the knob took.
public struct KnobPanel: Sendable, Hashable {
    public var knob: String
    /// Knob values as labels, in display order (ascending numeric order is the caller's job).
    public var valueLabels: [String]
    /// Best objective per value, same order as `valueLabels`.
    public var best: [Double]

    public init(knob: String, valueLabels: [String], best: [Double]) {
        self.knob = knob
        self.valueLabels = valueLabels
        self.best = best
    }
}

/// Small multiples, one panel per knob, sharing a y axis so panels compare at a glance.
///
/// Every (value, best) pair is one `<circle class="pt">`.
public struct SmallMultiplesChart: Sendable {
    public var title: String
    public var yTitle: String
    public var panels: [KnobPanel]
    public var columns: Int
    public var yScale: ScaleChoice
    public var width: Double

    public init(title: String, yTitle: String, panels: [KnobPanel], columns: Int = 3, yScale: ScaleChoice = .auto,
                width: Double = 900) {
        self.title = title
        self.yTitle = yTitle
        self.panels = panels
        self.columns = max(1, columns)
        self.yScale = yScale
        self.width = width
    }

    /// The shared y axis: its domain contains every panel's values.
    public var yAxis: Axis { Axis(title: yTitle, values: panels.flatMap(\.best), scale: yScale) }

    public func svg() -> String { document().markup(title: title) }
    public func svgFile() -> String { document().file(title: title) }

    func document() -> SVGDocument {
        let rows = (panels.count + columns - 1) / columns
        let cellHeight = 210.0
        let cellWidth = (width - 20) / Double(columns)
        let height = 44 + Double(rows) * cellHeight + 10
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: width / 2, y: 24, cls: "title")
        let ya = yAxis
        for (i, panel) in panels.enumerated() {
            let cx = 10 + Double(i % columns) * cellWidth
            let cy = 44 + Double(i / columns) * cellHeight
            let frame = PlotFrame(left: cx + 72, top: cy + 24, width: cellWidth - 72 - 16, height: cellHeight - 24 - 52)
            svg.open("g", [("class", "panel"), ("data-knob", panel.knob)])
            svg.text(panel.knob, x: frame.left + frame.width / 2, y: cy + 14, size: 13, weight: "bold")
            frame.drawYAxis(ya, into: &svg, titleOffset: 58)
            svg.line(frame.left, frame.bottom, frame.right, frame.bottom, stroke: "#333")
            let n = max(1, panel.valueLabels.count)
            let slot = frame.width / Double(n)
            var pts: [(Double, Double)] = []
            var ptIndex: [Int] = []
            for (k, label) in panel.valueLabels.enumerated() {
                let px = frame.left + (Double(k) + 0.5) * slot
                svg.text(label, x: px, y: frame.bottom + 16, cls: "tick", size: 10)
                guard k < panel.best.count else { continue }
                let v = panel.best[k]
                guard v.isFinite, ya.scale == .linear || v > 0 else { continue }
                pts.append((px, frame.y(v, ya)))
                ptIndex.append(k)
            }
            svg.polyline(pts, stroke: "#4e79a7", width: 1.5, cls: "line")
            for (p, k) in zip(pts, ptIndex) {
                svg.open("circle", [("class", "pt"), ("cx", NumberFormat.coord(p.0)), ("cy", NumberFormat.coord(p.1)),
                                    ("r", "4"), ("fill", "#4e79a7")])
                svg.element("title", [], text: "\(panel.knob) = \(panel.valueLabels[k]): \(NumberFormat.short(panel.best[k]))")
                svg.close("circle")
            }
            svg.close("g")
        }
        return svg
    }
}
