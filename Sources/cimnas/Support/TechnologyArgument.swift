import ArgumentParser
import CIMData
import DesignDB

/// `--tech` on every command that evaluates hardware (evaluate, search, precompute, sram, predictor).
enum TechnologyArgument {

    static let sramHelp = ArgumentHelp(helpText + " A plain number is the node (the old spelling of --node).")
    static let help = ArgumentHelp(helpText)
    static let helpText = "Technology: comma-separated CSV files and/or NAME[@VERSION] of tables imported into --db, laid over the shipped 32 nm tables left to right (later rows win; docs/technologies-and-spaces.md). (default: the shipped tables)"

    /// The composed technology of `--tech`; stored tables are read from `databasePath`, which must exist.
    static func resolve(_ spec: String?, databasePath: String) throws -> ComposedTechnology {
        do {
            return try ComposedTechnology.resolve(spec) {
                try DatabaseAccess.requireExisting(databasePath)
                return try DatabaseAccess.open(databasePath, mode: .readOnly)
            }
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError("\(error)")
        }
    }
}
