import CIMHardware
import CIMWorkload

/// Energy and latency of one layer on one chip, as the cost model reports them.
public struct LayerCost: Hashable, Sendable, Codable {
    public var energy_j: Double
    public var latency_s: Double
    /// Multiply–accumulates of the layer.
    public var macs: Int
    /// Fraction of the chip's crossbar cells holding this layer's weights (0…1).
    public var utilization: Double

    public init(energy_j: Double, latency_s: Double, macs: Int, utilization: Double) {
        self.energy_j = energy_j
        self.latency_s = latency_s
        self.macs = macs
        self.utilization = utilization
    }
}

/// The hardware cost model the search evaluates layers with.
///
/// `layerCost` must be a pure function of its inputs (and `version`): results are cached across
/// searches under that version.
public protocol DesignCostModel: Sendable {
    /// Identifies the model's equations and technology data; part of every cache key.
    var version: String { get }
    /// Cost of one layer (bits as the hardware sees them) on `hardware`; throws when it cannot be mapped.
    func layerCost(_ layer: LayerWorkload, on hardware: HardwareConfig) throws -> LayerCost
    /// Chip area, mm².
    func chipArea_mm2(_ hardware: HardwareConfig) throws -> Double
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
}

extension AccuracyModel {
    public func fixedNetworkAccuracy(_ name: String) -> AccuracyPrediction? { nil }
    /// Accuracy of a fixed network with per-layer bit overrides; by default the overrides are ignored.
    public func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits]) throws -> AccuracyPrediction? {
        fixedNetworkAccuracy(name)
    }
}
