import ArgumentParser
import CIMData
import CIMSearch
import CIMWorkload
import DesignDB
import Foundation

extension SearchCommand {
    /// The `--network` values as names the evaluator resolves: workload CSV files are registered under
    /// `STEM-SHA12` (content-keyed, `Workloads.register(file:)`), built-in names are checked.
    func coDesignNetworks() throws -> [String] {
        var names: [String] = []
        for value in network {
            let name: String
            if Workloads.isFile(value) {
                do { name = try Workloads.register(file: value).name } catch { throw CLIError("--network \(error.description)") }
            } else {
                guard Workloads.networkNames.contains(value) else {
                    throw CLIError.usage("--network: unknown network '\(value)', expected one of \(Workloads.networkNames.joined(separator: ", ")) or a workload CSV file (PATH.csv)")
                }
                name = value
            }
            guard !names.contains(name) else { throw CLIError.usage("--network: '\(value)' is given twice, expected distinct networks") }
            names.append(name)
        }
        return names
    }

    /// `search --network A --network B …`: one chip for several networks (CIMSearch/CoDesign), each network's
    /// design stored and grouped in `codesign_group`, compared with each network's own best chip.
    func runCoDesign(settings: SearchSettings, space: SearchSpace, evaluator: DesignEvaluator,
                     store: SQLiteEvaluationStore, baseline: Design?) throws {
        if SRAMExperiment.isSRAMSpace(space) {
            throw CLIError.usage("--network: co-design runs RRAM spaces (the SRAM accuracy model is ResNet50's), expected e.g. --space cimnas-rram-32nm")
        }
        let names = try coDesignNetworks()
        guard case .scalar(let objective) = settings.objective else {
            throw CLIError.usage("--network: co-design minimises one aggregate objective, expected --algorithm ga")
        }
        let aggregate: CoDesignAggregate
        do { aggregate = try CoDesignAggregate(parsing: self.aggregate ?? "sum", networkCount: names.count) } catch {
            throw CLIError.usage(error.description)
        }
        let template: [Int]
        do { template = try CIMNASSearch(settings: settings, evaluator: evaluator, baseline: baseline).baselineGenome } catch {
            throw CLIError("\(error)")
        }
        let search = CoDesignSearch(space: space, evaluator: evaluator, networks: names, objective: objective,
                                    aggregate: aggregate, capacity: capacity ?? .perNetwork, constraints: settings.constraints,
                                    options: settings.options, template: template)
        let stop = StopRequest.shared
        stop.install()
        let generations = settings.options.generations
        let outcome: CoDesignOutcome
        do {
            outcome = try search.run { stage, stats in
                if let signal = stop.requested {
                    throw CLIError("search stopped by signal \(signal) before the co-design group was stored (co-design runs are not resumable; their evaluations stay cached)", exitCode: 130)
                }
                guard !quiet else { return }
                let what = stage == 0 ? "shared chip" : "\(names[stage - 1]) alone"
                let best = stats.bestObjective.map { String(format: "%.4e", $0) } ?? "none feasible"
                FileHandle.standardError.write(Data(String(format: "%@: gen %3d/%d  best %@  feasible %5.1f %%\n", what,
                                                           stats.generation, generations, best, 100 * stats.feasibleFraction).utf8))
            }
        } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
        let groupID: Int64
        do {
            var members: [(designID: Int64, ownBestDesignID: Int64?)] = []
            for row in outcome.rows {
                guard let id = try store.designID(for: row.sharedLookup) else {
                    throw CLIError("--db \(global.databasePath): the shared chip's design for \(row.network) is not stored")
                }
                members.append((id, try row.ownBestLookup.flatMap { try store.designID(for: $0) }))
            }
            let record = CoDesignGroupRecord(
                networks: names, aggregate: aggregate.description, capacity: (capacity ?? .perNetwork).rawValue,
                objective: objective.rawValue, space: space.name, seed: Int(truncatingIfNeeded: settings.options.seed),
                population: settings.options.populationSize, generations: generations,
                aggregateObjective: outcome.objective, feasible: outcome.feasible)
            groupID = try CoDesignStore(store.db).save(record, members: members)
        } catch let error as CLIError { throw error } catch {
            throw CLIError("--db \(global.databasePath): \(error)")
        }
        printCoDesign(outcome, groupID: groupID, aggregate: aggregate, objective: objective)
    }

    func printCoDesign(_ o: CoDesignOutcome, groupID: Int64, aggregate: CoDesignAggregate, objective: SearchObjective) {
        func number(_ v: Double?) -> String { v.map { $0.isFinite ? String(format: "%.4e", $0) : "inf" } ?? "-" }
        let header = ["network", "energy_j", "latency_s", "area_mm2", "edap_j_s_mm2", "own_best_edap_j_s_mm2", "edap_ratio", "feasible"]
        let rows: [[String]] = o.rows.map { r in
            let m = r.shared.metrics
            let own = r.ownBest.flatMap { $0.isEvaluated ? $0.metrics.edap_j_s_mm2 : nil }
            return [r.network, number(m.energy_j), number(m.latency_s), number(m.area_mm2),
                    number(r.shared.isEvaluated ? m.edap_j_s_mm2 : nil), number(own), r.edapRatio.map { String(format: "%.3f", $0) } ?? "-",
                    r.shared.isEvaluated ? "yes" : "no"]
        }
        if format == .json {
            let object: [String: Any] = [
                "codesign_group_id": groupID, "aggregate": aggregate.description, "capacity": (capacity ?? .perNetwork).rawValue,
                "objective": objective.rawValue, "aggregate_objective": o.objective.isFinite ? o.objective : NSNull(),
                "feasible": o.feasible, "chips_evaluated": o.evaluations, "designs_evaluated": o.designEvaluations,
                "seconds": o.seconds,
                "networks": o.rows.map { r -> [String: Any] in
                    let m = r.shared.metrics
                    return ["network": r.network, "energy_j": m.energy_j, "latency_s": m.latency_s, "area_mm2": m.area_mm2,
                            "edap_j_s_mm2": r.shared.isEvaluated ? m.edap_j_s_mm2 : NSNull(),
                            "own_best_edap_j_s_mm2": r.ownBest.flatMap { $0.isEvaluated ? $0.metrics.edap_j_s_mm2 : nil } ?? NSNull(),
                            "edap_ratio": r.edapRatio ?? NSNull(), "feasible": r.shared.isEvaluated,
                            "design_key": r.sharedLookup.canonicalKey]
                },
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("co-design group \(groupID): \(o.rows.count) networks on one chip, aggregate \(aggregate), capacity \((capacity ?? .perNetwork).rawValue), objective \(objective.rawValue) = \(number(o.objective))\(o.feasible ? "" : " (infeasible)")")
        print("\(o.evaluations) chips evaluated (\(o.designEvaluations) network designs with the own-best searches) in \(String(format: "%.1f", o.seconds)) s")
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        for r in all {
            print(r.enumerated().map { c, v in c == 0 ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - v.count) + v }.joined(separator: "  "))
        }
        print("edap_ratio = shared chip's EDAP / the network's own best chip's (searched alone with the same budget); query: cimnas query codesign_group --param group_id=\(groupID)")
    }
}

extension CoDesignCapacity: ExpressibleByArgument {}
