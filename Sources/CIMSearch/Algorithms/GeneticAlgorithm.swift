/// The single-objective genetic algorithm CIMNAS runs (pymoo 0.6 `GA`).
///
/// - Initial population: uniform random genomes, rejection-sampled until `isAdmissibleSample` holds,
///   without duplicates.
/// - Mating: binary tournament comparing by constraint violation, then fitness
///   (`comp_by_cv_and_fitness`, ties at random); SBX then PM on the continuous relaxation, each followed
///   by rounding; duplicates of the population and of other offspring are regenerated.
/// - Survival: parents and offspring sorted by (violation, objective), the first `populationSize` kept
///   (`FitnessSurvival`), so a feasible design always ranks before an infeasible one.
/// - Complexity: per generation O(p log p + p·n) plus `p` evaluations, for population p and n variables.
public struct GeneticAlgorithm<Problem: SearchProblem>: SearchAlgorithm {
    public let problem: Problem
    public let options: GAOptions

    public init(problem: Problem, options: GAOptions = .paper) {
        self.problem = problem
        self.options = options
    }

    public var generations: Int { options.generations }

    public func initialize() throws -> (SearchState, evaluations: Int) {
        let (pop, rng) = try sampleInitialPopulation(options)
        let state = SearchState(generation: 1, population: FeasibilityOrder.sorted(pop), random: rng,
                                evaluations: pop.count)
        return (state, pop.count)
    }

    public func advance(_ state: inout SearchState) throws -> Int {
        var rng = state.random
        let pop = state.population
        let genomes = Reproduction.offspring(
            population: pop, count: options.populationSize, upper: problem.upperBounds,
            crossover: options.crossover, mutation: options.mutation,
            maxIterations: options.maxMatingIterations, using: &rng
        ) { matings, rng in
            Reproduction.tournament(populationSize: pop.count, matings: matings, using: &rng) { a, b, rng in
                Self.compareByViolationAndFitness(pop[a], a, pop[b], b, using: &rng)
            }
        }
        let off = try evaluateChecked(genomes)
        let merged = FeasibilityOrder.sorted(pop + off)
        state.population = Array(merged.prefix(options.populationSize))
        state.random = rng
        state.generation += 1
        state.evaluations += off.count
        return off.count
    }

    public func pareto(of state: SearchState) -> [Individual] {
        let best = FeasibilityOrder.sorted(state.population)
        return best.first.map { $0.evaluation.isFeasible ? [$0] : [] } ?? []
    }

    /// pymoo `comp_by_cv_and_fitness`: if either is infeasible the smaller violation wins, otherwise the
    /// smaller objective; equal values are decided at random.
    static func compareByViolationAndFitness(
        _ x: Individual, _ a: Int, _ y: Individual, _ b: Int, using rng: inout SearchRandom
    ) -> Int {
        let va = x.evaluation.violation, vb = y.evaluation.violation
        if va > 0 || vb > 0 {
            if va < vb { return a }
            if vb < va { return b }
        } else {
            if x.fitness < y.fitness { return a }
            if y.fitness < x.fitness { return b }
        }
        return rng.nextUnit() < 0.5 ? a : b
    }
}
