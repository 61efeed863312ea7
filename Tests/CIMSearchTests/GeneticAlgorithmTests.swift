@testable import CIMSearch
import Foundation
import Testing

@Suite struct GeneticAlgorithmTests {
    static let small = GAOptions(populationSize: 20, generations: 40, seed: 1)

    @Test func paperDefaults() {
        let o = GAOptions.paper
        #expect(o.populationSize == 150 && o.generations == 100 && o.seed == 1)
        #expect(o.crossover == SimulatedBinaryCrossover(probability: 0.95, eta: 3, variableProbability: 0.5))
        #expect(o.mutation.probability == 0.95 && o.mutation.eta == 3 && o.mutation.variableProbability == nil)
        #expect(CIMSearch.paperPopulation == 150)
    }

    @Test func findsTheBruteForceOptimumOnATinySpace() throws {
        let problem = TinyProblem()
        let all = problem.allGenomes
        #expect(all.count == 7 * 8 * 5 * 10)
        let optimum = all.filter { TinyProblem.constraint($0) <= 0 }
            .min { TinyProblem.objective($0) < TinyProblem.objective($1) }!
        for seed: UInt64 in 1...5 {
            var o = Self.small
            o.seed = seed
            let result = try GeneticAlgorithm(problem: problem, options: o).run()
            #expect(result.best.genome == optimum, "seed \(seed)")
            #expect(result.best.evaluation.isFeasible)
            // Budget: population × generations, as pymoo counts it (no duplicates evaluated).
            #expect(result.evaluations <= 20 * 40)
            #expect(Set(result.population.map(\.genome)).count == result.population.count)
        }
    }

    @Test func identicalResultsWhateverTheWorkerCount() throws {
        var one = TinyProblem(); one.workers = 1
        var four = TinyProblem(); four.workers = 4
        let o = GAOptions(populationSize: 30, generations: 15, seed: 77)
        let a = try GeneticAlgorithm(problem: one, options: o).run()
        let b = try GeneticAlgorithm(problem: four, options: o).run()
        #expect(a.state == b.state)
        #expect(a.history.map(\.bestObjective) == b.history.map(\.bestObjective))
        var other = o; other.seed = 78
        let c = try GeneticAlgorithm(problem: one, options: other).run()
        #expect(c.state.population.map(\.genome) != a.state.population.map(\.genome))
    }

    @Test func infeasibleNeverBeatsFeasible() throws {
        let o = GAOptions(populationSize: 16, generations: 25, seed: 3)
        var sawFeasible = false
        let result = try GeneticAlgorithm(problem: TemptingProblem(), options: o).run { state, stats in
            let flags = state.population.map(\.evaluation.isFeasible)
            // Survival keeps every feasible member ahead of every infeasible one.
            if let firstInfeasible = flags.firstIndex(of: false) {
                #expect(!flags[firstInfeasible...].contains(true))
            }
            if flags.contains(true) { sawFeasible = true }
            if sawFeasible { #expect(flags[0]) }
            #expect(stats.feasibleFraction == Double(flags.filter { $0 }.count) / Double(flags.count))
        }
        #expect(sawFeasible)
        #expect(result.best.evaluation.isFeasible)
        // The best feasible sum is exactly 20 (objective 400).
        #expect(result.best.fitness == 400)
    }

    @Test func tournamentComparesViolationBeforeFitness() {
        var rng = SearchRandom(seed: 1)
        let feasibleBad = Individual(genome: [0], evaluation: Evaluation(objectives: [100], constraints: [-1]))
        let infeasibleGood = Individual(genome: [1], evaluation: Evaluation(objectives: [1], constraints: [0.5]))
        let worse = Individual(genome: [2], evaluation: Evaluation(objectives: [0], constraints: [3]))
        for _ in 0..<20 {
            #expect(GeneticAlgorithm<TinyProblem>.compareByViolationAndFitness(
                feasibleBad, 0, infeasibleGood, 1, using: &rng) == 0)
            #expect(GeneticAlgorithm<TinyProblem>.compareByViolationAndFitness(
                worse, 2, infeasibleGood, 1, using: &rng) == 1)
        }
        let sorted = FeasibilityOrder.sorted([worse, infeasibleGood, feasibleBad])
        #expect(sorted.map(\.genome) == [[0], [1], [2]])
        #expect(Evaluation(objectives: [0], constraints: [.nan]).violation == .infinity)
    }

    @Test func resumeFromAnyCheckpointGivesTheSameResult() throws {
        let o = GAOptions(populationSize: 24, generations: 12, seed: 5)
        let ga = GeneticAlgorithm(problem: TinyProblem(), options: o)
        var checkpoints: [SearchState] = []
        let full = try ga.run { state, _ in checkpoints.append(state) }
        #expect(checkpoints.count == 12)
        for k in [0, 4, 10] {
            // Round-trip through JSON as a stored checkpoint would.
            let data = try JSONEncoder().encode(checkpoints[k])
            let restored = try JSONDecoder().decode(SearchState.self, from: data)
            let resumed = try ga.run(resumingFrom: restored)
            #expect(resumed.state == full.state)
            #expect(resumed.best == full.best)
            #expect(resumed.history.count == 12 - (k + 1))
        }
    }

    @Test func statisticsPerGeneration() throws {
        let o = GAOptions(populationSize: 10, generations: 5, seed: 2)
        let r = try GeneticAlgorithm(problem: TinyProblem(), options: o).run()
        #expect(r.history.map(\.generation) == [1, 2, 3, 4, 5])
        #expect(r.history.last?.totalEvaluations == r.evaluations)
        #expect(r.history.map(\.evaluations).reduce(0, +) == r.evaluations)
        // Elitism: the best objective never gets worse.
        let bests = r.history.compactMap(\.bestObjective)
        #expect(zip(bests, bests.dropFirst()).allSatisfy { $1 <= $0 })
        for s in r.history {
            if let m = s.meanObjective, let b = s.bestObjective { #expect(m >= b) }
        }
    }

    @Test func initialPopulationRespectsAdmissibility() throws {
        var rng = SearchRandom(seed: 1)
        let g = Reproduction.sample(TinyProblem(), count: 200, maxAttempts: 1000, using: &rng)
        #expect(g.allSatisfy { $0[0] + $0[3] <= 13 })
        #expect(Set(g).count == 200)
    }

    @Test func invalidOptionsAreRejected() {
        var o = GAOptions(); o.populationSize = 1
        #expect(throws: SearchError.self) { try GeneticAlgorithm(problem: TinyProblem(), options: o).run() }
        o = GAOptions(); o.crossover.probability = 1.5
        #expect(throws: SearchError.self) { try o.validate() }
    }
}
