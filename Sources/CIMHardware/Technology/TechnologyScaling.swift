/// Moves a component's energy and area from the node it was characterised at to any node from 7 to 130 nm.
///
/// One rule per kind of circuit, each the rule CiMLoop's plug-ins apply:
/// - `.logic` — digital logic, drivers, registers, counters: the Stillmaker–Baas node tables of the
///   Accelergy library plug-in (area: its 7 nm row; energy: a quadratic in Vdd per node), linear in the
///   node between table nodes.
/// - `.adc` — sense amplifiers / ADCs: NeuroSim's per-node multilevel-sense-amplifier power per level
///   (exact at NeuroSim's nodes 7…130 nm, linear interpolation between them as the NeuroSim plug-in does);
///   area ∝ F² because NeuroSim lays its circuits out in feature-size units.
/// - `.bitcell` — SRAM bit cells: area ∝ F² (cells are drawn in F²), energy by the logic rule.
/// - `.capacitor` — metal capacitors: capacitance density and C·V² do not depend on the node (CiMLoop's
///   capacitor model takes a fixed F/m²), so both factors are 1.
///
/// SRAM buffers (CACTI) are not here: `CACTISRAM.nodeFactors` applies the CACTI plug-in's node rules to
/// the CACTI tables of `datasets/tech/cacti_32nm.csv`, and the SRAM chip model uses it.
///
/// Every factor is exact at the table nodes (a ratio of table entries) and monotone between them.
public enum TechnologyScaling {
    /// How a component scales across nodes.
    public enum Rule: String, Hashable, Sendable, Codable, CaseIterable {
        case logic, adc, bitcell, capacitor
    }

    /// Supported node range, nanometres.
    public static let supportedRange_nm: ClosedRange<Double> = 7...130

    /// Nominal supply at which node energies are compared (the library plug-in's default).
    public static let nominalVdd_v = 0.8

    // MARK: Tables

    /// Stillmaker–Baas nodes (library plug-in `TECH_NODES`), largest first.
    public static let logicNodes_nm: [Double] = [130, 90, 65, 45, 32, 20, 16, 14, 10, 7]

    /// `logicAreaTable[from][to]`: area multiplier from node `from` to node `to` (library plug-in `AREA_SCALING`).
    public static let logicAreaTable: [[Double]] = [
        [1, 0.44, 0.23, 0.16, 0.072, 0.033, 0.03, 0.027, 0.016, 0.0092],
        [2.3, 1, 0.53, 0.35, 0.16, 0.075, 0.067, 0.061, 0.036, 0.021],
        [4.3, 1.9, 1, 0.66, 0.31, 0.14, 0.13, 0.12, 0.068, 0.039],
        [6.4, 2.8, 1.5, 1, 0.46, 0.21, 0.19, 0.17, 0.1, 0.059],
        [14, 6.1, 3.3, 2.2, 1, 0.46, 0.41, 0.38, 0.22, 0.13],
        [30, 13, 7.1, 4.7, 2.2, 1, 0.89, 0.82, 0.48, 0.28],
        [34, 15, 7.9, 5.3, 2.4, 1.1, 1, 0.91, 0.54, 0.31],
        [37, 16, 8.7, 5.8, 2.7, 1.2, 1.1, 1, 0.59, 0.34],
        [63, 28, 15, 9.8, 4.5, 2.1, 1.9, 1.7, 1, 0.58],
        [110, 48, 25, 17, 7.8, 3.6, 3.2, 2.9, 1.7, 1],
    ]

    /// Per node: energy ∝ a·Vdd² + b·Vdd + c (library plug-in `ENERGY_SCALING`).
    public static let logicEnergyCoefficients: [(a: Double, b: Double, c: Double)] = [
        (7.171, -6.709, 2.904), (4.762, -4.781, 2.092), (3.755, -4.398, 1.975),
        (1.103, -0.362, 0.2767), (0.9559, -0.7823, 0.471), (0.373, -0.1582, 0.04104),
        (0.2958, -0.1241, 0.03024), (0.2363, -0.09675, 0.02239), (0.2068, -0.09311, 0.02375),
        (0.1776, -0.09097, 0.02447),
    ]

