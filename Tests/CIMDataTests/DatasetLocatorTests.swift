import CIMData
import Foundation
import Testing

/// Places `DatasetLocator` looks in, their order, and the not-found line.
@Suite struct DatasetLocatorTests {
    /// A scratch tree: prefix/bin/cimnas (an empty file standing in for the binary), prefix/share/cimnas,
    /// repo/datasets/spaces and an empty working directory.
    struct Tree {
        let root: URL
        var exe: URL { root.appendingPathComponent("prefix/bin/cimnas") }
        var share: URL { root.appendingPathComponent("prefix/share/cimnas") }
        var repoDatasets: URL { root.appendingPathComponent("repo/datasets") }
        var work: URL { root.appendingPathComponent("work") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-locator-\(UUID())")
                .resolvingSymlinksInPath()
            let fm = FileManager.default
            for d in ["prefix/bin", "work", "repo/datasets/spaces", "repo/sub/dir"] {
                try fm.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true)
            }
            _ = fm.createFile(atPath: exe.path, contents: Data())
        }

        func put(_ relative: String, in dir: URL) throws {
            let url = dir.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let weights = "predictors/cimnas-default.weights"

    @Test func orderIsEnvironmentThenInstalledThenSourceTree() throws {
        let t = try Tree()
        defer { t.remove() }
        let env = ["CIMNAS_DATASETS": t.root.appendingPathComponent("custom").path]
        let places = DatasetLocator.places(environment: env, executable: t.exe,
                                           workingDirectory: t.root.appendingPathComponent("repo/sub/dir"))
        #expect(places.map(\.origin) == [.environment, .installed, .sourceTree])
        #expect(places.map(\.directory.path) == [t.root.appendingPathComponent("custom").path, t.share.path, t.repoDatasets.path])

        // The first place holding the file wins; later ones are fallbacks.
        try t.put(Self.weights, in: t.repoDatasets)
        #expect(try DatasetLocator.locate(Self.weights, environment: env, executable: t.exe,
                                          workingDirectory: t.root.appendingPathComponent("repo/sub/dir")).path
                == t.repoDatasets.appendingPathComponent(Self.weights).path)
        try t.put(Self.weights, in: t.share)
        #expect(try DatasetLocator.locate(Self.weights, environment: env, executable: t.exe,
                                          workingDirectory: t.root.appendingPathComponent("repo/sub/dir")).path
                == t.share.appendingPathComponent(Self.weights).path)
        try t.put(Self.weights, in: t.root.appendingPathComponent("custom"))
        #expect(try DatasetLocator.locate(Self.weights, environment: env, executable: t.exe,
                                          workingDirectory: t.root.appendingPathComponent("repo/sub/dir")).path
                == t.root.appendingPathComponent("custom").appendingPathComponent(Self.weights).path)
    }

    @Test func installedLayoutFollowsSymlinksToTheBinary() throws {
        let t = try Tree()
        defer { t.remove() }
        try t.put(Self.weights, in: t.share)
        let link = t.root.appendingPathComponent("work/cimnas")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: t.exe)
        let found = try DatasetLocator.locate(Self.weights, environment: [:], executable: link, workingDirectory: t.work)
        #expect(found.path == t.share.appendingPathComponent(Self.weights).path)
        #expect(DatasetLocator.datasetsDirectory(environment: [:], executable: link, workingDirectory: t.work)?.path
                == t.share.path)
    }

    @Test func notFoundIsOneLineNamingEveryPlace() throws {
        let t = try Tree()
        defer { t.remove() }
        #expect {
            _ = try DatasetLocator.locate(Self.weights, environment: [:], executable: t.exe, workingDirectory: t.work)
        } throws: { error in
            let line = "\(error)"
            return !line.contains("\n")
                && line.hasPrefix("\(Self.weights) not found; looked in: CIMNAS_DATASETS (not set); \(t.share.path) (installed); ")
                && line.contains("datasets/ in \(t.work.path) or \(t.exe.deletingLastPathComponent().path) and their parents (source tree)")
                && line.contains("make install PREFIX=")
        }
        // A source-tree datasets folder without the file is named too.
        #expect {
            _ = try DatasetLocator.locate(Self.weights, environment: ["CIMNAS_DATASETS": "/nonexistent/ds"], executable: t.exe,
                                          workingDirectory: t.root.appendingPathComponent("repo"))
        } throws: { error in
            let line = "\(error)"
            return line.contains("looked in: /nonexistent/ds (CIMNAS_DATASETS); \(t.share.path) (installed); \(t.repoDatasets.path) (source tree); ")
        }
    }

    @Test func datasetsDirectoryKeepsAnExplicitSettingEvenWhenMissing() throws {
        let t = try Tree()
        defer { t.remove() }
        #expect(DatasetLocator.datasetsDirectory(environment: ["CIMNAS_DATASETS": "/nonexistent/ds"], executable: t.exe)?.path
                == "/nonexistent/ds")
        // No install next to the binary: the source tree's datasets/ above the working directory.
        #expect(DatasetLocator.datasetsDirectory(environment: [:], executable: t.exe,
                                                 workingDirectory: t.root.appendingPathComponent("repo/sub"))?.path
                == t.repoDatasets.path)
        #expect(DatasetLocator.datasetsDirectory(environment: [:], executable: t.exe, workingDirectory: t.work) == nil)
    }
}
