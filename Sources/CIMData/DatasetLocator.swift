import Foundation

/// Finds the `datasets/` folder for files too large to embed (predictor weights and their training CSV).
///
/// Places, in order:
/// 1. `CIMNAS_DATASETS`, when set (an explicit setting wins);
/// 2. the installed layout: `../share/cimnas` next to the executable's `bin/`, after resolving symlinks
///    (`make install PREFIX=…` puts the binary in `PREFIX/bin` and the datasets in `PREFIX/share/cimnas`);
/// 3. the source tree: a `datasets/` folder holding `spaces/` in the working directory or one of its
///    parents, then in the executable's directory or one of its parents (a build inside the repository).
public enum DatasetLocator {
    /// The datasets folder relative to the resolved executable's folder in an installed layout.
    public static let installedRelativePath = "../share/cimnas"
    /// Parents searched above each start of the source-tree walk.
    static let sourceTreeDepth = 8

    /// Where a place comes from.
    public enum Origin: String, Sendable, Hashable {
        case environment = "CIMNAS_DATASETS"
        case installed
        case sourceTree = "source tree"
    }

    /// One folder that may hold the datasets.
    public struct Place: Sendable, Hashable {
        public var directory: URL
        public var origin: Origin
    }

    /// A dataset file that is in none of the places looked in; its description is one line naming them all.
    public struct NotFound: Error, Sendable, Hashable, CustomStringConvertible {
        /// The file asked for, relative to a datasets folder (e.g. `predictors/cimnas-default.weights`).
        public var relativePath: String
        /// Every place looked in, in order, as printed.
        public var looked: [String]

        public var description: String {
            "\(relativePath) not found; looked in: \(looked.joined(separator: "; ")) "
                + "(install with `make install PREFIX=…`, or set CIMNAS_DATASETS to a datasets folder)"
        }
    }

    /// The running executable, symlinks resolved.
    public static var currentExecutable: URL? {
        // /proc/self/exe is the binary actually running even when argv[0] is a relative name or a symlink.
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath()
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// The places to look in, in order (folders that exist or not).
    public static func places(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = currentExecutable,
                              workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath,
                                                          isDirectory: true)) -> [Place] {
        var out: [Place] = []
        if let env = environment["CIMNAS_DATASETS"], !env.isEmpty {
            out.append(Place(directory: URL(fileURLWithPath: env, isDirectory: true).standardizedFileURL, origin: .environment))
        }
        let exeDir = executable.map { $0.resolvingSymlinksInPath().deletingLastPathComponent() }
        if let exeDir {
            out.append(Place(directory: exeDir.appendingPathComponent(installedRelativePath, isDirectory: true).standardizedFileURL,
                             origin: .installed))
        }
        for start in [workingDirectory] + (exeDir.map { [$0] } ?? []) {
            var dir = start.standardizedFileURL
            for _ in 0..<sourceTreeDepth {
                let candidate = dir.appendingPathComponent("datasets", isDirectory: true)
                if isDirectory(candidate.appendingPathComponent("spaces")) && !out.contains(where: { $0.directory == candidate }) {
                    out.append(Place(directory: candidate, origin: .sourceTree))
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return out
    }

    /// The datasets folder: the first place that exists, or nil when none does.
    public static func datasetsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                         executable: URL? = currentExecutable,
                                         workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath,
                                                                     isDirectory: true)) -> URL? {
        let all = places(environment: environment, executable: executable, workingDirectory: workingDirectory)
        // CIMNAS_DATASETS counts even when missing, so a wrong setting shows up as a missing file, not a silent fallback.
        if let env = all.first(where: { $0.origin == .environment }) { return env.directory }
        return all.first { isDirectory($0.directory) }?.directory
    }

    /// The first place holding `relativePath`.
    /// - Throws: `NotFound`, whose one-line description names every place looked in.
    public static func locate(_ relativePath: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = currentExecutable,
                              workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath,
                                                          isDirectory: true)) throws(NotFound) -> URL {
        let all = places(environment: environment, executable: executable, workingDirectory: workingDirectory)
        for place in all {
            let file = place.directory.appendingPathComponent(relativePath)
            if FileManager.default.isReadableFile(atPath: file.path) { return file }
        }
        var looked: [String] = []
        if !all.contains(where: { $0.origin == .environment }) { looked.append("CIMNAS_DATASETS (not set)") }
        looked += all.map { "\($0.directory.path) (\($0.origin.rawValue))" }
        if !all.contains(where: { $0.origin == .installed }) { looked.append("installed share/cimnas (executable path unknown)") }
        let starts = [workingDirectory.standardizedFileURL.path]
            + (executable.map { [$0.resolvingSymlinksInPath().deletingLastPathComponent().path] } ?? [])
        looked.append("datasets/ in \(starts.joined(separator: " or ")) and their parents (source tree)")
        throw NotFound(relativePath: relativePath, looked: looked)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
