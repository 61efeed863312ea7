@testable import CIMSearch
import CIMHardware
import CIMWorkload
import Testing

@Suite struct CIMNASSearchTests {
    @Test func genomeHas141GenesAndTheBaselineEncodes() throws {
        let search = try smallSearch()
        #expect(search.space.knobs.count == 141)
        #expect(CIMNASProblem.hardwareGenes(of: search.space) == Array(0..<9))
        #expect(CIMNASProblem.softwareGenes(of: search.space).count == 132)
        let d = try search.space.decode(Genome(search.baselineGenome))
        #expect(d.hardware == .cimnasDefault)
        #expect(d.network.subnet?.depths.prefix(5) == [2, 3, 4, 3, 3])
        #expect(d.network.subnet?.kernels == Array(repeating: 3, count: 21))
        // Expand 6: the last grid index of every block.
        #expect(d.network.subnet?.expandIndices == MobileNetV2Supernet.blocks.map { $0.expandGrid.count - 1 })
    }

    @Test func secondSearchIsServedFromTheCache() throws {
        let store = InMemoryEvaluationStore()
        let first = try smallSearch(store: store).run()
        #expect(first.cache.designMisses > 0 && first.cache.layerMisses > 0)
        let layersAfterFirst = store.layers.count
        let second = try smallSearch(store: store).run()
        #expect(second.cache.designMisses == 0)
        #expect(second.cache.layerMisses == 0)
        #expect(second.cache.designHits == second.evaluations)
        #expect(store.layers.count == layersAfterFirst)
        #expect(second.best.genome == first.best.genome)
        #expect(second.best.record == first.best.record)
        // A different search (another seed) reuses layers the first one computed.
        let other = try smallSearch(seed: 2, store: store).run()
        #expect(other.cache.layerHits > 0)
    }

    @Test func identicalResultsWhateverTheWorkerCount() throws {
        let a = try smallSearch(workers: 1).run()
        let b = try smallSearch(workers: 3).run()
        #expect(a.best == b.best)
        #expect(a.history.map(\.bestObjective) == b.history.map(\.bestObjective))
        #expect(a.evaluations == b.evaluations)
    }

    @Test func resumeAfterAnInterruptionEndsWithTheSameResult() throws {
        for algorithm in [SearchAlgorithmKind.ga, .twoStage] {
            let runs = InMemoryRunCheckpointStore()
            let full = try smallSearch(algorithm: algorithm, generations: 6).run(runStore: runs)
            let id = try #require(full.runID)
            #expect(runs.runs[id]?.checkpoints.count == 6)
            // Simulate a kill after generation 2 (or in stage 2 for two-stage): drop later checkpoints.
            for kept in [2, 4] {
                runs.truncate(run: id, toGenerations: kept)
                let resumed = try smallSearch(algorithm: algorithm, generations: 6).run(runStore: runs, resume: id)
                #expect(resumed.best == full.best, "\(algorithm) resumed after \(kept)")
                #expect(resumed.evaluations == full.evaluations)
                #expect(resumed.runID == id)
            }
        }
    }

    @Test func capacityAndMappingFailuresAreInfeasibleWithAReasonNeverPerfect() throws {
        let search = try smallSearch()
        let problem = CIMNASProblem(space: search.space, evaluator: search.evaluator)
        // Smallest chip (32×32, 1 router, 4 tiles, 4 macros, 1 bit/cell) cannot hold MobileNetV2.
        var g = search.baselineGenome
        g[1] = 0; g[3] = 0; g[4] = 0; g[5] = 0; g[6] = 0; g[7] = 0
        #expect(!problem.isAdmissibleSample(g))
        let e = try problem.evaluate([g])[0]
        #expect(!e.isFeasible)
        #expect(e.objectives == [.infinity])
        #expect(e.constraints[0] > 0)
        #expect(e.infeasibleReason?.contains("crossbar cells") == true)
        #expect(problem.isAdmissibleSample(search.baselineGenome))
        let base = try problem.evaluate([search.baselineGenome])[0]
        #expect(base.constraints[0] <= 0 && base.constraints[1] == 0)
        #expect(base.objectives[0].isFinite && base.objectives[0] > 0)
    }

