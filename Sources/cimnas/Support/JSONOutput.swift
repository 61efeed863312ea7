import DesignDB
import Foundation

/// The one JSON style every command prints: two-space indentation, `"key": value`, numbers as JSON numbers
/// (non-finite ones as `null`), `/` unescaped, dictionary keys sorted; ``Object`` keeps its keys in order.
enum JSONOutput {
    /// An object whose keys print in the given order (result rows keep their column order).
    struct Object {
        var pairs: [(String, Any)]
    }

    /// The document `value` (no final newline; commands `print` it).
    static func render(_ value: Any) -> String {
        var out = ""
        write(value, indent: "", into: &out)
        return out
    }

    static func write(_ value: Any, indent: String, into out: inout String) {
        let inner = indent + "  "
        func members(_ pairs: [(String, Any)]) {
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (n, (k, v)) in pairs.enumerated() {
                out += inner + string(k) + ": "
                write(v, indent: inner, into: &out)
                out += n + 1 < pairs.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
        switch value {
        case let o as Object: members(o.pairs)
        case let d as [String: Any]: members(d.keys.sorted().map { ($0, d[$0]!) })
        case let a as [Any]:
            if a.isEmpty { out += "[]"; return }
            out += "[\n"
            for (n, v) in a.enumerated() {
                out += inner
                write(v, indent: inner, into: &out)
                out += n + 1 < a.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case let s as String: out += string(s)
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let i as Int64: out += String(i)
        case let i as UInt64: out += String(i)
        case let x as Double: out += number(x)
        case let v as SQLValue: write(any(v), indent: indent, into: &out)
        case let n as NSNumber: out += number(n.doubleValue)
        default:
            // A wrapped optional prints its value; nil, NSNull and anything else print null.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                write(wrapped, indent: indent, into: &out)
            } else {
                out += "null"
            }
        }
    }

    /// A JSON number; `null` for infinities and NaN (infeasible designs have infinite energy and latency).
    static func number(_ x: Double) -> String { x.isFinite ? SQLValue.format(x) : "null" }

    /// A JSON string literal.
    static func string(_ s: String) -> String { SQLValue.jsonString(s) }

    /// A stored value as a JSON value.
    static func any(_ v: SQLValue) -> Any {
        switch v {
        case .integer(let i): return i
        case .real(let d): return d
        case .text(let s): return s
        case .blob(let b): return b.base64EncodedString()
        case .null: return NSNull()
        }
    }

    /// The one shape of cache counters: `status` (when the command reports one) and hits and misses per cache
    /// table the command used (`design_`, `layer_`, `prediction_`).
    static func cache(status: String? = nil, design: (hits: Int, misses: Int)? = nil, layer: (hits: Int, misses: Int)? = nil,
                      prediction: (hits: Int, misses: Int)? = nil) -> [String: Any] {
        var o: [String: Any] = [:]
        if let status { o["status"] = status }
        for (name, counts) in [("design", design), ("layer", layer), ("prediction", prediction)] {
            guard let counts else { continue }
            o[name + "_hits"] = counts.hits
            o[name + "_misses"] = counts.misses
        }
        return o
    }
}
