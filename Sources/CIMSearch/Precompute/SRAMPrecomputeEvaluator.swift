import CIMAccuracy
import CIMHardware
import CIMWorkload
import DesignDB

/// Evaluation of one fixed network on many SRAM macro chips, with the models the search uses for SRAM
/// spaces (`SRAMCostModel`, hardware-aware `ResNet50AccuracyModel`).
///
/// Produces the same `DesignResult` (bit for bit) as `DesignEvaluator` with those models: the same cost-model
/// calls per chip (capacity rule, layer costs, chip area) and the same aggregation. The accuracy depends on
/// the chip only through its macros' ADC readout (rows, ADC bits, slicing), so it is computed once per readout.
public struct SRAMPrecomputeEvaluator: Sendable {
    public let costModel: SRAMCostModel
    public let accuracyModel: ResNet50AccuracyModel
    public let mode: CompatMode
    public let network: PrecomputeNetwork

    /// Accuracy per ADC readout (nil: exact accumulation), filled by one worker.
    public typealias AccuracyCache = [ADCReadout?: Result<AccuracyPrediction, PrecomputeError>]

    public init(costModel: SRAMCostModel, accuracyModel: ResNet50AccuracyModel, mode: CompatMode,
                network: PrecomputeNetwork) {
        self.costModel = costModel
        self.accuracyModel = accuracyModel
        self.mode = mode
        self.network = network
    }

    /// The prediction `DesignEvaluator` makes for the network on `hw` (cached per ADC readout).
    func accuracy(on hw: HardwareConfig, cache: inout AccuracyCache) -> Result<AccuracyPrediction, PrecomputeError> {
        let readout = ADCReadout(macro: SRAMChip(hardware: hw, design: accuracyModel.macro).macro)
        if let hit = cache[readout] { return hit }
        let r: Result<AccuracyPrediction, PrecomputeError>
        switch network.design.network {
        case .mobileNetV2(let spec):
            r = Result { try accuracyModel.predict(spec, mode: mode) }.mapError { PrecomputeError("\($0)") }
        case .fixed(let name, let overrides):
            r = Result {
                try accuracyModel.fixedNetworkAccuracy(name, overrides: overrides, hardware: hw)
                    ?? AccuracyPrediction(score: 1, top1_percent: 0)
            }.mapError { PrecomputeError("\($0)") }
        }
        cache[readout] = r
        return r
    }

    /// Evaluates the network on `hw`.
    ///
    /// Aggregation follows `DesignEvaluator` exactly: workload error, then accuracy failure, then the capacity
    /// verdict, then the first unmappable layer make the design infeasible (metrics 0). The chip's RRAM area
    /// breakdown does not apply, so `chipArea` is nil (the search's store leaves SRAM `hw_config` areas empty).
    /// - Complexity: O(layers) SRAM layer evaluations per chip.
    func evaluate(_ hw: HardwareConfig, cache: inout AccuracyCache) -> PrecomputedPoint {
        let area = costModel.chipArea_mm2(hw)
        var reason = network.layerError
        var acc = AccuracyPrediction(score: 0, top1_percent: 0)
        switch accuracy(on: hw, cache: &cache) {
        case .success(let a): acc = a
        case .failure(let e): reason = reason ?? "accuracy predictor failed: \(e)"
        }
        var shortfall = 0
        if network.layerError == nil {
            let verdict = costModel.capacity(network.layers, on: hw, mode: mode)
            shortfall = verdict.shortfallCells
            if reason == nil, shortfall > 0 {
                reason = verdict.reason ?? "weights need \(shortfall) more crossbar cells than the chip has"
            }
        }
        var t = DesignTotals(reason: reason)
        var layerCount = 0
        if reason == nil {
            let layers = network.hardwareLayers
            let costs = costModel.layerCosts(layers, on: hw)
            layerCount = costs.count
            for (n, c) in costs.enumerated() {
                guard t.add(c, layerName: layers[n].name, area_mm2: area) else { break }
            }
        }
        t.finish(layerCount: layerCount)
        let result = DesignResult(
            cacheKey: "", designKey: "", energy_j: t.energy_j, latency_s: t.latency_s, area_mm2: area, macs: t.macs,
            accuracyScore: acc.score, top1_percent: acc.top1_percent, capacityShortfallCells: shortfall,
            infeasibleReason: t.reason, meanLayerTOPSPerW: t.meanTOPSPerW, meanLayerTOPSPerMM2: t.meanTOPSPerMM2)
        return PrecomputedPoint(hardware: hw, hardwareKey: HardwareConfigStore.key(for: hw, cell: network.cell),
                                chipArea: nil, result: result, layerCosts: [])
    }
}

/// The evaluator of a sweep: the RRAM CiMLoop fast path or the SRAM macro models.
enum PointEvaluator: Sendable {
    case cimloop(PrecomputeEvaluator)
    case sram(SRAMPrecomputeEvaluator)
}

/// The cost and accuracy models a precomputation evaluates with, as `cimnas search` picks them for the space.
public enum PrecomputeModels: Sendable {
    /// RRAM crossbar chips: the CiMLoop model and any accuracy model (APQ for MobileNetV2).
    case cimloop(CIMLoopCostModel, accuracy: any AccuracyModel)
    /// SRAM macro chips (cell `sram`): the SRAM cost model and the hardware-aware ResNet50 accuracy model.
    case sram(SRAMCostModel, accuracy: ResNet50AccuracyModel)

    public var costModel: any DesignCostModel {
        switch self {
        case .cimloop(let m, _): return m
        case .sram(let m, _): return m
        }
    }

    public var accuracyModel: any AccuracyModel {
        switch self {
        case .cimloop(_, let a): return a
        case .sram(_, let a): return a
        }
    }
}
