import ArgumentParser
import CIMAccuracy
import CIMHardware
import CIMSearch
import CIMWorkload
import DesignDB
import Foundation

/// `cimnas precompute`: sweeps the hardware knobs of a space for fixed networks into the database.
struct PrecomputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precompute", abstract: "Evaluate hardware configurations of a space for fixed networks and store them.",
        discussion: """
        Every hardware point of --space (optionally pinned with --fix) is evaluated for each network and \
        stored as a design row with the keys `cimnas search` looks up, so later searches hit the cache. \
        Writes are batched transactions; re-running the same command resumes after the last committed \
        batch. --shard K/N takes the points whose sweep position p has p mod N = K−1; the shards' union is \
        the full sweep, and `cimnas merge` joins their databases. --store pareto keeps only the Pareto \
        archive (fronts of the whole sweep and of every knob value, per-value statistics; docs/scale.md), \
        whose shards take whole array organisations.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Search space whose hardware knobs are swept: a built-in name or a space FILE.json.")
    var space = "cimnas-rram-32nm"
    @Option(help: "Fixed network: standard-mbv2 (the CIMNAS baseline MobileNetV2, 8-bit), a fixed network name (resnet50, …; the only one of SRAM spaces) or a workload FILE.csv (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits; keyed by its content digest). Repeatable.")
    var network: [String] = []
    @Option(name: .customLong("cimnas-key"), help: "Network and quantization policy from an original CIMNAS key. Repeatable.")
    var cimnasKey: [String] = []
    @Option(help: "Network and quantization policy from a design JSON file. Repeatable.")
    var design: [String] = []
    @Option(help: "exhaustive, random, lhs or sobol.")
    var mode = "exhaustive"
    @Option(help: "Points for random, lhs and sobol.")
    var samples: Int?
    @Option(help: "Seed for random, lhs and sobol (sobol: 0 is the plain published sequence).")
    var seed: UInt64 = 0
    @Option(help: "This run's share K/N of the sweep.")
    var shard = "1/1"
    @Option(help: "Evaluation threads (default: cores).")
    var workers: Int?
    @Option(help: "What to keep: full (every design) or pareto (the Pareto archive, exact for bounded best-design queries).")
    var store = "full"
    @Flag(name: .customLong("store-layers"), help: "Also store per-layer results (layer_eval).")
    var storeLayers = false
    @Option(help: "Pin hardware knobs: NAME=VALUE[,NAME=VALUE…], values from the space's lists.")
    var fix = ""
    @Option(help: "Reproduce the original's quirks: default or cimnas.")
    var compat: CompatMode = .default
    @Option(name: .customLong("batch-size"), help: "Points per committed transaction.")
    var batchSize = 50_000
    @Option(name: .customLong("cache-mb"), help: "SQLite page cache for this run, MiB (indexes of large sweeps should fit).")
    var cacheMB = 1024
    @Option(name: .customLong("defer-indexes"), help: "Drop the secondary design indexes during the load and rebuild them at the end: auto (jobs of ≥ 100000 points and no fewer than the designs already stored), always or never.")
    var deferIndexes = "auto"
    @Flag(name: .customLong("rebuild-indexes"), help: "Only re-create the design indexes a killed large precompute left dropped, then exit (no sweep).")
    var rebuildIndexes = false
    @Option(help: "SRAM spaces only: macro family of the chips, \(SRAMMacroDesign.nameList) or a full name. (default: sinangil)")
    var macro: String?
    @Option(help: TechnologyArgument.help)
    var tech: String?
    @Flag(help: "No progress on stderr.")
    var quiet = false
    @Option(help: "Output format: table or json.") var format: SummaryFormat = .table

    func validate() throws {
        guard PrecomputeMode(rawValue: mode) != nil else {
            throw ValidationError("--mode: '\(mode)' is not one of exhaustive, random, lhs, sobol")
        }
        if mode == "exhaustive" {
            if samples != nil { throw ValidationError("--samples: only with --mode random, lhs or sobol") }
        } else {
            guard let samples else { throw ValidationError("--samples: required with --mode \(mode), expected a positive count") }
            guard samples >= 1 && samples <= 100_000_000 else {
                throw ValidationError("--samples: \(samples) is not in 1…100000000")
            }
        }
        guard PrecomputeStore(rawValue: store) != nil else {
            throw ValidationError("--store: '\(store)' is not one of full, pareto")
        }
        if let workers, workers < 1 || workers > 256 { throw ValidationError("--workers: \(workers) is not in 1…256") }
        guard batchSize >= 1 && batchSize <= 1_000_000 else {
            throw ValidationError("--batch-size: \(batchSize) is not in 1…1000000")
        }
        guard IndexDeferral(rawValue: deferIndexes) != nil else {
            throw ValidationError("--defer-indexes: '\(deferIndexes)' is not one of auto, always, never")
        }
        guard cacheMB >= 2 && cacheMB <= 65536 else { throw ValidationError("--cache-mb: \(cacheMB) is not in 2…65536") }
        if rebuildIndexes {
            guard network.isEmpty && cimnasKey.isEmpty && design.isEmpty else {
                throw ValidationError("--rebuild-indexes: runs no sweep, expected no --network, --cimnas-key or --design")
            }
            return
        }
        if network.isEmpty && cimnasKey.isEmpty && design.isEmpty {
            throw ValidationError("--network: no network given, expected --network standard-mbv2, --cimnas-key KEY or --design FILE")
        }
        do { _ = try Shard(parsing: shard) } catch { throw ValidationError(error.message) }
    }

    /// The designs whose networks and quantization policies are swept (hardware is replaced per point);
    /// `networkFiles` receives the SHA-256 of each network read from a file, by its registered name.
    func designs(networkFiles: inout [String: String]) throws -> [Design] {
        var out: [Design] = []
        for name in network {
            if Workloads.isFile(name) {
                let registered: (name: String, sha256: String, text: String)
                do { registered = try Workloads.register(file: name) } catch { throw CLIError(error.message) }
                networkFiles[registered.name] = registered.sha256
                out.append(Design(hardware: .cimnasDefault, network: .fixed(name: registered.name, overrides: [:])))
            } else if name == "standard-mbv2" {
                out.append(CIMNASBaseline.design)
            } else if name == "mobilenetv2" {
                throw ValidationError("--network: mobilenetv2 needs a subnet, expected standard-mbv2, --cimnas-key or --design")
            } else {
                let d = Design(hardware: .cimnasDefault, network: .fixed(name: name, overrides: [:]))
                guard Workloads.networkNames.contains(name), name != "mobilenetv2" else {
                    let fixed = Workloads.networkNames.filter { $0 != "mobilenetv2" }
                    throw ValidationError("--network: unknown network '\(name)', expected standard-mbv2, \(fixed.joined(separator: ", ")), or --cimnas-key/--design for a subnet")
                }
                do { _ = try Workloads.layers(for: d) } catch {
                    throw ValidationError("--network: \(error)")
                }
                out.append(d)
            }
        }
        for key in cimnasKey {
            do { out.append(try Design.load(cimnasKey: key, designFile: nil)) } catch { throw CLIError.usage(error.description) }
        }
        for file in design {
            do { out.append(try Design.load(cimnasKey: nil, designFile: file)) } catch { throw CLIError(error.description) }
        }
        return out
    }

    func run() throws {
        if rebuildIndexes { return try rebuildDeferredIndexes() }
        let searchSpace: SearchSpace
        do { searchSpace = try SearchSpace.load(space) } catch {
            if SearchSpace.isFile(space) { throw CLIError(error.message) }
            throw ValidationError("--space: \(error.message)")
        }
        // A space's technology knob is swept here, one job per technology; --fix technology=VALUE picks one.
        var hardwareFix = fix
        var techSpecs: [String?] = [tech]
        if let knob = searchSpace.knobs.first(where: { $0.name == "technology" }) {
            if tech != nil {
                throw CLIError.usage("--tech: space \(searchSpace.name) sweeps technologies (its technology knob), expected no --tech (or --fix technology=VALUE)")
            }
            techSpecs = knob.values.map(\.description)
        }
        let pairs = fix.split(separator: ",").map(String.init)
        if let pin = pairs.first(where: { $0.hasPrefix("technology=") }) {
            let value = String(pin.dropFirst("technology=".count))
            guard techSpecs.contains(value) else {
                throw CLIError.usage("--fix: technology=\(value) is not in space \(searchSpace.name)'s technology knob [\(techSpecs.compactMap { $0 }.joined(separator: ", "))]")
            }
            techSpecs = [value]
            hardwareFix = pairs.filter { $0 != pin }.joined(separator: ",")
        }
        let subspace: HardwareSubspace
        do { subspace = try HardwareSubspace(space: searchSpace, fix: hardwareFix) } catch { throw CLIError.usage(error.message) }
        var networkFiles: [String: String] = [:]
        let designs = try designs(networkFiles: &networkFiles)
        for d in designs {
            if let refusal = Precomputer.unsupportedReason(subspace, network: d) { throw CLIError.usage(refusal) }
        }
        if macro != nil, !Precomputer.isSRAM(subspace) {
            throw CLIError.usage("--macro: space \(space) is not an SRAM space, expected --macro only with an SRAM space (e.g. \(SRAMExperiment.spaceName))")
        }
        let macroDesign = try macro.map(parseMacro) ?? .sinangil
        if storeLayers, Precomputer.isSRAM(subspace) {
            throw CLIError.usage("--store-layers: SRAM spaces (\(space)) store design rows only, expected no --store-layers")
        }
        let shardValue = try Shard(parsing: shard)
        // The models `cimnas search` uses for the space (PrecomputeModels.forSpace).
        let technologies = try techSpecs.map { try TechnologyArgument.resolve($0, databasePath: global.databasePath) }
        // SIGINT/SIGTERM: the progress callback runs right after each batch commits, so stopping there keeps
        // every finished batch; re-running the same command resumes (Support/SignalHandling.swift).
        let stop = StopRequest.shared
        stop.install()
        let rerun = ShellCommand.line(CommandLine.arguments)
        stop.setResumeHint(rerun)
        var jobs: [[String: Any]] = []
        for (technology, spec) in zip(technologies, techSpecs) {
            let models: PrecomputeModels
            do {
                models = try PrecomputeModels.forSpace(sram: Precomputer.isSRAM(subspace), technology: technology, mode: compat,
                                                       macro: macroDesign)
            } catch { throw CLIError(error.message) }
            let db: Database
            do { db = try Database(path: global.databasePath) } catch {
                throw CLIError("\(global.databasePath): cannot open the database: \(error)")
            }
            do {
                try db.prepareForBulkWrites(cacheMB: cacheMB)
                // Rows record the technology by name@version of a stored table with its content.
                if !technology.isShipped { _ = try db.transaction { try technology.register(in: db) } }
            } catch { throw CLIError("\(global.databasePath): \(error)") }
            let options = PrecomputeOptions(
                mode: PrecomputeMode(rawValue: mode)!, samples: samples ?? 0, seed: seed, shard: shardValue,
                workers: workers ?? ProcessInfo.processInfo.activeProcessorCount, storeLayers: storeLayers,
                batchSize: batchSize, deferIndexes: IndexDeferral(rawValue: deferIndexes)!,
                store: PrecomputeStore(rawValue: store)!)
            let pre: Precomputer
            do {
                pre = try Precomputer(db: db, subspace: subspace, mode: compat, models: models, options: options)
            } catch let e as PrecomputeError { throw CLIError.usage(e.message) }
            pre.technologySHA256 = technology.sha256
            pre.networkSHA256 = networkFiles
            var lastPrint = Date.distantPast
            let quiet = self.quiet
            pre.note = { line in if !quiet { FileHandle.standardError.write(Data("\(line)\n".utf8)) } }
            let summaries: [PrecomputeSummary]
            do {
                summaries = try pre.run(designs) { p in
                    if let signal = stop.requested {
                        // Indexes dropped for the load come back before exiting (a second signal exits at once;
                        // the next run then rebuilds them).
                        _ = try? pre.restoreIndexes()
                        let message = StopRequest.stopped(signal, committed: "\(p.network): \(p.done)/\(p.total) points committed",
                                                          resume: rerun).message
                        FileHandle.standardError.write(Data("cimnas: \(message)\n".utf8))
                        _exit(128 + signal) // the batch is committed; the batch still being evaluated is dropped
                    }
                    guard !quiet else { return }
                    let now = Date()
                    guard p.done == p.total || now.timeIntervalSince(lastPrint) >= 1 else { return }
                    lastPrint = now
                    let eta = p.eta_s.isFinite ? String(format: "%.0f s", p.eta_s) : "–"
                    let line = String(format: "%@: %d/%d points (%.1f %%)  %.0f points/s  stored %d  skipped %d  ETA %@\n",
                                      p.network, p.done, p.total, p.total > 0 ? 100 * Double(p.done) / Double(p.total) : 100,
                                      p.rate, p.stored, p.skipped, eta)
                    FileHandle.standardError.write(Data(line.utf8))
                }
            } catch let e as PrecomputeError {
                throw CLIError(e.message)
            }
            let on = techSpecs.count > 1 ? " on \(spec ?? ComposedTechnology.shippedName)" : ""
            jobs += summaries.map { s in
                ["job_id": s.jobID, "network": s.network, "technology": spec ?? ComposedTechnology.shippedName,
                 "points_done": s.done, "points": s.total, "resumed_at_point": s.resumedFrom, "designs_stored": s.stored,
                 "designs_skipped": s.skipped, "elapsed_s": s.seconds, "pareto_designs": s.frontierSize] as [String: Any]
            }
            for s in summaries where format == .table {
                let resumed = s.resumedFrom > 0 ? " (resumed at \(s.resumedFrom))" : ""
                print("job \(s.jobID) \(s.network)\(on): \(s.done)/\(s.total) points\(resumed), \(s.stored) stored, \(s.skipped) already present, \(String(format: "%.1f", s.seconds)) s, \(store == "pareto" ? "archive" : "Pareto table") \(s.frontierSize) designs")
            }
        }
        if format == .json { print(JSONOutput.render(jobs)) }
        if let signal = stop.requested {
            throw CLIError("interrupted by \(StopRequest.name(signal)) after every job finished; nothing to resume", exitCode: 128 + signal)
        }
    }
}

extension PrecomputeCommand {
    /// `--rebuild-indexes`: re-creates every `design` index recorded as deferred (one transaction each).
    func rebuildDeferredIndexes() throws {
        try DatabaseAccess.requireExisting(global.databasePath)
        let db: Database
        do { db = try Database(path: global.databasePath) } catch {
            throw CLIError(DatabaseAccess.message(path: global.databasePath, error: error))
        }
        let start = Date()
        let pending: [String]
        do { pending = try DesignIndexDeferral.deferred(db) } catch { throw CLIError("\(global.databasePath): \(error)") }
        if !pending.isEmpty && !quiet {
            FileHandle.standardError.write(Data("rebuilding \(pending.count) design indexes: \(pending.joined(separator: ", "))\n".utf8))
        }
        let rebuilt: [String]
        do { rebuilt = try DesignIndexDeferral.restore(db) } catch { throw CLIError("\(global.databasePath): \(error)") }
        let seconds = Date().timeIntervalSince(start)
        if format == .json {
            print(JSONOutput.render(["indexes_rebuilt": rebuilt, "elapsed_s": seconds] as [String: Any]))
            return
        }
        print("\(rebuilt.count) design indexes rebuilt in \(String(format: "%.1f", seconds)) s"
              + (pending.isEmpty ? " (none were missing)" : ""))
    }
}
