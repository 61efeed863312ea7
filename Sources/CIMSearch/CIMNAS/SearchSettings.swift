import CIMHardware
import CIMWorkload
import Foundation

/// Which search `cimnas search` runs.
public enum SearchAlgorithmKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// The CIMNAS GA over the whole genome.
    case ga
    /// NSGA-II over several metrics; returns a Pareto front.
    case nsga2
    /// Random sampling with the GA's budget.
    case random
    /// Network and quantization first (accuracy per MAC, default hardware), then hardware alone.
    case twoStage = "two-stage"
    /// Standard MobileNetV2 at 8 bits; only the hardware is searched.
    case hardwareOnly = "hardware-only"
}

/// Which top-1 a search ranks and constrains with.
public enum SearchAccuracy: String, CaseIterable, Hashable, Sendable, Codable {
    /// Quantization-aware top-1 minus the chip's drop (docs/hardware-accuracy.md).
    case hardware
    /// Quantization-aware top-1 only (the behaviour before hardware-aware accuracy).
    case ideal
}

/// Everything that determines a search's result; stored with the run so `--resume` can rebuild it.
public struct SearchSettings: Hashable, Sendable, Codable {
    public var algorithm: SearchAlgorithmKind
    /// Built-in search-space name, or the space file's name for file spaces (`spaceJSON`).
    public var space: String
    /// The text of a space read from a file (`--space FILE.json`): runs and `--resume` use it, not the file,
    /// so editing the file later cannot change a stored run. Nil for built-in spaces.
    public var spaceJSON: String?
    public var objective: ObjectiveSpec
    public var options: GAOptions
    public var constraints: SearchConstraints
    public var mode: CompatMode
    /// SRAM spaces: the macro family the chips are built from; nil (RRAM spaces, and runs stored before the
    /// option existed) means Sinangil (``sramMacroDesign``).
    public var sramMacro: SRAMMacroDesign?
    /// `--network FILE.csv`: the workload CSV's text and path; the run's space (`spaceJSON`) searches that
    /// network's per-layer bits, and resuming registers the stored text again (`Workloads.register`).
    public var networkCSV: String?, networkFile: String?
    /// `--tech` as given (nil: the shipped tables); resuming resolves it again.
    public var technology: String?
    /// SHA-256 of the composed technology's content (`ComposedTechnology.sha256`); nil for runs stored before
    /// the option existed (shipped tables). A resumed run whose `--tech` now resolves to other content is refused.
    public var technologySHA256: String?
    /// `--accuracy`; nil for runs stored before the option existed, which ranked with ``SearchAccuracy/ideal``.
    public var accuracy: SearchAccuracy?

    /// The paper run's objective: latency × energy × area ÷ accuracy.
    public static let defaultObjective = SearchObjective.ela_acc

    public init(algorithm: SearchAlgorithmKind = .ga, space: String = "cimnas-rram-32nm",
                objective: ObjectiveSpec = .scalar(defaultObjective), options: GAOptions = .paper,
                constraints: SearchConstraints = .paper, mode: CompatMode = .default,
                sramMacro: SRAMMacroDesign? = nil, technology: String? = nil, technologySHA256: String? = nil) {
        self.algorithm = algorithm
        self.space = space
        self.objective = objective
        self.options = options
        self.constraints = constraints
        self.mode = mode
        self.sramMacro = sramMacro
        self.technology = technology
        self.technologySHA256 = technologySHA256
    }

    /// The run's space: parsed from `spaceJSON` when the run was given a file, else the built-in `space`.
    public func searchSpace() throws(SearchSpace.Error) -> SearchSpace {
        if let networkCSV, let networkFile {
            do { try Workloads.register(text: networkCSV, file: networkFile) } catch { throw SearchSpace.Error(error.message) }
        }
        if let spaceJSON { return try SearchSpace(json: spaceJSON, file: space) }
        return try SearchSpace.named(space)
    }

    /// The accuracy the run ranks with: hardware-aware unless stored otherwise or `--compat cimnas`.
    public var searchAccuracy: SearchAccuracy { mode.feedsPredictorEightBitFeatures ? .ideal : accuracy ?? .ideal }

    /// The SRAM macro family of the run (Sinangil unless stored otherwise).
    public var sramMacroDesign: SRAMMacroDesign { sramMacro ?? .sinangil }

