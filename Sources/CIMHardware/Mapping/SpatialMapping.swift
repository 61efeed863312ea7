/// The weight-stationary mapping of one layer onto the CIM hierarchy, as Timeloop/timeloopfe builds it
/// in the CIMNAS configuration (docs/cost-model.md, "Mapping").
///
/// Spatial factors per level (row, column, macro in tile, tile in chip, shared router group) come from
/// timeloopfe's greedy `maximize_dims` allocation; whatever remains of P, Q and N runs temporally.
/// Factors may be imperfect (`for P in [0:4,3)`): the product of a dim's factors can exceed its size.
public struct SpatialMapping: Hashable, Sendable, Codable {
    /// Sizes the mapping covers: the layer dims with Y = weight slices per weight.
    public var dims: DimFactors
    /// Row container (word lines): C, R, S only.
    public var row: DimFactors
    /// Column container (bit lines): M, Y only.
    public var column: DimFactors
    public var macroInTile: DimFactors
    public var tileInChip: DimFactors
    public var routerGroup: DimFactors
    /// What is left after the outermost spatial level (P, Q, N run temporally; anything else is a no-fit).
    public var temporal: DimFactors
    /// Weight bits per slice (WBPS = min(bits per cell, weight bits)).
    public var weightBitsPerSlice: Int
    /// Why no legal mapping exists; nil when the layer fits.
    public var infeasibleReason: InfeasibleReason?

    @inlinable
    public init(dims: DimFactors, row: DimFactors, column: DimFactors, macroInTile: DimFactors,
                tileInChip: DimFactors, routerGroup: DimFactors, temporal: DimFactors, weightBitsPerSlice: Int,
                infeasibleReason: InfeasibleReason?) {
        self.dims = dims
        self.row = row
        self.column = column
        self.macroInTile = macroInTile
        self.tileInChip = tileInChip
        self.routerGroup = routerGroup
        self.temporal = temporal
        self.weightBitsPerSlice = weightBitsPerSlice
        self.infeasibleReason = infeasibleReason
    }

    @inlinable public var isFeasible: Bool { infeasibleReason == nil }

    /// Timeloop cycles: product of the temporal P, Q and N factors (no bandwidth throttling).
    @inlinable public var cycles: Int { temporal.P * temporal.Q * temporal.N }

    /// Word lines used in every macro (Timeloop counts this maximum tile for every macro).
    @inlinable public var rowsPerMacro: Int { row.C * row.R * row.S }
    /// Bit lines used in every macro.
    @inlinable public var columnsPerMacro: Int { column.M * column.Y }

    /// Macros needed for one copy of the weights: Π over weight dims of ceil(size / in-array factor).
    @inlinable public var weightChunks: Int {
        ceilDiv(dims.C, row.C) * ceilDiv(dims.R, row.R) * ceilDiv(dims.S, row.S)
            * ceilDiv(dims.M, column.M) * ceilDiv(dims.Y, column.Y) * dims.G
    }

    /// Tiles in use: product of the tile and router-group fan-outs.
    @inlinable public var tilesUsed: Int { tileInChip.product * routerGroup.product }
    /// Routers in use.
    @inlinable public var routersUsed: Int { routerGroup.product }

    /// Why a layer cannot be mapped.
    public struct InfeasibleReason: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The weight dim that still needs temporal iteration after every spatial level.
        public var dim: MappingDim
        /// Its remaining factor (it would need this many times more macros, or larger arrays).
        public var remainingFactor: Int
        /// Its size in the layer.
        public var size: Int
        /// Set when the input itself is unusable (a hardware knob or layer dim below 1, a bad histogram).
        public var problem: String?
        /// Set when the weights fit but one step's inputs and outputs exceed the global buffer:
        /// (bits needed, bits it holds, its depth in 2048-bit words).
        public var globalBuffer: GlobalBufferShortfall?

