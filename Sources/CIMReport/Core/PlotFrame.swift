/// The rectangle a chart plots into and the drawing of its axes, grid and titles.
struct PlotFrame {
    var left: Double
    var top: Double
    var width: Double
    var height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }

    func x(_ v: Double, _ axis: Axis) -> Double { left + axis.fraction(v) * width }
    func y(_ v: Double, _ axis: Axis) -> Double { bottom - axis.fraction(v) * height }

    /// Draws the x axis (ticks, labels, title) below the frame, with vertical grid lines.
    func drawXAxis(_ axis: Axis, into svg: inout SVGDocument, grid: Bool = true) {
        svg.open("g", [("class", "axis x-axis")])
        for t in axis.minorTicks {
            let px = x(t, axis)
            if grid { svg.line(px, top, px, bottom, stroke: "#f0f0f0", cls: "grid minor") }
            svg.line(px, bottom, px, bottom + 3, stroke: "#333")
        }
        for (t, label) in zip(axis.ticks, axis.tickLabels) {
            let px = x(t, axis)
            if grid { svg.line(px, top, px, bottom, stroke: "#e3e3e3", cls: "grid") }
            svg.line(px, bottom, px, bottom + 5, stroke: "#333")
            svg.text(label, x: px, y: bottom + 18, cls: "tick")
        }
        svg.line(left, bottom, right, bottom, stroke: "#333")
        svg.text(axis.title, x: left + width / 2, y: bottom + 40, cls: "axis-title", size: 13)
        svg.close("g")
    }

    /// Draws the y axis (ticks, labels, rotated title) left of the frame, with horizontal grid lines.
    func drawYAxis(_ axis: Axis, into svg: inout SVGDocument, grid: Bool = true, titleOffset: Double = 62) {
        svg.open("g", [("class", "axis y-axis")])
        for t in axis.minorTicks {
            let py = y(t, axis)
            if grid { svg.line(left, py, right, py, stroke: "#f0f0f0", cls: "grid minor") }
            svg.line(left - 3, py, left, py, stroke: "#333")
        }
        for (t, label) in zip(axis.ticks, axis.tickLabels) {
            let py = y(t, axis)
            if grid { svg.line(left, py, right, py, stroke: "#e3e3e3", cls: "grid") }
            svg.line(left - 5, py, left, py, stroke: "#333")
            svg.text(label, x: left - 8, y: py + 4, anchor: "end", cls: "tick")
        }
        svg.line(left, top, left, bottom, stroke: "#333")
        let cx = left - titleOffset
        let cy = top + height / 2
        svg.text(axis.title, x: cx, y: cy, cls: "axis-title", rotate: -90, size: 13)
        svg.close("g")
    }
}

/// Draws a horizontal legend of coloured swatches starting at (x, y), wrapping at `maxWidth`.
/// Returns the height used.
@discardableResult
func drawSwatchLegend(_ items: [(String, String)], x: Double, y: Double, maxWidth: Double,
                      into svg: inout SVGDocument) -> Double {
    svg.open("g", [("class", "legend")])
    var cx = x
    var cy = y
    for (name, colour) in items {
        let w = 22 + Double(name.count) * 6.2
        if cx + w > x + maxWidth && cx > x {
            cx = x
            cy += 18
        }
        svg.rect(x: cx, y: cy - 9, width: 12, height: 12, fill: colour)
        svg.text(name, x: cx + 16, y: cy + 1, anchor: "start")
        cx += w + 10
    }
    svg.close("g")
    return cy - y + 18
}
