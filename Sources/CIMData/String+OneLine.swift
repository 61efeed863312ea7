extension String {
    /// This text with control characters escaped (`\n`, `\r`, `\t`, others as `\u{1B}`), so an error
    /// message that quotes hostile input still prints as one line.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }) else {
            return self
        }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for s in unicodeScalars {
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where s.properties.generalCategory == .control || s == "\u{2028}" || s == "\u{2029}":
                out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
