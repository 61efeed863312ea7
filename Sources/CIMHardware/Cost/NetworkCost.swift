/// A whole network on one chip: layers run one after another, each on the whole chip (docs/cost-model.md, "Network aggregation").
public struct NetworkCost: Hashable, Sendable, Codable {
    public var layers: [LayerCost]
    public var chipArea: ChipArea

    @inlinable public init(layers: [LayerCost], chipArea: ChipArea) {
        self.layers = layers
        self.chipArea = chipArea
    }

    /// Index of the first layer without a legal mapping.
    public var firstInfeasibleLayer: Int? { layers.firstIndex { !$0.feasible } }
    public var feasible: Bool { firstInfeasibleLayer == nil }
    /// "layer 3 (name): reason" for the first failing layer; nil when every layer fits.
    public var infeasibleReason: String? {
        guard let i = firstInfeasibleLayer else { return nil }
        let l = layers[i]
        let label = l.name.isEmpty ? "layer \(i)" : "layer \(i) (\(l.name))"
        return "\(label): \(l.infeasibleReason ?? "no legal mapping")"
    }

    /// Σ layer energies, J (``CostLedger/infeasibleEnergy_j`` when a layer does not fit).
    public var energy_j: Double {
        feasible ? layers.reduce(0) { $0 + $1.energy_j } : CostLedger.infeasibleEnergy_j
    }
    /// Σ layer latencies, s (+∞ when a layer does not fit).
    public var latency_s: Double { feasible ? layers.reduce(0) { $0 + $1.latency_s } : .infinity }
    public var cycles: Int { layers.reduce(0) { $0 + $1.cycles } }
    public var macs: Double { layers.reduce(0) { $0 + $1.macs } }
    public var area_mm2: Double { chipArea.area_mm2 }
    /// Energy by component summed over layers, J.
    public var components_j: ComponentValues { layers.reduce(ComponentValues()) { $0 + $1.components_j } }
    /// Priced actions by component summed over layers.
    public var componentActions: ComponentValues {
        layers.reduce(ComponentValues()) { $0 + $1.componentActions }
    }
    /// Energy × latency × area, J·s·mm².
    public var edap_j_s_mm2: Double { CostLedger.edap(energy_j: energy_j, latency_s: latency_s, area_mm2: area_mm2) }
    /// Energy-based efficiency: 2·MACs / energy, TOPS/W (0 when infeasible).
    public var tops_per_w: Double { feasible ? CostLedger.topsPerW(macs: macs, energy_j: energy_j) : 0 }
    /// 2·MACs / latency, TOPS (0 when infeasible).
    public var tops: Double { feasible ? CostLedger.tops(macs: macs, latency_s: latency_s) : 0 }
    /// 2·MACs / latency / area, TOPS/mm² (0 when infeasible).
    public var tops_per_mm2: Double {
        feasible ? CostLedger.topsPerMM2(macs: macs, latency_s: latency_s, area_mm2: area_mm2) : 0
    }
    /// Time-weighted utilisation: Σ utilisation × cycles / Σ cycles, percent (CIMNAS reports the max, `cimnas.u`).
    public var utilization_percent: Double {
        let c = Double(cycles)
        guard feasible, c > 0 else { return 0 }
        return layers.reduce(0) { $0 + $1.utilization_percent * Double($1.cycles) } / c
    }

    /// CIMNAS's `getMetrics` aggregates, for one-to-one comparison with the original.
    public var cimnas: CIMNASMetrics { CIMNASMetrics(self) }
}

/// CIMNAS network aggregates: sums of energy and latency, area in cm², means and maxima of per-layer
/// TOPS/W and TOPS/mm², mean TOPS, maximum utilisation.
public struct CIMNASMetrics: Hashable, Sendable, Codable {
    /// Σ energy, J.
    public var e: Double
    /// Area, cm².
    public var a: Double
    /// Σ latency, s.
    public var l: Double
    /// Mean of per-layer TOPS/W and TOPS/mm².
    public var a_tpw: Double
    public var a_tpm: Double
    /// Max of per-layer TOPS/W and TOPS/mm².
    public var m_tpw: Double
    public var m_tpm: Double
    /// Mean per-layer TOPS.
    public var tp: Double
    /// Max per-layer utilisation, percent.
    public var u: Double
    /// u × a.
    public var au: Double

    public init(_ n: NetworkCost) {
        e = n.energy_j
        l = n.latency_s
        a = n.chipArea.area_cm2
        let count = Double(max(1, n.layers.count))
        a_tpw = n.layers.reduce(0) { $0 + $1.tops_per_w } / count
        a_tpm = n.layers.reduce(0) { $0 + $1.tops_per_mm2 } / count
        tp = n.layers.reduce(0) { $0 + $1.tops } / count
        m_tpw = n.layers.reduce(0) { max($0, $1.tops_per_w) }
        m_tpm = n.layers.reduce(0) { max($0, $1.tops_per_mm2) }
        u = n.layers.reduce(0) { max($0, $1.utilization_percent) }
        au = u * a
    }
}
