import ArgumentParser
import CIMData
import Foundation

/// `cimnas info`: where the database and datasets are, and which files the binary embeds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show the database path, datasets folder and embedded files.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print("version   \(CIMNASVersion.string)")
        let path = global.databasePath
        print("database  \(path)\(FileManager.default.fileExists(atPath: path) ? "" : "  (does not exist yet)")")
        print("datasets  \(DatasetLocator.datasetsDirectory()?.path ?? "(not found; set CIMNAS_DATASETS)")")
        for path in EmbeddedFiles.files.keys.sorted() {
            print("embedded  \(path)")
        }
    }
}
