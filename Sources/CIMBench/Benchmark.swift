import Dispatch
import Foundation

/// A goal a figure is judged against: a floor for rates, a ceiling for latencies.
enum Goal: Sendable {
    case atLeast(Double)
    case atMost(Double)

    func passes(_ value: Double) -> Bool {
        switch self {
        case .atLeast(let x): return value >= x
        case .atMost(let x): return value <= x
        }
    }

    var text: String {
        switch self {
        case .atLeast(let x): return "≥ \(formatNumber(x))"
        case .atMost(let x): return "≤ \(formatNumber(x))"
        }
    }
}

/// One measured figure: the median of its repetitions with the extremes.
struct BenchResult: Codable, Sendable {
    var name: String
    var unit: String
    var median: Double
    var min: Double
    var max: Double
    var repetitions: Int
    /// Whether a larger value is better (rates) or worse (latencies); `check.sh` reads this.
    var higherIsBetter: Bool
    var goal: String?
    var pass: Bool?
    var note: String?
}

/// What the run measured on, written next to the figures.
struct MachineInfo: Codable, Sendable {
    var cpuModel: String
    var cores: Int
    var date: String
    var command: String
    var quick: Bool

    static func current(quick: Bool) -> MachineInfo {
        var model = "unknown"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let formatter = ISO8601DateFormatter()
        return MachineInfo(cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount,
                           date: formatter.string(from: Date()),
                           command: CommandLine.arguments.joined(separator: " "), quick: quick)
    }
}

/// The JSON file `--json` writes and `bench/check.sh` compares.
struct BenchReport: Codable, Sendable {
    var machine: MachineInfo
    var results: [BenchResult]
    var skipped: [String]
}

/// Monotonic nanoseconds.
@inline(__always) func nowNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Seconds `body` takes, on the monotonic clock.
@inline(__always) func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = nowNanoseconds()
    try body()
    return Double(nowNanoseconds() - t0) / 1e9
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never) func blackHole<T>(_ value: T) { _ = value }

/// Runs the benchmark groups: warm-up, N repetitions, median/min/max, a table on stdout.
final class BenchmarkRunner {
    let filter: String?
    let quick: Bool
    let large: Bool
    private(set) var results: [BenchResult] = []
    private(set) var skipped: [String] = []

    init(filter: String?, quick: Bool, large: Bool) {
        self.filter = filter
        self.quick = quick
        self.large = large
    }

    /// Whether a benchmark (or a group whose names share `prefix`) passes `--filter`.
    func wants(_ name: String) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return name.lowercased().contains(filter.lowercased())
    }

    /// Repetitions: `normal` by default, `quickCount` with `--quick`.
    func reps(_ normal: Int, quick quickCount: Int) -> Int { quick ? quickCount : normal }

    /// Measures one figure. `sample` runs one repetition and returns its value in `unit` (it times
    /// itself, so setup inside it can stay outside the timed region).
    func measure(_ name: String, unit: String, higherIsBetter: Bool, goal: Goal? = nil, warmup: Int = 1,
                 repetitions: Int, note: String? = nil, sample: () throws -> Double) rethrows {
        guard wants(name) else { return }
        for _ in 0..<warmup { _ = try sample() }
        var values: [Double] = []
        for _ in 0..<max(1, repetitions) { values.append(try sample()) }
        record(name, unit: unit, higherIsBetter: higherIsBetter, goal: goal, values: values, note: note)
    }

    /// Records figures measured elsewhere (for example one run per repetition of an expensive setup).
    func record(_ name: String, unit: String, higherIsBetter: Bool, goal: Goal? = nil, values: [Double],
                note: String? = nil) {
        let sorted = values.sorted()
        let n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        let result = BenchResult(name: name, unit: unit, median: median, min: sorted[0], max: sorted[n - 1],
                                 repetitions: n, higherIsBetter: higherIsBetter, goal: goal?.text,
                                 pass: goal.map { $0.passes(median) }, note: note)
        results.append(result)
        printRow(result)
    }

    /// Notes a benchmark that could not run and why.
    func skip(_ name: String, because reason: String) {
        guard wants(name) else { return }
        skipped.append("\(name): \(reason)")
        print("  skipped  \(name): \(reason)")
        fflush(nil)
    }

    func printHeader() {
        print(pad("benchmark", 44) + pad("median", 14, right: true) + pad("min", 14, right: true)
              + pad("max", 14, right: true) + "  " + pad("unit", 16) + pad("goal", 14) + "ok")
    }

    private func printRow(_ r: BenchResult) {
        let ok = r.pass.map { $0 ? "pass" : "FAIL" } ?? "-"
        print(pad(r.name, 44) + pad(formatNumber(r.median), 14, right: true) + pad(formatNumber(r.min), 14, right: true)
              + pad(formatNumber(r.max), 14, right: true) + "  " + pad(r.unit, 16) + pad(r.goal ?? "-", 14) + ok)
        fflush(nil)
    }

    func report() -> BenchReport {
        BenchReport(machine: .current(quick: quick), results: results, skipped: skipped)
    }
}

/// Three significant digits, thousands grouped, no exponent below 1e12.
func formatNumber(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    let a = abs(x)
    if a >= 1e12 || (a < 1e-3 && a > 0) { return String(format: "%.3g", x) }
    if a >= 1000 {
        let digits = String(format: "%.0f", x.rounded())
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
    if a >= 100 { return String(format: "%.1f", x) }
    if a >= 10 { return String(format: "%.2f", x) }
    return String(format: "%.3f", x)
}

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let n = s.count
    guard n < width else { return s + " " }
    let spaces = String(repeating: " ", count: width - n)
    return right ? spaces + s : s + spaces
}

/// A fresh scratch path under the temporary directory (removed with its WAL files by `removeDatabase`).
func scratchDatabasePath(_ tag: String) -> String {
    let dir = FileManager.default.temporaryDirectory.path
    return "\(dir)/cimbench-\(tag)-\(getpid())-\(nowNanoseconds()).sqlite"
}

func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
