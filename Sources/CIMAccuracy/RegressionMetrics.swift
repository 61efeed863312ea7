/// Error and rank-correlation metrics of predictions against targets.
public struct RegressionMetrics: Sendable, Equatable {
    public var count: Int
    public var rmse: Double
    public var mae: Double
    /// Spearman's ρ: Pearson correlation of average ranks (ties share their mean rank).
    public var spearman: Double
    /// Kendall's τ-b (tie-corrected).
    public var kendall: Double

    /// Metrics of `predicted` against `actual` (same length, at least 2).
    ///
    /// - Complexity: O(n²) for Kendall's τ; fine for the few thousand samples used here.
    public init(predicted: [Double], actual: [Double]) {
        precondition(predicted.count == actual.count && predicted.count >= 2)
        let n = predicted.count
        count = n
        var se = 0.0, ae = 0.0
        for k in 0..<n { let d = predicted[k] - actual[k]; se += d * d; ae += abs(d) }
        rmse = (se / Double(n)).squareRoot()
        mae = ae / Double(n)
        spearman = Self.pearson(Self.averageRanks(predicted), Self.averageRanks(actual))
        kendall = Self.kendallTauB(predicted, actual)
    }

    /// 1-based ranks with ties given their mean rank.
    public static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let r = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = r }
            i = j + 1
        }
        return ranks
    }

    /// Pearson correlation (0 when either side is constant).
    public static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for k in a.indices {
            let da = a[k] - ma, db = b[k] - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Kendall's τ-b: (concordant − discordant) / √((n0 − n1)(n0 − n2)).
    public static func kendallTauB(_ a: [Double], _ b: [Double]) -> Double {
        var concordant = 0, discordant = 0, tiesA = 0, tiesB = 0, pairs = 0
        for i in 0..<a.count {
            for j in (i + 1)..<a.count {
                pairs += 1
                let da = a[i] - a[j], db = b[i] - b[j]
                if da == 0 { tiesA += 1 }
                if db == 0 { tiesB += 1 }
                if da == 0 || db == 0 { continue }
                if (da > 0) == (db > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denom = (Double(pairs - tiesA) * Double(pairs - tiesB)).squareRoot()
        return denom > 0 ? Double(concordant - discordant) / denom : 0
    }
}
