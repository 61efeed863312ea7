@testable import CIMSearch
import Testing

@Suite struct RandomSearchTests {
    @Test func usesTheSameBudgetAndKeepsTheBest() throws {
        let problem = TinyProblem()
        let o = GAOptions(populationSize: 25, generations: 8, seed: 4)
        var seen: [Individual] = []
        let r = try RandomSearch(problem: problem, options: o).run { state, _ in seen += state.population }
        #expect(r.evaluations == 25 * 8)
        let best = FeasibilityOrder.sorted(seen)[0]
        #expect(r.best == best)
        #expect(r.history.count == 8)
    }
}

@Suite struct ObjectiveTests {
    /// CIMNAS runSingle baseline (docs/search.md, "Reference values"): e, a (cm²), l, acc → ela_acc 1.8799e-07.
    let baseline = DesignMetrics(energy_j: 0.0009203256376360968, latency_s: 7.044000000000003e-06,
                                 area_mm2: 25.49022116081664 * 100, accuracy: 0.8790326118469238,
                                 top1_percent: 73)

    @Test func cimnasObjectivesOnTheBaselinePoint() {
        #expect(isClose(baseline.edap_j_s_mm2, 1.6525e-05, rel: 1e-4))
        #expect(isClose(SearchObjective.ela_acc.value(baseline), 1.8799e-07, rel: 1e-4))
        #expect(SearchObjective.a.value(baseline) == baseline.area_cm2)
        #expect(isClose(SearchObjective.el_acc.value(baseline),
                        0.0009203256376360968 * 7.044000000000003e-06 / 0.8790326118469238, rel: 1e-12))
        #expect(SearchObjective.allCases.count == 10)
    }

    @Test func constraintsFollowTheCIMNASConvention() {
        // Smoke run (docs/search.md, "Reference values"): area 91.414 cm² under an 8 cm² limit violates by 83.41.
        var m = baseline
        m.area_mm2 = 9141.396979617664
        let g = SearchConstraints.paper.values(m)
        #expect(g.count == 1 && isClose(g[0], 83.41396979617664, rel: 1e-12))
        let all = SearchConstraints(maxArea_mm2: 3000, minTop1_percent: 74, maxLatency_s: 1e-5, maxEnergy_j: 1e-3)
        let v = all.values(baseline)
        #expect(all.count == 4)
        #expect(v[0] < 0 && v[1] == 1 && v[2] < 0 && v[3] < 0)
        #expect(Evaluation(objectives: [1], constraints: v).violation == 1)
    }
}
