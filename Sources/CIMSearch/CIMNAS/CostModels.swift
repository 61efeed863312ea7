import CIMHardware
import CIMWorkload

/// Energy and latency of one layer on one chip, as cached in `layer_eval`.
public struct CachedLayerCost: Hashable, Sendable, Codable {
    public var energy_j: Double
    public var latency_s: Double
    /// Multiply–accumulates of the layer.
    public var macs: Double
    /// Utilisation reported by the cost model, percent.
    public var utilization_percent: Double
    /// Why the layer has no legal mapping on this chip; nil when it maps.
    public var infeasibleReason: String?
    /// Energy by component, J (zero when the model does not break energy down).
    public var components_j: ComponentValues
    /// Cycles of the layer.
    public var cycles: Double
    /// Counts and energies per action that rebuild `components_j` (nil: the model or the stored row keeps
    /// energies only).
    public var actions: StoredActions?

    public init(energy_j: Double, latency_s: Double, macs: Double, utilization_percent: Double,
                infeasibleReason: String? = nil, components_j: ComponentValues = ComponentValues(), cycles: Double = 0,
                actions: StoredActions? = nil) {
        self.energy_j = energy_j
        self.latency_s = latency_s
        self.macs = macs
        self.utilization_percent = utilization_percent
        self.infeasibleReason = infeasibleReason
        self.components_j = components_j
        self.cycles = cycles
        self.actions = actions
    }

    /// The cached form of a layer's ledger (what `layer_eval` stores): energy, breakdown, latency, cycles and
    /// the stored actions; an infeasible layer keeps zeros and its reason.
    @inlinable
    public init(_ ledger: CostLedger, utilization_percent: Double, infeasibleReason: String?) {
        let ok = ledger.feasible && infeasibleReason == nil
        let components = ledger.components_j  // ledger.energy_j is their total: sum them once
        self.init(energy_j: ok ? components.total : 0, latency_s: ok ? ledger.latency_s : 0, macs: ledger.macs,
                  utilization_percent: utilization_percent,
                  infeasibleReason: ok ? nil : (infeasibleReason ?? "no legal mapping"),
                  components_j: components, cycles: ok ? ledger.cycles : 0,
                  actions: ok ? StoredActions(ledger) : nil)
    }
}

/// A cached layer is aggregated by the same code as a fresh one (`NetworkCost`, `CIMNASMetrics`).
extension CachedLayerCost: LayerFigures {
    @inlinable public var feasible: Bool { infeasibleReason == nil }
    @inlinable public var cycleCount: Int { Int(cycles) }
}

/// The hardware cost model the search evaluates layers with.
///
/// Results must be pure functions of their inputs and `version`: they are cached across searches under
/// that version.
public protocol DesignCostModel: Sendable {
    /// Identifies the model's equations, technology data and options; part of every cache key.
    var version: String { get }
    /// Costs of layers (bits as the hardware sees them) on one chip; the model prepares the chip once.
    func layerCosts(_ layers: [LayerWorkload], on hardware: HardwareConfig) -> [CachedLayerCost]
    /// Chip area, mm².
    func chipArea_mm2(_ hardware: HardwareConfig) -> Double
    /// Whether the network's weights all fit on the chip at once (weight-stationary). `layers` carry the
    /// real bits (not swapped by the compat mode). Default: the RRAM crossbar cell count (`CapacityCheck`).
    func capacity(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> CapacityVerdict
    /// The CIMNAS sampling rule's test: the weights fit and every layer can be placed.
    /// Default: `CapacityCheck.check(…).fits`.
    func weightsFit(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> Bool
}

/// A capacity check's answer in the form the search stores: cells missing and why the design does not fit.
public struct CapacityVerdict: Hashable, Sendable {
    /// Cells required − available (the original's constraint g0); ≤ 0 when the weights fit.
    public var shortfallCells: Int
    /// One line naming what does not fit; nil when the weights fit.
    public var reason: String?

    public init(shortfallCells: Int, reason: String?) {
        self.shortfallCells = shortfallCells
        self.reason = reason
    }
}

extension DesignCostModel {
    /// RRAM crossbars: Σ cells of the mode's formula against rows · cols · macros (no per-layer mapping;
    /// a layer the mapper cannot place is reported by the cost model).
    public func capacity(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> CapacityVerdict {
        let shortfall = CapacityCheck.shortfallCells(layers, on: hardware, mode: mode)
        return CapacityVerdict(shortfallCells: shortfall,
                               reason: shortfall > 0 ? "weights need \(shortfall) more crossbar cells than the chip has" : nil)
    }

    public func weightsFit(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> Bool {
        CapacityCheck.check(layers, on: hardware, mode: mode).fits
    }
}

/// A predicted accuracy: the predictor's raw score (CIMNAS divides objectives by it) and top-1 %.
public struct AccuracyPrediction: Hashable, Sendable, Codable {
    /// Raw predictor output, a fraction (CIMNAS: ≈ 0.86–0.88).
    public var score: Double
    /// Predicted ImageNet top-1, percent.
    public var top1_percent: Double

    public init(score: Double, top1_percent: Double) {
        self.score = score
        self.top1_percent = top1_percent
    }
}

/// The accuracy predictor the search uses for MobileNetV2 subnets.
public protocol AccuracyModel: Sendable {
    /// Identifies weights and calibration; part of the design cache key.
    var version: String { get }
    /// Predicted accuracy of a subnet with its quantization policy under a compat mode.
    func predict(_ spec: SubnetSpec, mode: CompatMode) throws -> AccuracyPrediction
    /// Accuracy of a fixed network (no predictor), or nil when unknown.
    func fixedNetworkAccuracy(_ name: String) -> AccuracyPrediction?
    /// Accuracy of a fixed network under per-layer bit overrides (default: ignores them), or nil when unknown.
    func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits]) throws -> AccuracyPrediction?
    /// Accuracy of a fixed network under per-layer bit overrides on `hardware` (e.g. its ADC resolution and
    /// array height), or nil when unknown. Default: the hardware-blind answer.
    func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits],
                              hardware: HardwareConfig) throws -> AccuracyPrediction?
}

extension AccuracyModel {
    public func fixedNetworkAccuracy(_ name: String) -> AccuracyPrediction? { nil }
    /// Accuracy of a fixed network with per-layer bit overrides; by default the overrides are ignored.
    public func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits]) throws -> AccuracyPrediction? {
        fixedNetworkAccuracy(name)
    }
    /// Accuracy of a fixed network on given hardware; by default the hardware is ignored.
    public func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits],
                                     hardware: HardwareConfig) throws -> AccuracyPrediction? {
        try fixedNetworkAccuracy(name, overrides: overrides)
    }
}