        /// The global buffer's shortfall for a layer whose smallest GLB tile does not fit.
        public struct GlobalBufferShortfall: Hashable, Sendable, Codable {
            public var needed_bits: Double
            public var capacity_bits: Double
            public var depth: Int

            @inlinable public init(needed_bits: Double, capacity_bits: Double, depth: Int) {
                self.needed_bits = needed_bits
                self.capacity_bits = capacity_bits
                self.depth = depth
            }
        }

        @inlinable public init(dim: MappingDim, remainingFactor: Int, size: Int, problem: String? = nil) {
            self.dim = dim
            self.remainingFactor = remainingFactor
            self.size = size
            self.problem = problem
        }

        /// One step's inputs and outputs exceed the global buffer (CiMLoop's mapper finds no mapping).
        @inlinable public static func globalBuffer(needed_bits: Double, capacity_bits: Double, depth: Int)
            -> InfeasibleReason {
            var r = InfeasibleReason(dim: .P, remainingFactor: 0, size: 0)
            r.globalBuffer = GlobalBufferShortfall(needed_bits: needed_bits, capacity_bits: capacity_bits, depth: depth)
            return r
        }

        /// An unusable input rather than a no-fit.
        @inlinable public static func invalid(_ problem: String) -> InfeasibleReason {
            InfeasibleReason(dim: .C, remainingFactor: 0, size: 0, problem: problem)
        }

        public var description: String {
            if let problem { return "cannot evaluate: \(problem)" }
            if let g = globalBuffer {
                return "no legal mapping: one step needs \(Int(g.needed_bits)) bits of inputs and outputs in the "
                    + "global buffer, which holds \(Int(g.capacity_bits)) bits (glb depth \(g.depth) × 2048); "
                    + "the chip needs a deeper global buffer"
            }
            return "no legal mapping: weight dim \(dim) (size \(size)) still has a factor \(remainingFactor) left "
                + "after all spatial levels; weights cannot be re-loaded temporally, so the chip needs "
                + "\(remainingFactor)× more macros or larger arrays"
        }
    }
}

@inlinable @inline(__always)
func ceilDiv(_ a: Int, _ b: Int) -> Int { b <= 0 ? a : (a + b - 1) / b }

extension SpatialMapping {
    /// Maps `shape` (with `weightBits`-bit weights) onto `hw` with timeloopfe's greedy allocation (docs/cost-model.md, "Mapping").
    ///
    /// Levels are visited innermost first: row [C,R,S], column [Y,M], then macro-in-tile, tile-in-chip and
    /// router group, each with the groups [Y] [R,S] [M,C] [G] [P,Q] [N]. Within a group the capacity is the
    /// level's fan-out divided by what earlier groups took.
    /// - Complexity: O(levels × groups × greedy), the greedy search being pruned to strict improvements.
    @inlinable
    public static func allocate(_ shape: LayerShape, weightBits: Int, on hw: HardwareConfig) -> SpatialMapping {
        var memo = GreedyMemo.none
        return allocate(shape, weightBits: weightBits, on: hw, memo: &memo)
    }

