import CIMHardware
import Foundation

/// Cost-model speed through the prepared API (`PreparedNetwork` + `NetworkEvaluator`): the same layers and
/// chips as `layer_eval.1core`, the same 60-layer networks as `network60.latency`.
func runCostModelSpeedBenchmarks(_ runner: BenchmarkRunner) throws {
    let names = ["layer_eval.evaluator.1core", "network60.evaluator.latency"]
    guard names.contains(where: runner.wants) else { return }
    let inputs = try CostModelInputs.make()
    let reps = runner.reps(7, quick: 3)
    let perRep = runner.quick ? 400_000 : 2_000_000
    let layers = inputs.layers.map { PreparedLayer($0, options: inputs.options) }
    runner.measure("layer_eval.evaluator.1core", unit: "layers/s", higherIsBetter: true, goal: .atLeast(1_000_000),
                   repetitions: reps,
                   note: "NetworkEvaluator.evaluate(PreparedLayer, on: PreparedHardware), greedy memo of 16384") {
        var evaluator = NetworkEvaluator()
        var sum = 0.0
        let s = seconds { sum = evaluatePreparedLayers(layers, inputs, start: 0, count: perRep, &evaluator) }
        blackHole(sum)
        return Double(perRep) / s
    }
    let nets = inputs.sixtyLayerNetworks.map { (hw: $0.hardware, net: PreparedNetwork($0.layers, options: inputs.options)) }
    let networksPerRep = runner.quick ? 4_000 : 20_000
    runner.measure("network60.evaluator.latency", unit: "µs/network", higherIsBetter: false, goal: .atMost(100),
                   repetitions: reps,
                   note: "NetworkEvaluator.evaluate(PreparedNetwork, on: hw, model:) incl. chip preparation") {
        var evaluator = NetworkEvaluator()
        var sum = 0.0
        let s = seconds {
            for i in 0..<networksPerRep {
                let n = nets[i % nets.count]
                sum += evaluator.evaluate(n.net, on: n.hw, model: inputs.model).cycles > 0 ? 1 : 0
            }
        }
        blackHole(sum)
        return s / Double(networksPerRep) * 1e6
    }
}

/// `evaluateLayers` through the prepared API: layer i on chip i mod chips, a checksum so the work stays.
@inline(never)
func evaluatePreparedLayers(_ layers: [PreparedLayer], _ inputs: CostModelInputs, start: Int, count: Int,
                            _ evaluator: inout NetworkEvaluator) -> Double {
    var sum = 0.0
    let prepared = inputs.prepared, areas = inputs.areas
    let nl = layers.count, nc = prepared.count
    var li = start % nl, ci = (start / 7) % nc
    for _ in 0..<count {
        let c = evaluator.evaluate(layers[li], on: prepared[ci], chipArea: areas[ci])
        sum += c.feasible ? c.components_j.total : 1
        li += 1; if li == nl { li = 0 }
        ci += 1; if ci == nc { ci = 0 }
    }
    return sum
}

/// Callgrind driver: with `CIMBENCH_PROFILE=MODE:N` in the environment, CIMBench evaluates N layers in
/// MODE and exits, so instructions per evaluation = (Ir(N) − Ir(0)) / N under
/// `valgrind --tool=callgrind`. MODE `static` uses `CostModel.evaluate(_:on:chipArea:options:)`,
/// `evaluator` uses `NetworkEvaluator`. Small inputs (32 chips, 16 subnets) keep the setup short.
func runCostModelProfileIfRequested() throws {
    guard let spec = ProcessInfo.processInfo.environment["CIMBENCH_PROFILE"] else { return }
    let parts = spec.split(separator: ":")
    guard parts.count == 2, let count = Int(parts[1]) else {
        FileHandle.standardError.write(Data("CIMBENCH_PROFILE=\(spec): expected MODE:N\n".utf8))
        exit(2)
    }
    let inputs = try CostModelInputs.make(chips: 32, subnets: 16, sixtyLayerNetworks: 0)
    var sum = 0.0
    switch parts[0] {
    case "static": sum = evaluateLayers(inputs, start: 0, count: count)
    case "evaluator":
        let layers = inputs.layers.map { PreparedLayer($0, options: inputs.options) }
        var evaluator = NetworkEvaluator()
        sum = evaluatePreparedLayers(layers, inputs, start: 0, count: count, &evaluator)
    default:
        FileHandle.standardError.write(Data("CIMBENCH_PROFILE=\(spec): unknown mode\n".utf8))
        exit(2)
    }
    print("profile \(spec): checksum \(sum)")
    exit(0)
}
