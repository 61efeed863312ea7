/// A whole network on one chip: layers run one after another, each on the whole chip (docs/cost-model.md, "Network aggregation").
public struct NetworkCost: Hashable, Sendable, Codable {
    public var layers: [LayerCost]
    public var chipArea: ChipArea

    @inlinable public init(layers: [LayerCost], chipArea: ChipArea) {
        self.layers = layers
        self.chipArea = chipArea
    }

    /// Index of the first layer without a legal mapping.
    public var firstInfeasibleLayer: Int? { layers.firstInfeasibleLayer }
    public var feasible: Bool { firstInfeasibleLayer == nil }
    /// "layer 3 (name): reason" for the first failing layer; nil when every layer fits.
    public var infeasibleReason: String? {
        guard let i = firstInfeasibleLayer else { return nil }
        let l = layers[i]
        let label = l.name.isEmpty ? "layer \(i)" : "layer \(i) (\(l.name))"
        return "\(label): \(l.infeasibleReason ?? "no legal mapping")"
    }

    // Totals are the layers' (`LayerFigures`), written once for fresh and cached layers.
    /// Σ layer energies, J (``CostLedger/infeasibleEnergy_j`` when a layer does not fit).
    public var energy_j: Double { layers.totalEnergy_j }
    /// Σ layer latencies, s (+∞ when a layer does not fit).
    public var latency_s: Double { layers.totalLatency_s }
    public var cycles: Int { layers.totalCycles }
    public var macs: Double { layers.totalMACs }
    public var area_mm2: Double { chipArea.area_mm2 }
    /// Energy by component summed over layers, J.
    public var components_j: ComponentValues { layers.totalComponents_j }
    /// Priced actions by component summed over layers.
    public var componentActions: ComponentValues {
        layers.reduce(ComponentValues()) { $0 + $1.componentActions }
    }
    /// Energy × latency × area, J·s·mm².
    public var edap_j_s_mm2: Double { layers.networkEDAP_j_s_mm2(chipArea_mm2: area_mm2) }
    /// Energy-based efficiency: 2·MACs / energy, TOPS/W (0 when infeasible).
    public var tops_per_w: Double { layers.networkTOPSPerW }
    /// 2·MACs / latency, TOPS (0 when infeasible).
    public var tops: Double { layers.networkTOPS }
    /// 2·MACs / latency / area, TOPS/mm² (0 when infeasible).
    public var tops_per_mm2: Double { layers.networkTOPSPerMM2(chipArea_mm2: area_mm2) }
    /// Time-weighted utilisation: Σ utilisation × cycles / Σ cycles, percent (CIMNAS reports the max, `cimnas.u`).
    public var utilization_percent: Double { layers.timeWeightedUtilization_percent }

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

    public init(_ n: NetworkCost) { self.init(layers: n.layers, chipArea: n.chipArea) }

    /// The aggregates of fresh or cached layers on a chip of `chipArea`.
    public init<Layers: Collection>(layers: Layers, chipArea: ChipArea) where Layers.Element: LayerFigures {
        e = layers.totalEnergy_j
        l = layers.totalLatency_s
        a = chipArea.area_cm2
        let area_mm2 = chipArea.area_mm2
        let count = Double(max(1, layers.count))
        a_tpw = layers.reduce(0) { $0 + $1.layerTOPSPerW } / count
        a_tpm = layers.reduce(0) { $0 + $1.layerTOPSPerMM2(chipArea_mm2: area_mm2) } / count
        tp = layers.reduce(0) { $0 + $1.layerTOPS } / count
        m_tpw = layers.reduce(0) { max($0, $1.layerTOPSPerW) }
        m_tpm = layers.reduce(0) { max($0, $1.layerTOPSPerMM2(chipArea_mm2: area_mm2)) }
        u = layers.reduce(0) { max($0, $1.utilization_percent) }
        au = u * a
    }
}
