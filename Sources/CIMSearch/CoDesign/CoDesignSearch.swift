import CIMHardware
import CIMWorkload
import Dispatch

/// One network's row of a co-design: the shared chip running it, and the chip its own search found.
public struct CoDesignNetworkResult: Sendable {
    public var network: String
    /// The shared chip running this network (stored as a design).
    public var shared: DesignResult
    public var sharedLookup: DesignLookup
    /// This network's own best chip, searched alone with the same budget (nil when not compared).
    public var ownBest: DesignResult?
    public var ownBestLookup: DesignLookup?

    /// Shared EDAP over own-best EDAP (≥ 1 when the shared chip is no better for this network).
    public var edapRatio: Double? {
        guard let o = ownBest, o.isEvaluated, shared.isEvaluated else { return nil }
        return shared.edap_j_s_mm2 / o.edap_j_s_mm2
    }
}

/// A finished co-design: the shared chip's aggregate objective and the per-network rows.
public struct CoDesignOutcome: Sendable {
    public var feasible: Bool
    public var objective: Double
    public var rows: [CoDesignNetworkResult]
    /// Genome evaluations (chips) of the shared search, and designs evaluated in all (every network of every chip).
    public var evaluations: Int
    public var designEvaluations: Int
    public var seconds: Double
}

/// Runs the co-design GA and, for the report, one GA per network alone with the same options (same
/// population, generations and seed over the same genes), so "own best" has the shared search's budget.
public struct CoDesignSearch {
    public var space: SearchSpace
    public var evaluator: DesignEvaluator
    public var networks: [String]
    public var objective: SearchObjective
    public var aggregate: CoDesignAggregate
    public var capacity: CoDesignCapacity
    public var constraints: SearchConstraints
    public var options: GAOptions
    /// Full genome of the fixed genes (the space's baseline design).
    public var template: [Int]

    public init(space: SearchSpace, evaluator: DesignEvaluator, networks: [String], objective: SearchObjective,
                aggregate: CoDesignAggregate, capacity: CoDesignCapacity, constraints: SearchConstraints,
                options: GAOptions, template: [Int]) {
        self.space = space
        self.evaluator = evaluator
        self.networks = networks
        self.objective = objective
        self.aggregate = aggregate
        self.capacity = capacity
        self.constraints = constraints
        self.options = options
        self.template = template
    }

    /// `observer` sees (stage, generation stats) after every generation; stage 0 is the shared search, stage i
    /// network i's own search. It may throw to stop (e.g. on SIGINT).
    public func run(compareOwnBest: Bool = true,
                    observer: ((Int, GenerationStats) throws -> Void)? = nil) throws -> CoDesignOutcome {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let shared = try CoDesignProblem(space: space, evaluator: evaluator, networks: networks, objective: objective,
                                         aggregate: aggregate, capacity: capacity, constraints: constraints,
                                         template: template)
        let result = try GeneticAlgorithm(problem: shared, options: options).run { _, stats in try observer?(0, stats) }
        let designs = try shared.designs(for: result.best.genome)
        let records = try evaluator.evaluate(designs)
        var rows: [CoDesignNetworkResult] = []
        for (i, name) in networks.enumerated() {
            rows.append(CoDesignNetworkResult(network: name, shared: records[i], sharedLookup: evaluator.lookup(for: designs[i])))
        }
        var designEvaluations = result.evaluations * networks.count
        if compareOwnBest {
            for (i, name) in networks.enumerated() {
                let alone = try CoDesignProblem(space: space, evaluator: evaluator, networks: [name], objective: objective,
                                                aggregate: .sum, capacity: .perNetwork, constraints: constraints,
                                                template: template)
                let r = try GeneticAlgorithm(problem: alone, options: options).run { _, stats in try observer?(i + 1, stats) }
                let d = try alone.designs(for: r.best.genome)[0]
                rows[i].ownBest = try evaluator.evaluate([d])[0]
                rows[i].ownBestLookup = evaluator.lookup(for: d)
                designEvaluations += r.evaluations
            }
        }
        return CoDesignOutcome(feasible: result.best.evaluation.isFeasible, objective: result.best.fitness, rows: rows,
                               evaluations: result.evaluations, designEvaluations: designEvaluations,
                               seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
}
