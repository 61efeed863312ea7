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
///
/// A space whose `technology` knob lists several technologies is searched with one evaluator per value
/// (`technologies`, in the knob's order): the gene picks the evaluator, so each design is priced, cached and
/// stored under its own technology's cost-model version.
public final class CIMNASProblem: SearchProblem {
    public let space: SearchSpace
    /// The evaluator of the first technology (the only one unless the technology knob is a gene).
    public var evaluator: DesignEvaluator { evaluators[0] }
    /// One evaluator per value of the technology knob, or the single evaluator.
    public let evaluators: [DesignEvaluator]
    /// Position of the `technology` knob whose value picks the evaluator; nil with one evaluator.
    public let technologyGene: Int?
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
    /// Asked before each chunk of `stopCheckChunk` designs of a batch: true stops the batch with
    /// ``EvaluationStopped`` (finished chunks stay in the cache; the generation is not committed).
    public var stopRequested: (() -> Bool)?
    /// Designs evaluated between two stop checks: a generation of 10 000 designs stops within one chunk.
    public static let stopCheckChunk = 256
    private let decoder: GenomeDecoder?

    /// - Parameter technologies: one evaluator per value of the space's `technology` knob, in its order (then
    ///   `evaluator` is not used); empty: every design goes to `evaluator`.
    /// - Precondition: `technologies` is empty or has one evaluator per technology value.
    public init(space: SearchSpace, evaluator: DesignEvaluator, objective: ObjectiveSpec = .scalar(.ela_acc),
                constraints: SearchConstraints = .paper, freeGenes: [Int]? = nil, template: [Int]? = nil,
                technologies: [DesignEvaluator] = []) {
        self.space = space
        let gene = technologies.isEmpty ? nil : Self.technologyGene(of: space)
        precondition(technologies.isEmpty || gene.map { space.knobs[$0].values.count == technologies.count } == true,
                     "one evaluator per technology value")
        evaluators = gene == nil ? [evaluator] : technologies
        technologyGene = gene
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

    /// The position of a space's `technology` knob.
    public static func technologyGene(of space: SearchSpace) -> Int? {
        space.knobs.firstIndex { $0.name == "technology" }
    }

    /// The evaluator of a full genome: its technology's.
    public func evaluator(forFull full: [Int]) -> DesignEvaluator {
        technologyGene.map { evaluators[full[$0]] } ?? evaluators[0]
    }

    /// The technology knob's value of a full genome, nil when the technology is not a gene.
    public func technology(ofFull full: [Int]) -> String? {
        technologyGene.map { space.knobs[$0].values[full[$0]].description }
    }

    public func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        guard let stopRequested else { return try evaluateBatch(genomes) }
        var out: [Evaluation] = []
        out.reserveCapacity(genomes.count)
        var start = 0
        repeat {
            if stopRequested() { throw EvaluationStopped(evaluated: start, of: genomes.count) }
            let end = min(genomes.count, start + Self.stopCheckChunk)
            out += try evaluateBatch(Array(genomes[start..<end]))
            start = end
        } while start < genomes.count
        return out
    }

    private func evaluateBatch(_ genomes: [[Int]]) throws -> [Evaluation] {
        let designs = try genomes.map { try design(for: $0) }
        let fulls = genomes.map(fullGenome)
        // Each technology's designs go to its evaluator as one batch (in population order within it).
        var groups = [[Int]](repeating: [], count: evaluators.count)
        for (i, full) in fulls.enumerated() { groups[technologyGene.map { full[$0] } ?? 0].append(i) }
        var out = [DesignResult?](repeating: nil, count: genomes.count)
        for (t, members) in groups.enumerated() where !members.isEmpty {
            let batch = members.map { evaluators[t].lookup(for: designs[$0]) }
            let results = try evaluators[t].evaluate(batch)
            for (n, i) in members.enumerated() {
                out[i] = results[n]
                records[fulls[i]] = results[n]
                lookups[fulls[i]] = batch[n]
            }
        }
        return out.map { evaluation(of: $0!) }
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
        let e = evaluator(forFull: fullGenome(genome))
        guard let d = try? design(for: genome), let layers = try? Workloads.layers(for: d, mode: e.mode)
        else { return false }
        guard e.costModel.weightsFit(layers, on: d.hardware, mode: e.mode) else { return false }
        guard let bound = constraints.minAdcSqnr_db, let model = e.hardwareAccuracy, d.network.subnet != nil,
              adcRejections < Self.adcRejectionBudget
        else { return true }
        for layer in e.mode.hardwareView(of: layers) {
            guard let err = try? model.layerError(layer, on: d.hardware), err.adc.sqnr_db >= bound else {
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

/// A batch stopped at a chunk boundary because a stop was requested (`CIMNASProblem.stopRequested`).
public struct EvaluationStopped: Error, Hashable, Sendable, CustomStringConvertible {
    /// Designs of the batch evaluated (and cached) before the stop.
    public var evaluated: Int
    /// Designs in the batch.
    public var of: Int

    public var description: String { "evaluation stopped after \(evaluated) of \(of) designs" }
}
