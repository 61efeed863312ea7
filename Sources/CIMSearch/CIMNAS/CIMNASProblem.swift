import CIMFunctional
import CIMHardware
import CIMWorkload

/// What a search minimises: one CIMNAS objective, or several metrics for NSGA-II.
public enum ObjectiveSpec: Hashable, Sendable, Codable {
    case scalar(SearchObjective)
    case pareto([ParetoMetric])

    public var count: Int {
        switch self {
        case .scalar: 1
        case .pareto(let m): m.count
        }
    }

    /// Objective values of an evaluated design.
    public func values(_ m: DesignMetrics) -> [Double] {
        switch self {
        case .scalar(let o): [o.value(m)]
        case .pareto(let ms): ms.map { $0.minimised(m) }
        }
    }
}

/// The CIMNAS joint search problem: genome → design → layers → cost model and predictor (through the
/// evaluation cache) → objective and constraints.
///
/// Constraint values, in order: crossbar capacity (cells required − available, the original's g0),
/// evaluation failure (1 when the design cannot be evaluated for another reason, else 0), then the
/// active `SearchConstraints`. A design that does not fit or cannot be mapped is infeasible with a reason
/// and objective +∞ — never a perfect score (the original scored errors as 0, docs/search.md, quirk 4).
///
/// Only the genes listed in `freeGenes` are searched; the others keep the values of `template`
/// (hardware-only and two-stage searches).
public final class CIMNASProblem: SearchProblem {
    public let space: SearchSpace
    public let evaluator: DesignEvaluator
    public let objective: ObjectiveSpec
    public let constraints: SearchConstraints
    /// Positions of the space's genome that this problem searches, in order.
    public let freeGenes: [Int]
    /// Full genome supplying the fixed genes.
    public let template: [Int]
    public let upperBounds: [Int]

    /// Every design result evaluated through this problem, by full genome.
    public private(set) var records: [[Int]: DesignResult] = [:]
    /// Design-cache lookups of evaluated genomes, by full genome (used to record generations).
    public private(set) var lookups: [[Int]: DesignLookup] = [:]
    private let decoder: GenomeDecoder?

    public init(space: SearchSpace, evaluator: DesignEvaluator, objective: ObjectiveSpec = .scalar(.ela_acc),
                constraints: SearchConstraints = .paper, freeGenes: [Int]? = nil, template: [Int]? = nil) {
        self.space = space
        self.evaluator = evaluator
        self.objective = objective
        self.constraints = constraints
        let all = Array(space.knobs.indices)
        self.freeGenes = freeGenes ?? all
        self.template = template ?? [Int](repeating: 0, count: space.knobs.count)
        upperBounds = self.freeGenes.map { space.knobs[$0].values.count - 1 }
        decoder = GenomeDecoder(space: space)
    }

    public var objectiveCount: Int { objective.count }

    /// The full space genome of a (possibly reduced) search genome.
    public func fullGenome(_ genome: [Int]) -> [Int] {
        if freeGenes.count == template.count { return genome }
        var g = template
        for (i, pos) in freeGenes.enumerated() { g[pos] = genome[i] }
        return g
    }

    /// The design a search genome denotes.
    public func design(for genome: [Int]) throws -> Design {
        let full = fullGenome(genome)
        if let decoder { return decoder.decode(full) }
        return try space.decode(Genome(full))
    }

    public func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        let designs = try genomes.map { try design(for: $0) }
        let batch = designs.map(evaluator.lookup(for:))
        let out = try evaluator.evaluate(batch)
        for (i, g) in genomes.enumerated() {
            let full = fullGenome(g)
            records[full] = out[i]
            lookups[full] = batch[i]
        }
        return out.map(evaluation(of:))
    }

    /// Objective and constraint values of an evaluated design.
    public func evaluation(of r: DesignResult) -> Evaluation {
        let m = r.metrics
        let failed = r.infeasibleReason != nil && r.capacityShortfallCells <= 0
        var g: [Double] = [Double(r.capacityShortfallCells), failed ? 1 : 0]
        g += constraints.values(m)
        if !r.isEvaluated {
            return Evaluation(objectives: [Double](repeating: .infinity, count: objective.count),
                              constraints: g, infeasibleReason: r.infeasibleReason)
        }
        if !(r.accuracyScore > 0) {
            // Dividing by a non-positive accuracy would reward a broken prediction.
            g[1] = 1
            return Evaluation(objectives: [Double](repeating: .infinity, count: objective.count), constraints: g,
                              infeasibleReason: "the predictor returned accuracy \(r.accuracyScore), expected > 0")
        }
        return Evaluation(objectives: objective.values(m), constraints: g)
    }

    /// Samples the ADC bound may still reject (``isAdmissibleSample(_:)``): a space where few chips meet it
    /// then samples as CIMNAS does instead of spending the sampler's attempts on the error model.
    public static let adcRejectionBudget = 1000
    private var adcRejections = 0

    /// CIMNAS's sampling rule: a random genome enters the initial population only if its weights fit; with an
    /// ADC bound (`SearchConstraints.minAdcSqnr_db`) also only if every layer's ADC meets it, for the first
    /// ``adcRejectionBudget`` rejections, so that even a small budget starts from chips the bound admits.
    /// Deterministic: the sampler draws in a fixed order.
    public func isAdmissibleSample(_ genome: [Int]) -> Bool {
        guard let d = try? design(for: genome), let layers = try? Workloads.layers(for: d, mode: evaluator.mode)
        else { return false }
        guard evaluator.costModel.weightsFit(layers, on: d.hardware, mode: evaluator.mode) else { return false }
        guard let bound = constraints.minAdcSqnr_db, let model = evaluator.hardwareAccuracy, d.network.subnet != nil,
              adcRejections < Self.adcRejectionBudget
        else { return true }
        for layer in evaluator.mode.hardwareView(of: layers) {
            guard let e = try? model.layerError(layer, on: d.hardware), e.adc.sqnr_db >= bound else {
                adcRejections += 1
                return false
            }
        }
        return true
    }

    /// Positions of the space's hardware genes (everything that is not a MobileNetV2 knob).
    public static func hardwareGenes(of space: SearchSpace) -> [Int] {
        space.knobs.indices.filter { !isSoftwareKnob(space.knobs[$0].name) }
    }

    /// Positions of the space's MobileNetV2 genes.
    public static func softwareGenes(of space: SearchSpace) -> [Int] {
        space.knobs.indices.filter { isSoftwareKnob(space.knobs[$0].name) }
    }

    static func isSoftwareKnob(_ name: String) -> Bool {
        ["depth.", "kernel.", "pw_w.", "pw_a.", "dw_w.", "dw_a.", "expand.", "layer_w.", "layer_a."].contains { name.hasPrefix($0) }
    }
}
