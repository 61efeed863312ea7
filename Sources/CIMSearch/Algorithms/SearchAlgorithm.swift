import Dispatch

/// A generational search over a `SearchProblem`, driven one generation at a time.
///
/// `initialize` builds and evaluates generation 1; `advance` makes one more generation. All randomness
/// comes from `SearchState.random`, so saving the state after any generation and resuming from it gives
/// the same result as an uninterrupted run.
public protocol SearchAlgorithm {
    associatedtype Problem: SearchProblem

    var problem: Problem { get }
    /// Total generations, counting the initial population as generation 1 (pymoo `n_gen`).
    var generations: Int { get }

    /// Samples and evaluates the initial population; returns the state and the evaluations made.
    func initialize() throws -> (SearchState, evaluations: Int)
    /// Runs one generation; returns the evaluations made (0 means no new offspring could be produced).
    func advance(_ state: inout SearchState) throws -> Int
    /// The non-dominated set of a state (single-objective algorithms: the best individual).
    func pareto(of state: SearchState) -> [Individual]
}

extension SearchAlgorithm {
    /// Runs to `generations`, optionally continuing from a checkpoint, calling `observer` after each
    /// generation (for progress and checkpointing).
    public func run(
        resumingFrom start: SearchState? = nil,
        observer: ((SearchState, GenerationStats) throws -> Void)? = nil
    ) throws -> SearchResult {
        var history: [GenerationStats] = []
        var state: SearchState
        if let start {
            state = start
        } else {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let (s, n) = try initialize()
            state = s
            let stats = GenerationStats(
                generation: 1, evaluations: n, totalEvaluations: state.evaluations,
                population: state.population, seconds: Self.seconds(since: t0))
            history.append(stats)
            try observer?(state, stats)
        }
        while state.generation < generations {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let n = try advance(&state)
            let stats = GenerationStats(
                generation: state.generation, evaluations: n, totalEvaluations: state.evaluations,
                population: state.population, seconds: Self.seconds(since: t0))
            history.append(stats)
            try observer?(state, stats)
            if n == 0 { break }
        }
        let best = FeasibilityOrder.sorted(state.population)[0]
        return SearchResult(best: best, population: state.population, pareto: pareto(of: state),
                            history: history, evaluations: state.evaluations, state: state)
    }

    static func seconds(since t0: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// The GA's and NSGA-II's first generation: validated options, admissible random genomes, evaluated.
    func sampleInitialPopulation(_ options: GAOptions) throws -> (population: [Individual], random: SearchRandom) {
        try options.validate()
        var rng = SearchRandom(seed: options.seed)
        let genomes = Reproduction.sample(problem, count: options.populationSize,
                                          maxAttempts: options.maxSamplingAttempts, using: &rng)
        return (try evaluateChecked(genomes), rng)
    }

    /// Evaluates genomes and checks the problem returned one evaluation per genome.
    func evaluateChecked(_ genomes: [[Int]]) throws -> [Individual] {
        if genomes.isEmpty { return [] }
        let evals = try problem.evaluate(genomes)
        guard evals.count == genomes.count else {
            throw SearchError.evaluationCountMismatch(expected: genomes.count, got: evals.count)
        }
        return zip(genomes, evals).map { Individual(genome: $0, evaluation: $1) }
    }
}

/// Errors of the search drivers.
public enum SearchError: Error, Equatable, CustomStringConvertible {
    case evaluationCountMismatch(expected: Int, got: Int)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .evaluationCountMismatch(let e, let g): "problem returned \(g) evaluations for \(e) genomes"
        case .invalidOption(let s): s
        }
    }
}
