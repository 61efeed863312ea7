import Foundation

/// Simulated binary crossover (SBX) with pymoo 0.6's bounded formula (`cross_sbx`).
///
/// Works on the continuous relaxation of the integer genome; callers round the children afterwards
/// (`RoundingRepair`). Each variable is crossed with `variableProbability` unless the parents agree on
/// it (|x1 − x2| ≤ 1e-14) or its bounds coincide; one uniform draw per crossed variable shapes both
/// children, which are then exchanged with `exchangeProbability`.
public struct SimulatedBinaryCrossover: Hashable, Sendable, Codable {
    /// Probability that a mating performs crossover at all (otherwise the parents are copied).
    public var probability: Double
    /// Distribution index: larger keeps children closer to their parents.
    public var eta: Double
    /// Probability that one variable is crossed (pymoo `prob_var`).
    public var variableProbability: Double
    /// Probability that the two children swap a crossed variable (pymoo `prob_bin`).
    public var exchangeProbability: Double

    public init(probability: Double = 0.95, eta: Double = 3.0, variableProbability: Double = 0.5,
                exchangeProbability: Double = 0.5) {
        self.probability = probability
        self.eta = eta
        self.variableProbability = variableProbability
        self.exchangeProbability = exchangeProbability
    }

    /// Crosses two parents inside `[0, upper[i]]`, returning two children (unrounded, clipped to bounds).
    /// - Complexity: O(n) for n variables.
    public func cross(_ p1: [Double], _ p2: [Double], upper: [Double],
                      using rng: inout SearchRandom) -> ([Double], [Double]) {
        var c1 = p1
        var c2 = p2
        for i in 0..<p1.count {
            let doCross = rng.nextUnit() < variableProbability
            guard doCross, abs(p1[i] - p2[i]) > 1e-14, upper[i] > 0 else { continue }
            let y1 = min(p1[i], p2[i])
            let y2 = max(p1[i], p2[i])
            let delta = y2 - y1
            let rand = rng.nextUnit()
            let betaq1 = Self.betaq(beta: 1.0 + 2.0 * (y1 - 0.0) / delta, rand: rand, eta: eta)
            let betaq2 = Self.betaq(beta: 1.0 + 2.0 * (upper[i] - y2) / delta, rand: rand, eta: eta)
            var a = 0.5 * ((y1 + y2) - betaq1 * delta)
            var b = 0.5 * ((y1 + y2) + betaq2 * delta)
            if rng.nextUnit() < exchangeProbability { swap(&a, &b) }
            c1[i] = min(max(a, 0), upper[i])
            c2[i] = min(max(b, 0), upper[i])
        }
        return (c1, c2)
    }

    /// pymoo's `calc_betaq`: the spread factor for a bounded SBX child.
    @inlinable static func betaq(beta: Double, rand: Double, eta: Double) -> Double {
        let alpha = 2.0 - pow(beta, -(eta + 1.0))
        if rand <= 1.0 / alpha {
            return pow(rand * alpha, 1.0 / (eta + 1.0))
        }
        return pow(1.0 / (2.0 - rand * alpha), 1.0 / (eta + 1.0))
    }
}
