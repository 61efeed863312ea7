import Foundation

/// Runs the built `cimnas` binary, as swift-argument-parser's example tests do.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The products folder holding both the test bundle and the `cimnas` executable.
    static var productsDirectory: URL {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
        for start in candidates {
            var dir = start
            for _ in 0..<4 {
                if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("cimnas").path) { return dir }
                dir = dir.deletingLastPathComponent()
            }
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }

    static var executable: URL { productsDirectory.appendingPathComponent("cimnas") }

    /// Runs `cimnas` (or `executable`, e.g. an installed copy) with the arguments in `directory`, with
    /// optional stdin, environment additions and variables removed from the inherited environment.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    unsetting: [String] = [], executable: URL? = nil, stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? Self.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        // Run outside a test directory, commands that cache by default (evaluate, predictor predict) get a
        // private database instead of ./cimnas.sqlite in the working directory, unless the test names one.
        var privateDB: String?
        if directory == nil && env["CIMNAS_DB"] == nil && environment["CIMNAS_DB"] == nil {
            privateDB = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-e2e-\(UUID().uuidString).sqlite").path
            env["CIMNAS_DB"] = privateDB
        }
        defer {
            if let privateDB {
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: privateDB + suffix) }
            }
        }
        for (k, v) in environment { env[k] = v }
        for k in unsetting { env[k] = nil }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read before waiting so a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
