/// The cost figures of one evaluated design that objectives and constraints are computed from.
public struct DesignMetrics: Hashable, Sendable, Codable {
    /// Inference energy, joules.
    public var energy_j: Double
    /// Inference latency, seconds.
    public var latency_s: Double
    /// Chip area, mm².
    public var area_mm2: Double
    /// Accuracy as a fraction in (0, 1] used to divide `*_acc` objectives (CIMNAS: the predictor's raw score).
    public var accuracy: Double
    /// Predicted ImageNet top-1, percent (used by `--min-accuracy`).
    public var top1_percent: Double

    public init(energy_j: Double, latency_s: Double, area_mm2: Double, accuracy: Double, top1_percent: Double) {
        self.energy_j = energy_j
        self.latency_s = latency_s
        self.area_mm2 = area_mm2
        self.accuracy = accuracy
        self.top1_percent = top1_percent
    }

    /// Chip area, cm² (the CIMNAS objective unit).
    @inlinable public var area_cm2: Double { area_mm2 / 100 }
    /// Energy × latency × area, J·s·cm²: the EDAP of CIMNAS in its objectives' unit (`ela`, `ela_acc`); every
    /// output and column uses ``edap_j_s_mm2``.
    @inlinable public var edap_j_s_cm2: Double { energy_j * latency_s * area_cm2 }
    /// Energy × latency × area, J·s·mm² (the unit every output and column uses).
    @inlinable public var edap_j_s_mm2: Double { energy_j * latency_s * area_mm2 }
}

/// A scalar objective of the CIMNAS GA (`typeObj`), minimised.
///
/// `e`, `l`, `a` are energy (J), latency (s) and area (cm²); `ela` is their product (EDAP) and `el`
/// energy × latency. Each `_acc` variant divides by the accuracy fraction.
public enum SearchObjective: String, CaseIterable, Hashable, Sendable, Codable {
    case e, l, a, ela, el
    case e_acc, l_acc, a_acc, ela_acc, el_acc

    /// The objective value of a design (smaller is better).
    @inlinable public func value(_ m: DesignMetrics) -> Double {
        switch self {
        case .e: m.energy_j
        case .l: m.latency_s
        case .a: m.area_cm2
        case .ela: m.edap_j_s_cm2
        case .el: m.energy_j * m.latency_s
        case .e_acc: m.energy_j / m.accuracy
        case .l_acc: m.latency_s / m.accuracy
        case .a_acc: m.area_cm2 / m.accuracy
        case .ela_acc: m.edap_j_s_cm2 / m.accuracy
        case .el_acc: m.energy_j * m.latency_s / m.accuracy
        }
    }

    /// Human-readable formula with units.
    public var summary: String {
        switch self {
        case .e: "energy (J)"
        case .l: "latency (s)"
        case .a: "area (cm²)"
        case .ela: "energy × latency × area (J·s·cm², EDAP)"
        case .el: "energy × latency (J·s)"
        case .e_acc: "energy / accuracy"
        case .l_acc: "latency / accuracy"
        case .a_acc: "area / accuracy"
        case .ela_acc: "EDAP / accuracy"
        case .el_acc: "energy × latency / accuracy"
        }
    }
}

/// One metric NSGA-II can trade off (accuracy is maximised, the rest minimised).
public enum ParetoMetric: String, CaseIterable, Hashable, Sendable, Codable {
    case energy, latency, area, accuracy

    /// The value to minimise.
    @inlinable public func minimised(_ m: DesignMetrics) -> Double {
        switch self {
        case .energy: m.energy_j
        case .latency: m.latency_s
        case .area: m.area_cm2
        case .accuracy: -m.top1_percent
        }
    }
}

/// Limits a design must satisfy; each active limit adds one `g ≤ 0` constraint value.
public struct SearchConstraints: Hashable, Sendable, Codable {
    /// Largest chip area, mm² (CIMNAS: 8 cm² = 800 mm²).
    public var maxArea_mm2: Double?
    /// Smallest predicted top-1, percent.
    public var minTop1_percent: Double?
    /// Largest latency, seconds.
    public var maxLatency_s: Double?
    /// Largest energy, joules.
    public var maxEnergy_j: Double?

    public init(maxArea_mm2: Double? = nil, minTop1_percent: Double? = nil, maxLatency_s: Double? = nil,
                maxEnergy_j: Double? = nil) {
        self.maxArea_mm2 = maxArea_mm2
        self.minTop1_percent = minTop1_percent
        self.maxLatency_s = maxLatency_s
        self.maxEnergy_j = maxEnergy_j
    }

    /// The CIMNAS paper's limit: area ≤ 8 cm².
    public static let paper = SearchConstraints(maxArea_mm2: 800)

    /// Number of constraint values `values(_:)` returns.
    public var count: Int {
        [maxArea_mm2, minTop1_percent, maxLatency_s, maxEnergy_j].compactMap { $0 }.count
    }

    /// Constraint values (≤ 0 satisfied) in a fixed order: area, accuracy, latency, energy.
    ///
    /// Area is measured in cm² as CIMNAS does (`area − 8`), so violations are comparable with its CV.
    @inlinable public func values(_ m: DesignMetrics) -> [Double] {
        var g: [Double] = []
        if let a = maxArea_mm2 { g.append((m.area_mm2 - a) / 100) }
        if let acc = minTop1_percent { g.append(acc - m.top1_percent) }
        if let l = maxLatency_s { g.append(m.latency_s - l) }
        if let e = maxEnergy_j { g.append(m.energy_j - e) }
        return g
    }
}