    /// NeuroSim nodes and the multilevel sense amplifier's power per level (µW, LP current mode).
    public static let neurosimNodes_nm: [Double] = [130, 90, 65, 45, 32, 22, 14, 10, 7]
    public static let neurosimSensePowerPerLevel_uW: [Double] = [18.09, 12.612, 8.4147, 6.3162, 3.0875, 1.7, 1.0, 0.55, 0.35]

    // MARK: Factors

    /// Energy multiplier from `from` nm to `to` nm.
    ///
    /// - Precondition: both nodes lie in ``supportedRange_nm``.
    public static func energyFactor(_ rule: Rule, from: Double, to: Double, vdd_v: Double = nominalVdd_v) -> Double {
        precondition(supportedRange_nm.contains(from) && supportedRange_nm.contains(to), "node outside 7–130 nm")
        switch rule {
        case .logic, .bitcell:
            return logicEnergy(at: to, vdd_v: vdd_v) / logicEnergy(at: from, vdd_v: vdd_v)
        case .adc:
            return neurosimSensePower(at: to) / neurosimSensePower(at: from)
        case .capacitor:
            return 1
        }
    }

    /// Area multiplier from `from` nm to `to` nm.
    ///
    /// - Precondition: both nodes lie in ``supportedRange_nm``.
    public static func areaFactor(_ rule: Rule, from: Double, to: Double) -> Double {
        precondition(supportedRange_nm.contains(from) && supportedRange_nm.contains(to), "node outside 7–130 nm")
        switch rule {
        case .logic:
            return logicArea(from: from, to: to)
        case .adc, .bitcell:
            return (to / from) * (to / from)
        case .capacitor:
            return 1
        }
    }

    /// Whether `node_nm` is a node of the table the rule reads (where the factor is a ratio of entries).
    public static func isTableNode(_ rule: Rule, _ node_nm: Double) -> Bool {
        switch rule {
        case .logic, .bitcell, .capacitor: return logicNodes_nm.contains(node_nm)
        case .adc: return neurosimNodes_nm.contains(node_nm)
        }
    }

    // MARK: Helpers

    /// Fractional index of `node` in a largest-first node list (linear between neighbours).
    @usableFromInline static func fractionalIndex(_ node: Double, in nodes: [Double]) -> Double {
        if node >= nodes[0] { return 0 }
        for i in 1..<nodes.count where node >= nodes[i] {
            let hi = nodes[i - 1], lo = nodes[i]
            return Double(i - 1) + (hi - node) / (hi - lo)
        }
        return Double(nodes.count - 1)
    }

    /// Linear interpolation of `values` (aligned with `nodes`) at `node`.
    @usableFromInline static func interpolate(_ values: [Double], nodes: [Double], at node: Double) -> Double {
        let x = fractionalIndex(node, in: nodes)
        let i = Int(x.rounded(.down)), j = min(i + 1, values.count - 1), t = x - Double(i)
        return values[i] * (1 - t) + values[j] * t
    }

    /// Stillmaker–Baas energy at `node`, linear between table nodes (the two neighbours' polynomials only,
    /// so no per-call array).
    static func logicEnergy(at node: Double, vdd_v: Double) -> Double {
        let x = fractionalIndex(node, in: logicNodes_nm)
        let i = Int(x.rounded(.down)), j = min(i + 1, logicEnergyCoefficients.count - 1), t = x - Double(i)
        func energy(_ k: Int) -> Double {
            let c = logicEnergyCoefficients[k]
            return c.a * vdd_v * vdd_v + c.b * vdd_v + c.c
        }
        return energy(i) * (1 - t) + energy(j) * t
    }

    /// Relative logic area of a node: the 7 nm row of the library matrix (`AREA_SCALING[7 nm][·]`),
    /// linear between table nodes. The plug-in's matrix is not a consistent ratio table (A→B·B→A ≠ 1, so its
    /// bilinear lookup is not even 1 from a node to itself); one row makes every factor a ratio of two
    /// entries. Factors from or to 7 nm equal the matrix; other pairs are within 3.4 % of it.
    static func logicRelativeArea(at node: Double) -> Double {
        interpolate(logicAreaTable[logicAreaTable.count - 1], nodes: logicNodes_nm, at: node)
    }

    static func logicArea(from: Double, to: Double) -> Double {
        logicRelativeArea(at: to) / logicRelativeArea(at: from)
    }

    static func neurosimSensePower(at node: Double) -> Double {
        interpolate(neurosimSensePowerPerLevel_uW, nodes: neurosimNodes_nm, at: node)
    }
}
