import ArgumentParser
import CIMData
import DesignDB
import Foundation

/// `cimnas info`: where the database and datasets are, and which files the binary embeds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show the database path, datasets folder and embedded files, and what the database holds.",
        discussion: "When the database exists, a summary follows: networks (by family), technologies, model and predictor versions, and spaces (by name and file digest), each with a count.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv (the database summary's rows) or json (one object).") var format: OutputFormat = .table

    func run() throws {
        let path = global.databasePath
        let exists = FileManager.default.fileExists(atPath: path)
        let datasets = DatasetLocator.datasetsDirectory()?.path
        let embedded = EmbeddedFiles.files.keys.sorted()
        // The database summary, when the database exists and can be read.
        var rows: [DatabaseSummary.Row] = []
        var summaryError: String?
        if exists {
            do { rows = try DatabaseSummary.read(try DatabaseAccess.open(path, mode: .readOnly)) } catch {
                // The paths are what info is for; a database it cannot read is noted, not an error.
                summaryError = "\(error)"
            }
        }
        let columns = ["kind", "name", "detail", "count"]
        let values: [[SQLValue]] = rows.map { [.text($0.kind), .text($0.name), .text($0.detail), .integer(Int64($0.count))] }
        switch format {
        case .json:
            print(JSONOutput.render([
                "version": CIMNASVersion.string, "database_path": path, "database_exists": exists,
                "datasets_path": datasets as Any, "embedded_files": embedded,
                "summary": values.map { JSONOutput.Object(pairs: Array(zip(columns, $0.map { $0 as Any }))) },
            ] as [String: Any]))
            return
        case .csv:
            ResultPrinter.print(columns: columns, rows: values, format: .csv)
            return
        case .table:
            break
        }
        print("version   \(CIMNASVersion.string)")
        print("database  \(path)\(exists ? "" : "  (does not exist yet)")")
        print("datasets  \(datasets ?? "(not found; set CIMNAS_DATASETS)")")
        for path in embedded {
            print("embedded  \(path)")
        }
        guard exists else { return }
        if let summaryError {
            print("summary   unavailable: \(summaryError)")
            return
        }
        print("")
        ResultPrinter.print(columns: columns, rows: values, format: .table)
    }
}
