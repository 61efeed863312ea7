import Foundation

/// A value as SQLite stores it.
public enum SQLValue: Hashable, Sendable, CustomStringConvertible {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
    case null

    public var description: String {
        switch self {
        case .integer(let v): return String(v)
        case .real(let v): return SQLValue.format(v)
        case .text(let v): return v
        case .blob(let v): return "x'" + v.map { String(format: "%02x", $0) }.joined() + "'"
        case .null: return "NULL"
        }
    }

    /// The value as a JSON fragment.
    public var json: String {
        switch self {
        case .integer(let v): return String(v)
        case .real(let v): return v.isFinite ? SQLValue.format(v) : "null"
        case .text(let v): return SQLValue.jsonString(v)
        case .blob(let v): return SQLValue.jsonString(v.base64EncodedString())
        case .null: return "null"
        }
    }

    /// Shortest round-trip text of a double (`1e-09`, `0.5`, `3.0`).
    public static func format(_ v: Double) -> String { "\(v)" }

    /// A JSON string literal.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    public var int64: Int64? {
        switch self {
        case .integer(let v): return v
        case .real(let v): return v.rounded() == v && abs(v) < 9e18 ? Int64(v) : nil
        default: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return nil
        }
    }

    public var string: String? {
        if case .text(let v) = self { return v }
        return nil
    }
}
