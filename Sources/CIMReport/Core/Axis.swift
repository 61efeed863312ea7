import Foundation

/// How an axis maps values to positions.
public enum AxisScale: String, Sendable, Hashable, Codable {
    case linear
    case log
}

/// Whether the caller forces a scale or lets the data decide.
public enum ScaleChoice: String, Sendable, Hashable, Codable {
    /// Log when all values are positive and they span more than `Axis.autoLogDecades` decades.
    case auto
    case linear
    case log
}

/// A computed axis: its domain, scale, ticks and unit-carrying title.
public struct Axis: Sendable, Hashable {
    /// Data spanning more decades than this switches an `.auto` axis to log.
    public static let autoLogDecades = 2.0

    public var title: String
    public var scale: AxisScale
    /// Lower end of the drawn range (≤ every data value).
    public var lower: Double
    /// Upper end of the drawn range (≥ every data value).
    public var upper: Double
    /// Tick positions, ascending, all within `lower...upper`.
    public var ticks: [Double]
    /// Labels for `ticks`, same order.
    public var tickLabels: [String]
    /// Unlabelled minor ticks (2…9 × 10^k on log axes spanning few decades), within the domain.
    public var minorTicks: [Double] = []

    /// The domain as a closed range.
    public var domain: ClosedRange<Double> { lower...upper }

    /// Builds an axis whose domain contains every finite value in `values`.
    ///
    /// - Parameters:
    ///   - includeZero: extend a linear domain to 0 (bar charts).
    ///   - targetTicks: roughly how many ticks a linear axis gets.
    /// - Complexity: O(n) in the number of values.
    public init(title: String, values: [Double], scale choice: ScaleChoice = .auto,
                includeZero: Bool = false, targetTicks: Int = 6, integerSteps: Bool = false) {
        self.title = title
        let finite = values.filter { $0.isFinite }
        var lo = finite.min() ?? 0
        var hi = finite.max() ?? 1
        let allPositive = !finite.isEmpty && lo > 0
        let useLog: Bool
        switch choice {
        case .linear: useLog = false
        case .log: useLog = allPositive
        case .auto: useLog = allPositive && log10(hi / lo) > Axis.autoLogDecades
        }
        if useLog {
            scale = .log
            // Pad the data by 3 % of its span in log space; ticks are the powers of ten inside.
            let l0 = log10(lo), l1 = log10(hi)
            let pad = max(0.03 * (l1 - l0), 0.02)
            var eLo = Int(ceil(l0 - pad))
            var eHi = Int(floor(l1 + pad))
            if eHi - eLo >= 1 {
                lower = min(lo, pow(10, l0 - pad))
                upper = max(hi, pow(10, l1 + pad))
            } else {
                // Fewer than two powers of ten near the data: widen to whole decades.
                eLo = Int(floor(l0))
                eHi = Int(ceil(l1))
                if pow(10, Double(eLo)) > lo { eLo -= 1 }
                if pow(10, Double(eHi)) < hi { eHi += 1 }
                if eHi == eLo { eHi += 1 }
                lower = pow(10, Double(eLo))
                upper = pow(10, Double(eHi))
            }
            let stride = max(1, (eHi - eLo + 7) / 8)
            var t: [Double] = []
            var l: [String] = []
            var e = eLo
            while e <= eHi {
                let v = pow(10, Double(e))
                if v >= lower && v <= upper {
                    t.append(v)
                    l.append(NumberFormat.power(e))
                }
                e += stride
            }
            ticks = t
            tickLabels = l
            if eHi - eLo <= 4 {
                var m: [Double] = []
                for e in (eLo - 1)...eHi {
                    for k in 2...9 {
                        let v = Double(k) * pow(10, Double(e))
                        if v > lower && v < upper { m.append(v) }
                    }
                }
                minorTicks = m
            }
            return
        }
        scale = .linear
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
            if includeZero && values.allSatisfy({ $0 >= 0 }) { lo = max(lo, 0) }
        }
        var step = Axis.niceNumber((hi - lo) / Double(max(1, targetTicks - 1)), round: true)
        // Counts such as generations never get fractional ticks.
        if integerSteps { step = max(1, step.rounded()) }
        var nLo = floor(lo / step) * step
        var nHi = ceil(hi / step) * step
        if nLo > lo { nLo -= step }
        if nHi < hi { nHi += step }
        lower = nLo
        upper = nHi
        var t: [Double] = []
        var l: [String] = []
        let count = Int(((nHi - nLo) / step).rounded())
        for i in 0...count {
            var v = nLo + Double(i) * step
            if abs(v) < step * 1e-9 { v = 0 }
            t.append(v)
            l.append(NumberFormat.tick(v, step: step, axisMagnitude: max(abs(nLo), abs(nHi))))
        }
        ticks = t
        tickLabels = l
    }

    /// Heckbert's nice number: 1, 2, 5 or 10 times a power of ten near `x`.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exp = floor(log10(x))
        let f = x / pow(10, exp)
        let nice: Double
        if round {
            nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        } else {
            nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        }
        return nice * pow(10, exp)
    }

    /// Position of `value` as a fraction of the axis length (0 at `lower`, 1 at `upper`).
    public func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear:
            return upper == lower ? 0.5 : (value - lower) / (upper - lower)
        case .log:
            guard value > 0 else { return 0 }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// Whether `value` lies within the domain.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}
