/// A value tabulated against the peripheral supply voltage, interpolated linearly between points.
///
/// Outside the table (outside the validated range) the value is extrapolated by its physics: CV² terms
/// scale the nearest end point by (V / V_end)²; terms that grow about linearly in V continue the end segment.
public struct VoltageTable: Hashable, Sendable {
    /// How to continue the table beyond its end points.
    public enum Extrapolation: Int, Hashable, Sendable {
        /// End value × (V / V_end)².
        case quadratic
        /// Continue the end segment's straight line.
        case linear
    }

    /// Strictly increasing voltages, volts.
    public let voltages_v: [Double]
    /// Values at `voltages_v`.
    public let values: [Double]
    public let extrapolation: Extrapolation

    public init(voltages_v: [Double], values: [Double], extrapolation: Extrapolation = .quadratic) {
        precondition(voltages_v.count == values.count && !voltages_v.isEmpty)
        self.voltages_v = voltages_v
        self.values = values
        self.extrapolation = extrapolation
    }

    /// Lowest and highest tabulated voltage.
    public var range: ClosedRange<Double> { voltages_v[0]...voltages_v[voltages_v.count - 1] }

    /// The value at `voltage_v`.
    /// - Complexity: O(table size).
    public func value(at voltage_v: Double) -> Double {
        let n = voltages_v.count
        if voltage_v < voltages_v[0] || voltage_v > voltages_v[n - 1] {
            let end = voltage_v < voltages_v[0] ? 0 : n - 1
            if extrapolation == .linear && n > 1 {
                let other = end == 0 ? 1 : n - 2
                let slope = (values[end] - values[other]) / (voltages_v[end] - voltages_v[other])
                return values[end] + slope * (voltage_v - voltages_v[end])
            }
            let r = voltage_v / voltages_v[end]
            return values[end] * r * r
        }
        if voltage_v == voltages_v[n - 1] { return values[n - 1] }
        var i = 1
        while voltages_v[i] < voltage_v { i += 1 }
        let t = (voltage_v - voltages_v[i - 1]) / (voltages_v[i] - voltages_v[i - 1])
        return values[i - 1] + t * (values[i] - values[i - 1])
    }
}

/// NeuroSim's supported technology nodes; other nodes interpolate every output linearly between neighbours.
public struct NeuroSimNodes: Hashable, Sendable {
    /// Supported nodes, nm, increasing (7…130 by default).
    public let nodes_nm: [Double]
    /// Node at which the 32 nm periphery constants were measured.
    public let referenceNode_nm: Double
    /// Periphery energy scales as (node / reference)^energyExponent at supported nodes (capacitance ∝ F).
    public let energyExponent: Double
    /// Periphery and array area scale as (node / reference)^areaExponent at supported nodes.
    public let areaExponent: Double

    public init(nodes_nm: [Double], referenceNode_nm: Double, energyExponent: Double, areaExponent: Double) {
        self.nodes_nm = nodes_nm
        self.referenceNode_nm = referenceNode_nm
        self.energyExponent = energyExponent
        self.areaExponent = areaExponent
    }

    /// Whether `node_nm` is one of the supported nodes.
    public func isSupported(_ node_nm: Double) -> Bool { nodes_nm.contains(node_nm) }

    /// Linear interpolation of `f` evaluated at the supported nodes around `node_nm`; clamped outside.
    /// - Complexity: O(number of nodes).
    public func interpolate(_ node_nm: Double, _ f: (Double) -> Double) -> Double {
        let n = nodes_nm.count
        if node_nm <= nodes_nm[0] { return f(nodes_nm[0]) }
        if node_nm >= nodes_nm[n - 1] { return f(nodes_nm[n - 1]) }
        var i = 1
        while nodes_nm[i] < node_nm { i += 1 }
        if nodes_nm[i] == node_nm { return f(node_nm) }
        let lo = nodes_nm[i - 1], hi = nodes_nm[i]
        let t = (node_nm - lo) / (hi - lo)
        return f(lo) + t * (f(hi) - f(lo))
    }

    /// Energy factor of a periphery circuit at `node_nm` relative to the reference node.
    public func energyScale(_ node_nm: Double) -> Double {
        interpolate(node_nm) { Self.power($0 / referenceNode_nm, energyExponent) }
    }

    /// Area factor of a periphery circuit or array at `node_nm` relative to the reference node.
    public func areaScale(_ node_nm: Double) -> Double {
        interpolate(node_nm) { Self.power($0 / referenceNode_nm, areaExponent) }
    }

    /// x^e without Foundation (x > 0).
    @usableFromInline static func power(_ x: Double, _ e: Double) -> Double { Math.pow(x, e) }
}
