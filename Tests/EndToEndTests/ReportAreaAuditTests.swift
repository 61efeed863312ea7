import Foundation
import Testing

/// `cimnas report RUN` of a search run draws the chip-area chart although searches store only total areas.
@Suite struct ReportAreaAuditTests {
    @Test func searchRunReportHasTheAreaChart() throws {
        let (dir, db) = try CLIAudit.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try CLIRunner.run(["search", "--db", db, "--population", "6", "--generations", "2", "--quiet",
                                   "--max-area-mm2", "100000", "--format", "json"], in: dir)
        #expect(s.status == 0, "\(s.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
        let best = try #require((summary["best"] as? [String: Any])?["metrics"] as? [String: Any])
        let area_mm2 = try #require(best["area_mm2"] as? Double)
        let r = try CLIRunner.run(["report", "1", "--db", db, "--out", "rep"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rep/area.svg\n"), "\(r.stdout)")
        let svg = try String(contentsOf: dir.appendingPathComponent("rep/area.svg"), encoding: .utf8)
        // Component labels read "<area> mm² (<share>%)"; their sum is the best design's chip area (3 digits shown).
        let pattern = try NSRegularExpression(pattern: #">([0-9.e+-]+) mm² \(([0-9.]+)%\)<"#)
        let matches = pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg))
        #expect(matches.count == 6, "\(matches.count) component labels")
        let total = matches.compactMap { Double((svg as NSString).substring(with: $0.range(at: 1))) }.reduce(0, +)
        #expect(abs(total - area_mm2) <= 0.01 * area_mm2, "chart \(total) mm² vs design \(area_mm2) mm²")
        // GLB depths are labelled 2k…128k words: six-digit labels overlapped in the small knob panel.
        let knobs = try String(contentsOf: dir.appendingPathComponent("rep/knobs.svg"), encoding: .utf8)
        #expect(knobs.contains("glb depth (k words)"))
        for depth in [2048, 4096, 8192, 16384, 32768, 65536, 131072] { #expect(!knobs.contains(">\(depth)<")) }
        #expect([2, 4, 8, 16, 32, 64, 128].contains { knobs.contains(">\($0)k<") })
    }
}
