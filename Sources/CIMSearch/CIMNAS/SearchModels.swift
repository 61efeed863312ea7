import CIMFunctional
import CIMHardware
import CIMWorkload
import DesignDB

/// The evaluators of a search over a space (`cimnas search`): the space's models (`PrecomputeModels.forSpace`),
/// on-chip accuracy when the run ranks with it, and the baseline the headline ratios compare against.
public struct SearchModels {
    /// Evaluates the run's designs.
    public let evaluator: DesignEvaluator
    /// The reference design: nil for `CIMNASBaseline.design` (MobileNetV2 spaces), the Sinangil chip for SRAM
    /// spaces, the fixed network on the CIMNAS default chip for a `--network FILE.csv` space.
    public let baselineDesign: Design?
    /// Evaluates the baseline when it needs other models than the run (an SRAM run of another macro family is
    /// compared with the Sinangil chip); nil when ``evaluator`` does.
    public let baselineEvaluator: DesignEvaluator?

    public init(settings: SearchSettings, space: SearchSpace, technology: ComposedTechnology, store: any EvaluationStore,
                workers: Int) throws(ModelLoadError) {
        let sram = SRAMExperiment.isSRAMSpace(space)
        let macro = settings.sramMacroDesign
        let models = try PrecomputeModels.forSpace(sram: sram, technology: technology, mode: settings.mode, macro: macro)
        if sram {
            baselineDesign = SRAMExperiment.baselineDesign
            if macro != .sinangil {
                let sinangil = try PrecomputeModels.forSpace(sram: true, technology: technology, mode: settings.mode)
                baselineEvaluator = DesignEvaluator(costModel: sinangil.costModel, accuracyModel: sinangil.accuracyModel,
                                                    store: store, mode: settings.mode, workers: workers)
            } else {
                baselineEvaluator = nil
            }
        } else {
            // A fixed network (--network FILE.csv): its own layers at their CSV bits on the CIMNAS default chip.
            baselineDesign = space.network == "mobilenetv2"
                ? nil : Design(hardware: .cimnasDefault, network: .fixed(name: space.network, overrides: [:]))
            baselineEvaluator = nil
        }
        // SRAM spaces rank with their own accuracy model; RRAM runs with the on-chip accuracy unless ideal.
        let onChip = sram || settings.searchAccuracy == .ideal ? nil : HardwareAccuracy(device: technology.parameters.device)
        evaluator = DesignEvaluator(costModel: models.costModel, accuracyModel: models.accuracyModel, store: store,
                                    mode: settings.mode, workers: workers, hardwareAccuracy: onChip)
    }

    /// The baseline's result, through the cache.
    public func evaluateBaseline(of search: CIMNASSearch) throws -> DesignResult {
        try (baselineEvaluator ?? search.evaluator).evaluate([search.baselineDesign])[0]
    }
}

extension SearchSettings {
    /// The defaults a new run takes from its space: SRAM spaces get ``SRAMExperiment/defaultConstraints``'s
    /// accuracy floor when neither the settings nor the space bound accuracy (the floor is stored with the run).
    public mutating func applySpaceDefaults(_ space: SearchSpace) {
        if SRAMExperiment.isSRAMSpace(space), constraints.minTop1_percent == nil, space.constraints.min_top1_percent == nil {
            constraints.minTop1_percent = SRAMExperiment.defaultConstraints.minTop1_percent
        }
    }
}

extension CIMNASSearch {
    /// Generations stage `stage` runs: the whole budget, or for two-stage half (at least 1) in stage 1 and the
    /// rest (at least 1) in stage 2.
    public static func generations(ofStage stage: Int, total: Int, algorithm: SearchAlgorithmKind) -> Int {
        guard algorithm == .twoStage else { return total }
        let first = max(1, total / 2)
        return stage == 1 ? first : max(1, total - first)
    }
}
