/// Technology rows indexed by (component, parameter), tracking which ones were read.
struct EntryTable {
    private var entries: [String: TechnologyEntry] = [:]
    private var used: Set<String> = []

    private static func key(_ c: String, _ p: String) -> String { c + "\u{1F}" + p }

    init(_ list: [TechnologyEntry]) throws(TechnologyError) {
        for e in list {
            guard TechnologyEntry.acceptedUnits.contains(e.unit) else {
                throw TechnologyError(component: e.component, parameter: e.parameter,
                                      reason: "unit '\(e.unit)' is not one of \(TechnologyEntry.acceptedUnits.sorted().joined(separator: " "))")
            }
            guard e.value.isFinite else {
                throw TechnologyError(component: e.component, parameter: e.parameter, reason: "value \(e.value) is not finite")
            }
            let k = Self.key(e.component, e.parameter)
            if entries[k] != nil {
                throw TechnologyError(component: e.component, parameter: e.parameter, reason: "duplicate entry")
            }
            entries[k] = e
        }
    }

    /// The value of a required entry with the given unit.
    mutating func value(_ c: String, _ p: String, _ unit: String) throws(TechnologyError) -> Double {
        let k = Self.key(c, p)
        guard let e = entries[k] else { throw TechnologyError(component: c, parameter: p, reason: "missing, expected a value in \(unit)") }
        guard e.unit == unit else {
            throw TechnologyError(component: c, parameter: p, reason: "unit '\(e.unit)', expected '\(unit)'")
        }
        used.insert(k)
        return e.value
    }

    mutating func positive(_ c: String, _ p: String, _ unit: String) throws(TechnologyError) -> Double {
        let v = try value(c, p, unit)
        guard v > 0 else { throw TechnologyError(component: c, parameter: p, reason: "value \(v), expected > 0") }
        return v
    }

    mutating func nonNegative(_ c: String, _ p: String, _ unit: String) throws(TechnologyError) -> Double {
        let v = try value(c, p, unit)
        guard v >= 0 else { throw TechnologyError(component: c, parameter: p, reason: "value \(v), expected ≥ 0") }
        return v
    }

    /// Parameter names of a component, sorted.
    func parameters(of c: String) -> [String] {
        entries.values.filter { $0.component == c }.map(\.parameter).sorted()
    }

    /// All entries `prefix<number>` of a component, sorted by the number (at least one required).
    mutating func suffixed(_ c: String, prefix: String, unit: String) throws(TechnologyError) -> [(key: Double, value: Double)] {
        var out: [(key: Double, value: Double)] = []
        for p in parameters(of: c) where p.hasPrefix(prefix) {
            guard let x = Double(p.dropFirst(prefix.count)), x.isFinite, x > 0 else {
                // Longer names sharing the prefix (e.g. encoder_area_per_col vs …_c64) are other parameters.
                continue
            }
            out.append((x, try value(c, p, unit)))
        }
        guard !out.isEmpty else { throw TechnologyError(component: c, parameter: prefix + "*", reason: "missing, expected at least one entry in \(unit)") }
        return out.sorted { $0.key < $1.key }
    }

    /// A voltage table from entries `prefix<volts>`.
    mutating func voltageTable(_ c: String, prefix: String, unit: String,
                               extrapolation: VoltageTable.Extrapolation = .quadratic) throws(TechnologyError) -> VoltageTable {
        let pts = try suffixed(c, prefix: prefix, unit: unit)
        return VoltageTable(voltages_v: pts.map(\.key), values: pts.map(\.value), extrapolation: extrapolation)
    }

    /// Fails on the first entry (in sorted order) that no model read.
    func requireAllUsed() throws(TechnologyError) {
        for k in entries.keys.sorted() where !used.contains(k) {
            let e = entries[k]!
            throw TechnologyError(component: e.component, parameter: e.parameter, reason: "unknown entry (not used by any component model)")
        }
    }
}