    /// Compact JSON of the settings (stored in `search_run.settings_json`), keys in snake_case
    /// (`population_size`, `max_area_mm2`).
    public func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.keyEncodingStrategy = .convertToSnakeCase
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(self), as: UTF8.self)
    }

    /// Reads `json()` output, and the camelCase keys runs stored before the settings were snake_case.
    public static func fromJSON(_ text: String) throws -> SearchSettings {
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .custom { path in
            let key = path.last!
            guard key.intValue == nil else { return key }
            return AnyCodingKey(SearchSettings.propertyName(snakeCase: key.stringValue))
        }
        dec.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try dec.decode(SearchSettings.self, from: Data(text.utf8))
    }
}

extension SearchSettings {
    /// The Swift property name of a stored key: `population_size` → `populationSize`, `max_area_mm2` →
    /// `maxArea_mm2` (a unit suffix stays after an underscore), `space_json` → `spaceJSON`; camelCase keys
    /// come back unchanged.
    static func propertyName(snakeCase key: String) -> String {
        guard !key.hasPrefix("_") else { return key }
        var parts = key.split(separator: "_").map(String.init)
        let units: Set<String> = ["mm2", "cm2", "s", "j", "v", "nm", "percent"]
        let acronyms = ["json": "JSON", "sha256": "SHA256"]
        var suffix = ""
        if parts.count > 1, let last = parts.last, units.contains(last) { suffix = "_" + last; parts.removeLast() }
        guard let first = parts.first else { return key }
        return first + parts.dropFirst().map { acronyms[$0] ?? $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + suffix
    }

    private struct AnyCodingKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A checkpoint of a (possibly two-stage) search after one generation.
///
/// Only genomes are stored: evaluation is a pure function of the genome, so resuming re-evaluates the
/// population through the cache (all hits) and rebuilds exactly the same state.
public struct SearchCheckpoint: Hashable, Sendable {
    /// 1 for single-stage searches and the first stage of `two-stage`, 2 for its hardware stage.
    public var stage: Int
    /// Completed generations of this stage.
    public var generation: Int
    /// Evaluations of this stage so far.
    public var evaluations: Int
    /// Generator state after the generation.
    public var random: SearchRandom
    /// Population genomes (search genomes of the stage), in population order.
    public var genomes: [[Int]]
    /// Full genome the stage's fixed genes come from (two-stage stage 2: stage 1's best network).
    public var template: [Int]?
    /// Evaluations of earlier stages (two-stage stage 2: those of stage 1).
    public var priorEvaluations: Int

    public init(stage: Int, state: SearchState, template: [Int]?, priorEvaluations: Int = 0) {
        self.stage = stage
        generation = state.generation
        evaluations = state.evaluations
        random = state.random
        genomes = state.population.map(\.genome)
        self.template = template
        self.priorEvaluations = priorEvaluations
    }

    /// The state, with the population re-evaluated by `evaluate` (same genomes, same order).
    public func state(evaluate: ([[Int]]) throws -> [Evaluation]) throws -> SearchState {
        let evals = try evaluate(genomes)
        let population = zip(genomes, evals).map { Individual(genome: $0, evaluation: $1) }
        return SearchState(generation: generation, population: population, random: random, evaluations: evaluations)
    }

    /// Compact JSON, written by hand (the checkpoint is written every generation).
    public func json() -> String {
        func list(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: ",") + "]" }
        let rng = random.state.map { "\"" + String($0, radix: 16) + "\"" }.joined(separator: ",")
        return "{\"format\":1,\"stage\":\(stage),\"generation\":\(generation),\"evaluations\":\(evaluations),"
            + "\"prior_evaluations\":\(priorEvaluations),\"random\":[\(rng)],"
            + "\"template\":\(template.map(list) ?? "null"),\"genomes\":[" + genomes.map(list).joined(separator: ",") + "]}"
    }

    /// Parses `json()` output; throws `SearchError.invalidOption` naming what is wrong.
    public static func fromJSON(_ text: String) throws -> SearchCheckpoint {
        func bad(_ s: String) -> SearchError { .invalidOption("stored checkpoint: \(s)") }
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw bad("not a JSON object")
        }
        func int(_ k: String) throws -> Int {
            guard let n = root[k] as? NSNumber else { throw bad("\(k) missing") }
            return n.intValue
        }
        func ints(_ v: Any?) throws -> [Int] {
            guard let a = v as? [NSNumber] else { throw bad("expected an integer list") }
            return a.map(\.intValue)
        }
        guard try int("format") == 1 else { throw bad("unknown format") }
        guard let words = root["random"] as? [String],
              let r = SearchRandom(state: words.compactMap { UInt64($0, radix: 16) }) else {
            throw bad("random state missing or invalid")
        }
        guard let g = root["genomes"] as? [Any] else { throw bad("genomes missing") }
        var c = SearchCheckpoint(stage: try int("stage"),
                                 state: SearchState(generation: try int("generation"), population: [], random: r,
                                                    evaluations: try int("evaluations")),
                                 template: root["template"] is NSNull ? nil : try ints(root["template"]),
                                 priorEvaluations: try int("prior_evaluations"))
        c.genomes = try g.map(ints)
        return c
    }
}

