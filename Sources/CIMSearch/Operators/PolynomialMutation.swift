import Foundation

/// Polynomial mutation (PM) with pymoo 0.6's bounded formula (`mut_pm`).
///
/// An individual is mutated with `probability`; inside it each variable is perturbed with
/// `variableProbability` (pymoo default min(0.5, 1/n)). Results are clipped to bounds and left
/// unrounded; callers apply `RoundingRepair`.
public struct PolynomialMutation: Hashable, Sendable, Codable {
    /// Probability that an individual is mutated (pymoo 0.6 `Mutation.prob`).
    public var probability: Double
    /// Distribution index: larger keeps the mutant closer to the original.
    public var eta: Double
    /// Per-variable probability, or nil for min(0.5, 1/n).
    public var variableProbability: Double?

    public init(probability: Double = 0.95, eta: Double = 3.0, variableProbability: Double? = nil) {
        self.probability = probability
        self.eta = eta
        self.variableProbability = variableProbability
    }

    /// The per-variable probability used for `n` variables.
    public func effectiveVariableProbability(variableCount n: Int) -> Double {
        variableProbability ?? min(0.5, 1.0 / Double(max(1, n)))
    }

    /// Mutates `x` inside `[0, upper[i]]` (the individual-level coin is the caller's, see `mutate`).
    /// - Complexity: O(n).
    public func perturb(_ x: [Double], upper: [Double], using rng: inout SearchRandom) -> [Double] {
        var y = x
        let pv = effectiveVariableProbability(variableCount: x.count)
        let mutPow = 1.0 / (eta + 1.0)
        for i in 0..<x.count {
            guard rng.nextUnit() < pv, upper[i] > 0 else { continue }
            let xu = upper[i]
            let delta1 = (x[i] - 0.0) / xu
            let delta2 = (xu - x[i]) / xu
            let rand = rng.nextUnit()
            let deltaq: Double
            if rand <= 0.5 {
                let val = 2.0 * rand + (1.0 - 2.0 * rand) * pow(1.0 - delta1, eta + 1.0)
                deltaq = pow(val, mutPow) - 1.0
            } else {
                let val = 2.0 * (1.0 - rand) + 2.0 * (rand - 0.5) * pow(1.0 - delta2, eta + 1.0)
                deltaq = 1.0 - pow(val, mutPow)
            }
            y[i] = min(max(x[i] + deltaq * xu, 0), xu)
        }
        return y
    }

    /// Mutates the individual with `probability` (one coin per individual), else returns it unchanged.
    public func mutate(_ x: [Double], upper: [Double], using rng: inout SearchRandom) -> [Double] {
        // pymoo draws the per-individual coin as random() <= prob.
        guard rng.nextUnit() <= probability else { return x }
        return perturb(x, upper: upper, using: &rng)
    }
}

/// pymoo's `RoundingRepair`: round half to even (numpy `round`), then clamp into the bounds.
public enum RoundingRepair {
    @inlinable public static func repair(_ x: [Double], upper: [Int]) -> [Int] {
        var out = [Int](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let r = x[i].rounded(.toNearestOrEven)
            out[i] = min(max(Int(r), 0), upper[i])
        }
        return out
    }
}
