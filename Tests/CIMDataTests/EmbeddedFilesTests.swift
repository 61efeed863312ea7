import CIMData
import Foundation
import Testing

/// The binary must carry exactly the files in the repository (run `make embed` after editing them).
@Suite struct EmbeddedFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedFilesMatchRepository() throws {
        let fm = FileManager.default
        var onDisk: [String] = []
        for (folder, ext) in [("schema", "sql"), ("queries", "sql"), ("datasets/tech", "csv"), ("datasets/devices", "csv"),
                              ("datasets/spaces", "json"), ("datasets/workloads", "csv")] {
            let dir = Self.root.appendingPathComponent(folder)
            let names = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            onDisk += names.filter { $0.hasSuffix("." + ext) }.map { folder + "/" + $0 }
        }
        #expect(Set(onDisk) == Set(EmbeddedFiles.files.keys), "run `make embed`")
        for path in onDisk {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(EmbeddedFiles.text(path) == text, "\(path) differs from the embedded copy; run `make embed`")
        }
    }
}
