/// Formats numbers as Python's `repr`/`str` prints them, so CIMNAS keys round-trip exactly.
public enum PythonFloat {
    /// Python's `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16
    /// (`0.7`, `4e-09`, `1e-08`, `1.0`, `1e+16`).
    public static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        // Swift's description gives the same shortest digits; only the layout may differ. Where both print
        // plain decimals (1e-4 ≤ |x| < 1e16, Swift's text without an exponent) or both an exponent (outside that
        // range) the layouts agree, so the text is taken as it is (keys are built per chip in large sweeps).
        let swift = x.description
        let magnitude = x.magnitude
        let decimalRange = magnitude >= 1e-4 && magnitude < 1e16
        if x != 0, decimalRange != swift.utf8.contains(UInt8(ascii: "e")) { return swift }
        return relayout(swift)
    }

    /// `repr` of the shortest round-trip text `swift`, by moving its digits into Python's layout.
    static func relayout(_ swift: String) -> String {
        let (sign, body) = swift.hasPrefix("-") ? ("-", String(swift.dropFirst())) : ("", swift)
        var digits: String
        var exponent: Int
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = String(body[..<e])
            exponent = Int(body[body.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
            // mantissa d.ddd × 10^exponent → decimal point after the first digit
        } else {
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            let intPart = String(parts[0]), frac = parts.count > 1 ? String(parts[1]) : ""
            digits = intPart + frac
            exponent = intPart.count - 1
        }
        // Strip leading zeros (adjusting the exponent) and trailing zeros.
        while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst(); exponent -= 1 }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        if digits == "0" { return sign + "0.0" }
        if exponent < -4 || exponent >= 16 {
            let head = String(digits.prefix(1)), tail = String(digits.dropFirst())
            let exp = (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + "\(abs(exponent))"
            return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + exp
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        if digits.count <= exponent + 1 {
            return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
        }
        let cut = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return sign + String(digits[..<cut]) + "." + String(digits[cut...])
    }
}
