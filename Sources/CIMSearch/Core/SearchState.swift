/// Everything needed to continue a search after generation `generation`: the checkpoint unit.
///
/// A search resumed from a saved state draws the same random numbers and evaluates the same genomes as
/// an uninterrupted run, so it ends with the same result.
public struct SearchState: Hashable, Sendable, Codable {
    /// Completed generations (1 after the initial population).
    public var generation: Int
    /// The current population (for random search: the best design found so far).
    public var population: [Individual]
    /// The generator state after the last completed generation.
    public var random: SearchRandom
    /// Evaluations made so far.
    public var evaluations: Int

    public init(generation: Int, population: [Individual], random: SearchRandom, evaluations: Int) {
        self.generation = generation
        self.population = population
        self.random = random
        self.evaluations = evaluations
    }
}

/// Statistics of one generation, reported as progress and stored with the run.
public struct GenerationStats: Hashable, Sendable, Codable {
    /// 1-based generation number (1 = initial population).
    public var generation: Int
    /// Evaluations made in this generation.
    public var evaluations: Int
    /// Evaluations made so far.
    public var totalEvaluations: Int
    /// Smallest first objective among feasible members, nil when none is feasible.
    public var bestObjective: Double?
    /// Smallest constraint violation in the population.
    public var bestViolation: Double
    /// Mean first objective over feasible, finite members, nil when there are none.
    public var meanObjective: Double?
    /// Fraction of the population that is feasible.
    public var feasibleFraction: Double
    /// Wall time of this generation, seconds.
    public var seconds: Double

    /// Evaluations per second in this generation.
    public var evaluationsPerSecond: Double { seconds > 0 ? Double(evaluations) / seconds : 0 }

    public init(generation: Int, evaluations: Int, totalEvaluations: Int, population: [Individual],
                seconds: Double) {
        self.generation = generation
        self.evaluations = evaluations
        self.totalEvaluations = totalEvaluations
        self.seconds = seconds
        let feasible = population.filter { $0.evaluation.isFeasible }
        feasibleFraction = population.isEmpty ? 0 : Double(feasible.count) / Double(population.count)
        bestViolation = population.map { $0.evaluation.violation }.min() ?? .infinity
        let finite = feasible.map(\.fitness).filter { $0.isFinite }
        bestObjective = finite.min()
        meanObjective = finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
    }
}

/// What a finished search returns.
public struct SearchResult: Hashable, Sendable, Codable {
    /// The best individual: feasible first, then smallest violation, then smallest first objective.
    public var best: Individual
    /// The final population (random search: the best design only).
    public var population: [Individual]
    /// Feasible non-dominated designs of the final population (NSGA-II; for single-objective runs the best).
    public var pareto: [Individual]
    /// Per-generation statistics, in order (only the generations run by this call when resumed).
    public var history: [GenerationStats]
    /// Evaluations over the whole search.
    public var evaluations: Int
    /// The final state (a checkpoint of the finished search).
    public var state: SearchState
}

/// Orders individuals as pymoo's `FitnessSurvival` and `comp_by_cv_and_fitness` do.
public enum FeasibilityOrder {
    /// Whether `a` is strictly better than `b`: smaller violation first, then smaller first objective.
    @inlinable public static func isBetter(_ a: Individual, than b: Individual) -> Bool {
        let va = a.evaluation.violation, vb = b.evaluation.violation
        if va != vb { return va < vb }
        return a.fitness < b.fitness
    }

    /// Stable sort by (violation, first objective); ties keep their input order.
    /// - Complexity: O(n log n).
    public static func sorted(_ population: [Individual]) -> [Individual] {
        let keys = population.map { ($0.evaluation.violation, $0.fitness) }
        let order = population.indices.sorted { i, j in
            if keys[i].0 != keys[j].0 { return keys[i].0 < keys[j].0 }
            if keys[i].1 != keys[j].1 { return keys[i].1 < keys[j].1 }
            return i < j
        }
        return order.map { population[$0] }
    }
}
