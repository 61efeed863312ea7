import CIMData
import DesignDB
import ArgumentParser
import Foundation

/// Runs the root command and maps errors to the documented exit codes and one-line messages.
enum CLIMain {
    static func run() -> Never {
        if let problem = BusyPolicy.environmentProblem() {
            FileHandle.standardError.write(Data(("cimnas: " + problem + "\n").utf8))
            exit(2)
        }
        do {
            var command = try CIMNAS.parseAsRoot(sqlTextAsArgument(Array(CommandLine.arguments.dropFirst())))
            try command.run()
            exit(0)
        } catch let error as CLIError {
            FileHandle.standardError.write(Data(("cimnas: " + error.message + "\n").utf8))
            exit(error.exitCode)
        } catch {
            let code = CIMNAS.exitCode(for: error)
            let message = CIMNAS.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            if let exitCode = error as? ExitCode {
                exit(exitCode.rawValue)
            }
            // ArgumentParser reports usage problems as EX_USAGE (64); we promise 2.
            let isUsage = code == .validationFailure
            var line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "\(error)"
            if let clearer = negativeNumberHint(line, arguments: Array(CommandLine.arguments.dropFirst())) { line = clearer }
            // One line only (ArgumentParser adds a "Run 'cimnas help'" line; the README promises one line).
            FileHandle.standardError.write(Data(("cimnas: " + line.escapingControlCharacters + "\n").utf8))
            exit(isUsage ? 2 : 1)
        }
    }
}

extension CLIMain {
    /// `cimnas sql "-- comment\n…"`: SQL that starts with a `--` comment looks like an option to
    /// ArgumentParser. An argument of `sql` that starts with `--` and has whitespace before any `=` cannot be an
    /// option, so it is passed after a `--` terminator (as the SQL text).
    static func sqlTextAsArgument(_ arguments: [String]) -> [String] {
        guard arguments.first == "sql", !arguments.contains("--") else { return arguments }
        func isSQL(_ a: String) -> Bool {
            guard a.hasPrefix("--") else { return false }
            let body = a.dropFirst(2)
            guard let space = body.firstIndex(where: \.isWhitespace) else { return false }
            return body.firstIndex(of: "=").map { space < $0 } ?? true
        }
        guard let i = arguments.firstIndex(where: isSQL) else { return arguments }
        var rest = arguments
        let text = rest.remove(at: i)
        return rest + ["--", text]
    }

    /// ArgumentParser reads `--population -3` as a flag `-3` and says "Missing value for '--population
    /// <population>'"; name the number instead, and how to pass it.
    static func negativeNumberHint(_ line: String, arguments: [String]) -> String? {
        guard let start = line.range(of: "Missing value for '--") else { return nil }
        let rest = line[start.upperBound...]
        let flag = "--" + rest.prefix { $0 != " " && $0 != "'" }
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        let value = arguments[i + 1]
        // `-3`, `-0.7` and lists such as `--hw -0.7,4,…` all start with a minus and a digit or a point.
        guard value.hasPrefix("-"), let next = value.dropFirst().first, next.isNumber || next == "." else { return nil }
        return "Error: \(flag): '\(value)' was read as an option, expected a value after \(flag) "
            + "(write \(flag)=\(value) to pass a negative number)"
    }
}

/// An error reported as one line on stderr with a chosen exit code (1 runtime, 2 usage).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message.escapingControlCharacters // one line even when it quotes hostile input
        self.exitCode = exitCode
    }

    static func usage(_ message: String) -> CLIError { CLIError(message, exitCode: 2) }

    var description: String { message }
}
