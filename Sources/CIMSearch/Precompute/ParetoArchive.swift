/// The Pareto archive of a hardware sweep (`precompute --store pareto`): the designs no other design beats on
/// energy, latency and area (and accuracy, when it varies), over the whole sweep and over each value of each
/// knob, plus per-value counts and best EDAP.
///
/// Guarantee (tested against brute force in Tests/CIMSearchTests/ParetoArchiveTests.swift): for any objective
/// f that is non-decreasing in energy, latency and area (EDAP, energy, E·L, …), upper bounds on energy,
/// latency and area, a floor on accuracy, and at most one fixed knob value, the least f over the archive's
/// matching front equals the least f over every design of the sweep. Proof: a feasible design p that meets
/// the bounds is either on the front or dominated by a front member q with the same fixed value; q has energy,
/// latency and area no larger and accuracy no lower, so q meets the bounds and f(q) ≤ f(p).
///
/// Points are identified by their subspace index, and ties (equal metrics) keep the lowest index, so the
/// archive of a sweep does not depend on the order its points arrive in: merging shards gives the unsharded
/// archive exactly.
public struct ParetoArchive: Hashable, Sendable {
    /// A feasible design: its subspace index and metrics.
    public struct Point: Hashable, Sendable {
        public var index: Int
        public var energy_j: Double
        public var latency_s: Double
        public var area_mm2: Double
        /// Predicted top-1 accuracy; nil ranks below every value.
        public var top1_percent: Double?

        public init(index: Int, energy_j: Double, latency_s: Double, area_mm2: Double, top1_percent: Double?) {
            self.index = index
            self.energy_j = energy_j
            self.latency_s = latency_s
            self.area_mm2 = area_mm2
            self.top1_percent = top1_percent
        }

        /// Energy × latency × area, the way the design rows store it.
        public var edap_j_s_mm2: Double { energy_j * latency_s * area_mm2 }
    }

    /// Counts and best EDAP of the designs with one knob value.
    public struct Stats: Hashable, Sendable {
        public var designs = 0
        public var feasibleDesigns = 0
        /// Lowest EDAP among the feasible designs (infinity when none).
        public var bestEDAP_j_s_mm2 = Double.infinity
        /// Subspace index of that design (-1 when none); the lowest index on a tie.
        public var bestIndex = -1

        public init() {}

        mutating func consider(edap e: Double, index: Int) {
            if bestIndex < 0 || e < bestEDAP_j_s_mm2 || (e == bestEDAP_j_s_mm2 && index < bestIndex) {
                bestEDAP_j_s_mm2 = e
                bestIndex = index
            }
        }

        mutating func merge(_ o: Stats) {
            designs += o.designs
            feasibleDesigns += o.feasibleDesigns
            if o.bestIndex >= 0 { consider(edap: o.bestEDAP_j_s_mm2, index: o.bestIndex) }
        }
    }

    /// Bounds of a query; accuracy is a floor (nil: any, including designs without a prediction).
    public struct Bounds: Hashable, Sendable {
        public var maxEnergy_j: Double
        public var maxLatency_s: Double
        public var maxArea_mm2: Double
        public var minTop1_percent: Double?

        public init(maxEnergy_j: Double = .infinity, maxLatency_s: Double = .infinity, maxArea_mm2: Double = .infinity,
                    minTop1_percent: Double? = nil) {
            self.maxEnergy_j = maxEnergy_j
            self.maxLatency_s = maxLatency_s
            self.maxArea_mm2 = maxArea_mm2
            self.minTop1_percent = minTop1_percent
        }

        @inlinable
        public func admits(_ p: Point) -> Bool {
            guard p.energy_j <= maxEnergy_j && p.latency_s <= maxLatency_s && p.area_mm2 <= maxArea_mm2 else { return false }
            guard let floor = minTop1_percent else { return true }
            return (p.top1_percent ?? -.infinity) >= floor
        }
    }

    /// Values per knob, in the subspace's digit order (most significant first).
    public let knobCounts: [Int]
    /// Front of the whole sweep, by index.
    public private(set) var front: [Point] = []
    /// `knobFronts[k][v]`: front of the designs whose knob k has value index v, by index.
    public private(set) var knobFronts: [[[Point]]]
    /// `stats[k][v]`: counts and best EDAP of the designs whose knob k has value index v.
    public private(set) var stats: [[Stats]]

