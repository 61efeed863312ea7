import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What an XML parse of a chart or page found.
struct XMLSummary {
    var wellFormed: Bool
    var error: String?
    /// Element names in document order.
    var elements: [String] = []
    /// (element, class attribute) for elements that have a class.
    var classes: [(String, String)] = []
    /// Every attribute value, in order.
    var attributeValues: [String] = []
    /// Concatenated character data of `<text>`, `<title>`, `<td>`… (all text nodes).
    var texts: [String] = []

    func count(element: String? = nil, class cls: String) -> Int {
        classes.filter { (element == nil || $0.0 == element) && $0.1.split(separator: " ").contains(Substring(cls)) }.count
    }
}

/// Parses `text` with Foundation's XMLParser and collects elements, classes, attributes and text.
func parseXML(_ text: String) -> XMLSummary {
    final class Delegate: NSObject, XMLParserDelegate {
        var summary = XMLSummary(wellFormed: false)
        var current = ""
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            flush()
            summary.elements.append(elementName)
            if let c = attributeDict["class"] { summary.classes.append((elementName, c)) }
            // Dictionary order is unstable; sort by key so tests stay deterministic.
            for k in attributeDict.keys.sorted() { summary.attributeValues.append(attributeDict[k]!) }
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            flush()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
        func flush() {
            let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { summary.texts.append(t) }
            current = ""
        }
    }
    let parser = XMLParser(data: Data(text.utf8))
    let delegate = Delegate()
    parser.delegate = delegate
    let ok = parser.parse()
    var s = delegate.summary
    s.wellFormed = ok
    if !ok { s.error = parser.parserError.map { "\($0)" } ?? "unknown parse error" }
    return s
}

/// Every `http://` or `https://` reference in `text` other than the SVG namespace.
func externalReferences(_ text: String) -> [String] {
    var found: [String] = []
    var rest = Substring(text)
    while let r = rest.range(of: "http", options: []) {
        let tail = rest[r.lowerBound...]
        if tail.hasPrefix("http://") || tail.hasPrefix("https://") {
            let end = tail.firstIndex { $0 == "\"" || $0 == "'" || $0 == " " || $0 == ")" || $0 == "<" } ?? tail.endIndex
            let ref = String(tail[..<end])
            if ref != "http://www.w3.org/2000/svg" { found.append(ref) }
        }
        rest = rest[r.upperBound...]
    }
    return found
}

func isClose(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool {
    abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)
}
