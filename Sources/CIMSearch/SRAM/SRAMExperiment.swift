import DesignDB
import CIMAccuracy
import CIMHardware
import CIMWorkload

/// The SRAM cost model for the search: a design's hardware is an `SRAMChip` of SRAM CiM macros
/// (`SRAMChip(hardware:design:)`), layers are mapped weight-stationary by `SRAMChipModel`.
public struct SRAMCostModel: DesignCostModel {
    public let technology: TechnologyParameters
    public let design: SRAMMacroDesign
    /// v2: the capacity rule counts SRAM macros (`SRAMChip.capacity`) instead of RRAM crossbar cells.
    /// v3: Sinangil's voltage law and energies fitted to all its published points (`SRAMMacroCalibration.fitted`).
    /// v4: layers priced through the `CostLedger` (energy and area summed per component), with cycles.
    /// `#tech=TAG` (`ComposedTechnology.cacheTag`) when the tables are not the shipped ones.
    public var version: String { ModelVersion(build: "sram-\(design.rawValue)-v4", technologyTag: technologyTag).encoded }
    /// Digest of non-shipped technology tables ("" for the shipped ones).
    public let technologyTag: String

    public init(technology: TechnologyParameters, design: SRAMMacroDesign = .sinangil, technologyTag: String = "") {
        self.technology = technology
        self.design = design
        self.technologyTag = technologyTag
    }

    /// The model on a composed technology (`--tech`); its digest joins the version unless it is the shipped one.
    public init(technology: ComposedTechnology, design: SRAMMacroDesign = .sinangil) {
        self.init(technology: technology.parameters, design: design, technologyTag: technology.cacheTag)
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
                return CachedLayerCost(c.ledger, utilization_percent: c.utilization * 100, infeasibleReason: nil)
            } catch {
                return CachedLayerCost(energy_j: 0, latency_s: 0, macs: Double(layer.shape.macs), utilization_percent: 0,
                                       infeasibleReason: "\(error)")
            }
        }
    }

    public func chipArea_mm2(_ hardware: HardwareConfig) -> Double { chipModel(hardware).area_mm2 }

    /// SRAM storage: Σ macros per weight copy against the chip's macros (`SRAMChip.capacity`); the compat
    /// mode's RRAM formulas do not apply. A layer whose weights fit no macro row is left to `layerCosts`.
    public func capacity(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> CapacityVerdict {
        let report = SRAMChip(hardware: hardware, design: design).capacity(layers)
        guard report.shortfallMacros > 0 else { return CapacityVerdict(shortfallCells: report.shortfallCells, reason: nil) }
        return CapacityVerdict(shortfallCells: report.shortfallCells, reason: "SRAM capacity: \(report.summary)")
    }

    public func weightsFit(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> Bool {
        SRAMChip(hardware: hardware, design: design).capacity(layers).fits
    }
}

/// ResNet50 top-1 from per-layer bits and, when the hardware is known, the ADC of the chip's SRAM macros
/// (`ResNet50QuantizationAccuracy.top1(_:readout:)` with `ADCReadout(macro:)`); MobileNetV2 subnets are not
/// its job.
public struct ResNet50AccuracyModel: AccuracyModel {
    public let model = ResNet50QuantizationAccuracy()
    /// The macro whose ADC and slicing the hardware-aware prediction assumes.
    public let macro: SRAMMacroDesign
    public var version: String { "\(ResNet50QuantizationAccuracy.version)-\(macro.rawValue)" }

    public init(macro: SRAMMacroDesign = .sinangil) {
        self.macro = macro
    }

    public func predict(_ spec: SubnetSpec, mode: CompatMode) throws -> AccuracyPrediction {
        throw SearchError.invalidOption("the ResNet50 quantization model predicts resnet50 only, not MobileNetV2 subnets")
    }

    public func fixedNetworkAccuracy(_ name: String) -> AccuracyPrediction? {
        try? fixedNetworkAccuracy(name, overrides: [:])
    }

    /// Operand quantization only (exact accumulation, no hardware).
    public func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits]) throws -> AccuracyPrediction? {
        guard name == "resnet50" else { return nil }
        let top1 = try model.top1(try Workloads.layers(network: name, overrides: overrides))
        return AccuracyPrediction(score: top1 / 100, top1_percent: top1)
    }

    /// Operand quantization and the ADC of `hardware`'s macros (rows, ADC bits, the macro's slicing).
    public func fixedNetworkAccuracy(_ name: String, overrides: [String: LayerBits],
                                     hardware: HardwareConfig) throws -> AccuracyPrediction? {
        guard name == "resnet50" else { return nil }
        let readout = ADCReadout(macro: SRAMChip(hardware: hardware, design: macro).macro)
        let top1 = try model.top1(try Workloads.layers(network: name, overrides: overrides), readout: readout)
        return AccuracyPrediction(score: top1 / 100, top1_percent: top1)
    }
}

/// The SRAM ResNet50 experiment's problem definition: space, baseline, design → layers → cost, accuracy.
public enum SRAMExperiment {
    /// Built-in space name (`datasets/spaces/sram-resnet50-7nm.json`).
    public static let spaceName = "sram-resnet50-7nm"

