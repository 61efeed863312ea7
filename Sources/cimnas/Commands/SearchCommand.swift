import ArgumentParser
import CIMAccuracy
import CIMData
import CIMFunctional
import CIMHardware
import CIMSearch
import CIMWorkload
import DesignDB
import Foundation

/// `cimnas search`: the CIMNAS joint model–quantization–hardware search through the design database.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search network, quantization and hardware jointly (the CIMNAS GA and baselines).",
        discussion: """
        Defaults are the paper's run: GA, population 150, 100 generations, SBX 0.95/3.0, PM 0.95/3.0, seed 1, \
        objective ela_acc (latency × energy × area / accuracy), area ≤ 8 cm². Every evaluation goes through \
        the database cache (layer_eval, design); each generation is committed, so --resume RUN_ID continues an \
        interrupted run to the same result. Progress goes to stderr, one line per generation. Counts: \
        --population 2…10000, --generations 1…100000, --workers 1…256. When no design meets the constraints the \
        closest is printed (JSON: best.feasible false with best.infeasible_reasons), one line says so on stderr and \
        the exit code is 3.
        """)

    @OptionGroup var global: GlobalOptions
    // Settings are optional so that `--resume` can refuse them (the run's stored settings win) and `--objective`
    // / `--objectives` can be refused with the algorithm that ignores them; the defaults are in `settings()`.
    @Option(help: "Search space: a built-in name (cimnas space list) or a space FILE.json (docs/technologies-and-spaces.md). (default: cimnas-rram-32nm)")
    var space: String?
    @Option(help: "ga, nsga2, random, two-stage or hardware-only. (default: ga)")
    var algorithm: String?
    @Option(help: "Objective (ga, random, two-stage, hardware-only): e, l, a, ela, el or any of them with _acc. (default: ela_acc)")
    var objective: String?
    @Option(help: "NSGA-II metrics (nsga2 only), comma-separated subset of energy, latency, area, accuracy. (default: all four)")
    var objectives: String?
    @Option(help: "Population size. (default: \(GAOptions.paper.populationSize))")
    var population: Int?
    @Option(help: "Generations, counting the initial population (pymoo n_gen). (default: \(GAOptions.paper.generations))")
    var generations: Int?
    @Option(help: "Random seed. (default: \(GAOptions.paper.seed))")
    var seed: UInt64?
    @Option(name: .customLong("sbx-prob"), help: "SBX crossover probability per mating. (default: \(GAOptions.paper.crossover.probability))")
    var sbxProb: Double?
    @Option(name: .customLong("sbx-eta"), help: "SBX distribution index. (default: \(GAOptions.paper.crossover.eta))")
    var sbxEta: Double?
    @Option(name: .customLong("pm-prob"), help: "Polynomial mutation probability per individual. (default: \(GAOptions.paper.mutation.probability))")
    var pmProb: Double?
    @Option(name: .customLong("pm-eta"), help: "Polynomial mutation distribution index. (default: \(GAOptions.paper.mutation.eta))")
    var pmEta: Double?
    @Option(name: .customLong("max-area-cm2"), help: "Largest chip area, cm² (default 8 unless --max-area-mm2).")
    var maxAreaCm2: Double?
    @Option(name: .customLong("max-area-mm2"), help: "Largest chip area, mm².")
    var maxAreaMm2: Double?
    @Option(name: .customLong("min-accuracy"), help: "Smallest predicted ImageNet top-1, percent.")
    var minAccuracy: Double?
    @Option(name: .customLong("max-latency-s"), help: "Largest inference latency, seconds.")
    var maxLatencyS: Double?
    @Option(name: .customLong("max-energy-j"), help: "Largest inference energy, joules.")
    var maxEnergyJ: Double?
    @Option(help: "Parallel evaluation workers (default: cores). Results do not depend on it.")
    var workers: Int?
    @Option(help: "Reproduce the original's quirks: default or cimnas. (default: default)")
    var compat: CompatMode?
    @Option(help: "Accuracy the search ranks and constrains with: hardware (top-1 on the chip, docs/hardware-accuracy.md) or ideal (quantization only). --compat cimnas always uses the original's. (default: hardware)")
    var accuracy: SearchAccuracy?
    @Option(help: "SRAM spaces only: macro family of the chips, \(SRAMMacroDesign.nameList) or the full names (\(SRAMMacroDesign.allCases.map(\.rawValue).joined(separator: ", "))). The baseline stays the Sinangil chip. (default: sinangil)")
    var macro: String?
    @Option(help: TechnologyArgument.help)
    var tech: String?
    @Option(help: "Once: a fixed network from a workload FILE.csv (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits; keyed by its content digest): the search covers --space's hardware knobs and the network's per-layer weight and activation bits (4, 6, 8); its accuracy is not predicted, so objectives count it as 1. Twice or more: co-design one chip for all the networks (names such as resnet50, resnet18, mobilenetv2 with a mobilenetv2 space, or workload CSVs), hardware genes shared; see docs/onnx-and-multi-network.md.")
    var network: [String] = []
    @Option(help: "With --network: how per-network objectives combine, sum, max or weighted:W1,W2,… (default: sum)")
    var aggregate: String?
    @Option(help: "With --network: per-network (each network's weights fit in turn, the chip is reprogrammed) or all-resident (all fit together). (default: per-network)")
    var capacity: CoDesignCapacity?
    @Option(help: "Continue run RUN_ID from its last committed generation (its stored settings are used).")
    var resume: Int64?
    @Option(help: "Output format: table or json.")
    var format: SummaryFormat = .table
    @Flag(help: "No per-generation progress on stderr.")
    var quiet = false

    func validate() throws {
        if maxAreaCm2 != nil && maxAreaMm2 != nil { throw ValidationError("give --max-area-cm2 or --max-area-mm2, not both") }
        if let w = workers, !Self.workerRange.contains(w) {
            throw ValidationError("--workers: \(w), expected 1…\(Self.workerRange.upperBound) (the precompute cap)")
        }
        for (flag, v) in [("--max-area-cm2", maxAreaCm2), ("--max-area-mm2", maxAreaMm2), ("--max-latency-s", maxLatencyS),
                          ("--max-energy-j", maxEnergyJ)] {
            if let v, !(v > 0 && v.isFinite) { throw ValidationError("\(flag) must be a positive number, got \(v)") }
        }
        if let a = minAccuracy, !(0...100).contains(a) {
            throw ValidationError("--min-accuracy is a top-1 percentage in 0…100, got \(a)")
        }
        if network.count < 2, aggregate != nil || capacity != nil {
            throw ValidationError("--aggregate and --capacity apply to a co-design, expected --network A --network B …")
        }
        if network.count >= 2, let a = algorithm, a != "ga" {
            throw ValidationError("--algorithm \(a): co-design (--network) runs the GA, expected --algorithm ga or none")
        }
        if let resume {
            let given = settingFlagsGiven
            if !given.isEmpty {
                throw ValidationError("--resume \(resume) continues with the run's stored settings, so \(given.joined(separator: ", ")) cannot be given with it")
            }
            return
        }
        // A space file is read and checked in run(), where its problems are one FILE:LINE:COLUMN line.
        let settings = try settings(readingSpace: false)
        if settings.algorithm == .nsga2, objective != nil {
            throw ValidationError("--objective: nsga2 minimises several metrics, expected --objectives (e.g. energy,latency,accuracy)")
        }
        if settings.algorithm != .nsga2, objectives != nil {
            throw ValidationError("--objectives: only nsga2 takes several metrics, expected --objective with --algorithm \(settings.algorithm.rawValue) (or --algorithm nsga2)")
        }
        if !SearchSpace.isFile(settings.space), let problem = spaceProblem(try Self.space(of: settings), settings: settings) {
            throw ValidationError(problem)
        }
    }

    /// The technology of a search over `space`: `--tech`, or the value of the space's technology knob. A
    /// search runs on one technology (precompute sweeps the knob), so a knob with several values needs
    /// `--tech` to pick one of them.
    static func technology(of space: SearchSpace, tech: String?) throws -> String? {
        guard let knob = space.knobs.first(where: { $0.name == "technology" }) else { return tech }
        let values = knob.values.map(\.description)
        if let tech {
            guard values.contains(tech) else {
                throw CLIError.usage("--tech: \(tech) is not in space \(space.name)'s technology knob [\(values.joined(separator: ", "))]")
            }
            return tech
        }
        guard values.count == 1 else {
            throw CLIError.usage("space \(space.name) lists \(values.count) technologies; a search runs on one (precompute sweeps them), expected --tech with one of \(values.joined(separator: ", "))")
        }
        return values[0]
    }

    /// Why the flags do not fit the space, or nil.
    func spaceProblem(_ searchSpace: SearchSpace, settings: SearchSettings) -> String? {
        if macro != nil, !SRAMExperiment.isSRAMSpace(searchSpace) {
            return "--macro: space \(searchSpace.name) is not an SRAM space, expected --macro only with an SRAM space (e.g. \(SRAMExperiment.spaceName))"
        }
        if settings.algorithm == .twoStage, searchSpace.network != "mobilenetv2" {
            return "--algorithm: two-stage needs a mobilenetv2 space; space \(searchSpace.name) searches \(searchSpace.network)"
        }
        return nil
    }

    /// The space of the settings; a file's problems are one `FILE:LINE:COLUMN` line (exit 1), an unknown
    /// built-in name a usage error.
    static func space(of settings: SearchSettings) throws -> SearchSpace {
        do { return try settings.searchSpace() } catch {
            if settings.spaceJSON != nil { throw CLIError(error.message) }
            throw ValidationError("--space: \(error)")
        }
    }

    /// Counts checked before anything runs: a generation of 10 000 designs is evaluated and committed within
    /// seconds to minutes, so a stop request is never far from a commit boundary.
    static let populationRange = 2...10_000
    static let generationRange = 1...100_000
    static let workerRange = 1...256
    /// The exit code of a finished search whose best design breaks a constraint (documented in --help).
    static let nothingFeasibleExitCode: Int32 = 3

    /// The flags that set what `--resume` takes from the stored run.
    var settingFlagsGiven: [String] {
        let flags: [(String, Bool)] = [
            ("--space", space != nil), ("--algorithm", algorithm != nil), ("--objective", objective != nil),
            ("--objectives", objectives != nil), ("--population", population != nil), ("--generations", generations != nil),
            ("--seed", seed != nil), ("--sbx-prob", sbxProb != nil), ("--sbx-eta", sbxEta != nil), ("--pm-prob", pmProb != nil),
            ("--pm-eta", pmEta != nil), ("--max-area-cm2", maxAreaCm2 != nil), ("--max-area-mm2", maxAreaMm2 != nil),
            ("--min-accuracy", minAccuracy != nil), ("--max-latency-s", maxLatencyS != nil),
            ("--max-energy-j", maxEnergyJ != nil), ("--compat", compat != nil), ("--accuracy", accuracy != nil), ("--macro", macro != nil), ("--tech", tech != nil), ("--network", !network.isEmpty),
        ]
        return flags.filter(\.1).map(\.0)
    }

    /// The settings the flags describe; `readingSpace` reads a space file (its text and constraints).
    func settings(readingSpace: Bool = true) throws -> SearchSettings {
        let algorithm = self.algorithm ?? "ga"
        guard let kind = SearchAlgorithmKind(rawValue: algorithm) else {
            throw ValidationError("--algorithm: unknown '\(algorithm)', expected one of \(SearchAlgorithmKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let spec: ObjectiveSpec
        if kind == .nsga2 {
            var metrics: [ParetoMetric] = []
            for name in (objectives ?? "energy,latency,area,accuracy").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let m = ParetoMetric(rawValue: name) else {
                    throw ValidationError("--objectives: unknown '\(name)', expected a subset of energy, latency, area, accuracy")
                }
                if !metrics.contains(m) { metrics.append(m) }
            }
            if metrics.count < 2 { throw ValidationError("--objectives: nsga2 needs at least two of energy, latency, area, accuracy") }
            spec = .pareto(metrics)
        } else {
            let objective = self.objective ?? SearchSettings.defaultObjective.rawValue
            guard let o = SearchObjective(rawValue: objective) else {
                throw ValidationError("--objective: unknown '\(objective)', expected one of \(SearchObjective.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            spec = .scalar(o)
        }
        // The paper run's settings (GAOptions.paper) where no flag sets one.
        var options = GAOptions.paper
        if let population { options.populationSize = population }
        if let generations { options.generations = generations }
        if let seed { options.seed = seed }
        if let sbxProb { options.crossover.probability = sbxProb }
        if let sbxEta { options.crossover.eta = sbxEta }
        if let pmProb { options.mutation.probability = pmProb }
        if let pmEta { options.mutation.eta = pmEta }
        if let p = population, !Self.populationRange.contains(p) {
            throw ValidationError("--population: \(p), expected 2…\(Self.populationRange.upperBound)")
        }
        if let g = generations, !Self.generationRange.contains(g) {
            throw ValidationError("--generations: \(g), expected 1…\(Self.generationRange.upperBound)")
        }
        for (flag, v) in [("--sbx-prob", sbxProb), ("--pm-prob", pmProb)] {
            if let v, !(0...1).contains(v) { throw ValidationError("\(flag): got \(v), expected a probability in [0, 1]") }
        }
        for (flag, v) in [("--sbx-eta", sbxEta), ("--pm-eta", pmEta)] {
            if let v, !(v >= 0 && v <= 1000) { throw ValidationError("\(flag): \(v), expected 0…1000") }
        }
        do { try options.validate() } catch { throw ValidationError("\(error)") }
        // A space file's constraints apply where no flag sets the bound.
        let spaceName = space ?? SearchSettings().space
        var spaceJSON: String? = nil
        if readingSpace, SearchSpace.isFile(spaceName) {
            guard let data = FileManager.default.contents(atPath: spaceName), let text = String(data: data, encoding: .utf8) else {
                throw CLIError("\(spaceName): cannot read the file, expected a search-space JSON file")
            }
            spaceJSON = text
        }
        var bounds = SearchSpace.Constraints()
        var technology = tech
        if let spaceJSON {
            let parsed: SearchSpace
            do { parsed = try SearchSpace(json: spaceJSON, file: spaceName) } catch { throw CLIError(error.message) }
            bounds = parsed.constraints
            technology = try Self.technology(of: parsed, tech: tech)
        }
        var runSpaceName = spaceName
        var networkCSV: String? = nil
        if readingSpace, network.count == 1, let network = network.first {
            // The run's space: the given space's hardware knobs with the network's per-layer bits.
            guard Workloads.isFile(network) else {
                throw CLIError.usage("--network: '\(network)' is not a workload file, expected FILE.csv (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits)")
            }
            let base: SearchSpace
            do {
                let registered = try Workloads.register(file: network)
                networkCSV = registered.text
                base = try spaceJSON.map { try SearchSpace(json: $0, file: spaceName) } ?? SearchSpace.named(spaceName)
                if SRAMExperiment.isSRAMSpace(base) {
                    throw CLIError.usage("--network: space \(base.name) is an SRAM space (ResNet50 only), expected an RRAM space")
                }
                let fixed = try base.withFixedNetwork(registered.name, layers: try Workloads.layers(network: registered.name).map(\.name))
                spaceJSON = fixed.jsonText
                runSpaceName = fixed.name
            } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
        }
        let area_mm2 = maxAreaMm2 ?? maxAreaCm2.map { $0 * 100 } ?? bounds.max_area_mm2 ?? SearchConstraints.paper.maxArea_mm2
        let constraints = SearchConstraints(maxArea_mm2: area_mm2, minTop1_percent: minAccuracy ?? bounds.min_top1_percent,
                                            maxLatency_s: maxLatencyS ?? bounds.max_latency_s,
                                            maxEnergy_j: maxEnergyJ ?? bounds.max_energy_j)
        var sramMacro: SRAMMacroDesign? = nil
        if let macro {
            guard let d = SRAMMacroDesign(name: macro) else {
                throw ValidationError("--macro: unknown macro '\(macro)', expected \(SRAMMacroDesign.nameList) or a full name (\(SRAMMacroDesign.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            sramMacro = d
        }
        var settings = SearchSettings(algorithm: kind, space: runSpaceName, objective: spec, options: options,
                                      constraints: constraints, mode: compat ?? .default, sramMacro: sramMacro,
                                      technology: technology)
        settings.spaceJSON = spaceJSON
        settings.accuracy = accuracy ?? .hardware
        settings.networkCSV = networkCSV
        settings.networkFile = networkCSV == nil ? nil : network.first
        return settings
    }

    func run() throws {
        let store: SQLiteEvaluationStore
        // Resuming reads a run that must exist: never create an empty database for a mistyped --db.
        if resume != nil { try DatabaseAccess.requireExisting(global.databasePath) }
        // A bad space file writes nothing: check it before the database is created.
        if resume == nil { _ = try Self.space(of: try settings()) }
        do { store = try SQLiteEvaluationStore(path: global.databasePath) } catch {
            throw CLIError(DatabaseAccess.message(path: global.databasePath, error: error))
        }
        DatabaseAccess.noteDeferredIndexes(store.db)
        var settings = try self.settings()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workerCount = workers ?? cores
        if let resume {
            let probe = try SQLiteRunCheckpointStore(evaluations: store, modelVersion: "", predictorVersion: "")
            guard let stored = try probe.settings(ofRun: resume) else {
                throw CLIError("--resume \(resume): no such run in \(global.databasePath)")
            }
            settings = stored
            if try SearchRunStore(probe.db).run(id: resume)?.status == .finished, !quiet {
                FileHandle.standardError.write(Data(
                    "cimnas: run \(resume) already finished; its result is re-read from the database, nothing is re-run\n".utf8))
            }
        }
        let technology = try TechnologyArgument.resolve(settings.technology, databasePath: global.databasePath)
        if let recorded = settings.technologySHA256, recorded != technology.sha256 {
            throw CLIError("--resume: the run's technology \(settings.technology ?? ComposedTechnology.shippedName) now has content sha256 \(technology.sha256.prefix(12)), the run used \(recorded.prefix(12)); re-import the original tables or start a new run")
        }
        settings.technologySHA256 = technology.sha256
        if !technology.isShipped {
            do { _ = try store.db.transaction { try technology.register(in: store.db) } } catch {
                throw CLIError("--db \(global.databasePath): \(error)")
            }
        }
        let searchSpace = try Self.space(of: settings)
        if resume == nil {
            if let problem = spaceProblem(searchSpace, settings: settings) { throw CLIError.usage(problem) }
            settings.applySpaceDefaults(searchSpace)
        }
        let models: SearchModels
        do {
            models = try SearchModels(settings: settings, space: searchSpace, technology: technology, store: store, workers: workerCount)
        } catch { throw CLIError(error.message) }
        let evaluator = models.evaluator, baselineDesign = models.baselineDesign
        if network.count >= 2 {
            return try runCoDesign(settings: settings, space: searchSpace, evaluator: evaluator, store: store, baseline: baselineDesign)
        }
        let checkpoints = try SQLiteRunCheckpointStore(evaluations: store, modelVersion: evaluator.modelVersion,
                                                       predictorVersion: evaluator.predictorVersion)
        // SIGINT/SIGTERM stop after the current generation is committed (Support/SignalHandling.swift).
        let stop = StopRequest.shared
        stop.install()
        let resumeCommand = { (run: Int64) in
            ShellCommand.line([ShellCommand.program, "search", "--db", global.databasePath, "--resume", String(run)]
                              + (format == .json ? ["--format", "json"] : []))
        }
        if let resume { stop.setResumeHint(resumeCommand(resume)) }
        let runs = StoppableRunStore(checkpoints, stop: stop) { stop.setResumeHint(resumeCommand($0)) }
        let search: CIMNASSearch
        do { search = try CIMNASSearch(settings: settings, evaluator: evaluator, baseline: baselineDesign) } catch {
            throw CLIError("\(error)")
        }
        let generations = settings.options.generations, algorithm = settings.algorithm
        let twoStage = algorithm == .twoStage
        // Two-stage splits the budget; count each stage to its end.
        let stageGenerations = { CIMNASSearch.generations(ofStage: $0, total: generations, algorithm: algorithm) }
        let progress: ((SearchProgress) -> Void)? = quiet ? nil : { p in
            let s = p.stats
            let lookups = p.cache.designHits + p.cache.designMisses
            let hit = lookups > 0 ? 100 * Double(p.cache.designHits) / Double(lookups) : 0
            let stage = twoStage ? "stage \(p.stage) " : ""
            let best = s.bestObjective.map { String(format: "%.4e", $0) } ?? "none feasible"
            let line = String(format: "%@gen %3d/%d  %7.0f evals/s  cache %5.1f %%  best %@  feasible %5.1f %%\n",
                              stage, s.generation, stageGenerations(p.stage), s.evaluationsPerSecond, hit, best, 100 * s.feasibleFraction)
            FileHandle.standardError.write(Data(line.utf8))
        }
        let outcome: SearchOutcome
        let baseline: DesignResult
        do {
            outcome = try search.run(runStore: runs, resume: resume, progress: progress)
            baseline = try models.evaluateBaseline(of: search)
        } catch let e as SearchError {
            throw CLIError("\(e)")
        } catch let s as SearchStopped {
            try? checkpoints.markInterrupted(s.runID)
            let stage = twoStage ? "stage \(s.stage) " : ""
            throw StopRequest.stopped(s.signal, committed: "run \(s.runID) committed through \(stage)generation \(s.generation)",
                                      resume: resumeCommand(s.runID))
        }
        let ratios = BaselineRatios(design: outcome.best.record, baseline: baseline)
        switch format {
        case .json: print(try SearchReport.json(outcome, baseline: baseline,
                                                baselineDesign: baselineDesign ?? CIMNASBaseline.design, ratios: ratios))
        default: print(SearchReport.table(outcome, baseline: baseline, ratios: ratios, workers: workerCount))
        }
        if !outcome.bestIsFeasible {
            throw CLIError("search: no design met the constraints (closest: \(SearchReport.violations(outcome))); it is printed above, "
                           + "exit 3", exitCode: Self.nothingFeasibleExitCode)
        }
        if let signal = stop.requested {
            throw CLIError("interrupted by \(StopRequest.name(signal)) after run \(outcome.runID.map(String.init) ?? "?") finished; nothing to resume",
                           exitCode: 128 + signal)
        }
    }
}
