import CIMHardware
import Foundation

// `CIMBench [db-insert [ROWS [BATCH [REPEATS]]] | db-query [DESIGNS [REPEATS]] | predictor]`; no argument runs the
// default database benchmarks (1M-row insert, best-EDAP query over 1M designs).
let arguments = Array(CommandLine.arguments.dropFirst())
func intArgument(_ i: Int, _ fallback: Int) -> Int { i < arguments.count ? Int(arguments[i]) ?? fallback : fallback }

do {
    switch arguments.first {
    case "db-insert":
        try DatabaseBenchmarks.insertRate(rows: intArgument(1, 1_000_000), batch: intArgument(2, 10_000), repeats: intArgument(3, 3))
    case "predictor":
        PredictorBenchmark.run()
    case "db-query":
        try DatabaseBenchmarks.queryLatency(designs: intArgument(1, 1_000_000), repeats: intArgument(2, 101))
    case nil:
        print("cimnas-bench: default chip has \(HardwareConfig.cimnasDefault.macroCount) macros")
        try DatabaseBenchmarks.insertRate(rows: 1_000_000, batch: 10_000, repeats: 3)
        try DatabaseBenchmarks.queryLatency(designs: 1_000_000, repeats: 101)
        PredictorBenchmark.run()
    default:
        FileHandle.standardError.write(Data("CIMBench: unknown benchmark \(arguments[0]), expected db-insert, db-query or predictor\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("CIMBench: \(error)\n".utf8))
    exit(1)
}
