/// Settings of the generational searches; the defaults are the CIMNAS paper run.
public struct GAOptions: Hashable, Sendable, Codable {
    /// Population size (and offspring per generation).
    public var populationSize: Int
    /// Generations, counting the initial population as generation 1 (pymoo `n_gen`).
    public var generations: Int
    /// Seed of the search's random stream.
    public var seed: UInt64
    /// SBX settings.
    public var crossover: SimulatedBinaryCrossover
    /// PM settings.
    public var mutation: PolynomialMutation
    /// Draws per initial individual before the capacity rejection gives up.
    public var maxSamplingAttempts: Int
    /// Mating rounds per generation before duplicate elimination gives up (pymoo `n_max_iterations`).
    public var maxMatingIterations: Int

    public init(populationSize: Int = 150, generations: Int = 100, seed: UInt64 = 1,
                crossover: SimulatedBinaryCrossover = .init(), mutation: PolynomialMutation = .init(),
                maxSamplingAttempts: Int = 100_000, maxMatingIterations: Int = 100) {
        self.populationSize = populationSize
        self.generations = generations
        self.seed = seed
        self.crossover = crossover
        self.mutation = mutation
        self.maxSamplingAttempts = maxSamplingAttempts
        self.maxMatingIterations = maxMatingIterations
    }

    /// The CIMNAS notebook run: population 150, 100 generations, SBX 0.95/3.0, PM 0.95/3.0, seed 1.
    public static let paper = GAOptions()

    /// Checks ranges; throws `SearchError.invalidOption` naming the bad setting.
    public func validate() throws {
        if populationSize < 2 { throw SearchError.invalidOption("population must be at least 2") }
        if generations < 1 { throw SearchError.invalidOption("generations must be at least 1") }
        for (name, p) in [("sbx-prob", crossover.probability), ("pm-prob", mutation.probability)]
        where !(0...1).contains(p) {
            throw SearchError.invalidOption("\(name) must be in [0, 1], got \(p)")
        }
        for (name, e) in [("sbx-eta", crossover.eta), ("pm-eta", mutation.eta)] where !(e >= 0 && e.isFinite) {
            throw SearchError.invalidOption("\(name) must be a non-negative number, got \(e)")
        }
    }
}
