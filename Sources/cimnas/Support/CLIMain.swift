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
            var command = try CIMNAS.parseAsRoot()
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
            let line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data(("cimnas: " + line + "\n").utf8))
            if isUsage {
                FileHandle.standardError.write(Data("Run 'cimnas help' for usage.\n".utf8))
            }
            exit(isUsage ? 2 : 1)
        }
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
