/// The one-line capacity verdict shared by the RRAM cell count and the SRAM macro count.
public enum CapacitySummary {
    /// `fits: R of A UNIT (P %)`, or `does not fit: …, short by S; layer L is the first that does not fit (…)`,
    /// plus the first layer the mapper cannot place at all.
    /// - Parameters:
    ///   - shortfall: how much is missing, with units (`"120 cells"`, `"3 macros (12288 cells)"`).
    ///   - failing: the first layer that does not fit, its missing and total amount in `layerUnit` (default `unit`).
    public static func line(required: Int, available: Int, unit: String, layerUnit: String? = nil, fits: Bool, shortfall: String,
                            failing: (name: String, missing: Int, total: Int)?,
                            unmappable: [(name: String, reason: String)]) -> String {
        let percent = available > 0 ? Double(required) / Double(available) * 100 : .infinity
        let head = "\(required) of \(available) \(unit) (\(percentText(percent)) %)"
        var text: String
        if let fail = failing {
            text = "does not fit: \(head), short by \(shortfall); layer \(fail.name) is the first that does not fit "
                + "(\(fail.missing) of its \(fail.total) \(layerUnit ?? unit) have no place)"
        } else {
            text = (fits ? "fits: " : "does not fit: ") + head
        }
        if let first = unmappable.first {
            text += "; \(unmappable.count) layer(s) cannot be mapped, first \(first.name): \(first.reason)"
        }
        return text
    }

    /// One decimal, without Foundation (CIMHardware stays dependency-free).
    static func percentText(_ p: Double) -> String {
        guard p.isFinite, p >= 0, p < 1e15 else { return "\(p)" }
        let tenths = Int((p * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
