import Foundation

/// A chart that can be written as a standalone SVG file and inlined into HTML.
public protocol ReportChart: Sendable {
    var title: String { get }
    /// The `<svg>` element, without an XML declaration.
    func svg() -> String
    /// A standalone SVG file.
    func svgFile() -> String
}

extension ScatterChart: ReportChart {}
extension LineChart: ReportChart {}
extension StackedBarChart: ReportChart {}
extension HorizontalBarChart: ReportChart {}
extension SmallMultiplesChart: ReportChart {}

/// One block of the report page.
public enum ReportBlock: Sendable {
    /// A chart written as `<fileStem>.svg` and inlined in the page.
    case chart(fileStem: String, chart: any ReportChart)
    case table(ReportTable)
    case paragraph(String)
}

/// A section: a heading followed by blocks.
public struct ReportSection: Sendable {
    public var heading: String
    public var blocks: [ReportBlock]

    public init(heading: String, blocks: [ReportBlock]) {
        self.heading = heading
        self.blocks = blocks
    }
}

/// A self-contained HTML report: inline SVG and CSS, no scripts, no network resources.
public struct HTMLReport: Sendable {
    public var title: String
    /// Shown under the title (e.g. run id, database path, generation time supplied by the caller).
    public var subtitle: String?
    public var sections: [ReportSection]

    public init(title: String, subtitle: String? = nil, sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    static let css = """
    body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
    h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
    .subtitle{color:#666;margin-top:0}
    figure{margin:12px 0;overflow-x:auto}figcaption{color:#666;font-size:12px}
    table{border-collapse:collapse;margin:12px 0;font-size:13px}caption{text-align:left;font-weight:bold;padding:4px 0}
    th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    """

    /// Every chart with its file name, in page order; stems are made unique by suffixing `-2`, `-3`, ….
    public var charts: [(fileName: String, chart: any ReportChart)] {
        var seen: [String: Int] = [:]
        var out: [(String, any ReportChart)] = []
        for section in sections {
            for block in section.blocks {
                guard case let .chart(stem, chart) = block else { continue }
                let safe = HTMLReport.safeStem(stem)
                let n = (seen[safe] ?? 0) + 1
                seen[safe] = n
                out.append((n == 1 ? "\(safe).svg" : "\(safe)-\(n).svg", chart))
            }
        }
        return out
    }

    /// The page as XML-well-formed HTML5.
    public func html() -> String {
        let files = charts
        var chartIndex = 0
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        s += "<title>\(XMLText.escape(title))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n"
        s += "<h1>\(XMLText.escape(title))</h1>\n"
        if let subtitle { s += "<p class=\"subtitle\">\(XMLText.escape(subtitle))</p>\n" }
        for section in sections {
            s += "<section>\n<h2>\(XMLText.escape(section.heading))</h2>\n"
            for block in section.blocks {
                switch block {
                case .chart:
                    let (file, chart) = files[chartIndex]
                    chartIndex += 1
                    s += "<figure>\n" + chart.svg()
                    s += "<figcaption>\(XMLText.escape(file))</figcaption>\n</figure>\n"
                case let .table(table):
                    s += table.html()
                case let .paragraph(text):
                    s += "<p>\(XMLText.escape(text))</p>\n"
                }
            }
            s += "</section>\n"
        }
        s += "</body>\n</html>\n"
        return s
    }

    /// Writes `index.html` and one SVG per chart into `directory` (created if missing).
    ///
    /// Files are first written to a temporary sibling folder and moved into place, so a failure leaves
    /// no partial report. Returns the written paths, `index.html` first.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        var outputs: [(String, String)] = [("index.html", html())]
        for (file, chart) in charts { outputs.append((file, chart.svgFile())) }
        let staging = directory.appendingPathComponent(".report-staging-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: staging) }
        for (name, text) in outputs {
            try Data(text.utf8).write(to: staging.appendingPathComponent(name))
        }
        var written: [URL] = []
        for (name, _) in outputs {
            let target = directory.appendingPathComponent(name)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: staging.appendingPathComponent(name), to: target)
            written.append(target)
        }
        return written
    }

    /// A file stem of letters, digits, `-` and `_` only.
    static func safeStem(_ stem: String) -> String {
        let mapped = stem.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "-" || c == "_" ? Character(c) : "-"
        }
        let s = String(mapped)
        return s.isEmpty ? "chart" : s
    }
}
