import CIMHardware

/// A design's network totals from its per-layer costs, aggregated the way CIMNAS does: energies, latencies
/// and MACs summed in layer order; TOPS/W and TOPS/mm² averaged over layers; the first layer that cannot be
/// mapped makes the design infeasible.
///
/// The search's evaluator and both precompute paths use this one type, so precomputed rows equal the
/// search's bit for bit (same operations in the same order).
struct DesignTotals {
    var energy_j = 0.0
    var latency_s = 0.0
    var macs = 0.0
    /// Σ per-layer TOPS/W, then the mean after ``finish(layerCount:)``.
    var meanTOPSPerW = 0.0
    /// Σ per-layer TOPS/mm², then the mean after ``finish(layerCount:)``.
    var meanTOPSPerMM2 = 0.0
    /// Why the design is infeasible (set by the caller, or by the first layer that cannot be mapped).
    var reason: String?

    init(reason: String?) { self.reason = reason }

    /// Adds one layer; returns false (and records the reason) when the layer cannot be mapped.
    @inline(__always)
    mutating func add(_ c: CachedLayerCost, layerName: @autoclosure () -> String, area_mm2: Double) -> Bool {
        if let why = c.infeasibleReason {
            reason = "layer \(layerName()) cannot be mapped: \(why)"
            return false
        }
        add(energy_j: c.energy_j, latency_s: c.latency_s, macs: c.macs, area_mm2: area_mm2)
        return true
    }

    /// Adds one mapped layer's energy, latency and MACs (the factorised sweep prices layers without a
    /// `CachedLayerCost`); with `means` false the per-layer TOPS figures are skipped (an archive needs none).
    @inline(__always)
    mutating func add(energy_j e: Double, latency_s l: Double, macs m: Double, area_mm2: Double, means: Bool = true) {
        energy_j += e
        latency_s += l
        macs += m
        guard means else { return }
        meanTOPSPerW += CostLedger.topsPerW(macs: m, energy_j: e)
        meanTOPSPerMM2 += CostLedger.topsPerMM2(macs: m, latency_s: l, area_mm2: area_mm2)
    }

    /// Turns the sums of TOPS into means over `layerCount` layers; an infeasible design reports zeros.
    mutating func finish(layerCount: Int) {
        if layerCount > 0 { meanTOPSPerW /= Double(layerCount); meanTOPSPerMM2 /= Double(layerCount) }
        if reason != nil { energy_j = 0; latency_s = 0; macs = 0; meanTOPSPerW = 0; meanTOPSPerMM2 = 0 }
    }
}
