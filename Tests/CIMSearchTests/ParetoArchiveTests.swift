import CIMHardware
@testable import CIMSearch
import CIMWorkload
import Foundation
import Testing

/// The Pareto archive answers constrained best-design questions exactly as brute force over every design does,
/// and shards of a sweep merge into the unsharded archive.
@Suite struct ParetoArchiveTests {
    /// A seeded synthetic sweep: 8·8·6·5·4·6·5·5 = 1,152,000 designs whose energy, latency and area are products
    /// of per-knob-value factors (so knobs trade off against each other), rounded to 3 significant digits (so
    /// ties occur), about 8 % infeasible, and accuracy set by the first knob (4 levels, one of them nil).
    struct Synthetic {
        static let large = [8, 8, 6, 5, 4, 6, 5, 5]
        let counts: [Int]
        var energy: [Double] = [], latency: [Double] = [], area: [Double] = [], top1: [Double?] = []
        var feasible: [Bool] = []

        init(seed: UInt64, counts: [Int] = Synthetic.large) {
            self.counts = counts
            var g = SearchRandom(seed: seed)
            let factors = counts.map { n in (0..<n).map { _ in (0.5 + 1.5 * g.nextUnit(), 0.5 + 1.5 * g.nextUnit(), 0.5 + 1.5 * g.nextUnit()) } }
            let levels: [Double?] = [70.5, nil, 71.25, 70.5, 69.0, 71.25, 70.5, 69.0]
            let n = counts.reduce(1, *)
            energy.reserveCapacity(n); latency.reserveCapacity(n); area.reserveCapacity(n)
            top1.reserveCapacity(n); feasible.reserveCapacity(n)
            func round3(_ x: Double) -> Double {
                let s = pow(10, floor(log10(x)) - 2)
                return (x / s).rounded() * s
            }
            // Each knob raises one metric and lowers another, as real knobs do.
            let scaled = factors.map { $0.map { f in (f.0, f.1 / f.0.squareRoot(), f.2 / f.1.squareRoot()) } }
            for i in 0..<n {
                var rest = i, first = 0
                var e = 1e-3, l = 1e-3, a = 10.0
                for k in stride(from: counts.count - 1, through: 0, by: -1) {
                    let f = scaled[k][rest % counts[k]]
                    first = rest % counts[k]
                    rest /= counts[k]
                    e *= f.0; l *= f.1; a *= f.2
                }
                e *= 1 + 0.05 * g.nextUnit()
                energy.append(round3(e)); latency.append(round3(l)); area.append(round3(a))
                top1.append(levels[first])
                feasible.append(g.nextUnit() >= 0.08)
            }
        }

        func point(_ i: Int) -> ParetoArchive.Point {
            ParetoArchive.Point(index: i, energy_j: energy[i], latency_s: latency[i], area_mm2: area[i], top1_percent: top1[i])
        }

        /// The archive of indices `range`, added in batches.
        func archive(_ indices: [Int], batch: Int = 200_000) -> ParetoArchive {
            var a = ParetoArchive(knobCounts: counts)
            var lo = 0
            while lo < indices.count {
                let part = indices[lo..<min(indices.count, lo + batch)]
                a.add(feasible: part.filter { feasible[$0] }.map(point), infeasible: part.filter { !feasible[$0] })
                lo += batch
            }
            return a
        }
    }

    /// Brute force: every feasible design in objective order; the first meeting the bounds is the least.
    struct BruteForce {
        var order: [Int]
        var values: [Double]

        init(_ points: [ParetoArchive.Point], objective: (ParetoArchive.Point) -> Double) {
            values = points.map(objective)
            let v = values
            order = points.indices.sorted { (v[$0], points[$0].index) < (v[$1], points[$1].index) }
        }

        func best(_ points: [ParetoArchive.Point], _ b: ParetoArchive.Bounds, fixed: (knob: Int, value: Int)?,
                  digit: (Int, Int) -> Int) -> Double? {
            for j in order {
                let p = points[j]
                if let f = fixed, digit(p.index, f.knob) != f.value { continue }
                if b.admits(p) { return values[j] }
            }
            return nil
        }
    }

    /// Random bounds: each metric bounded with probability 3/4 at a random quantile, accuracy floor half the time,
    /// a fixed knob value half the time.
    static func constraints(_ g: inout SearchRandom, points: [ParetoArchive.Point], counts: [Int])
        -> (ParetoArchive.Bounds, (knob: Int, value: Int)?) {
        func quantile(_ metric: (ParetoArchive.Point) -> Double) -> Double {
            guard g.nextUnit() < 0.75 else { return .infinity }
            // The largest of a few samples, so bounds range from tight to loose.
            let draws = 1 + g.nextInt(below: 6)
            var m = -Double.infinity
            for _ in 0..<draws { m = max(m, metric(points[g.nextInt(below: points.count)])) }
            return m
        }
        var b = ParetoArchive.Bounds(maxEnergy_j: quantile(\.energy_j), maxLatency_s: quantile(\.latency_s),
                                     maxArea_mm2: quantile(\.area_mm2))
        if g.nextUnit() < 0.5 { b.minTop1_percent = [69.0, 70.5, 71.25, 0][g.nextInt(below: 4)] }
        var fixed: (knob: Int, value: Int)?
        if g.nextUnit() < 0.5 {
            let k = g.nextInt(below: counts.count)
            fixed = (k, g.nextInt(below: counts[k]))
        }
        return (b, fixed)
    }

