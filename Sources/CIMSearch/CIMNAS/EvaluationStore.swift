import CIMHardware
import CIMWorkload

/// What identifies a cached layer result: everything that changes it, plus the model version.
public struct LayerCacheKey: Hashable, Sendable {
    public var hardware: HardwareConfig
    /// The design's cell type (`Design.cellType`: `rram`, `sram`): the `hw_config` row the layer is stored under.
    public var cellType: String
    public var shape: LayerShape
    /// Bits as the hardware model sees them (after any compat swap).
    public var inputBits: Int
    public var weightBits: Int
    /// Identifies the value histograms, "" when the layer has none.
    public var histogramKey: String
    public var modelVersion: String

    public init(hardware: HardwareConfig, cellType: String = "rram", layer: LayerWorkload, modelVersion: String) {
        self.hardware = hardware
        self.cellType = cellType
        shape = layer.shape
        inputBits = layer.inputBits
        weightBits = layer.weightBits
        histogramKey = Self.histogramKey(layer)
        self.modelVersion = modelVersion
    }

    /// A short stable text for the layer's histograms (their values joined), "" without histograms.
    public static func histogramKey(_ layer: LayerWorkload) -> String {
        guard layer.inputHistogram != nil || layer.weightHistogram != nil else { return "" }
        let i = (layer.inputHistogram ?? []).map { "\($0)" }.joined(separator: ",")
        let w = (layer.weightHistogram ?? []).map { "\($0)" }.joined(separator: ",")
        return "i[\(i)]w[\(w)]"
    }
}

/// A network-level evaluation as stored in the `design` table.
public struct DesignResult: Hashable, Sendable, Codable {
    /// Canonical design key plus compat mode and model/predictor versions.
    public var cacheKey: String
    public var designKey: String
    public var energy_j: Double
    public var latency_s: Double
    public var area_mm2: Double
    public var macs: Double
    public var accuracyScore: Double
    public var top1_percent: Double
    /// Crossbar cells required minus available (≤ 0 fits).
    public var capacityShortfallCells: Int
    /// Why the design cannot run, nil when it can.
    public var infeasibleReason: String?
    /// Mean of per-layer TOPS/W (the original's `a_tpw`), 0 when not evaluated.
    public var meanLayerTOPSPerW: Double
    /// Mean of per-layer TOPS/mm² (the original's `a_tpm`), 0 when not evaluated.
    public var meanLayerTOPSPerMM2: Double

    public init(cacheKey: String, designKey: String, energy_j: Double, latency_s: Double, area_mm2: Double,
                macs: Double, accuracyScore: Double, top1_percent: Double, capacityShortfallCells: Int,
                infeasibleReason: String?, meanLayerTOPSPerW: Double = 0, meanLayerTOPSPerMM2: Double = 0) {
        self.cacheKey = cacheKey
        self.designKey = designKey
        self.energy_j = energy_j
        self.latency_s = latency_s
        self.area_mm2 = area_mm2
        self.macs = macs
        self.accuracyScore = accuracyScore
        self.top1_percent = top1_percent
        self.capacityShortfallCells = capacityShortfallCells
        self.infeasibleReason = infeasibleReason
        self.meanLayerTOPSPerW = meanLayerTOPSPerW
        self.meanLayerTOPSPerMM2 = meanLayerTOPSPerMM2
    }

    /// Whether the design could be evaluated (it fits and maps).
    public var isEvaluated: Bool { infeasibleReason == nil }

    /// Metrics for objectives and constraints.
    public var metrics: DesignMetrics {
        DesignMetrics(energy_j: energy_j, latency_s: latency_s, area_mm2: area_mm2, accuracy: accuracyScore,
                      top1_percent: top1_percent)
    }

