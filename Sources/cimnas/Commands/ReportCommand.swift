import ArgumentParser
import CIMReport
import DesignDB
import Foundation

/// `cimnas report`: Pareto front, convergence, per-layer energy, chip area and knob sensitivity as SVG + HTML.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report with SVG charts for a search run, a named query or synthetic demo data.",
        discussion: """
        Writes DIR/index.html (self-contained: inline SVG and CSS, no scripts, no network resources) and one \
        standalone SVG per chart, then prints the written paths. A DIR that already holds a report (index.html) is \
        refused (exit 1) unless --force replaces it.
        """)

    @OptionGroup var global: GlobalOptions

    // Read as text and checked in validate(): an Int argument made ArgumentParser blame <run-id> for a stray
    // value of an unknown option (`--demo --format csv`).
    @Argument(help: ArgumentHelp("Search run id to report on.", valueName: "run-id"))
    var runIDText: String?

    var runID: Int64? { runIDText.flatMap { Int64($0) } }

    @Option(name: .long, help: "Report the rows of this named query (queries/NAME.sql) instead of a run.")
    var query: String?

    @Option(name: .long, help: "Query parameter as k=v (repeatable).")
    var param: [String] = []

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String
    @Option(help: "What to print about the files written: table (their paths) or json.") var format: SummaryFormat = .table

    @Option(name: .long, help: "Colour the Pareto scatter by 'area' or 'accuracy'.")
    var color: ReportColor = .area

    @Flag(name: .long, help: "Use deterministic synthetic data (no database).")
    var demo = false

    @Flag(name: .long, help: "Replace a report already in --out.")
    var force = false

    func validate() throws {
        if let runIDText, runIDText.hasPrefix("-") {
            throw ValidationError("unknown option '\(runIDText)', expected RUN_ID, --query NAME or --demo and the options in cimnas report --help")
        }
        if let runIDText, !(Int64(runIDText).map { $0 >= 1 } ?? false) {
            // `--demo --format csv`: the value of an option report does not have lands here; name the option.
            let args = Array(CommandLine.arguments.dropFirst())
            if let i = args.firstIndex(of: runIDText), i > 0, args[i - 1].hasPrefix("-") {
                throw ValidationError("unknown option '\(args[i - 1])', expected the options in cimnas report --help")
            }
            throw ValidationError("RUN_ID '\(runIDText)', expected a search run id (a whole number ≥ 1, see cimnas sql \"\(ExampleSQL.searchRunIDs)\")")
        }
        if out.isEmpty { throw ValidationError("--out: empty path, expected a folder") }
        let sources = [runIDText != nil, query != nil, demo].filter { $0 }.count
        if sources != 1 {
            throw ValidationError("give exactly one of RUN_ID, --query NAME or --demo")
        }
        if !param.isEmpty && query == nil {
            throw ValidationError("--param needs --query NAME")
        }
        var seen: Set<Substring> = []
        for p in param {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw ValidationError("--param: expected k=v, got '\(p)'")
            }
            if !seen.insert(p[..<eq]).inserted { throw ValidationError("--param \(p[..<eq]): given twice, expected each parameter once") }
        }
    }

    func run() throws {
        let report: HTMLReport
        if demo {
            var data = RunReportData.demo()
            data.colorByAccuracy = color == .accuracy
            report = RunReport.html(data)
        } else {
            report = try databaseReport()
        }
        let index = URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent("index.html").path
        if !force && FileManager.default.fileExists(atPath: index) {
            throw CLIError("--out \(out): already holds a report (index.html), expected a new folder or --force to replace it")
        }
        let written: [URL]
        do {
            written = try report.write(to: URL(fileURLWithPath: out, isDirectory: true))
        } catch {
            throw CLIError("--out \(out): cannot write report: \(error.localizedDescription)")
        }
        if format == .json {
            print(JSONOutput.render(["files_written": written.map(\.path)] as [String: Any]))
        } else {
            for url in written { print(url.path) }
        }
    }
}

/// What colours the Pareto scatter.
enum ReportColor: String, ExpressibleByArgument, CaseIterable, Sendable {
    case area
    case accuracy
}
