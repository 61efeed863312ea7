import ArgumentParser
import Foundation

/// The `cimnas` command: joint model–quantization–hardware search for compute-in-memory accelerators.
struct CIMNAS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cimnas",
        abstract: "Design compute-in-memory accelerators: cost model, design-space database and joint search.",
        discussion: """
        Every evaluated design is kept in an indexed SQLite database (--db, default ./cimnas.sqlite or \
        $CIMNAS_DB) that later searches reuse and users query with SQL.
        Exit codes: 0 success, 1 runtime error, 2 usage error.
        """,
        version: CIMNASVersion.string,
        subcommands: CIMNAS.allSubcommands
    )
}

/// Version strings carried by every stored result.
enum CIMNASVersion {
    static let string = "0.1.0"
}