    /// Energy × latency × area, J·s·mm².
    public var edap_j_s_mm2: Double { metrics.edap_j_s_mm2 }
    /// Whole-network TOPS/W: 2·MACs / energy.
    public var topsPerW: Double { CostLedger.topsPerW(macs: macs, energy_j: energy_j) }
    /// Whole-network TOPS/mm²: 2·MACs / latency / area.
    public var topsPerMM2: Double { CostLedger.topsPerMM2(macs: macs, latency_s: latency_s, area_mm2: area_mm2) }
}

/// A design to look up in the design cache, with the versions its result depends on.
public struct DesignLookup: Hashable, Sendable {
    /// Canonical key, compat mode and versions in one string (the in-memory key).
    public var cacheKey: String
    /// `design.canonicalKey`, computed once.
    public var canonicalKey: String
    public var design: Design
    /// Cost-model version including the compat mode (`design.model_version`).
    public var modelVersion: String
    /// Predictor version including the compat mode (`design.predictor_version`).
    public var predictorVersion: String
    /// Compat mode the design is evaluated under (decides the layer sequence stored in `network_layer`).
    public var mode: CompatMode

    public init(cacheKey: String, canonicalKey: String, design: Design, modelVersion: String, predictorVersion: String,
                mode: CompatMode = .default) {
        self.mode = mode
        self.cacheKey = cacheKey
        self.canonicalKey = canonicalKey
        self.design = design
        self.modelVersion = modelVersion
        self.predictorVersion = predictorVersion
    }
}

/// Where evaluations are cached: per-layer results and whole designs. Used from one thread at a time.
public protocol EvaluationStore: AnyObject {
    /// Cached layer costs for those keys that have one.
    func layerCosts(for keys: [LayerCacheKey]) throws -> [LayerCacheKey: CachedLayerCost]
    /// Stores newly computed layer costs (one transaction).
    func saveLayerCosts(_ entries: [(LayerCacheKey, CachedLayerCost)]) throws
    /// Cached design results by cache key, for the lookups that have one.
    func designs(for lookups: [DesignLookup]) throws -> [String: DesignResult]
    /// Stores newly evaluated designs (one transaction).
    func saveDesigns(_ results: [(DesignLookup, DesignResult)]) throws
    /// Cached accuracy predictions by lookup cache key (default: none).
    func predictions(for lookups: [DesignLookup]) throws -> [String: AccuracyPrediction]
    /// Stores new accuracy predictions (default: not kept).
    func savePredictions(_ entries: [(DesignLookup, AccuracyPrediction)]) throws
}

extension EvaluationStore {
    /// Cached accuracy predictions by lookup cache key (network × quantization policy × the lookup's
    /// predictor version); stores without a prediction cache answer none.
    public func predictions(for lookups: [DesignLookup]) throws -> [String: AccuracyPrediction] { [:] }
    /// Stores new predictions (one transaction); a no-op for stores without a prediction cache.
    public func savePredictions(_ entries: [(DesignLookup, AccuracyPrediction)]) throws {}
}

/// An evaluation store that lives for one process.
public final class InMemoryEvaluationStore: EvaluationStore {
    public private(set) var layers: [LayerCacheKey: CachedLayerCost] = [:]
    public private(set) var designResults: [String: DesignResult] = [:]

    public init() {}

    public func layerCosts(for keys: [LayerCacheKey]) throws -> [LayerCacheKey: CachedLayerCost] {
        var out: [LayerCacheKey: CachedLayerCost] = [:]
        for k in keys { if let v = layers[k] { out[k] = v } }
        return out
    }

    public func saveLayerCosts(_ entries: [(LayerCacheKey, CachedLayerCost)]) throws {
        for (k, v) in entries { layers[k] = v }
    }

    public func designs(for lookups: [DesignLookup]) throws -> [String: DesignResult] {
        var out: [String: DesignResult] = [:]
        for l in lookups { if let v = designResults[l.cacheKey] { out[l.cacheKey] = v } }
        return out
    }

    public func saveDesigns(_ results: [(DesignLookup, DesignResult)]) throws {
        for (l, r) in results { designResults[l.cacheKey] = r }
    }
}
