@testable import CIMSearch
import Testing

@Suite struct NSGA2Tests {
    @Test func frontIsNonDominatedFeasibleAndCloseToTheTrueFront() throws {
        let problem = BiObjectiveProblem()
        let o = GAOptions(populationSize: 40, generations: 30, seed: 1)
        let result = try NSGA2(problem: problem, options: o).run()
        let front = result.pareto
        #expect(front.count >= 8)
        for a in front {
            #expect(a.evaluation.isFeasible)
            for b in front { #expect(!NSGA2<BiObjectiveProblem>.dominates(b.evaluation.objectives, a.evaluation.objectives)) }
        }
        // Brute force: every front member is globally non-dominated among feasible designs.
        var all: [[Int]] = [[]]
        for u in problem.upperBounds { all = all.flatMap { p in (0...u).map { p + [$0] } } }
        let feasible = all.filter { $0[0] != 7 }.map(BiObjectiveProblem.objectives)
        var onTrueFront = 0
        for a in front where !feasible.contains(where: { NSGA2<BiObjectiveProblem>.dominates($0, a.evaluation.objectives) }) {
            onTrueFront += 1
        }
        #expect(onTrueFront == front.count)
    }

    @Test func fastNonDominatedSortMatchesDefinition() {
        let pts: [[Double]] = [[1, 5], [2, 3], [3, 1], [2, 4], [4, 4], [3, 3], [5, 5], [1, 5]]
        let fronts = NSGA2<BiObjectiveProblem>.nonDominatedFronts(pts)
        #expect(fronts[0] == [0, 1, 2, 7])
        #expect(fronts[1] == [3, 5])
        #expect(fronts[2] == [4])
        #expect(fronts[3] == [6])
    }

    @Test func crowdingDistanceBoundariesAndInterior() {
        let cd = NSGA2<BiObjectiveProblem>.crowdingDistance([[0, 4], [1, 2], [2, 1], [4, 0], [1, 2]])
        #expect(cd[0] == .infinity && cd[3] == .infinity)
        // Interior point 1: (2−0)/4 + (4−1)/4, over 2 objectives.
        #expect(isClose(cd[1], (0.5 + 0.75) / 2, rel: 1e-12))
        #expect(isClose(cd[2], (0.75 + 0.5) / 2, rel: 1e-12))
        #expect(cd[4] == 0)
    }

    @Test func survivalPutsFeasibleFirstAndIsWorkerIndependent() throws {
        var one = BiObjectiveProblem(); one.workers = 1
        var three = BiObjectiveProblem(); three.workers = 3
        let o = GAOptions(populationSize: 20, generations: 8, seed: 9)
        let a = try NSGA2(problem: one, options: o).run { state, _ in
            let flags = state.population.map(\.evaluation.isFeasible)
            if let i = flags.firstIndex(of: false) { #expect(!flags[i...].contains(true)) }
        }
        let b = try NSGA2(problem: three, options: o).run()
        #expect(a.state == b.state)
    }
}
