/// The outcome of evaluating one genome: objective values to minimise and constraint values.
///
/// A constraint value `g ≤ 0` is satisfied. The constraint violation is the sum of the positive parts,
/// as pymoo computes `CV`, so a design is feasible exactly when `violation == 0`.
public struct Evaluation: Hashable, Sendable, Codable {
    /// Objective values, all minimised.
    public var objectives: [Double]
    /// Constraint values, each feasible when ≤ 0.
    public var constraints: [Double]
    /// Why the design could not be evaluated normally (e.g. the mapping failed), if it could not.
    public var infeasibleReason: String?

    public init(objectives: [Double], constraints: [Double] = [], infeasibleReason: String? = nil) {
        self.objectives = objectives
        self.constraints = constraints
        self.infeasibleReason = infeasibleReason
    }

    /// Sum of the positive constraint parts (pymoo `CV`); NaN constraints count as infinitely violated.
    public var violation: Double {
        var cv = 0.0
        for g in constraints {
            if g.isNaN { return .infinity }
            if g > 0 { cv += g }
        }
        return cv
    }

    /// Whether every constraint holds.
    public var isFeasible: Bool { violation == 0 }
}

/// One member of a population: its integer genome and its evaluation.
public struct Individual: Hashable, Sendable, Codable {
    public var genome: [Int]
    public var evaluation: Evaluation

    public init(genome: [Int], evaluation: Evaluation) {
        self.genome = genome
        self.evaluation = evaluation
    }

    /// The first objective, or +∞ when it is missing or NaN (so broken values never win).
    @inlinable public var fitness: Double {
        guard let f = evaluation.objectives.first, !f.isNaN else { return .infinity }
        return f
    }
}
