import CIMHardware
import CIMWorkload

/// Stage 1 of the two-stage baseline: search network and quantization alone on fixed hardware for the
/// best accuracy per operation, without the hardware cost model.
///
/// Objective: bit-weighted MACs (Σ MACs · w_bits · a_bits / 64, in GMAC) ÷ predictor score — smaller
/// means more accuracy per 8-bit-equivalent MAC. Constraints: crossbar capacity on the fixed hardware,
/// then the minimum accuracy when set.
public final class SoftwareStageProblem: SearchProblem {
    public let space: SearchSpace
    public let accuracyModel: any AccuracyModel
    public let mode: CompatMode
    public let minTop1_percent: Double?
    public let freeGenes: [Int]
    /// Full genome whose hardware genes stay fixed.
    public let template: [Int]
    public let upperBounds: [Int]
    public var workers: Int

    public init(space: SearchSpace, accuracyModel: any AccuracyModel, mode: CompatMode, template: [Int],
                minTop1_percent: Double?, workers: Int) {
        self.space = space
        self.accuracyModel = accuracyModel
        self.mode = mode
        self.template = template
        self.minTop1_percent = minTop1_percent
        self.workers = workers
        freeGenes = CIMNASProblem.softwareGenes(of: space)
        upperBounds = freeGenes.map { space.knobs[$0].values.count - 1 }
    }

    public var objectiveCount: Int { 1 }

    public func fullGenome(_ genome: [Int]) -> [Int] {
        var g = template
        for (i, pos) in freeGenes.enumerated() { g[pos] = genome[i] }
        return g
    }

    public func evaluate(_ genomes: [[Int]]) throws -> [Evaluation] {
        let designs = try genomes.map { try space.decode(Genome(fullGenome($0))) }
        let mode = self.mode, acc = accuracyModel, minTop1 = minTop1_percent
        return try parallelMap(count: designs.count, workers: workers) { i in
            let d = designs[i]
            guard let spec = d.network.subnet else {
                return Evaluation(objectives: [.infinity], constraints: [1], infeasibleReason: "not a MobileNetV2 design")
            }
            let layers = MobileNetV2Supernet.layers(for: spec, mode: mode)
            let cap = CapacityCheck.check(layers, on: d.hardware, mode: mode)
            let p = try acc.predict(spec, mode: mode)
            let bitMACs = layers.reduce(0.0) {
                $0 + Double($1.shape.macs) * Double($1.weightBits * $1.inputBits) / 64
            }
            var g = [Double(cap.shortfallCells)]
            if let m = minTop1 { g.append(m - p.top1_percent) }
            let score = p.score > 0 ? bitMACs / 1e9 / p.score : .infinity
            return Evaluation(objectives: [score], constraints: g)
        }
    }

    public func isAdmissibleSample(_ genome: [Int]) -> Bool {
        guard let d = try? space.decode(Genome(fullGenome(genome))),
              let layers = try? Workloads.layers(for: d, mode: mode) else { return false }
        return CapacityCheck.check(layers, on: d.hardware, mode: mode).fits
    }
}
