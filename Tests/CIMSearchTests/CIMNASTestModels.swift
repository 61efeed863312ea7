@testable import CIMSearch
import CIMHardware
import CIMWorkload

/// A simple analytic stand-in for the cost model, so search and cache tests do not depend on the
/// real model's numbers: energy ∝ MACs·bits / V-scaled, latency ∝ cycles on the array, area ∝ cells.
struct AnalyticCostModel: DesignCostModel {
    var version = "analytic-test-1"

    func layerCosts(_ layers: [LayerWorkload], on hw: HardwareConfig) -> [CachedLayerCost] {
        layers.map { l in
            let macs = Double(l.shape.macs)
            let cols = Double(hw.cols), rows = Double(hw.rows)
            // A layer whose kernel rows exceed 64 × the crossbar rows "cannot be mapped" (exercises that path).
            if l.shape.C * l.shape.R * l.shape.S > 64 * hw.rows {
                return CachedLayerCost(energy_j: 0, latency_s: 0, macs: macs, utilization_percent: 0,
                                       infeasibleReason: "kernel rows exceed 64 crossbars")
            }
            let energy = macs * Double(l.inputBits * l.weightBits) * 1e-15 * hw.voltage_v * hw.voltage_v
                * (1 + 4 / Double(hw.bitsPerCell))
            let parallel = Double(hw.macroCount) * rows * cols / 64
            let latency = max(1, macs / parallel) * hw.baseLatency_s * Double(l.inputBits)
            return CachedLayerCost(energy_j: energy, latency_s: latency, macs: macs,
                                   utilization_percent: min(100, macs / parallel))
        }
    }

    func chipArea_mm2(_ hw: HardwareConfig) -> Double {
        Double(hw.cellCount) * 2e-6 + Double(hw.macroCount) * (0.02 + Double(hw.cols) * 2e-4)
            + Double(hw.glbDepth) * 2e-4
    }
}

/// A deterministic stand-in predictor: larger, wider, higher-precision subnets score higher.
struct AnalyticAccuracyModel: AccuracyModel {
    var version = "analytic-acc-1"

    func predict(_ spec: SubnetSpec, mode: CompatMode) throws -> AccuracyPrediction {
        var s = 0.80
        for i in 0..<SubnetSpec.blockCount where spec.isActive(block: i) {
            s += 0.001 * Double(spec.kernels[i] - 3) + 0.0005 * Double(spec.expandIndices[i])
            s += 0.0004 * Double(spec.pwWeightBits[i] + spec.dwWeightBits[i] - 8)
        }
        s = min(s, 0.95)
        return AccuracyPrediction(score: s, top1_percent: 60 + 100 * (s - 0.8))
    }
}

/// A run of a small search with the analytic models on a given store.
func smallSearch(
    algorithm: SearchAlgorithmKind = .ga, objective: ObjectiveSpec = .scalar(.ela_acc),
    population: Int = 16, generations: Int = 6, seed: UInt64 = 1, workers: Int = 1,
    constraints: SearchConstraints = .paper, store: any EvaluationStore = InMemoryEvaluationStore()
) throws -> CIMNASSearch {
    let settings = SearchSettings(
        algorithm: algorithm, objective: objective,
        options: GAOptions(populationSize: population, generations: generations, seed: seed),
        constraints: constraints)
    let evaluator = DesignEvaluator(costModel: AnalyticCostModel(), accuracyModel: AnalyticAccuracyModel(),
                                    store: store, workers: workers)
    return try CIMNASSearch(settings: settings, evaluator: evaluator)
}
