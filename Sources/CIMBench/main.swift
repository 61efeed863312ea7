import Foundation

/// `CIMBench [--quick] [--large] [--filter NAME] [--json FILE] [--markdown FILE]`
let usage = """
    usage: CIMBench [--quick] [--large] [--filter NAME] [--json FILE] [--markdown FILE]
      --quick          fewer repetitions and smaller batches
      --large          also build and query 10M synthetic designs (several minutes)
      --filter NAME    only benchmarks whose name contains NAME
      --json FILE      write the figures and the machine as JSON
      --markdown FILE  rewrite the generated table between the swift-bench markers of FILE
    """

struct Arguments {
    var quick = false, large = false
    var filter: String?, jsonPath: String?, markdownPath: String?

    static func parse(_ list: [String]) -> Arguments {
        var out = Arguments()
        var args = list[...]
        func value(_ flag: String) -> String {
            guard let v = args.popFirst() else {
                FileHandle.standardError.write(Data("\(flag): expected a value\n\(usage)\n".utf8))
                exit(2)
            }
            return v
        }
        while let a = args.popFirst() {
            switch a {
            case "--quick": out.quick = true
            case "--large": out.large = true
            case "--filter": out.filter = value(a)
            case "--json": out.jsonPath = value(a)
            case "--markdown": out.markdownPath = value(a)
            case "-h", "--help": print(usage); exit(0)
            default:
                FileHandle.standardError.write(Data("\(a): unknown argument\n\(usage)\n".utf8))
                exit(2)
            }
        }
        return out
    }
}

let options = Arguments.parse(Array(CommandLine.arguments.dropFirst()))
do { try runCostModelProfileIfRequested() } catch { FileHandle.standardError.write(Data("CIMBench: \(error)\n".utf8)); exit(1) }
let quick = options.quick
let jsonPath = options.jsonPath, markdownPath = options.markdownPath

let runner = BenchmarkRunner(filter: options.filter, quick: quick, large: options.large)
let machine = MachineInfo.current(quick: quick)
print("CIMBench — \(machine.cpuModel), \(machine.cores) cores, \(machine.date)\(quick ? " (quick)" : "")")
runner.printHeader()
do {
    try runCostModelBenchmarks(runner)
    try runCostModelSpeedBenchmarks(runner)
    try runSRAMBenchmarks(runner)
    try runPredictorBenchmarks(runner)
    try runFunctionalBenchmarks(runner)
    try runDatabaseBenchmarks(runner)
    try runSearchBenchmarks(runner)
    try runPrecomputeBenchmarks(runner)
    try runArchiveBenchmarks(runner)
    try runONNXBenchmarks(runner)
    try runCoDesignBenchmarks(runner)
} catch {
    FileHandle.standardError.write(Data("CIMBench: \(error)\n".utf8))
    exit(1)
}

let report = runner.report()
do {
    if let jsonPath {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: jsonPath))
        print("wrote \(jsonPath)")
    }
    if let markdownPath {
        try MarkdownTable.update(file: markdownPath, with: report)
        print("updated \(markdownPath)")
    }
} catch {
    FileHandle.standardError.write(Data("CIMBench: \(error)\n".utf8))
    exit(1)
}
