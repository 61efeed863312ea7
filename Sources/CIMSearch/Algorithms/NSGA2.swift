/// NSGA-II (Deb et al. 2002) with constraint domination, as pymoo 0.6 runs it.
///
/// - Survival: feasible members by fast non-dominated sorting, the last admitted front truncated by
///   crowding distance (ties at random); infeasible members only after all feasible ones, by smaller
///   violation.
/// - Mating: binary tournament — smaller violation if either is infeasible, else Pareto dominance, else
///   larger crowding distance, else random — then SBX, PM and rounding as in the GA.
/// - Complexity: per generation O(m·p²) for m objectives and population p, plus `p` evaluations.
public struct NSGA2<Problem: SearchProblem>: SearchAlgorithm {
    public let problem: Problem
    public let options: GAOptions

    public init(problem: Problem, options: GAOptions = .paper) {
        self.problem = problem
        self.options = options
    }

    public var generations: Int { options.generations }

    public func initialize() throws -> (SearchState, evaluations: Int) {
        var (pop, rng) = try sampleInitialPopulation(options)
        let survivors = Self.survive(pop, count: pop.count, using: &rng)
        return (SearchState(generation: 1, population: survivors, random: rng, evaluations: pop.count),
                pop.count)
    }

    public func advance(_ state: inout SearchState) throws -> Int {
        var rng = state.random
        let pop = state.population
        let (rank, crowding) = Self.rankAndCrowding(pop)
        let genomes = Reproduction.offspring(
            population: pop, count: options.populationSize, upper: problem.upperBounds,
            crossover: options.crossover, mutation: options.mutation,
            maxIterations: options.maxMatingIterations, using: &rng
        ) { matings, rng in
            Reproduction.tournament(populationSize: pop.count, matings: matings, using: &rng) { a, b, rng in
                let va = pop[a].evaluation.violation, vb = pop[b].evaluation.violation
                if va > 0 || vb > 0 {
                    if va != vb { return va < vb ? a : b }
                } else {
                    let fa = pop[a].evaluation.objectives, fb = pop[b].evaluation.objectives
                    if Self.dominates(fa, fb) { return a }
                    if Self.dominates(fb, fa) { return b }
                    if rank[a] != rank[b] { return rank[a] < rank[b] ? a : b }
                    if crowding[a] != crowding[b] { return crowding[a] > crowding[b] ? a : b }
                }
                return rng.nextUnit() < 0.5 ? a : b
            }
        }
        let off = try evaluateChecked(genomes)
        state.population = Self.survive(pop + off, count: options.populationSize, using: &rng)
        state.random = rng
        state.generation += 1
        state.evaluations += off.count
        return off.count
    }

    public func pareto(of state: SearchState) -> [Individual] {
        Self.paretoFront(state.population)
    }

    /// The feasible, non-dominated members of `population`, in input order.
    public static func paretoFront(_ population: [Individual]) -> [Individual] {
        let feasible = population.filter { $0.evaluation.isFeasible }
        guard !feasible.isEmpty else { return [] }
        let fronts = nonDominatedFronts(feasible.map(\.evaluation.objectives))
        return fronts[0].sorted().map { feasible[$0] }
    }

