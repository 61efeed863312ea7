import ArgumentParser
import CIMSearch
import DesignDB
import Foundation

/// `cimnas merge OUT IN...`: joins design databases (e.g. precompute shards) into OUT.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Merge design databases (e.g. precompute shards) into one.",
        discussion: """
        Rows are copied by their natural keys (hardware key, network key, design and layer keys), so \
        duplicates are stored once and merging again adds nothing. Inputs built with a different schema, \
        technology content, cost-model or predictor version are refused before anything is written. \
        Search runs are not copied.
        """)

    @Argument(help: "Output database (created when missing).")
    var output: String
    @Argument(help: "Input databases.")
    var inputs: [String] = []
    @Option(help: "Output format: table or json.") var format: SummaryFormat = .table

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("IN: no input database given, expected cimnas merge OUT IN...") }
        let out = URL(fileURLWithPath: output).standardizedFileURL.path
        if let same = inputs.first(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == out }) {
            throw ValidationError("IN: \(same) is also the output, expected different files")
        }
    }

    func run() throws {
        for path in inputs where !FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(path): no such database")
        }
        // Bring inputs to the current schema first (a no-op when they are current).
        for path in inputs {
            _ = try DatabaseAccess.open(path, flag: "")
        }
        let db = try DatabaseAccess.open(output, flag: "")
        let s: DatabaseMerge.Summary
        do { s = try DatabaseMerge.merge(into: db, inputs: inputs) } catch let e as PrecomputeError {
            throw CLIError(e.message)
        }
        if format == .json {
            print(JSONOutput.render([
                "output_path": output, "inputs": s.inputs, "designs_added": s.designsAdded,
                "layer_evals_added": s.layerEvalsAdded, "hw_configs_added": s.hardwareAdded,
                "designs": s.designsTotal, "pareto_designs": s.paretoSize,
            ] as [String: Any]))
            return
        }
        print("merged \(s.inputs) database(s) into \(output): \(s.designsAdded) designs, \(s.layerEvalsAdded) layer results, \(s.hardwareAdded) hardware configurations added; \(s.designsTotal) designs in total, Pareto table \(s.paretoSize) designs")
    }
}
