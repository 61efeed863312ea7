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
    @Option(help: "Output format of the database summary: table, csv or json.") var format: OutputFormat = .table

    func run() throws {
        print("version   \(CIMNASVersion.string)")
        let path = global.databasePath
        print("database  \(path)\(FileManager.default.fileExists(atPath: path) ? "" : "  (does not exist yet)")")
        print("datasets  \(DatasetLocator.datasetsDirectory()?.path ?? "(not found; set CIMNAS_DATASETS)")")
        for path in EmbeddedFiles.files.keys.sorted() {
            print("embedded  \(path)")
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        let rows: [DatabaseSummary.Row]
        do { rows = try DatabaseSummary.read(try DatabaseAccess.open(path, mode: .readOnly)) } catch {
            // The paths above are what info is for; a database it cannot read is noted, not an error.
            print("summary   unavailable: \(error)")
            return
        }
        print("")
        ResultPrinter.print(columns: ["kind", "name", "detail", "count"], rows: rows.map {
            [.text($0.kind), .text($0.name), .text($0.detail), .integer(Int64($0.count))]
        }, format: format)
    }
}
