import ArgumentParser
import CIMReport
import Foundation

/// `cimnas report`: Pareto front, convergence, per-layer energy, chip area and knob sensitivity as SVG + HTML.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report with SVG charts for a search run, a named query or synthetic demo data.",
        discussion: """
        Writes DIR/index.html (self-contained: inline SVG and CSS, no scripts, no network resources) and one \
        standalone SVG per chart, then prints the written paths.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Search run id to report on.")
    var runID: Int?

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

    func validate() throws {
        let sources = [runID != nil, query != nil, demo].filter { $0 }.count
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