    /// `allocate(_:weightBits:on:)` with the greedy searches memoised in `memo` (same result).
    @inlinable
    public static func allocate(_ shape: LayerShape, weightBits: Int, on hw: HardwareConfig,
                                memo: inout GreedyMemo) -> SpatialMapping {
        let wbps = max(1, min(hw.bitsPerCell, weightBits))
        let nws = ceilDiv(max(1, weightBits), wbps)
        let dims = DimFactors(C: shape.C, M: shape.M, R: shape.R, S: shape.S, P: shape.P, Q: shape.Q,
                              G: shape.G, N: shape.N, Y: nws)
        var mapping = SpatialMapping(dims: dims, row: DimFactors(), column: DimFactors(),
                                     macroInTile: DimFactors(), tileInChip: DimFactors(),
                                     routerGroup: DimFactors(), temporal: dims, weightBitsPerSlice: wbps,
                                     infeasibleReason: nil)
        if let problem = hardwareProblem(hw, weightBits: weightBits) {
            mapping.infeasibleReason = .invalid(problem)
            return mapping
        }
        for i in 0..<MappingDim.count where dims[MappingDim.at(i)] < 1 {
            let d = MappingDim.at(i)
            mapping.infeasibleReason = .invalid("layer dim \(d) = \(dims[d]) must be at least 1")
            return mapping
        }
        var remaining = dims
        mapping.row = allocateRow(fanOut: hw.rows, remaining: &remaining, memo: &memo)
        mapping.column = allocateColumn(fanOut: hw.cols, remaining: &remaining, memo: &memo)
        mapping.macroInTile = allocateOuter(fanOut: hw.macrosPerTile, remaining: &remaining, memo: &memo)
        mapping.tileInChip = allocateOuter(fanOut: hw.tilesPerChip, remaining: &remaining, memo: &memo)
        mapping.routerGroup = allocateOuter(fanOut: hw.routerGroup, remaining: &remaining, memo: &memo)
        mapping.temporal = remaining
        // Weights must be resident simultaneously: any weight dim left over means no legal mapping.
        for i in 0..<MappingDim.count where MappingDim.at(i).isWeightDim && remaining[MappingDim.at(i)] > 1 {
            let d = MappingDim.at(i)
            mapping.infeasibleReason = InfeasibleReason(dim: d, remainingFactor: remaining[d], size: dims[d])
            break
        }
        return mapping
    }

    /// A description of a degenerate hardware knob, or nil.
    @inlinable
    static func hardwareProblem(_ hw: HardwareConfig, weightBits: Int) -> String? {
        if hw.rows < 1 { return "rows = \(hw.rows) must be at least 1" }
        if hw.cols < 1 { return "cols = \(hw.cols) must be at least 1" }
        if hw.macrosPerTile < 1 { return "macros per tile = \(hw.macrosPerTile) must be at least 1" }
        if hw.tilesPerChip < 1 { return "tiles per router group = \(hw.tilesPerChip) must be at least 1" }
        if hw.routerGroup < 1 { return "router group = \(hw.routerGroup) must be at least 1" }
        if hw.bitsPerCell < 1 { return "bits per cell = \(hw.bitsPerCell) must be at least 1" }
        if weightBits < 1 { return "weight bits = \(weightBits) must be at least 1" }
        return nil
    }

    /// Factors of one group of a level (unused slots of `sizes` are 1): nil when the level has no capacity
    /// left (the remaining groups get nothing), else the group's factors, multiplied into `used`.
    /// Within a group the capacity is the level's fan-out divided by what earlier groups took.
    @inlinable @inline(__always)
    static func groupFactors(_ sizes: GreedyAllocator.Sizes, count: Int, fanOut: Int, used: inout Int,
                             memo: inout GreedyMemo) -> GreedyAllocator.Sizes? {
        let capacity = fanOut / used
        if capacity <= 1 { return nil }
        let product = sizes.0 * sizes.1 * sizes.2
        if product == 1 { return (1, 1, 1) }
        // The whole group fits: the greedy search would return exactly the sizes.
        let f = product <= capacity ? sizes : memo.factors(sizes: sizes, count: count, capacity: capacity)
        used *= f.0 * f.1 * f.2
        return f
    }

    /// Divides `remaining` by the factors a level chose (ceil: imperfect factors cover a residual).
    @inlinable @inline(__always)
    static func divide(_ remaining: inout DimFactors, by level: DimFactors) {
        remaining.C = ceilDiv(remaining.C, level.C); remaining.M = ceilDiv(remaining.M, level.M)
        remaining.R = ceilDiv(remaining.R, level.R); remaining.S = ceilDiv(remaining.S, level.S)
        remaining.P = ceilDiv(remaining.P, level.P); remaining.Q = ceilDiv(remaining.Q, level.Q)
        remaining.G = ceilDiv(remaining.G, level.G); remaining.N = ceilDiv(remaining.N, level.N)
        remaining.Y = ceilDiv(remaining.Y, level.Y)
    }

