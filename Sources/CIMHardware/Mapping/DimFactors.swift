/// A Timeloop problem dimension that the mapping distributes (X and Z, the input/output bit dims, are
/// always fully spatial inside the virtual MAC and never appear here).
public enum MappingDim: Int, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case C, M, R, S, P, Q, G, N
    /// Weight slices (columns per weight): ceil(weight bits / bits per slice).
    case Y

    public var description: String {
        switch self {
        case .C: "C"
        case .M: "M"
        case .R: "R"
        case .S: "S"
        case .P: "P"
        case .Q: "Q"
        case .G: "G"
        case .N: "N"
        case .Y: "Y"
        }
    }

    /// Number of dims.
    @inlinable public static var count: Int { 9 }

    /// The dim with `index` in 0..<count, for allocation-free iteration in hot loops.
    @inlinable @inline(__always) public static func at(_ index: Int) -> MappingDim {
        MappingDim(rawValue: index).unsafelyUnwrapped
    }

    /// Whether the dim indexes the weights (such a dim must be fully spatial: no temporal weight reuse).
    @inlinable public var isWeightDim: Bool {
        switch self {
        case .C, .M, .R, .S, .G, .Y: true
        case .P, .Q, .N: false
        }
    }
}

/// One factor per mapping dimension (1 when the dimension is not split at that level).
///
/// Fixed storage, no heap: the hot path builds and reads these by value.
public struct DimFactors: Hashable, Sendable, Codable {
    public var C = 1, M = 1, R = 1, S = 1, P = 1, Q = 1, G = 1, N = 1, Y = 1

    @inlinable public init() {}

    @inlinable public init(C: Int = 1, M: Int = 1, R: Int = 1, S: Int = 1, P: Int = 1, Q: Int = 1,
                           G: Int = 1, N: Int = 1, Y: Int = 1) {
        self.C = C; self.M = M; self.R = R; self.S = S; self.P = P; self.Q = Q; self.G = G; self.N = N; self.Y = Y
    }

    @inlinable public subscript(_ d: MappingDim) -> Int {
        get {
            switch d {
            case .C: C
            case .M: M
            case .R: R
            case .S: S
            case .P: P
            case .Q: Q
            case .G: G
            case .N: N
            case .Y: Y
            }
        }
        set {
            switch d {
            case .C: C = newValue
            case .M: M = newValue
            case .R: R = newValue
            case .S: S = newValue
            case .P: P = newValue
            case .Q: Q = newValue
            case .G: G = newValue
            case .N: N = newValue
            case .Y: Y = newValue
            }
        }
    }

    /// Product of all factors (the fan-out used at a level).
    @inlinable public var product: Int { C * M * R * S * P * Q * G * N * Y }

    /// Product of the input-relevant factors {C, R, S, P, Q, G, N} (M and Y copies share inputs).
    @inlinable public var inputRelevantProduct: Int { C * R * S * P * Q * G * N }

    /// The non-unit factors in Timeloop's notation, e.g. "C=14 R=3 S=3".
    public var summary: String {
        var parts: [String] = []
        for d in MappingDim.allCases where self[d] != 1 { parts.append("\(d)=\(self[d])") }
        return parts.isEmpty ? "-" : parts.joined(separator: " ")
    }
}
