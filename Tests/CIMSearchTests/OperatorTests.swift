@testable import CIMSearch
import Testing

@Suite struct OperatorTests {
    @Test func sbxAndPMStayInBoundsAndRoundToIntegers() {
        var rng = SearchRandom(seed: 11)
        let upper = [7, 7, 5, 4, 3, 5, 4, 5, 6, 2, 48, 0]
        let upperD = upper.map(Double.init)
        let sbx = SimulatedBinaryCrossover(probability: 1, eta: 3, variableProbability: 1)
        let pm = PolynomialMutation(probability: 1, eta: 3, variableProbability: 1)
        for _ in 0..<2_000 {
            let a = upper.map { Double(rng.nextInt(below: $0 + 1)) }
            let b = upper.map { Double(rng.nextInt(below: $0 + 1)) }
            let (c1, c2) = sbx.cross(a, b, upper: upperD, using: &rng)
            let m = pm.mutate(c1, upper: upperD, using: &rng)
            for x in [c1, c2, m] {
                for i in x.indices { #expect(x[i] >= 0 && x[i] <= upperD[i]) }
                let r = RoundingRepair.repair(x, upper: upper)
                for i in r.indices { #expect(r[i] >= 0 && r[i] <= upper[i]) }
            }
            // A variable whose bounds coincide never moves.
            #expect(c1.last == 0 && m.last == 0)
        }
    }

    @Test func roundingIsHalfToEvenAndClamped() {
        #expect(RoundingRepair.repair([0.5, 1.5, 2.5, 2.49, -0.4, 9.7], upper: [5, 5, 5, 5, 5, 5])
                == [0, 2, 2, 2, 0, 5])
    }

    /// Mean and standard deviation of SBX children of parents 8 and 12 in [0, 20].
    func sbxMoments(eta: Double) -> (mean: Double, spread: Double) {
        var rng = SearchRandom(seed: 5)
        let sbx = SimulatedBinaryCrossover(probability: 1, eta: eta, variableProbability: 1)
        var xs: [Double] = []
        for _ in 0..<20_000 {
            let (c1, c2) = sbx.cross([8], [12], upper: [20], using: &rng)
            xs += [c1[0], c2[0]]
        }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
        return (mean, sd)
    }

    @Test func sbxChildrenCentreOnParentsAndSpreadShrinksWithEta() {
        let loose = sbxMoments(eta: 3)
        let tight = sbxMoments(eta: 20)
        // Symmetric bounds around the parents: the mean child is the parents' mean (±0.05).
        #expect(abs(loose.mean - 10) < 0.05)
        #expect(abs(tight.mean - 10) < 0.05)
        #expect(tight.spread < loose.spread)
        // With eta = 20 the children stay near the parents (sd close to the half-gap of 2).
        #expect(tight.spread > 1.8 && tight.spread < 2.3)
    }

    @Test func sbxKeepsIdenticalParentsAndRespectsVariableProbability() {
        var rng = SearchRandom(seed: 2)
        let sbx = SimulatedBinaryCrossover(probability: 1, eta: 3, variableProbability: 0.5,
                                           exchangeProbability: 0)
        var changed = 0, total = 0
        for _ in 0..<4_000 {
            let (c1, _) = sbx.cross([4, 2], [4, 9], upper: [10, 10], using: &rng)
            #expect(c1[0] == 4)
            total += 1
            if c1[1] != 2 { changed += 1 }
        }
        #expect(abs(Double(changed) / Double(total) - 0.5) < 0.03)
    }

    func pmMoments(eta: Double) -> (mean: Double, spread: Double, moved: Double) {
        var rng = SearchRandom(seed: 8)
        let pm = PolynomialMutation(probability: 1, eta: eta, variableProbability: 1)
        var xs: [Double] = []
        for _ in 0..<20_000 { xs.append(pm.mutate([10], upper: [20], using: &rng)[0]) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
        return (mean, sd, 0)
    }

    @Test func pmCentresOnTheParentAndSpreadShrinksWithEta() {
        let loose = pmMoments(eta: 3)
        let tight = pmMoments(eta: 30)
        #expect(abs(loose.mean - 10) < 0.1)
        #expect(abs(tight.mean - 10) < 0.05)
        #expect(tight.spread < loose.spread / 2)
    }

    @Test func pmDefaultVariableProbabilityAndIndividualCoin() {
        let pm = PolynomialMutation(probability: 0.95, eta: 3)
        #expect(pm.effectiveVariableProbability(variableCount: 141) == 1.0 / 141)
        #expect(pm.effectiveVariableProbability(variableCount: 1) == 0.5)
        var rng = SearchRandom(seed: 4)
        let never = PolynomialMutation(probability: 0, eta: 3, variableProbability: 1)
        for _ in 0..<100 { #expect(never.mutate([3, 4], upper: [9, 9], using: &rng) == [3, 4]) }
    }
}
