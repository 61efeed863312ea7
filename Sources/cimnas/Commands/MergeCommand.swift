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
        if output.isEmpty || inputs.contains("") { throw ValidationError("OUT/IN: empty path, expected database files") }
        // The same file under another name (symlink, hard link, ./x vs x) is found by device and inode.
        let out = FileIdentity(output), outPath = URL(fileURLWithPath: output).standardizedFileURL.path
        if let same = inputs.first(where: { (out != nil && FileIdentity($0) == out) || URL(fileURLWithPath: $0).standardizedFileURL.path == outPath }) {
            throw ValidationError("IN: \(same) is the output \(output) (same file), expected different files")
        }
    }

    func run() throws {
        StopRequest.shared.install()
        for path in inputs {
            try DatabaseAccess.requireExisting(path, flag: "IN")
            // Inputs are only read: opened read-only (never migrated or switched to WAL); an old schema is refused.
            _ = try DatabaseAccess.open(path, mode: .readOnly, flag: "IN")
        }
        let db = try DatabaseAccess.open(output, flag: "OUT")
        let s: DatabaseMerge.Summary
        do {
            s = try DatabaseMerge.merge(into: db, inputs: inputs, shouldStop: { StopRequest.shared.requested != nil })
        } catch let e as PrecomputeError {
            throw CLIError(e.message)
        } catch let stop as DatabaseMerge.Stopped {
            let signal = StopRequest.shared.requested ?? SIGTERM
            throw StopRequest.stopped(signal, committed: "\(stop.inputsMerged) of \(inputs.count) inputs merged into \(output)",
                                      resume: ShellCommand.line([ShellCommand.program] + Array(CommandLine.arguments.dropFirst())))
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

/// A file's device and inode: equal for two names of one file (symlinks followed, hard links, `./x` and `x`).
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// Nil when `path` does not exist (yet).
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
