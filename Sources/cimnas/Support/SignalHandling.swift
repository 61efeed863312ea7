import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a stop request that long jobs check at their commit boundaries.
///
/// The first signal only sets a flag (and says so on stderr); `cimnas search` stops after committing the
/// current generation and `cimnas precompute` after committing the current batch, then prints the exact
/// command that resumes and exits with 128 + signal (130 for SIGINT, 143 for SIGTERM). A second signal
/// exits at once with the same code: every committed transaction is kept and the open one is rolled back
/// by SQLite, as after a crash.
///
/// Signals are delivered through `DispatchSource` on a private queue, never in signal context, so the
/// state is guarded by a lock instead of async-signal-safe atomics.
final class StopRequest: @unchecked Sendable {
    static let shared = StopRequest()

    private let lock = NSLock()
    private var signalNumber: Int32 = 0
    private var hint: String?
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "cimnas.signals")

    /// Starts catching SIGINT and SIGTERM for this process (idempotent).
    func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            // Ignore the default action (terminate); the dispatch source still sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in self.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// The command that resumes the job; printed if a second signal forces an immediate exit.
    func setResumeHint(_ command: String) {
        lock.lock()
        hint = command
        lock.unlock()
    }

    /// The first signal received, or nil while none has arrived.
    var requested: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signalNumber == 0 ? nil : signalNumber
    }

    private func received(_ number: Int32) {
        lock.lock()
        let first = signalNumber == 0
        if first { signalNumber = number }
        let hint = self.hint
        lock.unlock()
        let name = Self.name(number)
        if first {
            FileHandle.standardError.write(Data(
                "cimnas: \(name) received, stopping after the current commit (send it again to stop at once)\n".utf8))
        } else {
            var line = "cimnas: \(name) received again, stopping now; committed work is kept"
            if let hint { line += "; resume with: \(hint)" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
            _exit(128 + number)
        }
    }

    /// `SIGINT` or `SIGTERM` (else `signal N`).
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(number)"
        }
    }

    /// The error a command throws after committing its finished work: one line, exit code 128 + signal.
    static func stopped(_ number: Int32, committed: String, resume: String) -> CLIError {
        CLIError("interrupted by \(name(number)); \(committed); resume with: \(resume)", exitCode: 128 + number)
    }
}

/// A command line as a POSIX shell would need it typed (single-quoting words with special characters).
enum ShellCommand {
    static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func line(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

    /// How this process was invoked (argv[0] as typed).
    static var program: String { CommandLine.arguments.first ?? "cimnas" }
}
