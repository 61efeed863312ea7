import Foundation

/// Deterministic, locale-independent number formatting for coordinates and labels.
public enum NumberFormat {
    /// A coordinate with two decimals (`12.35`), `-0.00` normalised to `0.00`.
    public static func coord(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let s = String(format: "%.2f", value)
        return s == "-0.00" ? "0.00" : s
    }

    /// A tick label for `value` on a linear axis whose tick spacing is `step`.
    ///
    /// Uses fixed notation when the magnitudes are moderate, otherwise `1.5e-4` style.
    /// `axisMagnitude` (the largest absolute tick on the axis) picks one notation for the whole axis.
    public static func tick(_ value: Double, step: Double, axisMagnitude: Double? = nil) -> String {
        if value == 0 { return "0" }
        let magnitude = axisMagnitude ?? max(abs(value), abs(step))
        let stepExp = Int(floor(log10(abs(step))))
        if magnitude >= 1e5 || magnitude < 1e-2 {
            let exp = Int(floor(log10(max(abs(value), abs(step)))))
            let mantissa = value / pow(10, Double(exp))
            let decimals = max(0, exp - stepExp)
            return trimZeros(String(format: "%.\(min(decimals, 6))f", mantissa)) + "e" + String(exp)
        }
        let decimals = max(0, -stepExp)
        return String(format: "%.\(min(decimals, 9))f", value)
    }

    /// A power-of-ten label such as `1e-3`, `1`, `10` or `1e5`.
    public static func power(_ exponent: Int) -> String {
        switch exponent {
        case 0: return "1"
        case 1: return "10"
        case 2: return "100"
        default: return "1e" + String(exponent)
        }
    }

    /// A value with three significant digits (`0.0123`, `4.56e-9`, `123`).
    public static func short(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let a = abs(value)
        // Integers (knob values such as 16384 words) print exactly.
        if a < 1e7 && value.rounded() == value { return String(Int(value)) }
        if a >= 1e5 || a < 1e-3 {
            let exp = Int(floor(log10(a)))
            var mantissa = value / pow(10, Double(exp))
            var e = exp
            if abs(mantissa) >= 9.995 { mantissa /= 10; e += 1 }
            return trimZeros(String(format: "%.2f", mantissa)) + "e" + String(e)
        }
        return trimZeros(String(format: "%.3g", value))
    }

    /// A percentage with one decimal, e.g. `45.3%`.
    public static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let s = String(format: "%.1f", value)
        return (s == "-0.0" ? "0.0" : s) + "%"
    }

    static func trimZeros(_ s: String) -> String {
        guard s.contains("."), !s.contains("e") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}
