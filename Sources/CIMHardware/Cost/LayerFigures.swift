/// What network totals read of one layer: a fresh `LayerCost`, or a layer's cost as cached (CIMSearch's
/// `CachedLayerCost`), so both are aggregated by the same code (docs/cost-model.md, "Network aggregation").
public protocol LayerFigures {
    /// Whether the layer has a legal mapping on the chip.
    var feasible: Bool { get }
    /// Energy of a feasible layer, J.
    var energy_j: Double { get }
    /// Latency of a feasible layer, s.
    var latency_s: Double { get }
    var macs: Double { get }
    var cycleCount: Int { get }
    var utilization_percent: Double { get }
    /// Energy by component, J.
    var components_j: ComponentValues { get }
}

extension LayerFigures {
    /// 2·MACs / latency, TOPS (0 when infeasible), as ``CostLedger/tops``.
    @inlinable public var layerTOPS: Double { feasible ? CostLedger.tops(macs: macs, latency_s: latency_s) : 0 }
    /// 2·MACs / energy, TOPS/W (0 when infeasible).
    @inlinable public var layerTOPSPerW: Double { feasible ? CostLedger.topsPerW(macs: macs, energy_j: energy_j) : 0 }
    /// 2·MACs / latency / chip area, TOPS/mm² (0 when infeasible).
    @inlinable public func layerTOPSPerMM2(chipArea_mm2: Double) -> Double {
        feasible ? CostLedger.topsPerMM2(macs: macs, latency_s: latency_s, area_mm2: chipArea_mm2) : 0
    }
}

/// Network totals of layers run one after another, each on the whole chip: written once for every layer type.
extension Collection where Element: LayerFigures {
    /// Position of the first layer without a legal mapping.
    @inlinable public var firstInfeasibleLayer: Int? { firstIndex { !$0.feasible }.map { distance(from: startIndex, to: $0) } }
    @inlinable public var allFeasible: Bool { allSatisfy(\.feasible) }
    /// Σ layer energies, J (``CostLedger/infeasibleEnergy_j`` when a layer does not fit).
    @inlinable public var totalEnergy_j: Double {
        allFeasible ? reduce(0) { $0 + $1.energy_j } : CostLedger.infeasibleEnergy_j
    }
    /// Σ layer latencies, s (+∞ when a layer does not fit).
    @inlinable public var totalLatency_s: Double { allFeasible ? reduce(0) { $0 + $1.latency_s } : .infinity }
    @inlinable public var totalCycles: Int { reduce(0) { $0 + $1.cycleCount } }
    @inlinable public var totalMACs: Double { reduce(0) { $0 + $1.macs } }
    /// Energy by component summed over layers, J.
    @inlinable public var totalComponents_j: ComponentValues { reduce(ComponentValues()) { $0 + $1.components_j } }
    /// Energy × latency × area on a chip of `chipArea_mm2`, J·s·mm² (+∞ when a layer does not fit).
    @inlinable public func networkEDAP_j_s_mm2(chipArea_mm2: Double) -> Double {
        CostLedger.edap(energy_j: totalEnergy_j, latency_s: totalLatency_s, area_mm2: chipArea_mm2)
    }
    /// 2·MACs / energy, TOPS/W (0 when a layer does not fit).
    @inlinable public var networkTOPSPerW: Double {
        allFeasible ? CostLedger.topsPerW(macs: totalMACs, energy_j: totalEnergy_j) : 0
    }
    /// 2·MACs / latency, TOPS (0 when a layer does not fit).
    @inlinable public var networkTOPS: Double { allFeasible ? CostLedger.tops(macs: totalMACs, latency_s: totalLatency_s) : 0 }
    /// 2·MACs / latency / chip area, TOPS/mm² (0 when a layer does not fit).
    @inlinable public func networkTOPSPerMM2(chipArea_mm2: Double) -> Double {
        allFeasible ? CostLedger.topsPerMM2(macs: totalMACs, latency_s: totalLatency_s, area_mm2: chipArea_mm2) : 0
    }
    /// Time-weighted utilisation: Σ utilisation × cycles / Σ cycles, percent (0 when infeasible).
    @inlinable public var timeWeightedUtilization_percent: Double {
        let c = Double(totalCycles)
        guard allFeasible, c > 0 else { return 0 }
        return reduce(0) { $0 + $1.utilization_percent * Double($1.cycleCount) } / c
    }
}

extension LayerCost: LayerFigures {
    @inlinable public var cycleCount: Int { cycles }
}
