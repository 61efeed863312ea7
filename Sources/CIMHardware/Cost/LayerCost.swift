/// Energy, latency and throughput of one layer on one chip (CiMLoop's per-layer `MacroOutputStats`).
public struct LayerCost: Hashable, Sendable, Codable {
    public var name: String
    /// Energy by component, J.
    public var components_j: ComponentValues
    /// Priced actions by component: array actions, or full-width accesses for buffers, router and glb.
    public var componentActions: ComponentValues
    /// The underlying action counts (values for buffers).
    public var actions: ActionCounts
    public var mapping: SpatialMapping
    public var cycles: Int
    public var cycle_s: Double
    public var macs: Double
    /// Timeloop's percent_utilization of the virtual MACs.
    public var utilization_percent: Double
    /// Chip area the layer ran on, mm² (layer-independent).
    public var area_mm2: Double

    @inlinable
    public init(name: String, components_j: ComponentValues, componentActions: ComponentValues,
                actions: ActionCounts, mapping: SpatialMapping, cycles: Int, cycle_s: Double, macs: Double,
                utilization_percent: Double, area_mm2: Double) {
        self.name = name
        self.components_j = components_j
        self.componentActions = componentActions
        self.actions = actions
        self.mapping = mapping
        self.cycles = cycles
        self.cycle_s = cycle_s
        self.macs = macs
        self.utilization_percent = utilization_percent
        self.area_mm2 = area_mm2
    }

    /// Total energy, J (+∞ when infeasible, so that no search mistakes a no-fit for a perfect score).
    @inlinable public var energy_j: Double { feasible ? components_j.total : .infinity }
    /// Latency, s (+∞ when infeasible).
    @inlinable public var latency_s: Double { feasible ? Double(cycles) * cycle_s : .infinity }
    @inlinable public var feasible: Bool { mapping.isFeasible }
    /// Why the layer has no legal mapping, in words; nil when feasible.
    public var infeasibleReason: String? { mapping.infeasibleReason?.description }

    /// 2·MACs / latency, in TOPS (0 when infeasible).
    @inlinable public var tops: Double { feasible ? 2 * macs / latency_s / 1e12 : 0 }
    /// 2·MACs / energy, in TOPS/W (0 when infeasible).
    @inlinable public var tops_per_w: Double { feasible ? 2 * macs / energy_j / 1e12 : 0 }
    /// TOPS per mm² of chip (0 when infeasible).
    @inlinable public var tops_per_mm2: Double { feasible && area_mm2 > 0 ? tops / area_mm2 : 0 }
    /// Energy × latency × area, J·s·mm².
    @inlinable public var edap_j_s_mm2: Double { energy_j * latency_s * area_mm2 }
}
