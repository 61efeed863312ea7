/// Why a set of technology entries cannot be turned into `TechnologyParameters`; one line naming the entry.
public struct TechnologyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Component of the offending entry ("" when the problem is not tied to one entry).
    public var component: String
    /// Parameter of the offending entry.
    public var parameter: String
    /// What is wrong and what was expected.
    public var reason: String

    public init(component: String, parameter: String, reason: String) {
        self.component = component
        self.parameter = parameter
        self.reason = reason
    }

    public var description: String { "technology entry \(component).\(parameter): \(reason)" }
}

extension TechnologyEntry {
    /// Units a technology table may use; a CSV parser should reject anything else.
    public static let acceptedUnits: Set<String> = [
        "1", "count", "bits", "nm", "m", "F2", "um2", "ohm", "ohm*m", "V", "s", "Hz", "dB", "W", "uW", "pJ",
    ]
}