    /// Whether a built-in space describes SRAM macro chips (its `cell_type` knob offers only `sram`).
    public static func isSRAMSpace(_ name: String) -> Bool {
        guard let space = try? SearchSpace.named(name) else { return false }
        return isSRAMSpace(space)
    }

    /// Whether every design of `space` is an SRAM macro chip (its `cell_type` knob holds only `sram`).
    public static func isSRAMSpace(_ space: SearchSpace) -> Bool {
        guard let i = space.knobIndex("cell_type") else { return false }
        return space.knobs[i].values.allSatisfy { $0 == .text("sram") }
    }

    /// ResNet50 at 8 bits on the default SRAM macro chip (`HardwareConfig.sramBaseline7nm`).
    public static let baselineDesign = Design(hardware: .sramBaseline7nm, network: .fixed(name: "resnet50", overrides: [:]),
                                              cellType: "sram")

    /// Cost and accuracy of one design, without caches.
    public struct Result: Sendable {
        public var network: SRAMNetworkCost
        /// Predicted top-1 with the macros' ADC (`ResNet50AccuracyModel` on the design's hardware).
        public var top1_percent: Double
        /// Predicted top-1 from the layers' bits alone (exact accumulation).
        public var operandTop1_percent: Double
        /// Points the ADC costs: `operandTop1_percent − top1_percent`.
        public var adcDrop_points: Double { operandTop1_percent - top1_percent }
    }

    /// Evaluates a design directly (design → layers → `SRAMChipModel` → cost; layers → accuracy).
    public static func evaluate(_ design: Design, technology: TechnologyParameters,
                                macro: SRAMMacroDesign = .sinangil) throws -> Result {
        let layers = try Workloads.layers(for: design)
        let chip = SRAMChipModel(chip: SRAMChip(hardware: design.hardware, design: macro), technology: technology)
        let cost = try chip.evaluate(network: layers)
        let accuracy = ResNet50QuantizationAccuracy()
        let top1 = try accuracy.top1(layers, readout: ADCReadout(macro: chip.chip.macro))
        return Result(network: cost, top1_percent: top1, operandTop1_percent: try accuracy.top1(layers))
    }

    /// An evaluator with the SRAM cost model and the ResNet50 accuracy model of chips built from `macro`.
    public static func evaluator(technology: TechnologyParameters, store: any EvaluationStore,
                                 workers: Int = 1, macro: SRAMMacroDesign = .sinangil) -> DesignEvaluator {
        DesignEvaluator(costModel: SRAMCostModel(technology: technology, design: macro),
                        accuracyModel: ResNet50AccuracyModel(macro: macro), store: store, workers: workers)
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
    /// Accuracy floor of the default experiment: one point below INT8 operand quantization (76.03 %); the
    /// baseline chip itself predicts 75.28 % because its 4-bit ADC holds 8-bit layers to 4-bit outputs.
    public static let defaultConstraints = SearchConstraints(minTop1_percent: accuracyFloor_percent)
    /// The floor's top-1, percent.
    public static let accuracyFloor_percent = 75.0
    /// `cimnas sram search`'s run: a GA of 40 × 30 generations (the SRAM space is small), seed 1.
    public static let defaultOptions = GAOptions(populationSize: 40, generations: 30, seed: 1)

    /// Runs the CIMNAS GA (`CIMNASProblem` + `GeneticAlgorithm`) over `sram-resnet50-7nm` with the SRAM cost
    /// model and the ResNet50 accuracy model of chips built from `macro`, and compares the best design with
    /// the baseline, which stays the Sinangil chip (``baselineDesign``) whatever the macro, so that ratios
    /// of different macro families share one reference.
    /// - Complexity: population × generations design evaluations (each ≤ 54 new layer evaluations).
    public static func search(technology: TechnologyParameters, options: GAOptions,
                              objective: SearchObjective = .ela_acc,
                              constraints: SearchConstraints = defaultConstraints,
                              workers: Int = 1, macro: SRAMMacroDesign = .sinangil,
                              store: any EvaluationStore = InMemoryEvaluationStore()) throws -> SRAMSearchOutcome {
        try options.validate()
        let space = try SearchSpace.named(spaceName)
        let evaluator = evaluator(technology: technology, store: store, workers: workers, macro: macro)
        let problem = CIMNASProblem(space: space, evaluator: evaluator, objective: .scalar(objective),
                                    constraints: constraints)
        let result = try GeneticAlgorithm(problem: problem, options: options).run()
        let best = try problem.design(for: result.best.genome)
        let bestRecord = try evaluator.evaluate([best])[0]
        let baselineRecord = try Self.evaluator(technology: technology, store: store, workers: workers)
            .evaluate([baselineDesign])[0]
        return SRAMSearchOutcome(best: best, bestRecord: bestRecord, baselineRecord: baselineRecord,
                                 ratios: BaselineRatios(design: bestRecord, baseline: baselineRecord),
                                 evaluations: result.evaluations, feasible: result.best.evaluation.isFeasible)
    }
}
