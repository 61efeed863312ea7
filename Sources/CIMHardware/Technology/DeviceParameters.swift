#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memory device's electrical and statistical parameters: what the cost model and the functional
/// simulator both read from a technology table's `rram_cell` rows (or a device catalogue's `cell.NAME` rows).
///
/// Conductances are 1/R_on (on) and 1/R_off (off); a cell storing level r of 2^b − 1 sits at
/// G_off + r·(G_on − G_off)/(2^b − 1). Variation is relative: G ← G·(1 + σ·z) once per cell (device to
/// device), and G·(1 + σ_read·z′) per conversion (read noise). Drift: G(t) = G0·(t/t0)^(−ν) for t > t0.
public struct DeviceParameters: Hashable, Sendable, Codable {
    /// On (low) resistance, Ω.
    public var rOn_ohm: Double
    /// Off (high) resistance, Ω; +∞ for the ideal device.
    public var rOff_ohm: Double
    /// Largest number of bits one cell can store.
    public var maxBitsPerCell: Int
    /// Device-to-device relative conductance spread σ (drawn once per cell).
    public var sigmaD2D: Double
    /// Cycle-to-cycle relative conductance spread per conversion.
    public var readNoiseSigma: Double
    /// Drift exponent ν of G0·(t/t0)^(−ν).
    public var driftNu: Double
    /// Drift reference time t0, seconds.
    public var driftT0_s: Double
    /// Read voltage, volts.
    public var vRead_v: Double
    /// Cell area in F².
    public var area_F2: Double

    public init(rOn_ohm: Double, rOff_ohm: Double, maxBitsPerCell: Int, sigmaD2D: Double, readNoiseSigma: Double,
                driftNu: Double, driftT0_s: Double, vRead_v: Double, area_F2: Double) {
        self.rOn_ohm = rOn_ohm
        self.rOff_ohm = rOff_ohm
        self.maxBitsPerCell = maxBitsPerCell
        self.sigmaD2D = sigmaD2D
        self.readNoiseSigma = readNoiseSigma
        self.driftNu = driftNu
        self.driftT0_s = driftT0_s
        self.vRead_v = vRead_v
        self.area_F2 = area_F2
    }

    /// No variation, no read noise, no drift and an infinite on/off ratio (R_off = +∞).
    public static let ideal = DeviceParameters(
        rOn_ohm: 6000, rOff_ohm: .infinity, maxBitsPerCell: 16, sigmaD2D: 0, readNoiseSigma: 0, driftNu: 0,
        driftT0_s: 1, vRead_v: 0.5, area_F2: 48)

    /// R_off / R_on (+∞ for the ideal device).
    @inlinable public var onOffRatio: Double { rOff_ohm / rOn_ohm }

    /// Off-state conductance in units of the level step of a `bitsPerCell`-bit cell: (2^b − 1)/(ρ − 1).
    @inlinable public func offsetLevels(bitsPerCell b: Int) -> Double {
        let rho = onOffRatio
        return rho.isFinite ? Double((1 << b) - 1) / (rho - 1) : 0
    }

    /// Conductance gain after `time_s` seconds of drift: (t/t0)^(−ν) for t > t0, else 1.
    @inlinable public func driftGain(time_s: Double) -> Double {
        guard driftNu != 0, time_s > driftT0_s else { return 1 }
        return pow(time_s / driftT0_s, -driftNu)
    }

    /// Parameter names of a device in a technology table, in file order, with their units.
    public static let tableParameters: [(name: String, unit: String)] = [
        ("r_on", "ohm"), ("r_off", "ohm"), ("v_read", "V"), ("area", "F2"), ("max_bits_per_cell", "bits"),
        ("sigma_d2d", "1"), ("read_noise_sigma", "1"), ("drift_nu", "1"), ("drift_t0", "s"),
    ]

    /// Reads the device rows of `component`.
    init(_ t: inout EntryTable, component c: String) throws(TechnologyError) {
        let rOn = try t.positive(c, "r_on", "ohm"), rOff = try t.positive(c, "r_off", "ohm")
        guard rOff > rOn else {
            throw TechnologyError(component: c, parameter: "r_off", reason: "value \(rOff), expected > r_on (\(rOn))")
        }
        let bits = try t.positive(c, "max_bits_per_cell", "bits")
        guard bits == bits.rounded(), bits <= 16 else {
            throw TechnologyError(component: c, parameter: "max_bits_per_cell", reason: "value \(bits), expected an integer 1…16")
        }
        let sigma = try t.nonNegative(c, "sigma_d2d", "1"), read = try t.nonNegative(c, "read_noise_sigma", "1")
        for (name, v) in [("sigma_d2d", sigma), ("read_noise_sigma", read)] where v > 1 {
            throw TechnologyError(component: c, parameter: name, reason: "value \(v), expected a relative spread 0…1")
        }
        self.init(rOn_ohm: rOn, rOff_ohm: rOff, maxBitsPerCell: Int(bits), sigmaD2D: sigma, readNoiseSigma: read,
                  driftNu: try t.nonNegative(c, "drift_nu", "1"), driftT0_s: try t.positive(c, "drift_t0", "s"),
                  vRead_v: try t.positive(c, "v_read", "V"), area_F2: try t.positive(c, "area", "F2"))
    }

    /// Devices of a catalogue table: every component `cell.NAME` becomes device NAME.
    /// - Throws: `TechnologyError` naming the first missing, out-of-range or unknown entry.
    public static func catalogue(entries: [TechnologyEntry]) throws(TechnologyError) -> [String: DeviceParameters] {
        var t = try EntryTable(entries)
        var out: [String: DeviceParameters] = [:]
        for component in Set(entries.map(\.component)).sorted() {
            guard component.hasPrefix(catalogueComponentPrefix), component.count > catalogueComponentPrefix.count else {
                throw TechnologyError(component: component, parameter: "", reason: "unknown component, expected cell.NAME")
            }
            out[String(component.dropFirst(catalogueComponentPrefix.count))] = try DeviceParameters(&t, component: component)
        }
        try t.requireAllUsed()
        return out
    }

    /// Component prefix of devices in a catalogue table.
    public static let catalogueComponentPrefix = "cell."
}
