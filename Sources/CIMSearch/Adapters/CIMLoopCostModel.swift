import CIMData
import DesignDB
import Foundation
import CIMHardware
import CIMWorkload

/// The CiMLoop-faithful cost model (`CIMHardware.CostModel`) as the search's `DesignCostModel`.
///
/// Each chip is prepared once per batch; every layer is then evaluated on the prepared chip. The version
/// names the model and its evaluation options, so compat and default results never share cache rows.
public struct CIMLoopCostModel: DesignCostModel {
    public let model: CostModel
    public let options: EvaluationOptions

    /// Model version plus a short digest of every evaluation option's declared key (`canonicalKey`; a new
    /// option never reuses stale rows), kept short because it is hashed with every cached layer.
    public let version: String
    /// Evaluators (each with its greedy memo) reused across calls and threads; the memo never changes a result.
    let evaluators = EvaluatorPool()

    public init(model: CostModel, mode: CompatMode) {
        self.init(model: model, mode: mode, technologyTag: "")
    }

    /// A model on non-default technology tables: `technologyTag` (e.g. a digest of the CSV contents)
    /// joins the version, so results on other tables never share cache rows with the shipped ones.
    public init(model: CostModel, mode: CompatMode, technologyTag: String) {
        self.model = model
        options = mode.evaluationOptions
        version = ModelVersion(build: CostModel.version, optionsDigest: Self.digest(options.canonicalKey),
                               technologyTag: technologyTag).encoded
    }

    /// FNV-1a, 32 bits, as 8 hex digits: stable across runs and platforms.
    static func digest(_ text: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in text.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The model on a composed technology (`--tech`); its digest joins the version unless it is the shipped one.
    public init(technology: ComposedTechnology, mode: CompatMode) {
        self.init(model: CostModel(components: ComponentModel(technology: technology.parameters)), mode: mode,
                  technologyTag: technology.cacheTag)
    }

    /// The default 32 nm technology (embedded CSVs) under a compat mode.
    public static func default32nm(mode: CompatMode) throws -> CIMLoopCostModel {
        CIMLoopCostModel(model: CostModel(components: try ComponentModel.default32nm()), mode: mode)
    }

    public func layerCosts(_ layers: [LayerWorkload], on hardware: HardwareConfig) -> [CachedLayerCost] {
        let prepared = model.components.prepare(hardware)
        let area = ChipArea(areas: prepared.areas, hardware: hardware)
        let options = self.options
        return evaluators.withEvaluator { evaluator in
            layers.map { layer in
                CachedLayerCost(evaluator.evaluate(PreparedLayer(layer, options: options), on: prepared, chipArea: area))
            }
        }
    }

    public func chipArea_mm2(_ hardware: HardwareConfig) -> Double {
        model.chipArea(hardware).area_mm2
    }
}

extension CachedLayerCost {
    /// The cached form of a cost-model result (what `layer_eval` stores); infeasible layers keep their reason.
    @inlinable
    public init(_ c: LayerCost) {
        self.init(c.ledger, utilization_percent: c.utilization_percent,
                  infeasibleReason: c.feasible ? nil : (c.infeasibleReason ?? "no legal mapping"))
    }
}

/// A lock-protected stack of `NetworkEvaluator`s: each call borrows one (creating it when none is free), so
/// every thread works on its own memo and memos stay warm across batches.
final class EvaluatorPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [NetworkEvaluator] = []

    /// Runs `body` with an evaluator no other thread uses meanwhile, then returns it to the pool.
    func withEvaluator<T>(_ body: (inout NetworkEvaluator) throws -> T) rethrows -> T {
        lock.lock()
        var evaluator = free.popLast() ?? NetworkEvaluator()
        lock.unlock()
        defer {
            lock.lock()
            free.append(evaluator)
            lock.unlock()
        }
        return try body(&evaluator)
    }
}
