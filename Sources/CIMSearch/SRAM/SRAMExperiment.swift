import CIMAccuracy
import CIMHardware
import CIMWorkload

/// The SRAM cost model for the search: a design's hardware is an `SRAMChip` of SRAM CiM macros
/// (`SRAMChip(hardware:design:)`), layers are mapped weight-stationary by `SRAMChipModel`.
public struct SRAMCostModel: DesignCostModel {
    public let technology: TechnologyParameters
    public let design: SRAMMacroDesign
    public var version: String { "sram-\(design.rawValue)-v1" }

    public init(technology: TechnologyParameters, design: SRAMMacroDesign = .sinangil) {
        self.technology = technology
        self.design = design
    }

    /// The prepared chip of a hardware configuration.
    public func chipModel(_ hardware: HardwareConfig) -> SRAMChipModel {
        SRAMChipModel(chip: SRAMChip(hardware: hardware, design: design), technology: technology)
    }

    public func layerCosts(_ layers: [LayerWorkload], on hardware: HardwareConfig) -> [CachedLayerCost] {
        let chip = chipModel(hardware)
        var cache = SRAMChipModel.MVMCache()
        return layers.map { layer in
            do {
                let c = try chip.evaluate(layer, mvm: cache.get(layer, chip))
                return CachedLayerCost(energy_j: c.energy_J, latency_s: c.latency_s, macs: c.macs,
                                       utilization_percent: c.utilization * 100)
            } catch {
                return CachedLayerCost(energy_j: 0, latency_s: 0, macs: Double(layer.shape.macs), utilization_percent: 0,
                                       infeasibleReason: "\(error)")
            }
        }
    }

    public func chipArea_mm2(_ hardware: HardwareConfig) -> Double { chipModel(hardware).area_mm2 }
}

/// ResNet50 top-1 from per-layer bits (`ResNet50QuantizationAccuracy`); MobileNetV2 subnets are not its job.
public struct ResNet50AccuracyModel: AccuracyModel {
    public let model = ResNet50QuantizationAccuracy()
    public var version: String { ResNet50QuantizationAccuracy.version }

    public init() {}

    public func predict(_ spec: SubnetSpec, mode: CompatMode) throws -> AccuracyPrediction {
        throw SearchError.invalidOption("the ResNet50 quantization model predicts resnet50 only, not MobileNetV2 subnets")
    }

    public func fixedNetworkAccuracy(_ name: String) -> AccuracyPrediction? {
        try? fixedNetworkAccuracy(name, overrides: [:])
    }

    public func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits]) throws -> AccuracyPrediction? {
        guard name == "resnet50" else { return nil }
        let top1 = try model.top1(try Workloads.layers(network: name, overrides: overrides))
        return AccuracyPrediction(score: top1 / 100, top1_percent: top1)
    }
}

/// The SRAM ResNet50 experiment's problem definition: space, baseline, design → layers → cost, accuracy.
public enum SRAMExperiment {
    /// Built-in space name (`datasets/spaces/sram-resnet50-7nm.json`).
    public static let spaceName = "sram-resnet50-7nm"

    /// Whether a built-in space describes SRAM macro chips (its `cell_type` knob offers only `sram`).
    public static func isSRAMSpace(_ name: String) -> Bool {
        guard let space = try? SearchSpace.named(name), let i = space.knobIndex("cell_type") else { return false }
        return space.knobs[i].values.allSatisfy { $0 == .text("sram") }
    }

    /// ResNet50 at 8 bits on the default SRAM macro chip (`HardwareConfig.sramBaseline7nm`).
    public static let baselineDesign = Design(hardware: .sramBaseline7nm, network: .fixed(name: "resnet50", overrides: [:]),
                                              cellType: "sram")

    /// Cost and accuracy of one design, without caches.
    public struct Result: Sendable {
        public var network: SRAMNetworkCost
        public var top1_percent: Double
    }

    /// Evaluates a design directly (design → layers → `SRAMChipModel` → cost; layers → accuracy).
    public static func evaluate(_ design: Design, technology: TechnologyParameters,
                                macro: SRAMMacroDesign = .sinangil) throws -> Result {
        let layers = try Workloads.layers(for: design)
        let chip = SRAMChipModel(chip: SRAMChip(hardware: design.hardware, design: macro), technology: technology)
        let cost = try chip.evaluate(network: layers)
        let top1 = try ResNet50QuantizationAccuracy().top1(layers)
        return Result(network: cost, top1_percent: top1)
    }

    /// An evaluator with the SRAM cost model and the ResNet50 accuracy model.
    public static func evaluator(technology: TechnologyParameters, store: any EvaluationStore,
                                 workers: Int = 1) -> DesignEvaluator {
        DesignEvaluator(costModel: SRAMCostModel(technology: technology), accuracyModel: ResNet50AccuracyModel(),
                        store: store, workers: workers)
    }
}

/// Result of the SRAM experiment's search against its baseline.
public struct SRAMSearchOutcome: Sendable {
    public var best: Design
    public var bestRecord: DesignResult
    public var baselineRecord: DesignResult
    /// EDAP reduction and TOPS/W, TOPS/mm² gains of `best` over the baseline.
    public var ratios: BaselineRatios
    public var evaluations: Int
    /// Whether the best design meets every constraint.
    public var feasible: Bool
}

extension SRAMExperiment {
    /// Accuracy floor of the default experiment: one point below the INT8 baseline's 76.03 %.
    public static let defaultConstraints = SearchConstraints(minTop1_percent: 75.0)

    /// Runs the CIMNAS GA (`CIMNASProblem` + `GeneticAlgorithm`) over `sram-resnet50-7nm` with the SRAM cost
    /// model and the ResNet50 accuracy model, and compares the best design with the baseline.
    /// - Complexity: population × generations design evaluations (each ≤ 54 new layer evaluations).
    public static func search(technology: TechnologyParameters, options: GAOptions,
                              objective: SearchObjective = .ela_acc,
                              constraints: SearchConstraints = defaultConstraints,
                              workers: Int = 1) throws -> SRAMSearchOutcome {
        try options.validate()
        let space = try SearchSpace.named(spaceName)
        let evaluator = evaluator(technology: technology, store: InMemoryEvaluationStore(), workers: workers)
        let problem = CIMNASProblem(space: space, evaluator: evaluator, objective: .scalar(objective),
                                    constraints: constraints)
        let result = try GeneticAlgorithm(problem: problem, options: options).run()
        let best = try problem.design(for: result.best.genome)
        let records = try evaluator.evaluate([best, baselineDesign])
        return SRAMSearchOutcome(best: best, bestRecord: records[0], baselineRecord: records[1],
                                 ratios: BaselineRatios(design: records[0], baseline: records[1]),
                                 evaluations: result.evaluations, feasible: result.best.evaluation.isFeasible)
    }
}
