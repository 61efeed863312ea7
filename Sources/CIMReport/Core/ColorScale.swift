import Foundation

/// A sequential colour scale (viridis stops) and the categorical palette used by series and stacks.
public enum ColorScale {
    /// Viridis sampled at 0, 0.25, 0.5, 0.75, 1 (RGB 0–255).
    static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// Colour for `t` in 0…1 (clamped) as `#rrggbb`.
    public static func viridis(_ t: Double) -> String {
        let u = t.isFinite ? min(1, max(0, t)) : 0
        let pos = u * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(pos))
        let f = pos - Double(i)
        let a = stops[i], b = stops[i + 1]
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// Ten distinguishable colours (Tableau 10) for series and stacked components.
    public static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    /// The palette colour for index `i` (wraps around).
    public static func categorical(_ i: Int) -> String { palette[((i % palette.count) + palette.count) % palette.count] }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func c(_ v: Double) -> String {
            let n = Int(v.rounded())
            let s = String(min(255, max(0, n)), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + c(r) + c(g) + c(b)
    }
}
