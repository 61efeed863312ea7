import ArgumentParser
import CIMWorkload

/// `--cimnas-key KEY | --design FILE`: how every design-taking subcommand accepts a design.
struct DesignOptions: ParsableArguments {
    @Option(name: .customLong("cimnas-key"), help: "An original CIMNAS result key (A_0.7_4_4e-09_…).")
    var cimnasKey: String?
    @Option(help: "A design JSON file (docs/user-guide.md, \"Design JSON\").")
    var design: String?

    /// Whether a design was given.
    var isGiven: Bool { cimnasKey != nil || design != nil }

    /// The design; one-line CLIError on bad input (exit 2 for a malformed key, 1 for a bad file).
    func load() throws -> Design {
        do { return try Design.load(cimnasKey: cimnasKey, designFile: design) } catch {
            throw cimnasKey != nil ? CLIError.usage(error.description) : CLIError(error.description)
        }
    }
}