    public init(knobCounts: [Int]) {
        self.knobCounts = knobCounts
        knobFronts = knobCounts.map { [[Point]](repeating: [], count: $0) }
        stats = knobCounts.map { [Stats](repeating: Stats(), count: $0) }
    }

    /// Value index of knob `k` for subspace index `index`.
    @inline(__always)
    public func digit(_ index: Int, knob k: Int) -> Int {
        var rest = index
        for j in stride(from: knobCounts.count - 1, to: k, by: -1) { rest /= knobCounts[j] }
        return rest % knobCounts[k]
    }

    /// All value indices of `index` (one per knob).
    public func digits(_ index: Int) -> [Int] {
        var rest = index
        var d = [Int](repeating: 0, count: knobCounts.count)
        for k in stride(from: knobCounts.count - 1, through: 0, by: -1) {
            d[k] = rest % knobCounts[k]
            rest /= knobCounts[k]
        }
        return d
    }

    /// Every design on at least one front, by index.
    public var members: [Point] {
        var seen = Set<Int>()
        var out: [Point] = []
        for p in front where seen.insert(p.index).inserted { out.append(p) }
        for fronts in knobFronts { for f in fronts { for p in f where seen.insert(p.index).inserted { out.append(p) } } }
        return out.sorted { $0.index < $1.index }
    }

    /// Adds a batch of evaluated designs: `feasible` with their metrics, `infeasible` by index (counted only).
    /// A design must be added once (the caller's sweep visits each index once).
    public mutating func add(feasible: [Point], infeasible: [Int]) {
        for i in infeasible { Self.count(nil, index: i, digits: digits(i), into: &stats) }
        for p in feasible { Self.count(p, index: p.index, digits: digits(p.index), into: &stats) }
        refronts(with: feasible)
    }

    /// Counts one design (`p` nil when infeasible) with value indices `digits` into per-value statistics.
    @inline(__always)
    public static func count(_ p: Point?, index: Int, digits: [Int], into stats: inout [[Stats]]) {
        let edap = p?.edap_j_s_mm2 ?? 0
        for k in digits.indices {
            stats[k][digits[k]].designs += 1
            if p != nil {
                stats[k][digits[k]].feasibleDesigns += 1
                stats[k][digits[k]].consider(edap: edap, index: index)
            }
        }
    }

    /// Adds a batch counted by the caller (`counted`: per-value statistics of every design of the batch, as
    /// ``count(_:index:digits:into:)`` makes them) whose feasible designs were pre-filtered: `candidates` must
    /// hold every design of the batch that is on some front of the batch (a design left out is dominated on every
    /// front it belongs to, so no front changes; Precomputer+Archive.swift's sibling filter is one such).
    public mutating func add(candidates: [Point], counted: [[Stats]]) {
        precondition(counted.map(\.count) == knobCounts, "statistics do not match the knobs")
        for k in stats.indices { for v in stats[k].indices { stats[k][v].merge(counted[k][v]) } }
        refronts(with: candidates)
    }

    /// Adds another archive of the same subspace (a shard of the same sweep, disjoint indices).
    public mutating func merge(_ other: ParetoArchive) {
        precondition(other.knobCounts == knobCounts, "archives of different subspaces")
        for k in stats.indices { for v in stats[k].indices { stats[k][v].merge(other.stats[k][v]) } }
        refronts(with: other.members)
    }

    /// Restores an archive from stored members and statistics (a resumed run).
    public init(knobCounts: [Int], members: [Point], stats: [[Stats]]) {
        self.init(knobCounts: knobCounts)
        precondition(stats.map(\.count) == knobCounts, "statistics do not match the knobs")
        self.stats = stats
        refronts(with: members)
    }

    /// Recomputes every front from its current members plus `new`: one pass in (energy, latency, area,
    /// −accuracy, index) order, where every dominator precedes what it dominates, with one staircase per front.
    ///
    /// - Complexity: O((m + n) log(m + n) + (m + n)·K·s) for m members, n new points, K knobs and staircases of
    ///   at most s steps.
    private mutating func refronts(with new: [Point]) {
        var all = members
        all.reserveCapacity(all.count + new.count)
        for p in new where p.energy_j.isFinite && p.latency_s.isFinite && p.area_mm2.isFinite { all.append(p) }
        all.sort(by: Self.sweepOrder)
        var global = Staircase()
        var perKnob = knobCounts.map { [Staircase](repeating: Staircase(), count: $0) }
        var newFront: [Point] = []
        var newKnobFronts = knobCounts.map { [[Point]](repeating: [], count: $0) }
        var d = [Int](repeating: 0, count: knobCounts.count)
        for p in all {
            if global.insertIfNotDominated(p) { newFront.append(p) }
            var rest = p.index
            for k in stride(from: knobCounts.count - 1, through: 0, by: -1) {
                d[k] = rest % knobCounts[k]
                rest /= knobCounts[k]
            }
            for k in d.indices where perKnob[k][d[k]].insertIfNotDominated(p) { newKnobFronts[k][d[k]].append(p) }
        }
        front = newFront.sorted { $0.index < $1.index }
        knobFronts = newKnobFronts.map { $0.map { $0.sorted { $0.index < $1.index } } }
    }

