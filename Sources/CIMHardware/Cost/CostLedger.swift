/// The kinds of action a component performs (Accelergy's action names, plus leakage as a per-cycle action).
public enum ActionKind: String, Hashable, Sendable, Codable, CaseIterable {
    case read
    case write
    /// Read-modify-write of a partial sum.
    case update
    /// Analog-to-digital conversion.
    case convert
    /// A whole operation of a compound unit (one SRAM macro MVM).
    case compute
    /// One cycle of leakage of one instance.
    case leakCycle = "leak_cycle"
}

/// One number per action kind (fixed storage).
public struct ActionValues: Hashable, Sendable, Codable {
    public var read: Double = 0
    public var write: Double = 0
    public var update: Double = 0
    public var convert: Double = 0
    public var compute: Double = 0
    public var leakCycle: Double = 0

    @inlinable public init() {}

    @inlinable public subscript(_ k: ActionKind) -> Double {
        get {
            switch k {
            case .read: read
            case .write: write
            case .update: update
            case .convert: convert
            case .compute: compute
            case .leakCycle: leakCycle
            }
        }
        set {
            switch k {
            case .read: read = newValue
            case .write: write = newValue
            case .update: update = newValue
            case .convert: convert = newValue
            case .compute: compute = newValue
            case .leakCycle: leakCycle = newValue
            }
        }
    }
}

/// One component's actions: how many of each kind, and the energy of one action of each kind.
public struct ComponentActions: Hashable, Sendable, Codable {
    public var counts = ActionValues()
    /// Energy per action, pJ (Accelergy's ERT entry).
    public var energies_pJ = ActionValues()

    @inlinable public init() {}

    /// Σ count × energy per action, pJ, in `ActionKind` order.
    @inlinable public var energy_pJ: Double {
        counts.read * energies_pJ.read + counts.write * energies_pJ.write + counts.update * energies_pJ.update
            + counts.convert * energies_pJ.convert + counts.compute * energies_pJ.compute
            + counts.leakCycle * energies_pJ.leakCycle
    }

    /// Counted actions other than leakage (array actions, or full-width buffer accesses).
    @inlinable public var accesses: Double {
        counts.read + counts.write + counts.update + counts.convert + counts.compute
    }
}

/// The cost of one layer on one chip as Accelergy keeps it: per component and action kind a count and an
/// energy per action, plus per-component area, the cycles, the cycle time and the MACs.
///
/// It is the only contract between the hardware models (RRAM `LayerEnergyModel`, SRAM `SRAMChipModel`) and
/// everything else: energy is `Σ count × energy per action` and every derived figure (breakdown, TOPS,
/// TOPS/W, TOPS/mm², EDAP, the infeasible value) is computed here, once. A cached count profile (counts
/// without energies) is priced with ``price(_:)``; ``audit`` prints the sum so that a reader can check it.
public struct CostLedger: Hashable, Sendable, Codable {
    /// Every component's action counts and energies per action.
    public var parts = PerComponent(repeating: ComponentActions())
    /// Chip area by component, mm² (layer-independent).
    public var area_mm2 = ComponentValues()
    public var cycles: Double = 0
    public var cycle_s: Double = 0
    /// Multiply–accumulates of the layer.
    public var macs: Double = 0
    /// Whether the layer has a legal mapping; an infeasible ledger prices to ``infeasibleEnergy_j``.
    public var feasible = true

    @inlinable public init() {}

    @inlinable public subscript(_ c: CostComponent) -> ComponentActions {
        get { parts[c] }
        set { parts[c] = newValue }
    }

    /// The value of an infeasible design's energy, latency and EDAP: +∞, so that no minimisation mistakes a
    /// chip that cannot run the layer for a perfect one. Throughput figures of an infeasible ledger are 0.
    public static let infeasibleEnergy_j = Double.infinity

    /// Energy by component, J: Σ count × energy per action, pJ, × 1e-12 (zero when infeasible).
    @inlinable public var components_j: ComponentValues {
        feasible ? parts.map { $0.energy_pJ * 1e-12 } : ComponentValues()
    }

    /// Counted actions by component, leakage excluded (array actions, or full-width accesses).
    @inlinable public var componentAccesses: ComponentValues {
        feasible ? parts.map(\.accesses) : ComponentValues()
    }