/// One population member as recorded per generation (`search_member`).
public struct RunMember: Hashable, Sendable {
    public var designKey: String
    /// How the design is found in the design cache; nil when the stage does not evaluate designs
    /// (two-stage stage 1).
    public var lookup: DesignLookup?
    public var objective: Double
    public var violation: Double

    public init(designKey: String, lookup: DesignLookup?, objective: Double, violation: Double) {
        self.designKey = designKey
        self.lookup = lookup
        self.objective = objective
        self.violation = violation
    }
}

/// Where runs and their per-generation checkpoints are kept (`search_run`, `search_member`).
public protocol RunCheckpointStore: AnyObject {
    /// Registers a new run and returns its id.
    func createRun(settings: SearchSettings) throws -> Int64
    /// The settings a run was started with, or nil for an unknown id.
    func settings(ofRun run: Int64) throws -> SearchSettings?
    /// Commits one generation: its checkpoint and its members, atomically.
    func saveGeneration(run: Int64, checkpoint: SearchCheckpoint, stats: GenerationStats,
                        members: [RunMember]) throws
    /// The last committed checkpoint of a run, or nil when none was committed.
    func latestCheckpoint(ofRun run: Int64) throws -> SearchCheckpoint?
    /// Marks a run finished.
    func finishRun(_ run: Int64, bestDesignKey: String?, seconds: Double) throws
    /// Marks a run interrupted by an error (it can be resumed).
    func markInterrupted(_ run: Int64) throws
}

/// A run store that lives for one process (tests, `--no-db` use).
public final class InMemoryRunCheckpointStore: RunCheckpointStore {
    public struct Run {
        public var settings: SearchSettings
        public var checkpoints: [String] = []
        public var members: [[RunMember]] = []
        public var finished = false
    }

    public private(set) var runs: [Int64: Run] = [:]

    public init() {}

    public func createRun(settings: SearchSettings) throws -> Int64 {
        let id = Int64(runs.count + 1)
        runs[id] = Run(settings: settings)
        return id
    }

    public func settings(ofRun run: Int64) throws -> SearchSettings? { runs[run]?.settings }

    public func saveGeneration(run: Int64, checkpoint: SearchCheckpoint, stats: GenerationStats,
                               members: [RunMember]) throws {
        runs[run]?.checkpoints.append(checkpoint.json())
        runs[run]?.members.append(members)
    }

    public func latestCheckpoint(ofRun run: Int64) throws -> SearchCheckpoint? {
        guard let last = runs[run]?.checkpoints.last else { return nil }
        return try SearchCheckpoint.fromJSON(last)
    }

    public func finishRun(_ run: Int64, bestDesignKey: String?, seconds: Double) throws {
        runs[run]?.finished = true
    }

    public func markInterrupted(_ run: Int64) throws {
        runs[run]?.finished = false
    }

    /// Drops checkpoints after generation `count` (simulates an interruption in tests).
    public func truncate(run: Int64, toGenerations count: Int) {
        guard var r = runs[run] else { return }
        r.checkpoints = Array(r.checkpoints.prefix(count))
        r.members = Array(r.members.prefix(count))
        r.finished = false
        runs[run] = r
    }
}
