import CIMHardware
import CIMWorkload

/// How the per-network objectives of one shared chip combine into the value the search minimises.
public enum CoDesignAggregate: Hashable, Sendable, Codable, CustomStringConvertible {
    case sum
    case max
    /// Σ wᵢ·objectiveᵢ, one weight per network in `--network` order.
    case weighted([Double])

    /// Parses `sum`, `max` or `weighted:W1,W2,…` (one positive finite weight per network).
    public init(parsing text: String, networkCount: Int) throws(SearchError) {
        switch text {
        case "sum": self = .sum
        case "max": self = .max
        default:
            guard text.hasPrefix("weighted:") else {
                throw .invalidOption("--aggregate: '\(text)', expected sum, max or weighted:W1,W2,…")
            }
            let parts = text.dropFirst("weighted:".count).split(separator: ",", omittingEmptySubsequences: false)
            let weights = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard weights.count == parts.count, weights.count == networkCount, weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw .invalidOption("--aggregate: '\(text)', expected weighted: with \(networkCount) positive weights (one per --network)")
            }
            self = .weighted(weights)
        }
    }

    public func combine(_ values: [Double]) -> Double {
        switch self {
        case .sum: values.reduce(0, +)
        case .max: values.max() ?? .infinity
        case .weighted(let w): zip(w, values).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    public var description: String {
        switch self {
        case .sum: "sum"
        case .max: "max"
        case .weighted(let w): "weighted:" + w.map { PythonFloat.repr($0) }.joined(separator: ",")
        }
    }
}

/// Which weights the shared chip must hold at once.
public enum CoDesignCapacity: String, Hashable, Sendable, Codable, CaseIterable {
    /// Each network's weights fit in turn (the chip is reprogrammed between networks): the default.
    case perNetwork = "per-network"
    /// Every network's weights fit together (all resident, no reprogramming).
    case allResident = "all-resident"
}

/// One chip for several networks: the space's hardware genes are shared; a `mobilenetv2` network also
/// searches the space's subnet genes (its per-block bits among them); fixed networks run their tables' bits.
///
/// Per network the evaluator scores (and stores) the design "this chip running network i". The objective
/// is `aggregate` over the per-network `objective` values. Constraints, in order: per network the
/// capacity shortfall (per-network mode; in all-resident mode one shortfall for all layers together), an
/// evaluation failure flag, then the active `SearchConstraints` applied to that network's metrics.
public final class CoDesignProblem: SearchProblem {
    public let space: SearchSpace
    public let evaluator: DesignEvaluator
    /// Network names in order; `mobilenetv2` takes its subnet from the genome.
    public let networks: [String]
    public let objective: SearchObjective
    public let aggregate: CoDesignAggregate
    public let capacity: CoDesignCapacity
    public let constraints: SearchConstraints
    /// Positions of the space genome this problem searches.
    public let freeGenes: [Int]
    /// Full genome supplying the other genes (the baseline's).
    public let template: [Int]
    public let upperBounds: [Int]
    /// Per-network results of every evaluated search genome.
    public private(set) var records: [[Int]: [DesignResult]] = [:]

    public init(space: SearchSpace, evaluator: DesignEvaluator, networks: [String], objective: SearchObjective,
                aggregate: CoDesignAggregate, capacity: CoDesignCapacity, constraints: SearchConstraints,
                template: [Int]) throws(SearchError) {
        guard !networks.isEmpty else { throw .invalidOption("co-design needs at least one --network") }
        guard template.count == space.knobs.count else {
            throw .invalidOption("template genome has \(template.count) genes, expected \(space.knobs.count)")
        }
        self.space = space
        self.evaluator = evaluator
        self.networks = networks
        self.objective = objective
        self.aggregate = aggregate
        self.capacity = capacity
        self.constraints = constraints
        self.template = template
        var genes = CIMNASProblem.hardwareGenes(of: space)
        if networks.contains("mobilenetv2") {
            guard space.network == "mobilenetv2" else {
                throw .invalidOption("--network mobilenetv2 needs a mobilenetv2 space; space \(space.name) searches \(space.network)")
            }
            genes = Array(space.knobs.indices)
        }
        freeGenes = genes
        upperBounds = genes.map { space.knobs[$0].values.count - 1 }
    }

    public var objectiveCount: Int { 1 }

    public func fullGenome(_ genome: [Int]) -> [Int] {
        var g = template
        for (i, pos) in freeGenes.enumerated() { g[pos] = genome[i] }
        return g
    }

    /// The designs "this chip running network i", in network order.
    public func designs(for genome: [Int]) throws -> [Design] {
        let decoded = try space.decode(Genome(fullGenome(genome)))
        return networks.map { name in
            var d = decoded
            if name != "mobilenetv2" { d.network = .fixed(name: name, overrides: [:]) }
            return d
        }
    }

    public func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        let n = networks.count
        let designs = try genomes.flatMap { try self.designs(for: $0) }
        let results = try evaluator.evaluate(designs)
        var out: [Evaluation] = []
        for (k, genome) in genomes.enumerated() {
            let rs = Array(results[(k * n)..<(k * n + n)])
            records[genome] = rs
            out.append(try evaluation(of: rs, designs: Array(designs[(k * n)..<(k * n + n)])))
        }
        return out
    }

    /// The aggregate objective and the constraints of one chip's per-network results.
    public func evaluation(of results: [DesignResult], designs: [Design]) throws -> Evaluation {
        var g: [Double] = []
        var reasons: [String] = []
        var values: [Double] = []
        if capacity == .allResident {
            var all: [LayerWorkload] = []
            for (i, d) in designs.enumerated() {
                let layers = (try? Workloads.layers(for: d, mode: evaluator.mode)) ?? []
                all += layers.map { var l = $0; l.name = "\(i).\(l.name)"; return l }
            }
            let verdict = evaluator.costModel.capacity(all, on: designs[0].hardware, mode: evaluator.mode)
            g.append(Double(max(0, verdict.shortfallCells)))
            if let r = verdict.reason { reasons.append("all networks resident: \(r)") }
        }
        for (name, r) in zip(networks, results) {
            let failed = r.infeasibleReason != nil && r.capacityShortfallCells <= 0
            if capacity == .perNetwork { g.append(Double(max(0, r.capacityShortfallCells))) }
            g.append(failed || (r.isEvaluated && !(r.accuracyScore > 0)) ? 1 : 0)
            g += constraints.values(r.metrics)
            if let why = r.infeasibleReason { reasons.append("\(name): \(why)") }
            values.append(r.isEvaluated && r.accuracyScore > 0 ? objective.value(r.metrics) : .infinity)
        }
        let value = aggregate.combine(values)
        return Evaluation(objectives: [value.isFinite ? value : .infinity], constraints: g,
                          infeasibleReason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    /// CIMNAS's sampling rule for every network (and for all of them together in all-resident mode).
    public func isAdmissibleSample(_ genome: [Int]) -> Bool {
        guard let ds = try? designs(for: genome) else { return false }
        var all: [LayerWorkload] = []
        for (i, d) in ds.enumerated() {
            guard let layers = try? Workloads.layers(for: d, mode: evaluator.mode),
                  evaluator.costModel.weightsFit(layers, on: d.hardware, mode: evaluator.mode) else { return false }
            all += layers.map { var l = $0; l.name = "\(i).\(l.name)"; return l }
        }
        return capacity == .perNetwork || evaluator.costModel.weightsFit(all, on: ds[0].hardware, mode: evaluator.mode)
    }
}