    /// Total energy, J (the sum of the breakdown; ``infeasibleEnergy_j`` when infeasible).
    @inlinable public var energy_j: Double { feasible ? components_j.total : Self.infeasibleEnergy_j }
    /// cycles × cycle time, s (+∞ when infeasible).
    @inlinable public var latency_s: Double { feasible ? cycles * cycle_s : .infinity }
    /// Chip area, mm².
    @inlinable public var chipArea_mm2: Double { area_mm2.total }
    @inlinable public var tops: Double { feasible ? Self.tops(macs: macs, latency_s: latency_s) : 0 }
    @inlinable public var tops_per_w: Double { feasible ? Self.topsPerW(macs: macs, energy_j: energy_j) : 0 }
    @inlinable public var tops_per_mm2: Double {
        feasible ? Self.topsPerMM2(macs: macs, latency_s: latency_s, area_mm2: chipArea_mm2) : 0
    }
    /// Energy × latency × area, J·s·mm² (+∞ when infeasible).
    @inlinable public var edap_j_s_mm2: Double {
        Self.edap(energy_j: energy_j, latency_s: latency_s, area_mm2: chipArea_mm2)
    }

    /// Sets every energy per action from the ERT (pJ) and keeps the counts: prices a cached count profile.
    ///
    /// The RRAM mapping of ERT entries to action kinds: array components read (the ADC converts); the
    /// output buffer's updates cost a write; leakage is per cycle and instance.
    @inlinable
    public mutating func price(_ e: ActionEnergies) {
        parts.cimUnit.energies_pJ.read = e.cellRead_pJ
        parts.rowDrivers.energies_pJ.read = e.rowDriverRead_pJ
        parts.columnDrivers.energies_pJ.read = e.columnDriverRead_pJ
        parts.adc.energies_pJ.convert = e.adcConvert_pJ
        parts.inputBuffer.energies_pJ.read = e.inputBufferRead_pJ
        parts.inputBuffer.energies_pJ.write = e.inputBufferWrite_pJ
        parts.inputBuffer.energies_pJ.leakCycle = e.inputBufferLeakPerCycle_pJ
        parts.outputBuffer.energies_pJ.read = e.outputBufferRead_pJ
        parts.outputBuffer.energies_pJ.write = e.outputBufferWrite_pJ
        parts.outputBuffer.energies_pJ.update = e.outputBufferWrite_pJ
        parts.outputBuffer.energies_pJ.leakCycle = e.outputBufferLeakPerCycle_pJ
        parts.router.energies_pJ.read = e.routerRead_pJ
        parts.glb.energies_pJ.read = e.glbRead_pJ
        parts.glb.energies_pJ.write = e.glbWrite_pJ
        parts.glb.energies_pJ.leakCycle = e.glbLeakPerCycle_pJ
    }

    // The figures, each defined once; every aggregate (network, design, stored row) uses these.

    /// 2·MACs / latency, TOPS (0 unless the latency is positive and finite).
    @inlinable public static func tops(macs: Double, latency_s: Double) -> Double {
        latency_s > 0 && latency_s.isFinite ? 2 * macs / latency_s / 1e12 : 0
    }
    /// 2·MACs / energy, TOPS/W (0 unless the energy is positive and finite).
    @inlinable public static func topsPerW(macs: Double, energy_j: Double) -> Double {
        energy_j > 0 && energy_j.isFinite ? 2 * macs / energy_j / 1e12 : 0
    }
    /// 2·MACs / latency / area, TOPS/mm² (0 unless latency and area are positive and finite).
    @inlinable public static func topsPerMM2(macs: Double, latency_s: Double, area_mm2: Double) -> Double {
        area_mm2 > 0 && area_mm2.isFinite ? tops(macs: macs, latency_s: latency_s) / area_mm2 : 0
    }
    /// Energy × latency × area, J·s·mm² (the one EDAP unit).
    @inlinable public static func edap(energy_j: Double, latency_s: Double, area_mm2: Double) -> Double {
        energy_j * latency_s * area_mm2
    }
}

extension CostLedger {
    /// The ledger as a table a reader can check by hand: one line per component and action kind with a
    /// nonzero count, `count × pJ = J`, then each component's sum and the total.
    public var audit: String {
        var lines: [String] = []
        lines.append("component       action      count                 pJ/action             energy_j")
        for c in CostComponent.allCases {
            let a = self[c]
            for k in ActionKind.allCases where a.counts[k] != 0 {
                let j = a.counts[k] * a.energies_pJ[k] * 1e-12
                lines.append(Self.pad(c.rawValue, 16) + Self.pad(k.rawValue, 12) + Self.pad("\(a.counts[k])", 22)
                    + Self.pad("\(a.energies_pJ[k])", 22) + "\(j)")
            }
            if a.counts != ActionValues() {
                lines.append(Self.pad(c.rawValue, 16) + Self.pad("sum", 56) + "\(a.energy_pJ * 1e-12)")
            }
        }
        lines.append(Self.pad("total", 72) + "\(energy_j)")
        lines.append("cycles \(cycles) × cycle_s \(cycle_s) = latency_s \(latency_s); macs \(macs); "
            + "area_mm2 \(chipArea_mm2); edap_j_s_mm2 \(edap_j_s_mm2)")
        return lines.joined(separator: "\n")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