    /// Energy, latency, area ascending, then accuracy descending, then index: a design's dominators come first.
    static func sweepOrder(_ a: Point, _ b: Point) -> Bool {
        if a.energy_j != b.energy_j { return a.energy_j < b.energy_j }
        if a.latency_s != b.latency_s { return a.latency_s < b.latency_s }
        if a.area_mm2 != b.area_mm2 { return a.area_mm2 < b.area_mm2 }
        let x = a.top1_percent ?? -.infinity, y = b.top1_percent ?? -.infinity
        if x != y { return x > y }
        return a.index < b.index
    }

    /// Whether `q` dominates `p`: energy, latency and area no larger, accuracy no lower, and `q` first in sweep
    /// order (so of equal designs the lowest index stays).
    public static func dominates(_ q: Point, _ p: Point) -> Bool {
        q.energy_j <= p.energy_j && q.latency_s <= p.latency_s && q.area_mm2 <= p.area_mm2
            && (q.top1_percent ?? -.infinity) >= (p.top1_percent ?? -.infinity) && sweepOrder(q, p)
    }

    /// The best design under `bounds` by `objective` (lowest value, then lowest index), over the whole sweep or
    /// over the designs whose knob `fixed.knob` has value index `fixed.value`; nil when none meets the bounds.
    public func best(_ bounds: Bounds, fixed: (knob: Int, value: Int)? = nil,
                     objective: (Point) -> Double = { $0.edap_j_s_mm2 }) -> Point? {
        let candidates = fixed.map { knobFronts[$0.knob][$0.value] } ?? front
        var out: Point?
        var bestValue = Double.infinity
        for p in candidates where bounds.admits(p) {
            let v = objective(p)
            if out == nil || v < bestValue || (v == bestValue && p.index < out!.index) {
                out = p
                bestValue = v
            }
        }
        return out
    }
}

/// The 2-D part of the dominance test of a sweep in energy order: per accuracy level, the (latency, area) steps
/// of the points kept so far, latency ascending and area descending.
struct Staircase: Sendable {
    private var levels: [(accuracy: Double, latency: [Double], area: [Double])] = []

    /// Keeps `p` and returns true unless an earlier point with accuracy no lower has latency and area no larger.
    mutating func insertIfNotDominated(_ p: ParetoArchive.Point) -> Bool {
        let acc = p.top1_percent ?? -.infinity
        var own = -1
        for (i, level) in levels.enumerated() {
            if level.accuracy == acc { own = i }
            guard level.accuracy >= acc else { continue }
            // Last step with latency ≤ p's: the least area among points no slower than p.
            let j = Self.lastIndex(level.latency, atMost: p.latency_s)
            if j >= 0 && level.area[j] <= p.area_mm2 { return false }
        }
        if own < 0 {
            levels.append((acc, [], []))
            own = levels.count - 1
        }
        // Steps with latency ≥ p's and area ≥ p's are now dominated in 2-D: drop them, then insert p.
        var lat = levels[own].latency, area = levels[own].area
        levels[own] = (acc, [], [])
        var pos = Self.lastIndex(lat, atMost: p.latency_s) + 1
        while pos > 0 && lat[pos - 1] == p.latency_s { pos -= 1 }
        var end = pos
        while end < lat.count && area[end] >= p.area_mm2 { end += 1 }
        lat.replaceSubrange(pos..<end, with: [p.latency_s])
        area.replaceSubrange(pos..<end, with: [p.area_mm2])
        levels[own] = (acc, lat, area)
        return true
    }

    /// Index of the last element ≤ `x` in ascending `a`, or -1.
    @inline(__always)
    static func lastIndex(_ a: [Double], atMost x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }
}
