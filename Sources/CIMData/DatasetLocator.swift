import Foundation

/// Finds the repository's `datasets/` folder for files too large to embed (predictor weights).
///
/// Order: `CIMNAS_DATASETS`, then the working directory and its parents, then the executable's
/// directory and its parents. A folder counts when it holds `datasets/spaces`.
public enum DatasetLocator {
    /// The datasets folder, or nil when none is found.
    public static func datasetsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let fm = FileManager.default
        if let env = environment["CIMNAS_DATASETS"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        var starts: [URL] = [URL(fileURLWithPath: fm.currentDirectoryPath, isDirectory: true)]
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            starts.append(exe.deletingLastPathComponent())
        }
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("datasets", isDirectory: true)
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: candidate.appendingPathComponent("spaces").path, isDirectory: &isDir), isDir.boolValue {
                    return candidate
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }
}