    @Test func bestIsFeasibleUnderTheAreaLimitAndRatiosAreConsistent() throws {
        let search = try smallSearch(population: 20, generations: 8)
        let outcome = try search.run()
        let baseline = try search.evaluateBaseline()
        #expect(outcome.bestIsFeasible)
        #expect(outcome.best.record.area_mm2 <= 800)
        #expect(outcome.best.record.isEvaluated)
        #expect(isClose(outcome.bestObjective, SearchObjective.ela_acc.value(outcome.best.record.metrics), rel: 1e-12))
        let ratios = BaselineRatios(design: outcome.best.record, baseline: baseline)
        #expect(isClose(ratios.edapReduction, baseline.edap_j_s_mm2 / outcome.best.record.edap_j_s_mm2, rel: 1e-12))
        #expect(ratios.topsPerW > 0 && ratios.topsPerMM2 > 0)
    }

    @Test func hardwareOnlyKeepsTheStandardNetwork() throws {
        let outcome = try smallSearch(algorithm: .hardwareOnly).run()
        #expect(outcome.best.design.network.subnet?.normalized == CIMNASBaseline.subnet.normalized)
        let twoStage = try smallSearch(algorithm: .twoStage).run()
        #expect(twoStage.best.record.isEvaluated)
        #expect(twoStage.evaluations == 6 * 16)
    }

    @Test func nsga2ReturnsANonDominatedFeasibleFront() throws {
        let outcome = try smallSearch(algorithm: .nsga2, objective: .pareto([.energy, .latency, .accuracy]),
                                      population: 20, generations: 6).run()
        #expect(!outcome.pareto.isEmpty)
        let points = outcome.pareto.map { p in ParetoMetric.allCases.filter { $0 != .area }.map { $0.minimised(p.record.metrics) } }
        for a in points { for b in points { #expect(!NSGA2<TinyProblem>.dominates(b, a)) } }
        #expect(outcome.pareto.allSatisfy { $0.record.isEvaluated && $0.record.area_mm2 <= 800 })
        let random = try smallSearch(algorithm: .random).run()
        #expect(random.evaluations == 6 * 16)
    }
}

@Suite struct GenomeDecoderTests {
    @Test func fastDecoderAgreesWithTheSpace() throws {
        for name in ["cimnas-rram-32nm", "cimnas-rram-32nm-paper", "cimnas-rram-extended"] {
            let space = try SearchSpace.named(name)
            let decoder = try #require(GenomeDecoder(space: space))
            var rng = SearchRandom(seed: 3)
            for _ in 0..<200 {
                let g = space.knobs.map { rng.nextInt(below: $0.values.count) }
                #expect(decoder.decode(g) == (try space.decode(Genome(g))), "\(name)")
            }
        }
    }

    @Test func checkpointJSONRoundTrips() throws {
        var rng = SearchRandom(seed: 5)
        _ = rng.next()
        let state = SearchState(generation: 7, population: [
            Individual(genome: [1, 2, 3], evaluation: Evaluation(objectives: [.infinity], constraints: [1])),
            Individual(genome: [0, 0, 9], evaluation: Evaluation(objectives: [2.5], constraints: [0])),
        ], random: rng, evaluations: 99)
        let c = SearchCheckpoint(stage: 2, state: state, template: [4, 5, 6], priorEvaluations: 11)
        let back = try SearchCheckpoint.fromJSON(c.json())
        #expect(back == c)
        #expect(back.random.state == rng.state)
        let restored = try back.state { genomes in genomes.map { _ in Evaluation(objectives: [1]) } }
        #expect(restored.population.map(\.genome) == [[1, 2, 3], [0, 0, 9]])
        #expect(restored.generation == 7 && restored.evaluations == 99)
        #expect(throws: SearchError.self) { try SearchCheckpoint.fromJSON("{\"format\": 2}") }
    }
}