    /// Row level (word lines): one group [C, R, S].
    @inlinable
    static func allocateRow(fanOut: Int, remaining: inout DimFactors, memo: inout GreedyMemo) -> DimFactors {
        var level = DimFactors()
        var used = 1
        if let f = groupFactors((remaining.C, remaining.R, remaining.S), count: 3, fanOut: fanOut, used: &used,
                                memo: &memo) {
            level.C = f.0; level.R = f.1; level.S = f.2
        }
        divide(&remaining, by: level)
        return level
    }

    /// Column level (bit lines): one group [Y, M].
    @inlinable
    static func allocateColumn(fanOut: Int, remaining: inout DimFactors, memo: inout GreedyMemo) -> DimFactors {
        var level = DimFactors()
        var used = 1
        if let f = groupFactors((remaining.Y, remaining.M, 1), count: 2, fanOut: fanOut, used: &used, memo: &memo) {
            level.Y = f.0; level.M = f.1
        }
        divide(&remaining, by: level)
        return level
    }

    /// Macro-in-tile, tile-in-chip and router-group levels: groups [Y] [R,S] [M,C] [G] [P,Q] [N] in order.
    @inlinable
    static func allocateOuter(fanOut: Int, remaining r: inout DimFactors, memo: inout GreedyMemo) -> DimFactors {
        var level = DimFactors()
        var used = 1
        repeat {
            guard let y = groupFactors((r.Y, 1, 1), count: 1, fanOut: fanOut, used: &used, memo: &memo) else { break }
            level.Y = y.0
            guard let rs = groupFactors((r.R, r.S, 1), count: 2, fanOut: fanOut, used: &used, memo: &memo) else { break }
            level.R = rs.0; level.S = rs.1
            guard let mc = groupFactors((r.M, r.C, 1), count: 2, fanOut: fanOut, used: &used, memo: &memo) else { break }
            level.M = mc.0; level.C = mc.1
            guard let g = groupFactors((r.G, 1, 1), count: 1, fanOut: fanOut, used: &used, memo: &memo) else { break }
            level.G = g.0
            guard let pq = groupFactors((r.P, r.Q, 1), count: 2, fanOut: fanOut, used: &used, memo: &memo) else { break }
            level.P = pq.0; level.Q = pq.1
            guard let n = groupFactors((r.N, 1, 1), count: 1, fanOut: fanOut, used: &used, memo: &memo) else { break }
            level.N = n.0
        } while false
        divide(&r, by: level)
        return level
    }
}

/// timeloopfe's `maximize_dims` greedy search over prime factors (docs/cost-model.md, "Mapping").
public enum GreedyAllocator {
    public typealias Sizes = (Int, Int, Int)

    /// The allocation with the largest utilisation of `capacity` for up to three dims (first `count` of
    /// `sizes`), trying dims in order and primes ascending, keeping strict improvements only.
    ///
    /// A dim larger than the capacity may also take an imperfect factor a = ceil(v / ceil(v / K)), scored
    /// (a·(n−1) + v mod a) / n. Subtrees whose bound min(capacity, Π sizes) cannot strictly beat the best
    /// found so far are skipped, which leaves the result unchanged.
    /// - Complexity: exponential in the number of prime factors in the worst case; pruning keeps the
    ///   CIMNAS sizes to a few hundred nodes.
    @inlinable
    public static func best(sizes: Sizes, count: Int, capacity: Int) -> (utilization: Double, factors: Sizes) {
        var best: (utilization: Double, factors: Sizes) = (1, (1, 1, 1))
        search(sizes: sizes, count: count, capacity: capacity, into: &best)
        return best
    }

