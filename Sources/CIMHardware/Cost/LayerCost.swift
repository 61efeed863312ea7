/// Energy, latency and throughput of one layer on one chip (CiMLoop's per-layer `MacroOutputStats`): the
/// layer's ``CostLedger`` plus the mapping it came from.
public struct LayerCost: Hashable, Sendable, Codable {
    public var name: String
    /// Counts, energies per action, cycles, MACs and area: every figure below is the ledger's.
    public var ledger: CostLedger
    /// The underlying action counts (values for buffers).
    public var actions: ActionCounts
    public var mapping: SpatialMapping
    /// Timeloop's percent_utilization of the virtual MACs.
    public var utilization_percent: Double

    @inlinable
    public init(name: String, ledger: CostLedger, actions: ActionCounts, mapping: SpatialMapping,
                utilization_percent: Double) {
        self.name = name
        self.ledger = ledger
        self.actions = actions
        self.mapping = mapping
        self.utilization_percent = utilization_percent
    }

    /// Energy by component, J.
    @inlinable public var components_j: ComponentValues { ledger.components_j }
    /// Priced actions by component: array actions, or full-width accesses for buffers, router and glb.
    @inlinable public var componentActions: ComponentValues { ledger.componentAccesses }
    @inlinable public var cycles: Int { Int(ledger.cycles) }
    @inlinable public var cycle_s: Double { ledger.cycle_s }
    @inlinable public var macs: Double { ledger.macs }
    /// Chip area the layer ran on, mm² (layer-independent).
    @inlinable public var area_mm2: Double { ledger.chipArea_mm2 }

    /// Total energy, J (``CostLedger/infeasibleEnergy_j`` when infeasible).
    @inlinable public var energy_j: Double { ledger.energy_j }
    /// Latency, s (+∞ when infeasible).
    @inlinable public var latency_s: Double { ledger.latency_s }
    @inlinable public var feasible: Bool { ledger.feasible }
    /// Why the layer has no legal mapping, in words; nil when feasible.
    public var infeasibleReason: String? { mapping.infeasibleReason?.description }

    /// 2·MACs / latency, in TOPS (0 when infeasible).
    @inlinable public var tops: Double { ledger.tops }
    /// 2·MACs / energy, in TOPS/W (0 when infeasible).
    @inlinable public var tops_per_w: Double { ledger.tops_per_w }
    /// TOPS per mm² of chip (0 when infeasible).
    @inlinable public var tops_per_mm2: Double { ledger.tops_per_mm2 }
    /// Energy × latency × area, J·s·mm².
    @inlinable public var edap_j_s_mm2: Double { ledger.edap_j_s_mm2 }
}
