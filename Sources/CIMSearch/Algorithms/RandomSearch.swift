/// Random search with the GA's budget: `populationSize` admissible random designs per generation for
/// `generations` generations, keeping the best (feasible first, then violation, then objective).
///
/// Uses the same capacity-rejecting sampler as the GA's initial population; duplicates are avoided
/// within a batch and against the incumbent.
public struct RandomSearch<Problem: SearchProblem>: SearchAlgorithm {
    public let problem: Problem
    public let options: GAOptions

    public init(problem: Problem, options: GAOptions = .paper) {
        self.problem = problem
        self.options = options
    }

    public var generations: Int { options.generations }

    public func initialize() throws -> (SearchState, evaluations: Int) {
        try options.validate()
        var state = SearchState(generation: 0, population: [], random: SearchRandom(seed: options.seed),
                                evaluations: 0)
        let n = try advance(&state)
        return (state, n)
    }

    public func advance(_ state: inout SearchState) throws -> Int {
        var rng = state.random
        let genomes = Reproduction.sample(
            problem, count: options.populationSize, excluding: Set(state.population.prefix(1).map(\.genome)),
            maxAttempts: options.maxSamplingAttempts, using: &rng)
        let batch = try evaluateChecked(genomes)
        // Population = incumbent + this batch, best first, so statistics describe the batch.
        state.population = FeasibilityOrder.sorted(state.population.prefix(1) + batch)
        state.random = rng
        state.generation += 1
        state.evaluations += batch.count
        return batch.count
    }

    public func pareto(of state: SearchState) -> [Individual] {
        state.population.prefix(1).filter { $0.evaluation.isFeasible }
    }
}