    /// The guarantee on ≥ 1M designs and 1,200 constraint sets, for EDAP and for energy alone.
    @Test func archiveEqualsBruteForceOnSyntheticSweep() {
        let s = Synthetic(seed: 22)
        let n = s.counts.reduce(1, *)
        #expect(n >= 1_000_000)
        let archive = s.archive(Array(0..<n))
        let points = (0..<n).filter { s.feasible[$0] }.map(s.point)
        #expect(archive.members.count < points.count / 20, "the archive is small: \(archive.members.count) of \(points.count)")
        let objectives: [(String, (ParetoArchive.Point) -> Double)] = [("edap", { $0.edap_j_s_mm2 }), ("energy", { $0.energy_j })]
        var g = SearchRandom(seed: 2026)
        var answered = 0, fixedAnswered = 0
        for (name, f) in objectives {
            let brute = BruteForce(points, objective: f)
            for _ in 0..<600 {
                let (b, fixed) = Self.constraints(&g, points: points, counts: s.counts)
                let want = brute.best(points, b, fixed: fixed, digit: { archive.digit($0, knob: $1) })
                let got = archive.best(b, fixed: fixed, objective: f).map(f)
                #expect(got == want, "\(name) bounds \(b) fixed \(String(describing: fixed))")
                if want != nil { answered += 1; if fixed != nil { fixedAnswered += 1 } }
            }
        }
        // The constraint sets are neither all impossible nor all trivial.
        #expect(answered > 400 && answered < 1_200, "\(answered) of 1200 sets have an answer")
        #expect(fixedAnswered > 150)
        // Per-value statistics equal the brute-force counts and bests.
        var want = s.counts.map { [(designs: Int, feasible: Int, best: Double)](repeating: (0, 0, .infinity), count: $0) }
        for i in 0..<n {
            var rest = i
            let edap = s.energy[i] * s.latency[i] * s.area[i]
            for k in stride(from: s.counts.count - 1, through: 0, by: -1) {
                let v = rest % s.counts[k]
                rest /= s.counts[k]
                want[k][v].designs += 1
                if s.feasible[i] {
                    want[k][v].feasible += 1
                    want[k][v].best = min(want[k][v].best, edap)
                }
            }
        }
        for k in want.indices {
            for (v, w) in want[k].enumerated() {
                let st = archive.stats[k][v]
                #expect(st.designs == w.designs && st.feasibleDesigns == w.feasible && st.bestEDAP_j_s_mm2 == w.best)
            }
        }
    }

    /// Four shards split by array organisation (the leading knobs) merge into the unsharded archive.
    @Test func shardsByOrganisationMergeIntoTheUnshardedArchive() {
        let s = Synthetic(seed: 7, counts: [4, 6, 5, 4, 6, 5, 4])
        let n = s.counts.reduce(1, *)
        let whole = s.archive(Array(0..<n), batch: 50_000)
        // An organisation is the first three digits; its designs are a contiguous block of indices.
        let block = s.counts[3...].reduce(1, *)
        var merged = ParetoArchive(knobCounts: s.counts)
        for shard in 0..<4 {
            let indices = (0..<(n / block)).filter { $0 % 4 == shard }.flatMap { org in (org * block)..<((org + 1) * block) }
            merged.merge(s.archive(indices.reversed(), batch: 15_000))   // order and batching do not matter
        }
        #expect(merged == whole)
        #expect(whole.front.count > 10)
    }

    /// The guarantee with the real cost model: 10,080 chips of cimnas-rram-32nm priced in memory with the
    /// precompute evaluator, 1,000 constraint sets.
    @Test func archiveEqualsBruteForceOnPricedSubspace() throws {
        let subspace = try HardwareSubspace(space: try SearchSpace.named("cimnas-rram-32nm"),
                                            fix: "rows=128,cols=64,router_group=4,voltage_v=0.7")
        let network = PrecomputeNetwork(design: CIMNASBaseline.design, mode: .default, accuracyModel: AnalyticAccuracyModel())
        let evaluator = PrecomputeEvaluator(model: try CIMLoopCostModel.default32nm(mode: .default), mode: .default,
                                            network: network)
        var cache = ProfileCache()
        var feasible: [ParetoArchive.Point] = [], infeasible: [Int] = []
        for i in 0..<subspace.count {
            let r = evaluator.evaluate(subspace.hardware(i, base: CIMNASBaseline.design.hardware), cache: &cache,
                                       storeLayers: false).result
            if r.isEvaluated {
                feasible.append(ParetoArchive.Point(index: i, energy_j: r.energy_j, latency_s: r.latency_s,
                                                    area_mm2: r.area_mm2, top1_percent: r.top1_percent))
            } else {
                infeasible.append(i)
            }
        }
        #expect(subspace.count == 10_080 && feasible.count > 1_000 && !infeasible.isEmpty)
        let counts = subspace.knobs.map(\.values.count)
        var archive = ParetoArchive(knobCounts: counts)
        archive.add(feasible: feasible, infeasible: infeasible)
        let brute = BruteForce(feasible, objective: { $0.edap_j_s_mm2 })
        var g = SearchRandom(seed: 16)
        var answered = 0
        for _ in 0..<1_000 {
            let (b, fixed) = Self.constraints(&g, points: feasible, counts: counts)
            let want = brute.best(feasible, b, fixed: fixed, digit: { archive.digit($0, knob: $1) })
            #expect(archive.best(b, fixed: fixed)?.edap_j_s_mm2 == want)
            if want != nil { answered += 1 }
        }
        #expect(answered > 300)
    }
}
