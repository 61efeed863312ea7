import CIMAccuracy
import CIMData
import CIMHardware
import CIMWorkload
import Dispatch
import Foundation

/// Inputs shared by the cost-model figures: random CIMNAS chips (prepared once) and MobileNetV2 subnets.
struct CostModelInputs {
    let model: CostModel
    let options: EvaluationOptions
    let prepared: [PreparedHardware]
    let areas: [ChipArea]
    /// Layers of every subnet, flattened (the per-layer figures cycle through them).
    let layers: [LayerWorkload]
    /// Random designs: a chip and its subnet's layers (38–68 layers each).
    let networks: [(hardware: HardwareConfig, layers: [LayerWorkload])]
    /// Networks of exactly 60 layers, for the µs-per-network goal.
    let sixtyLayerNetworks: [(hardware: HardwareConfig, layers: [LayerWorkload])]

    /// - Complexity: O(chips + subnets · layers); a few milliseconds.
    static func make(chips: Int = 256, subnets: Int = 64, sixtyLayerNetworks: Int = 16,
                     seed: UInt64 = 42) throws -> CostModelInputs {
        let model = CostModel(components: try ComponentModel.default32nm())
        let space = try SearchSpace.named("cimnas-rram-32nm")
        let mode = CompatMode.default
        var rng = PredictorRNG(seed: seed)
        var prepared: [PreparedHardware] = []
        var networks: [(HardwareConfig, [LayerWorkload])] = []
        var sixty: [(HardwareConfig, [LayerWorkload])] = []
        var attempts = 0
        while (prepared.count < chips || networks.count < subnets || sixty.count < sixtyLayerNetworks) && attempts < 200_000 {
            attempts += 1
            let design = try space.decode(space.randomGenome(using: &rng))
            guard model.components.isValidated(design.hardware) else { continue }
            if prepared.count < chips { prepared.append(model.components.prepare(design.hardware)) }
            let layers = try design.hardwareLayers(mode: mode)
            if networks.count < subnets { networks.append((design.hardware, layers)) }
            if layers.count == 60 && sixty.count < sixtyLayerNetworks { sixty.append((design.hardware, layers)) }
        }
        if sixty.isEmpty { sixty = networks }
        let areas = prepared.map { ChipArea(areas: $0.areas, hardware: $0.hardware) }
        return CostModelInputs(model: model, options: mode.evaluationOptions, prepared: prepared, areas: areas,
                               layers: networks.flatMap { $0.1 }, networks: networks, sixtyLayerNetworks: sixty)
    }
}

/// Evaluates `count` layers, layer i on chip i mod chips; returns a checksum so the work stays.
///
/// The hot path is `CostModel.evaluate(_:on:chipArea:options:)` on prepared hardware: value types only,
/// no heap allocation per layer (checked by inspection: `LayerCost`, `SpatialMapping`, `ActionCounts` and
/// `ComponentValues` are structs of scalars; the only String is the layer name, copied by reference).
@inline(never)
func evaluateLayers(_ inputs: CostModelInputs, start: Int, count: Int) -> Double {
    var sum = 0.0
    let layers = inputs.layers, prepared = inputs.prepared, areas = inputs.areas
    let nl = layers.count, nc = prepared.count
    var li = start % nl, ci = (start / 7) % nc
    for _ in 0..<count {
        let c = CostModel.evaluate(layers[li], on: prepared[ci], chipArea: areas[ci], options: inputs.options)
        sum += c.feasible ? c.components_j.total : 1
        li += 1; if li == nl { li = 0 }
        ci += 1; if ci == nc { ci = 0 }
    }
    return sum
}

func runCostModelBenchmarks(_ runner: BenchmarkRunner) throws {
    let names = ["layer_eval", "network_eval", "network60"]
    guard names.contains(where: runner.wants) else { return }
    let inputs = try CostModelInputs.make()
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let perRep = runner.quick ? 200_000 : 1_000_000
    let reps = runner.reps(7, quick: 3)
    let layerCount = inputs.networks.map(\.layers.count)
    let note = "\(inputs.layers.count) MobileNetV2 layers of \(inputs.networks.count) random subnets "
        + "(\(layerCount.min()!)–\(layerCount.max()!) layers) × \(inputs.prepared.count) random chips"

    runner.measure("layer_eval.1core", unit: "layers/s", higherIsBetter: true, repetitions: reps, note: note) {
        var sum = 0.0
        let s = seconds { sum = evaluateLayers(inputs, start: 0, count: perRep) }
        blackHole(sum)
        return Double(perRep) / s
    }

    runner.measure("layer_eval.\(cores)threads", unit: "layers/s", higherIsBetter: true, repetitions: reps,
                   note: "DispatchQueue.concurrentPerform, \(cores) workers, \(perRep) layers each") {
        nonisolated(unsafe) let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: cores)
        defer { sums.deallocate() }
        let s = seconds {
            DispatchQueue.concurrentPerform(iterations: cores) { w in
                sums[w] = evaluateLayers(inputs, start: w * 9973, count: perRep)
            }
        }
        blackHole(sums.reduce(0, +))
        return Double(perRep * cores) / s
    }

    // Whole networks through the public API: prepare the chip, evaluate every layer, collect the costs.
    let networksPerRep = runner.quick ? 2_000 : 10_000
    runner.measure("network_eval.1core", unit: "networks/s", higherIsBetter: true, repetitions: reps,
                   note: "CostModel.evaluate(network:on:) incl. chip preparation; \(inputs.networks.count) random "
                       + "subnets of \(layerCount.min()!)–\(layerCount.max()!) layers (space allows 38–68)") {
        var sum = 0.0
        let nets = inputs.networks
        let s = seconds {
            for i in 0..<networksPerRep {
                let n = nets[i % nets.count]
                sum += inputs.model.evaluate(network: n.layers, on: n.hardware, options: inputs.options).cycles > 0 ? 1 : 0
            }
        }
        blackHole(sum)
        return Double(networksPerRep) / s
    }

    runner.measure("network60.latency", unit: "µs/network", higherIsBetter: false, goal: .atMost(100),
                   repetitions: reps,
                   note: "60-layer MobileNetV2 subnets (\(inputs.sixtyLayerNetworks.count) distinct), one core") {
        var sum = 0.0
        let nets = inputs.sixtyLayerNetworks
        let s = seconds {
            for i in 0..<networksPerRep {
                let n = nets[i % nets.count]
                sum += inputs.model.evaluate(network: n.layers, on: n.hardware, options: inputs.options).cycles > 0 ? 1 : 0
            }
        }
        blackHole(sum)
        return s / Double(networksPerRep) * 1e6
    }
}