    /// Whether `a` Pareto-dominates `b` (no worse in all objectives, better in one; all minimised).
    @inlinable public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var better = false
        for i in 0..<a.count {
            if a[i] > b[i] { return false }
            if a[i] < b[i] { better = true }
        }
        return better
    }

    /// Fast non-dominated sorting: fronts of indices, front 0 the non-dominated set.
    /// - Complexity: O(m·n²).
    public static func nonDominatedFronts(_ objectives: [[Double]]) -> [[Int]] {
        let n = objectives.count
        var dominatedBy = [[Int]](repeating: [], count: n)
        var count = [Int](repeating: 0, count: n)
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                if dominates(objectives[i], objectives[j]) {
                    dominatedBy[i].append(j); count[j] += 1
                } else if dominates(objectives[j], objectives[i]) {
                    dominatedBy[j].append(i); count[i] += 1
                }
            }
        }
        var fronts: [[Int]] = []
        var current = (0..<n).filter { count[$0] == 0 }
        while !current.isEmpty {
            fronts.append(current)
            var next: [Int] = []
            for i in current {
                for j in dominatedBy[i] {
                    count[j] -= 1
                    if count[j] == 0 { next.append(j) }
                }
            }
            current = next.sorted()
        }
        return fronts
    }

    /// Crowding distance within one front (pymoo `calc_crowding_distance`): boundary points +∞,
    /// duplicates of an earlier point 0, others the mean normalised side length of their cuboid.
    /// - Complexity: O(m·n log n).
    public static func crowdingDistance(_ objectives: [[Double]]) -> [Double] {
        let n = objectives.count
        if n <= 2 { return [Double](repeating: .infinity, count: n) }
        // Only the first of identical points takes part; its copies get distance 0.
        var unique: [Int] = []
        var seen = Set<[Double]>()
        for i in 0..<n where seen.insert(objectives[i]).inserted { unique.append(i) }
        var result = [Double](repeating: 0, count: n)
        if unique.count <= 2 {
            for i in unique { result[i] = .infinity }
            return result
        }
        let m = objectives[0].count
        var cd = [Double](repeating: 0, count: unique.count)
        for k in 0..<m {
            let order = unique.indices.sorted {
                let a = objectives[unique[$0]][k], b = objectives[unique[$1]][k]
                return a != b ? a < b : $0 < $1
            }
            let lo = objectives[unique[order[0]]][k]
            let hi = objectives[unique[order[order.count - 1]]][k]
            let norm = hi - lo
            cd[order[0]] = .infinity
            cd[order[order.count - 1]] = .infinity
            guard norm > 0 else { continue }
            for r in 1..<(order.count - 1) {
                let gap = objectives[unique[order[r + 1]]][k] - objectives[unique[order[r - 1]]][k]
                cd[order[r]] += gap / norm
            }
        }
        for (u, i) in unique.enumerated() { result[i] = cd[u] / Double(m) }
        return result
    }

    /// Rank (front index; infeasible members `Int.max`) and crowding distance of every member.
    public static func rankAndCrowding(_ pop: [Individual]) -> (rank: [Int], crowding: [Double]) {
        var rank = [Int](repeating: .max, count: pop.count)
        var crowding = [Double](repeating: 0, count: pop.count)
        let feasible = pop.indices.filter { pop[$0].evaluation.isFeasible }
        let fronts = nonDominatedFronts(feasible.map { pop[$0].evaluation.objectives })
        for (r, front) in fronts.enumerated() {
            let cd = crowdingDistance(front.map { pop[feasible[$0]].evaluation.objectives })
            for (k, local) in front.enumerated() {
                rank[feasible[local]] = r
                crowding[feasible[local]] = cd[k]
            }
        }
        return (rank, crowding)
    }

    /// pymoo `RankAndCrowding` with feasibility first: fronts of feasible members in order, the last
    /// front cut by descending crowding (random order among equal distances), then infeasible members by
    /// violation.
    public static func survive(_ pop: [Individual], count: Int, using rng: inout SearchRandom) -> [Individual] {
        let feasible = pop.indices.filter { pop[$0].evaluation.isFeasible }
        let infeasible = pop.indices.filter { !pop[$0].evaluation.isFeasible }
        var chosen: [Int] = []
        let fronts = nonDominatedFronts(feasible.map { pop[$0].evaluation.objectives })
        for front in fronts where chosen.count < count {
            let members = front.map { feasible[$0] }
            if chosen.count + members.count <= count {
                chosen += members
                continue
            }
            let cd = crowdingDistance(members.map { pop[$0].evaluation.objectives })
            let perm = rng.permutation(members.count)
            let order = perm.indices.sorted { x, y in
                let a = cd[perm[x]], b = cd[perm[y]]
                return a != b ? a > b : x < y
            }.map { perm[$0] }
            chosen += order.prefix(count - chosen.count).map { members[$0] }
        }
        if chosen.count < count {
            let byViolation = infeasible.sorted {
                let a = pop[$0].evaluation.violation, b = pop[$1].evaluation.violation
                return a != b ? a < b : $0 < $1
            }
            chosen += byViolation.prefix(count - chosen.count)
        }
        return chosen.map { pop[$0] }
    }
}
