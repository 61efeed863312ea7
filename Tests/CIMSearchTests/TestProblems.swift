@testable import CIMSearch
import Foundation

/// A small rugged integer problem with a sum constraint and an admissibility rule, evaluated in parallel.
struct TinyProblem: SearchProblem, Sendable {
    let upperBounds = [6, 7, 4, 9]
    var workers = 1
    var objectiveCount: Int { 1 }

    static func objective(_ g: [Int]) -> Double {
        let x = g.map(Double.init)
        let bowl = (x[0] - 4.2) * (x[0] - 4.2) + 0.7 * (x[1] - 2.6) * (x[1] - 2.6)
            + 1.3 * (x[2] - 3.1) * (x[2] - 3.1) + 0.4 * (x[3] - 6.8) * (x[3] - 6.8)
        return bowl + 2.5 * sin(x[0] * x[1] * 0.9) + 1.5 * cos(x[2] + x[3] * 1.7)
    }

    /// Feasible when g0 + g1 + g2 + g3 ≤ 14.
    static func constraint(_ g: [Int]) -> Double { Double(g.reduce(0, +) - 14) }

    func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        try parallelMap(count: genomes.count, workers: workers) { i in
            let g = genomes[i]
            return Evaluation(objectives: [Self.objective(g)], constraints: [Self.constraint(g)])
        }
    }

    func isAdmissibleSample(_ genome: [Int]) -> Bool { genome[0] + genome[3] <= 13 }

    /// Every genome of the space.
    var allGenomes: [[Int]] {
        var out: [[Int]] = [[]]
        for u in upperBounds { out = out.flatMap { p in (0...u).map { p + [$0] } } }
        return out
    }
}

/// A problem whose infeasible designs have far better objectives than any feasible one.
struct TemptingProblem: SearchProblem, Sendable {
    let upperBounds = [9, 9, 9]
    var objectiveCount: Int { 1 }

    func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        genomes.map { g in
            let s = g.reduce(0, +)
            // Feasible only when the sum is at least 20; smaller sums are much cheaper.
            return Evaluation(objectives: [Double(s * s)], constraints: [Double(20 - s)])
        }
    }
}

/// Two conflicting objectives over 3 integer variables; feasible when x0 ≠ 7.
struct BiObjectiveProblem: SearchProblem, Sendable {
    let upperBounds = [15, 15, 15]
    var workers = 1
    var objectiveCount: Int { 2 }

    static func objectives(_ g: [Int]) -> [Double] {
        let x = g.map { Double($0) / 15 }
        let f1 = x[0]
        let h = 1 + 2 * (x[1] + x[2])
        return [f1, h * (1 - (f1 / h).squareRoot())]
    }

    func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        try parallelMap(count: genomes.count, workers: workers) { i in
            let g = genomes[i]
            return Evaluation(objectives: Self.objectives(g), constraints: [g[0] == 7 ? 1 : 0])
        }
    }
}

func isClose(_ a: Double, _ b: Double, rel: Double) -> Bool {
    abs(a - b) <= rel * max(abs(a), abs(b))
}
