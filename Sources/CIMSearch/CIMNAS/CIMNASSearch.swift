import CIMHardware
import CIMWorkload
import Dispatch

/// A design of a finished search with its evaluation.
public struct EvaluatedDesign: Hashable, Sendable {
    /// Full genome in the space's knob order.
    public var genome: [Int]
    public var design: Design
    public var record: DesignResult
}

/// What `CIMNASSearch.run` returns.
public struct SearchOutcome: Sendable {
    public var runID: Int64?
    public var settings: SearchSettings
    /// The best design (feasible first, then smallest violation, then objective).
    public var best: EvaluatedDesign
    /// Whether the best design satisfies every constraint.
    public var bestIsFeasible: Bool
    /// Objective value of the best design (first objective for NSGA-II).
    public var bestObjective: Double
    /// Feasible non-dominated designs (NSGA-II), else the best alone when feasible.
    public var pareto: [EvaluatedDesign]
    /// Evaluations over the whole search, all stages.
    public var evaluations: Int
    /// Per-generation statistics of the generations this call ran (all stages).
    public var history: [GenerationStats]
    /// Cache hits and misses of this call.
    public var cache: CacheStatistics
    /// Wall time of this call, seconds.
    public var seconds: Double
}

/// One line of progress: a finished generation.
public struct SearchProgress: Sendable {
    public var stage: Int
    public var stats: GenerationStats
    /// Cache hits and misses of this generation.
    public var cache: CacheStatistics
}

/// Runs a CIMNAS search (GA, NSGA-II, random, two-stage or hardware-only) through the evaluation cache,
/// committing every generation to a run store so that `--resume` continues to the same result.
public final class CIMNASSearch {
    public let settings: SearchSettings
    public let space: SearchSpace
    public let evaluator: DesignEvaluator
    /// Full genome of the baseline design (default hardware, standard MobileNetV2).
    public let baselineGenome: [Int]
    /// The design the headline ratios compare against (`CIMNASBaseline.design` unless given).
    public let baselineDesign: Design

    /// - Parameter baseline: reference design for spaces of fixed networks (e.g. `SRAMExperiment.baselineDesign`);
    ///   MobileNetV2 spaces default to `CIMNASBaseline.design`.
    public init(settings: SearchSettings, evaluator: DesignEvaluator, baseline: Design? = nil) throws {
        self.settings = settings
        self.evaluator = evaluator
        space = try settings.searchSpace()
        try settings.options.validate()
        if case .pareto(let metrics) = settings.objective {
            guard !metrics.isEmpty else { throw SearchError.invalidOption("nsga2 needs at least one objective metric") }
        }
        guard space.network == "mobilenetv2" || baseline != nil else {
            throw SearchError.invalidOption("space \(space.name) searches \(space.network); cimnas search needs a mobilenetv2 space")
        }
        if space.network != "mobilenetv2", settings.algorithm == .twoStage {
            throw SearchError.invalidOption("two-stage needs a mobilenetv2 space; space \(space.name) searches \(space.network)")
        }
        baselineDesign = baseline ?? CIMNASBaseline.design
        baselineGenome = try Self.template(space: space, baseline: baselineDesign,
                                           needed: settings.algorithm == .hardwareOnly || settings.algorithm == .twoStage)
    }

    /// The baseline's genome, whose network genes hardware-only and two-stage keep. A user space need not
    /// hold the baseline chip: its hardware genes then start at each knob's first value (they are searched).
    /// Only when `needed` must the space hold the baseline network.
    static func template(space: SearchSpace, baseline: Design, needed: Bool) throws -> [Int] {
        if let genome = try? space.encode(baseline) { return genome.indices }
        let first = try space.decode(Genome(Array(repeating: 0, count: space.knobs.count)))
        var design = baseline
        design.hardware = first.hardware
        design.cellType = first.cellType
        do { return try space.encode(design).indices } catch {
            if needed { throw error }
            return Array(repeating: 0, count: space.knobs.count)
        }
    }

    /// Evaluates the baseline design (through the cache).
    public func evaluateBaseline() throws -> DesignResult {
        try evaluator.evaluate([baselineDesign])[0]
    }

    /// Runs the search. With `resume`, continues run `resume` from its last committed generation.
    public func run(runStore: (any RunCheckpointStore)? = nil, resume: Int64? = nil,
                    progress: ((SearchProgress) -> Void)? = nil) throws -> SearchOutcome {
        var started: Int64? = nil
        do {
            return try runInner(runStore: runStore, resume: resume, started: &started, progress: progress)
        } catch {
            // Leave the run resumable and say so; the original error is what the caller reports.
            if let store = runStore, let id = started { try? store.markInterrupted(id) }
            throw error
        }
    }