    @inlinable
    static func search(sizes: Sizes, count: Int, capacity K: Int, into best: inout (utilization: Double, factors: Sizes)) {
        best = (1, (1, 1, 1))
        if K <= 1 { return }
        let product = productOf(sizes, count)
        // Everything fits: only the full allocation reaches utilisation = product (imperfect candidates
        // need a size above the capacity), so the search would return exactly this.
        if product <= K {
            if product > 1 { best = (Double(product), (sizes.0, count > 1 ? sizes.1 : 1, count > 2 ? sizes.2 : 1)) }
            return
        }
        let bound = Double(min(K, product))
        for k in 0..<count {
            if best.utilization >= bound { return }
            let v = value(sizes, k)
            if v > K {
                let n = ceilDiv(v, K)
                let a = ceilDiv(v, n)
                let util = Double(a * (n - 1) + v % a) / Double(n)
                if util > best.utilization { best = (util, with(k, a)) }
            }
            // Distinct primes of v, ascending.
            var rest = v
            while rest > 1 {
                let p = smallestPrimeFactor(rest)
                repeat { rest /= p } while rest % p == 0
                if p > K { break }
                let subCapacity = K / p
                let subSizes = replacing(sizes, k, v / p)
                let subBound = Double(p) * Double(min(subCapacity, productOf(subSizes, count)))
                if subBound > best.utilization {
                    var sub: (utilization: Double, factors: Sizes) = (1, (1, 1, 1))
                    search(sizes: subSizes, count: count, capacity: subCapacity, into: &sub)
                    let util = Double(p) * sub.utilization
                    if util > best.utilization {
                        best = (util, multiply(sub.factors, k, p))
                    }
                }
            }
        }
    }

    /// Largest n covered by the smallest-prime-factor table.
    @usableFromInline static let sieveLimit = 1 << 14

    /// Smallest prime factor of every n < `sieveLimit` (0 and 1 map to themselves); built once.
    @usableFromInline static let smallestPrimeFactors: [UInt16] = {
        var spf = [UInt16](repeating: 0, count: sieveLimit)
        for n in 0..<sieveLimit { spf[n] = UInt16(n) }
        var i = 2
        while i * i < sieveLimit {
            if spf[i] == UInt16(i) {
                var j = i * i
                while j < sieveLimit {
                    if spf[j] == UInt16(j) { spf[j] = UInt16(i) }
                    j += i
                }
            }
            i += 1
        }
        return spf
    }()

    /// Smallest prime factor of n ≥ 2 (table lookup below `sieveLimit`, trial division above).
    @inlinable @inline(__always) static func smallestPrimeFactor(_ n: Int) -> Int {
        if n < sieveLimit { return Int(smallestPrimeFactors[n]) }
        if n % 2 == 0 { return 2 }
        var p = 3
        while p * p <= n {
            if n % p == 0 { return p }
            p += 2
        }
        return n
    }

    @inlinable @inline(__always) static func value(_ s: Sizes, _ k: Int) -> Int {
        k == 0 ? s.0 : (k == 1 ? s.1 : s.2)
    }

    @inlinable @inline(__always) static func productOf(_ s: Sizes, _ count: Int) -> Int {
        count == 1 ? s.0 : (count == 2 ? s.0 * s.1 : s.0 * s.1 * s.2)
    }

    @inlinable @inline(__always) static func replacing(_ s: Sizes, _ k: Int, _ v: Int) -> Sizes {
        k == 0 ? (v, s.1, s.2) : (k == 1 ? (s.0, v, s.2) : (s.0, s.1, v))
    }

    @inlinable @inline(__always) static func with(_ k: Int, _ a: Int) -> Sizes {
        k == 0 ? (a, 1, 1) : (k == 1 ? (1, a, 1) : (1, 1, a))
    }

    @inlinable @inline(__always) static func multiply(_ s: Sizes, _ k: Int, _ p: Int) -> Sizes {
        k == 0 ? (s.0 * p, s.1, s.2) : (k == 1 ? (s.0, s.1 * p, s.2) : (s.0, s.1, s.2 * p))
    }
}
