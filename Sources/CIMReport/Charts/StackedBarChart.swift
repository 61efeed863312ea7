/// Vertical stacked bars: one bar per category (layer), one segment per component.
///
/// Every nonzero segment is one `<rect class="seg">`.
public struct StackedBarChart: Sendable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    /// Bar labels (e.g. layer names), left to right.
    public var categories: [String]
    /// Stack components, bottom to top (e.g. cells, row drivers, ADC, buffers, router, global buffer).
    public var components: [String]
    /// `values[category][component]`, non-negative.
    public var values: [[Double]]
    public var height: Double

    public init(title: String, xTitle: String, yTitle: String, categories: [String], components: [String],
                values: [[Double]], height: Double = 480) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.categories = categories
        self.components = components
        self.values = values
        self.height = height
    }

    /// Sum per category.
    public var totals: [Double] {
        values.map { row in row.reduce(0) { $0 + ($1.isFinite ? max(0, $1) : 0) } }
    }

    /// The y axis from zero; its domain contains every bar total.
    public var yAxis: Axis { Axis(title: yTitle, values: totals + [0], scale: .linear, includeZero: true) }

    /// Width grows with the number of bars so 60+ layers stay readable.
    public var width: Double { max(720, 86 + 30 + Double(categories.count) * 14) }

    public func svg() -> String { document().markup(title: title) }
    public func svgFile() -> String { document().file(title: title) }

    func document() -> SVGDocument {
        let legendItems = components.enumerated().map { ($0.element, ColorScale.categorical($0.offset)) }
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: width / 2, y: 24, cls: "title")
        // Room below the axis for the rotated labels (sin 60° ≈ 0.87 of their length).
        let labelChars = Double(min(40, categories.map(\.count).max() ?? 1))
        let labelDrop = 16 + labelChars * 5.6 * 0.87
        let frame = PlotFrame(left: 86, top: 66, width: width - 86 - 30, height: height - 66 - labelDrop - 30)
        drawSwatchLegend(legendItems, x: frame.left, y: 48, maxWidth: frame.width, into: &svg)
        let ya = yAxis
        frame.drawYAxis(ya, into: &svg)
        svg.line(frame.left, frame.bottom, frame.right, frame.bottom, stroke: "#333")
        let n = max(1, categories.count)
        let slot = frame.width / Double(n)
        let barWidth = min(48, max(2, slot * 0.75))
        // Label every k-th bar so labels never overlap.
        let labelEvery = max(1, Int((14.0 / slot).rounded(.up)))
        svg.open("g", [("class", "bars")])
        for (i, name) in categories.enumerated() {
            let x0 = frame.left + Double(i) * slot + (slot - barWidth) / 2
            var acc = 0.0
            let row = i < values.count ? values[i] : []
            for (c, comp) in components.enumerated() {
                let v = c < row.count && row[c].isFinite ? max(0, row[c]) : 0
                guard v > 0 else { continue }
                let yTop = frame.y(acc + v, ya), yBottom = frame.y(acc, ya)
                svg.rect(x: x0, y: yTop, width: barWidth, height: yBottom - yTop, fill: ColorScale.categorical(c),
                         cls: "seg", title: "\(name) \(comp): \(NumberFormat.short(v))")
                acc += v
            }
            if i % labelEvery == 0 {
                let lx = x0 + barWidth / 2
                let shown = name.count > 40 ? String(name.prefix(39)) + "…" : name
                svg.text(shown, x: lx, y: frame.bottom + 12, anchor: "end", cls: "tick", rotate: -60, size: 10)
            }
        }
        svg.close("g")
        svg.text(xTitle, x: frame.left + frame.width / 2, y: frame.bottom + labelDrop + 18, size: 13)
        return svg
    }
}

/// Horizontal bars with value and share labels (chip area by component); no pie charts.
///
/// Every item is one `<rect class="bar">`.
public struct HorizontalBarChart: Sendable {
    public var title: String
    public var xTitle: String
    public var items: [(label: String, value: Double)]
    /// Unit appended to value labels, e.g. "mm²".
    public var unit: String
    public var width: Double

    public init(title: String, xTitle: String, items: [(label: String, value: Double)], unit: String, width: Double = 720) {
        self.title = title
        self.xTitle = xTitle
        self.items = items
        self.unit = unit
        self.width = width
    }

    public var total: Double { items.reduce(0) { $0 + ($1.value.isFinite ? max(0, $1.value) : 0) } }

    /// The x axis from zero; its domain contains every value.
    public var xAxis: Axis { Axis(title: xTitle, values: items.map(\.value) + [0], scale: .linear, includeZero: true) }

    public func svg() -> String { document().markup(title: title) }
    public func svgFile() -> String { document().file(title: title) }

    func document() -> SVGDocument {
        let rowHeight = 28.0
        let labelWidth = 20 + Double(items.map(\.label.count).max() ?? 4) * 7
        let height = 44 + Double(items.count) * rowHeight + 70
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: width / 2, y: 24, cls: "title")
        let frame = PlotFrame(left: labelWidth, top: 44, width: width - labelWidth - 150, height: Double(items.count) * rowHeight)
        let xa = xAxis
        frame.drawXAxis(xa, into: &svg)
        svg.line(frame.left, frame.top, frame.left, frame.bottom, stroke: "#333")
        let total = self.total
        svg.open("g", [("class", "bars")])
        for (i, item) in items.enumerated() {
            let y = frame.top + Double(i) * rowHeight + 4
            let v = item.value.isFinite ? max(0, item.value) : 0
            let x1 = frame.x(v, xa)
            svg.text(item.label, x: frame.left - 8, y: y + rowHeight / 2 + 2, anchor: "end")
            svg.rect(x: frame.left, y: y, width: x1 - frame.left, height: rowHeight - 8,
                     fill: ColorScale.categorical(i), cls: "bar", title: "\(item.label): \(NumberFormat.short(v)) \(unit)")
            let share = total > 0 ? v / total * 100 : 0
            svg.text("\(NumberFormat.short(v)) \(unit) (\(NumberFormat.percent(share)))",
                     x: x1 + 6, y: y + rowHeight / 2 + 2, anchor: "start", size: 11)
        }
        svg.close("g")
        return svg
    }
}
