import Foundation
import Testing

/// Bounded fuzzing of every parser that takes outside input. The suite runs a small count per target;
/// `make fuzz` sets CIMNAS_FUZZ_ITERATIONS (per target) for the full ≥ 1M-input run. CIMNAS_FUZZ_SEED
/// picks another reproducible sequence.
@Suite struct FuzzTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["CIMNAS_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1_500
    }
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["CIMNAS_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    }

    @Test(arguments: ["technology-csv", "workload-csv", "predictor-csv", "cimnas-key", "canonical-key", "design-json",
                      "hw-option", "layer-option", "space-json"])
    func parserSurvivesHostileInput(_ name: String) throws {
        let target = try #require(try FuzzTargets.all().first { $0.name == name })
        #expect(!target.corpus.isEmpty)
        // Each target gets its own stream, so the run does not depend on test order.
        let report = Fuzzer.run(target, iterations: Self.iterations, seed: Self.seed &+ UInt64(name.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }))
        print(report)
        #expect(report.inputs == Self.iterations)
        #expect(report.rejected > 0, "the mutator never produced a bad input for \(name)")
        #expect(report.accepted >= target.corpus.count)
        for failure in report.failures { print("FAIL", failure); Issue.record(Comment(rawValue: failure)) }
    }
}
