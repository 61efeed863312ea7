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
        Exit codes: 0 success; 1 runtime error (unreadable or invalid file, database error, existing report \
        folder without --force); 2 usage error (unknown or malformed option, value out of its documented range); \
        3 search finished but no design met the constraints; 130 stopped by SIGINT, 143 stopped by SIGTERM \
        (committed work kept; the message says how to resume). Errors are one line on stderr. \
        Limits and guarantees: docs/errors-and-limits.md.
        """,
        version: CIMNASVersion.string,
        subcommands: CIMNAS.allSubcommands
    )
}

/// Version strings carried by every stored result.
enum CIMNASVersion {
    static let string = "0.1.0"
}
