/// An integer-coded optimisation problem the search algorithms can solve.
///
/// Variable `i` takes values `0 ... upperBounds[i]` (an index into that variable's option list). The
/// algorithms call `evaluate` once per generation with the whole batch so that implementations can
/// evaluate in parallel and share caches; evaluation must be a pure function of the genome so that the
/// search result does not depend on how the batch is split across workers.
public protocol SearchProblem {
    /// Largest allowed index per variable (option count − 1); the lower bound is always 0.
    var upperBounds: [Int] { get }

    /// Number of objectives every evaluation returns.
    var objectiveCount: Int { get }

    /// Evaluates a batch of genomes, returning one evaluation per genome in the same order.
    func evaluate(_ genomes: [[Int]]) throws -> [Evaluation]

    /// Whether a randomly sampled genome may enter the initial population (CIMNAS: crossbar capacity).
    ///
    /// Sampling rejects genomes until this holds, as CIMNAS's `MySampling` does. The default accepts all.
    func isAdmissibleSample(_ genome: [Int]) -> Bool
}

extension SearchProblem {
    public func isAdmissibleSample(_ genome: [Int]) -> Bool { true }

    /// Number of variables.
    public var variableCount: Int { upperBounds.count }
}
