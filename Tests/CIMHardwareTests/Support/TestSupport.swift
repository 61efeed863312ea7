import CIMData
import CIMHardware
import Foundation

/// |a − b| ≤ rel · max(|a|, |b|) (and exact equality for zeros).
func isClose(_ a: Double, _ b: Double, rel: Double) -> Bool {
    a == b || abs(a - b) <= rel * max(abs(a), abs(b))
}

/// Relative difference, for failure messages.
func relErr(_ a: Double, _ b: Double) -> Double { b == 0 ? abs(a) : abs(a - b) / abs(b) }

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The golden CiMLoop runs, keyed by run id.
    static func goldenRuns() throws -> [String: [String: Any]] {
        try json("cimloop_golden_runs.json") as! [String: [String: Any]]
    }

    /// Rows of a `{description, data: [...]}` sweep file.
    static func sweep(_ name: String) throws -> [[String: Any]] {
        (try json(name) as! [String: Any])["data"] as! [[String: Any]]
    }
}

/// The shipped technology tables, read with CIMData's parser.
enum TestTechnology {
    static func entries(excluding drop: (TechnologyEntry) -> Bool = { _ in false }) -> [TechnologyEntry] {
        try! DefaultTechnology.entries().filter { !drop($0) }
    }

    static let parameters: TechnologyParameters = try! TechnologyParameters.default32nm()
    static let model = ComponentModel(technology: parameters)
}

extension HardwareConfig {
    /// A config from the golden runs' `params` [V, bpc, latency, rows, cols, srg, tic, mit, glb depth].
    init(params p: [Double]) {
        self.init(voltage_v: p[0], bitsPerCell: Int(p[1]), baseLatency_s: p[2], rows: Int(p[3]), cols: Int(p[4]),
                  routerGroup: Int(p[5]), tilesPerChip: Int(p[6]), macrosPerTile: Int(p[7]), glbDepth: Int(p[8]))
    }
}
