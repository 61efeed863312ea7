import ArgumentParser
import Foundation

/// Options every database-touching subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database path (default: $CIMNAS_DB or ./cimnas.sqlite).")
    var db: String?

    func validate() throws {
        // SQLite would open a private temporary database for "" and keep nothing.
        if db?.isEmpty == true { throw ValidationError("--db: empty path, expected a database file such as ./cimnas.sqlite") }
    }

    /// The database path after applying the environment default.
    var databasePath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["CIMNAS_DB"], !env.isEmpty { return env }
        return "cimnas.sqlite"
    }
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table
    case csv
    case json
}

/// Output of commands that print one summary rather than rows: a readable table or JSON.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table
    case json
}
