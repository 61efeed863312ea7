/// XML escaping for text nodes and attribute values.
public enum XMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'` so the result is safe in both text and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" {
                    out += " "
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}
