/// A small append-only SVG builder; every attribute and text value is XML-escaped.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var body: [String] = []
    private var defs: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Appends `<name attr…/>`; attributes keep the given order so output is deterministic.
    public mutating func element(_ name: String, _ attributes: [(String, String)]) {
        body.append("<\(name)\(SVGDocument.attrs(attributes))/>")
    }

    /// Appends `<name attr…>text</name>`.
    public mutating func element(_ name: String, _ attributes: [(String, String)], text: String) {
        body.append("<\(name)\(SVGDocument.attrs(attributes))>\(XMLText.escape(text))</\(name)>")
    }

    /// Opens a group; close it with `close("g")`.
    public mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        body.append("<\(name)\(SVGDocument.attrs(attributes))>")
    }

    public mutating func close(_ name: String) {
        body.append("</\(name)>")
    }

    /// Adds raw, already well-formed markup to `<defs>`.
    mutating func addDef(_ markup: String) {
        defs.append(markup)
    }

    /// Text anchored at (x, y); `rotate` in degrees around the anchor.
    public mutating func text(_ string: String, x: Double, y: Double, anchor: String = "middle",
                              cls: String? = nil, rotate: Double? = nil, size: Double? = nil,
                              weight: String? = nil) {
        var a: [(String, String)] = [("x", NumberFormat.coord(x)), ("y", NumberFormat.coord(y)),
                                     ("text-anchor", anchor)]
        if let cls { a.append(("class", cls)) }
        if let size { a.append(("font-size", NumberFormat.coord(size))) }
        if let weight { a.append(("font-weight", weight)) }
        if let rotate {
            a.append(("transform", "rotate(\(NumberFormat.coord(rotate)) \(NumberFormat.coord(x)) \(NumberFormat.coord(y)))"))
        }
        element("text", a, text: string)
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                              stroke: String, width: Double = 1, cls: String? = nil, dash: String? = nil) {
        var a: [(String, String)] = [
            ("x1", NumberFormat.coord(x1)), ("y1", NumberFormat.coord(y1)),
            ("x2", NumberFormat.coord(x2)), ("y2", NumberFormat.coord(y2)),
            ("stroke", stroke), ("stroke-width", NumberFormat.coord(width)),
        ]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let cls { a.append(("class", cls)) }
        element("line", a)
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              cls: String? = nil, stroke: String? = nil, title: String? = nil) {
        var a: [(String, String)] = [
            ("x", NumberFormat.coord(x)), ("y", NumberFormat.coord(y)),
            ("width", NumberFormat.coord(max(0, width))), ("height", NumberFormat.coord(max(0, height))),
            ("fill", fill),
        ]
        if let stroke { a.append(("stroke", stroke)) }
        if let cls { a.append(("class", cls)) }
        if let title {
            open("rect", a)
            element("title", [], text: title)
            close("rect")
        } else {
            element("rect", a)
        }
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2,
                                  cls: String? = nil, dash: String? = nil) {
        guard !points.isEmpty else { return }
        let pts = points.map { "\(NumberFormat.coord($0.0)),\(NumberFormat.coord($0.1))" }.joined(separator: " ")
        var a: [(String, String)] = [("points", pts), ("fill", "none"), ("stroke", stroke),
                                     ("stroke-width", NumberFormat.coord(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let cls { a.append(("class", cls)) }
        element("polyline", a)
    }

    /// The SVG element (no XML declaration), suitable for inlining in HTML.
    public func markup(title: String? = nil) -> String {
        var s = "<svg xmlns=\"\(CIMReport.svgNamespace)\" width=\"\(NumberFormat.coord(width))\" "
        s += "height=\"\(NumberFormat.coord(height))\" viewBox=\"0 0 \(NumberFormat.coord(width)) \(NumberFormat.coord(height))\" "
        s += "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n"
        if let title { s += "<title>\(XMLText.escape(title))</title>\n" }
        s += "<style>.pt{stroke:#222;stroke-width:0.4}.axis text{fill:#333}.grid{stroke:#e3e3e3}"
        s += ".hl-label{font-weight:bold;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.title{font-size:15px;font-weight:bold}</style>\n"
        if !defs.isEmpty { s += "<defs>\n" + defs.joined(separator: "\n") + "\n</defs>\n" }
        s += "<rect x=\"0\" y=\"0\" width=\"\(NumberFormat.coord(width))\" height=\"\(NumberFormat.coord(height))\" fill=\"#ffffff\"/>\n"
        s += body.joined(separator: "\n")
        s += "\n</svg>\n"
        return s
    }

    /// A standalone `.svg` file: XML declaration plus `markup`.
    public func file(title: String? = nil) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + markup(title: title)
    }

    static func attrs(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined()
    }
}