    private func runInner(runStore: (any RunCheckpointStore)?, resume: Int64?, started: inout Int64?,
                          progress: ((SearchProgress) -> Void)?) throws -> SearchOutcome {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let cacheStart = evaluator.statistics
        var runID = resume
        var checkpoint: SearchCheckpoint? = nil
        if let resume {
            guard let store = runStore, try store.settings(ofRun: resume) != nil else {
                throw SearchError.invalidOption("--resume \(resume): no such run in the database")
            }
            checkpoint = try store.latestCheckpoint(ofRun: resume)
        } else if let store = runStore {
            runID = try store.createRun(settings: settings)
        }
        started = runID
        var history: [GenerationStats] = []
        var lastCache = evaluator.statistics
        let o = settings.options
        let mainProblem = makeProblem(freeGenes: nil, template: nil)

        func observer(stage: Int, template: [Int]?, prior: Int = 0, lookup: @escaping ([Int]) -> DesignLookup?)
            -> (SearchState, GenerationStats) throws -> Void {
            return { [self] state, stats in
                history.append(stats)
                let now = evaluator.statistics
                progress?(SearchProgress(stage: stage, stats: stats, cache: now - lastCache))
                lastCache = now
                guard let store = runStore, let runID else { return }
                let members = state.population.map { ind in
                    let l = lookup(ind.genome)
                    return RunMember(designKey: l?.canonicalKey ?? "", lookup: l, objective: ind.fitness,
                                     violation: ind.evaluation.violation)
                }
                try store.saveGeneration(run: runID, checkpoint: SearchCheckpoint(stage: stage, state: state, template: template,
                                                                                  priorEvaluations: prior),
                                         stats: stats, members: members)
            }
        }

        let result: SearchResult
        var finalProblem = mainProblem
        var evaluationsBefore = 0
        func lookups(_ p: CIMNASProblem) -> ([Int]) -> DesignLookup? { { p.lookups[p.fullGenome($0)] } }
        func restore(_ c: SearchCheckpoint?, _ p: some SearchProblem) throws -> SearchState? {
            try c.map { try $0.state(evaluate: p.evaluate) }
        }
        switch settings.algorithm {
        case .ga:
            let a = GeneticAlgorithm(problem: mainProblem, options: o)
            result = try a.run(resumingFrom: restore(checkpoint, mainProblem),
                               observer: observer(stage: 1, template: nil, lookup: lookups(mainProblem)))
        case .nsga2:
            let a = NSGA2(problem: mainProblem, options: o)
            result = try a.run(resumingFrom: restore(checkpoint, mainProblem),
                               observer: observer(stage: 1, template: nil, lookup: lookups(mainProblem)))
        case .random:
            let a = RandomSearch(problem: mainProblem, options: o)
            result = try a.run(resumingFrom: restore(checkpoint, mainProblem),
                               observer: observer(stage: 1, template: nil, lookup: lookups(mainProblem)))
        case .hardwareOnly:
            let p = makeProblem(freeGenes: CIMNASProblem.hardwareGenes(of: space), template: baselineGenome)
            finalProblem = p
            let a = GeneticAlgorithm(problem: p, options: o)
            result = try a.run(resumingFrom: restore(checkpoint, p),
                               observer: observer(stage: 1, template: baselineGenome, lookup: lookups(p)))
        case .twoStage:
            var o1 = o
            o1.generations = Self.generations(ofStage: 1, total: o.generations, algorithm: .twoStage)
            var o2 = o
            o2.generations = Self.generations(ofStage: 2, total: o.generations, algorithm: .twoStage)
            o2.seed = o.seed &+ 1
            let template2: [Int]
            var resume2: SearchCheckpoint? = nil
            if let c = checkpoint, c.stage == 2, let t = c.template {
                template2 = t
                resume2 = c
                evaluationsBefore = c.priorEvaluations
            } else {
                let p1 = SoftwareStageProblem(space: space, accuracyModel: evaluator.accuracyModel, mode: settings.mode,
                                              template: baselineGenome, minTop1_percent: settings.constraints.minTop1_percent,
                                              workers: evaluator.workers)
                let a1 = GeneticAlgorithm(problem: p1, options: o1)
                let r1 = try a1.run(resumingFrom: restore(checkpoint, p1),
                                    observer: observer(stage: 1, template: baselineGenome, lookup: { _ in nil }))
                template2 = p1.fullGenome(r1.best.genome)
                evaluationsBefore = r1.evaluations
            }
            let p2 = makeProblem(freeGenes: CIMNASProblem.hardwareGenes(of: space), template: template2)
            finalProblem = p2
            let a2 = GeneticAlgorithm(problem: p2, options: o2)
            result = try a2.run(resumingFrom: restore(resume2, p2),
                                observer: observer(stage: 2, template: template2, prior: evaluationsBefore,
                                                  lookup: lookups(p2)))
        }
        let cacheEnd = evaluator.statistics

        let bestFull = finalProblem.fullGenome(result.best.genome)
        let best = try evaluated(bestFull)
        let pareto = try result.pareto.map { try evaluated(finalProblem.fullGenome($0.genome)) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        if let store = runStore, let runID {
            try store.finishRun(runID, bestDesignKey: best.design.canonicalKey, seconds: seconds)
        }
        return SearchOutcome(
            runID: runID, settings: settings, best: best, bestIsFeasible: result.best.evaluation.isFeasible,
            bestObjective: result.best.fitness, pareto: pareto, evaluations: result.evaluations + evaluationsBefore,
            history: history, cache: cacheEnd - cacheStart, seconds: seconds)
    }

    private func makeProblem(freeGenes: [Int]?, template: [Int]?) -> CIMNASProblem {
        CIMNASProblem(space: space, evaluator: evaluator, objective: settings.objective,
                      constraints: settings.constraints, freeGenes: freeGenes, template: template)
    }

    private func evaluated(_ full: [Int]) throws -> EvaluatedDesign {
        let d = try space.decode(Genome(full))
        let saved = evaluator.statistics
        defer { evaluator.restoreStatistics(saved) }
        let r = try evaluator.evaluate([d])[0]
        return EvaluatedDesign(genome: full, design: d, record: r)
    }
}
