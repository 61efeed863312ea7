import ArgumentParser
import CIMData
import Foundation

/// `cimnas info`: where the database and datasets are, and which files the binary embeds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show the database path, datasets folder and embedded files.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table or json.") var format: SummaryFormat = .table

    func run() throws {
        let path = global.databasePath
        let exists = FileManager.default.fileExists(atPath: path)
        let datasets = DatasetLocator.datasetsDirectory()?.path
        let embedded = EmbeddedFiles.files.keys.sorted()
        if format == .json {
            print(JSONOutput.render([
                "version": CIMNASVersion.string, "database_path": path, "database_exists": exists,
                "datasets_path": datasets as Any, "embedded_files": embedded,
            ] as [String: Any]))
            return
        }
        print("version   \(CIMNASVersion.string)")
        print("database  \(path)\(exists ? "" : "  (does not exist yet)")")
        print("datasets  \(datasets ?? "(not found; set CIMNAS_DATASETS)")")
        for path in embedded {
            print("embedded  \(path)")
        }
    }
}
