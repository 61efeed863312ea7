/// Sampling and offspring generation shared by the GA and NSGA-II (pymoo 0.6 `Mating` semantics).
public enum Reproduction {
    /// Draws `count` distinct genomes uniformly, rejecting those the problem does not admit (capacity).
    ///
    /// Genomes in `excluding` and already drawn ones are rejected too (pymoo's duplicate elimination).
    /// After `maxAttempts` draws for one slot the last non-duplicate (or, failing that, any) draw is
    /// accepted, so a problem whose admissible set is tiny cannot hang the search.
    /// - Complexity: O(count · attempts · n).
    public static func sample<P: SearchProblem>(
        _ problem: P, count: Int, excluding: Set<[Int]> = [], maxAttempts: Int,
        using rng: inout SearchRandom
    ) -> [[Int]] {
        let upper = problem.upperBounds
        var seen = excluding
        var out: [[Int]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            var fallback: [Int]? = nil
            var chosen: [Int]? = nil
            for _ in 0..<max(1, maxAttempts) {
                let g = upper.map { rng.nextInt(below: $0 + 1) }
                if seen.contains(g) { continue }
                if problem.isAdmissibleSample(g) { chosen = g; break }
                fallback = g
            }
            let g = chosen ?? fallback ?? upper.map { rng.nextInt(below: $0 + 1) }
            seen.insert(g)
            out.append(g)
        }
        return out
    }

    /// Produces up to `count` new, distinct offspring by selection, SBX, PM and rounding.
    ///
    /// Mirrors pymoo's `InfillCriterion.do`: repeat mating for the remaining number of offspring,
    /// drop duplicates of the population and of earlier offspring, keep a random subset when too many
    /// survive, and give up after `maxIterations` rounds (possibly returning fewer than `count`).
    /// `select(n)` returns `n` parent pairs (indices into `population`).
    public static func offspring(
        population: [Individual], count: Int, upper: [Int],
        crossover: SimulatedBinaryCrossover, mutation: PolynomialMutation, maxIterations: Int,
        using rng: inout SearchRandom,
        select: (Int, inout SearchRandom) -> [(Int, Int)]
    ) -> [[Int]] {
        let upperD = upper.map(Double.init)
        var seen = Set(population.map(\.genome))
        var off: [[Int]] = []
        var iterations = 0
        while off.count < count {
            let remaining = count - off.count
            let matings = (remaining + 1) / 2
            let parents = select(matings, &rng)
            var first: [[Double]] = []
            var second: [[Double]] = []
            for (a, b) in parents {
                let pa = population[a].genome.map(Double.init)
                let pb = population[b].genome.map(Double.init)
                if rng.nextUnit() < crossover.probability {
                    let (c1, c2) = crossover.cross(pa, pb, upper: upperD, using: &rng)
                    // SBX carries RoundingRepair in CIMNAS: children are rounded before mutation.
                    first.append(RoundingRepair.repair(c1, upper: upper).map(Double.init))
                    second.append(RoundingRepair.repair(c2, upper: upper).map(Double.init))
                } else {
                    first.append(pa)
                    second.append(pb)
                }
            }
            var fresh: [[Int]] = []
            var batch = Set<[Int]>()
            for x in first + second {
                let y = RoundingRepair.repair(mutation.mutate(x, upper: upperD, using: &rng), upper: upper)
                if seen.contains(y) || batch.contains(y) { continue }
                batch.insert(y)
                fresh.append(y)
            }
            if fresh.count > remaining {
                let perm = rng.permutation(fresh.count)
                fresh = perm.prefix(remaining).map { fresh[$0] }
            }
            for g in fresh { seen.insert(g) }
            off += fresh
            iterations += 1
            if iterations > maxIterations { break }
        }
        return off
    }

    /// Binary tournament on a random sequence of permutations (pymoo `TournamentSelection`, pressure 2).
    ///
    /// `winner(a, b, &rng)` decides each tournament; returns `matings` parent pairs.
    public static func tournament(
        populationSize n: Int, matings: Int, using rng: inout SearchRandom,
        winner: (Int, Int, inout SearchRandom) -> Int
    ) -> [(Int, Int)] {
        let needed = matings * 2 * 2
        var draws: [Int] = []
        draws.reserveCapacity(needed + n)
        while draws.count < needed { draws += rng.permutation(n) }
        var winners: [Int] = []
        winners.reserveCapacity(matings * 2)
        for k in 0..<(matings * 2) {
            winners.append(winner(draws[2 * k], draws[2 * k + 1], &rng))
        }
        return (0..<matings).map { (winners[2 * $0], winners[2 * $0 + 1]) }
    }
}
