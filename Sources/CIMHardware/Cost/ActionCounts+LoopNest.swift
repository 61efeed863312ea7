/// Timeloop's loop-nest accounting of the buffer levels (glb, router, input and output buffers), as the
/// Timeloop that CiMLoop runs produces it for the CIMNAS hierarchy (docs/validation.md). Reproduces Timeloop's
/// per-level scalar counts of all 100 mapped runs in Tests/Fixtures/cimloop_mbv2_layers.json; the rules, each
/// seen in those counts:
///
/// * Spatial extrapolation: only spatial element 0 of every spatial level is analysed; every other element
///   receives a translated copy of element 0's delta (same size, also in a residual iteration), and an
///   element exists only where its loop index is below the loop's end (residual end in the last iteration).
///   A parent's accesses are Σ over steps of (elements present with distinct data) × element 0's delta.
/// * A child's per-instance fills are the parent's per-instance deliveries × multicast / the level's
///   logical fan-out (all factors, present or not); totals are per instance × utilised instances.
/// * Deltas are axis-aligned boxes: reuse is credited only when consecutive boxes differ along one axis.
/// * Outputs pass the input-buffer level masked: the router's output accesses are the tile's per-instance
///   output deltas × the tile level's fan-out / its reduction (C, R, S) factor.
/// * The GLB holds all temporal loops unless the whole layer exceeds its capacity; then the outer loop is
///   split so the GLB tile fits, and its fills follow Timeloop's temporal extrapolation (the last delta is
///   replaced by the second one when three or more iterations run).
extension ActionCounts {
    /// Loop-nest accounting of a feasible mapping (see the type-level notes above).
    /// - Complexity: O(1): only a dim's last temporal iteration differs from the others; no allocation.
    @inlinable
    init(loopNest m: SpatialMapping, stride rawStride: Int, loopOrder: LoopOrder, glbCapacity_bits: Double,
         inputBits: Int) {
        self.init(common: m, averageInstances: true)
        let stride = max(1, rawStride)
        let n = LoopNestExtents(m)
        let C = n.dim(.C, 0), M = n.dim(.M, 0), R = n.dim(.R, 0), S = n.dim(.S, 0), G = n.dim(.G, 0)
        let t = m.temporal

        // Every temporal index but the last has the same extents and counts (only the last iteration of a
        // dim can be truncated), so each Σ over a dim's temporal indices is (count − 1) × first + last.
        @inline(__always)
        func total(_ d: MappingDim, _ f: (LoopNestExtents.Dim) -> Double) -> Double {
            let count = max(1, t[d])
            let first = f(n.dim(d, 0))
            return count == 1 ? first : first * Double(count - 1) + f(n.dim(d, count - 1))
        }

        // GLB → routers: present router elements with distinct inputs × router 0's whole input box (no reuse).
        let sumP = total(.P) { $0.routers * Double(($0.routerExtent - 1) * stride + R.routerExtent) }
        let sumQ = total(.Q) { $0.routers * Double(($0.routerExtent - 1) * stride + S.routerExtent) }
        let sumN = total(.N) { $0.routers * Double($0.routerExtent) }
        glbInputReads = C.routers * R.routers * S.routers * G.routers * Double(C.routerExtent)
            * Double(G.routerExtent) * sumP * sumQ * sumN
        let outP = total(.P) { $0.routers * Double($0.routerExtent) }
        let outQ = total(.Q) { $0.routers * Double($0.routerExtent) }
        glbOutputUpdates = M.routers * G.routers * Double(M.routerExtent) * Double(G.routerExtent) * outP * outQ * sumN

        // Router → tiles: the tile's output deltas, passed through the (masked) input-buffer level.
        let tic = m.tileInChip
        let ticFanOut = Double(tic.product)
        let reduction = Double(tic.C * tic.R * tic.S)
        routerOutputReads = routersUsed * ticFanOut / reduction * Double(M.tileExtent) * Double(G.tileExtent)
            * total(.P) { Double($0.tileExtent) } * total(.Q) { Double($0.tileExtent) }
            * total(.N) { Double($0.tileExtent) }

        // Macros → output buffer: present macros with distinct outputs × the macro's whole column tile.
        outputBufferUpdates = tilesUsed * M.macros * Double(m.column.M) * G.macros * total(.P) { $0.macros }
            * total(.Q) { $0.macros } * total(.N) { $0.macros } * Double(m.column.Y)
        outputBufferReads = outputBufferUpdates

        // Router → input buffers: tile 0's box deltas along the temporal order.
        let order = Self.temporalOrder(n, stride: stride, loopOrder: loopOrder)
        let perStep = Self.tileInputSeries(n, stride: stride, order: order)
        let distinct = C.tiles * R.tiles * S.tiles * G.tiles
        let all = distinct * M.tiles * n.tilesY
        let box = Double(C.tileExtent) * Double(G.tileExtent) * perStep
        routerInputReads = routersUsed * distinct * box
        inputBufferFills = tilesUsed * all * box / ticFanOut

        // GLB fills from above.
        let fills = Self.globalBufferFills(m, stride: stride, outerDim: order.outer ?? order.inner,
                                           capacity_bits: glbCapacity_bits, inputBits: inputBits)
        glbInputFills = fills.inputs
        glbOutputFills = fills.outputs
    }

    /// The temporal loops with more than one iteration, outer to inner (N outermost). With two output loops,
    /// `.mapperChoice` keeps the order with fewer input-buffer fills (what Timeloop's EDP mapper picks;
    /// ties: Q innermost).
    @inlinable
    static func temporalOrder(_ n: LoopNestExtents, stride: Int, loopOrder: LoopOrder)
        -> (outer: MappingDim?, inner: MappingDim?, nOuter: Bool) {
        let t = n.mapping.temporal
        let nOuter = t.N > 1
        switch (t.P > 1, t.Q > 1) {
        case (false, false): return (nil, nOuter ? .N : nil, false)
        case (true, false): return (nOuter ? .N : nil, .P, nOuter)
        case (false, true): return (nOuter ? .N : nil, .Q, nOuter)
        case (true, true):
            switch loopOrder {
            case .qInnermost: return (.P, .Q, nOuter)
            case .pInnermost: return (.Q, .P, nOuter)
            case .mapperChoice:
                let q = tileInputSeries(n, stride: stride, order: (.P, .Q, nOuter))
                let p = tileInputSeries(n, stride: stride, order: (.Q, .P, nOuter))
                return p < q ? (.Q, .P, nOuter) : (.P, .Q, nOuter)
            }
        }
    }

    /// Σ over steps of (tiles present under router 0) × tile 0's input-box delta, without the constant C and
    /// G factors: the innermost loop's series of deltas (sliding-window reuse along one axis), every other
    /// temporal dim contributing its whole boxes (a step that moves two axes refills the whole box).
    @inlinable
    static func tileInputSeries(_ n: LoopNestExtents, stride: Int,
                                order: (outer: MappingDim?, inner: MappingDim?, nOuter: Bool)) -> Double {
        let t = n.mapping.temporal
        /// Σ over dim d's temporal indices of (tiles present) × (box length, or its new part when innermost).
        /// Indices 1 … count − 2 repeat index 1 (whole boxes stepping evenly); only the last can be truncated.
        @inline(__always)
        func series(_ d: MappingDim, iterates: Bool) -> Double {
            let count = iterates ? max(1, t[d]) : 1
            @inline(__always)
            func term(_ i: Int) -> Double {
                let l1 = n.inputLength(d, i, stride: stride)
                guard d == order.inner && i > 0 else { return n.dim(d, i).tiles * Double(l1) }
                let s0 = n.inputStart(d, i - 1, stride: stride), l0 = n.inputLength(d, i - 1, stride: stride)
                let s1 = n.inputStart(d, i, stride: stride)
                let overlap = max(0, min(s0 + l0, s1 + l1) - max(s0, s1))
                return n.dim(d, i).tiles * Double(overlap > 0 ? l1 - overlap : l1)
            }
            var sum = term(0)
            if count >= 3 { sum += Double(count - 2) * term(1) }
            if count >= 2 { sum += term(count - 1) }
            return sum
        }
        return series(.P, iterates: order.inner == .P || order.outer == .P)
            * series(.Q, iterates: order.inner == .Q || order.outer == .Q)
            * series(.N, iterates: order.inner == .N || order.nOuter)
    }

    /// GLB input and output fills (values): the tensors, unless the whole layer exceeds the GLB; then the
    /// outer temporal loop is split (the smallest factor at the top that makes the GLB tile fit) and the fills
    /// are Σ of the GLB tile's deltas with Timeloop's temporal extrapolation.
    @inlinable
    static func globalBufferFills(_ m: SpatialMapping, stride: Int, outerDim: MappingDim?, capacity_bits: Double,
                                  inputBits: Int) -> (inputs: Double, outputs: Double) {
        let D = m.dims
        let ib = Double(max(1, inputBits)), ob = Double(LayerEnergyModel.outputBits)
        let whole = m.globalBufferBits(stride: stride, inputBits: inputBits)
        let tensorIn = whole.inputs / ib, tensorOut = whole.outputs / ob
        guard whole.inputs + whole.outputs > capacity_bits, let dd = outerDim else { return (tensorIn, tensorOut) }
        let count = m.temporal[dd]
        let chunk = m.chipExtent(dd)
        var split = 0
        var f = 2
        while f <= count {
            if count % f == 0 {
                var ext = D
                ext[dd] = count / f * chunk
                let bits = Self.tileBits(ext, stride: stride, inputBits: inputBits)
                if bits.inputs + bits.outputs <= capacity_bits { split = f; break }
            }
            f += 1
        }
        if split == 0 { return (tensorIn, tensorOut) }
        let span = count / split * chunk
        // Extents of the GLB tile in the other dims, and the input length along dd of the k-th tile.
        var other = D
        other[dd] = 1
        let kernel = dd == .P ? D.R : (dd == .Q ? D.S : 1)
        let inOther = dd == .P ? Double(other.C * other.G * other.N * ((D.Q - 1) * stride + D.S))
            : (dd == .Q ? Double(other.C * other.G * other.N * ((D.P - 1) * stride + D.R))
                : Double(other.C * other.G * ((D.P - 1) * stride + D.R) * ((D.Q - 1) * stride + D.S)))
        let outOther = Double(other.M * other.G * other.N * other.P * other.Q)
        let step = dd == .N ? 1 : stride
        func bounds(_ k: Int) -> (lo: Int, hi: Int) {
            let lo = k * span
            return (lo, k == split - 1 ? min(D[dd], lo + span) : lo + span)
        }
        func inLength(_ k: Int) -> Int {
            let b = bounds(k)
            return dd == .N ? b.hi - b.lo : (b.hi - b.lo - 1) * stride + kernel
        }
        func inDelta(_ k: Int) -> Double {
            let l1 = inLength(k)
            if k == 0 { return Double(l1) }
            let s0 = bounds(k - 1).lo * step, l0 = inLength(k - 1), s1 = bounds(k).lo * step
            let overlap = max(0, min(s0 + l0, s1 + l1) - s1)
            return Double(overlap > 0 ? l1 - overlap : l1)
        }
        func outDelta(_ k: Int) -> Double { Double(bounds(k).hi - bounds(k).lo) }
        let last = split >= 3 ? 1 : split - 1
        let repeats = Double(split - 1)
        return (inOther * (inDelta(0) + repeats * inDelta(last)), outOther * (outDelta(0) + repeats * outDelta(last)))
    }

    /// Input and output bits of a GLB tile with extents `e` (the layer's tensors when `e` is the layer).
    @inlinable
    static func tileBits(_ e: DimFactors, stride: Int, inputBits: Int) -> (inputs: Double, outputs: Double) {
        let inputs = Double(e.C) * Double(e.G) * Double(e.N) * Double((e.P - 1) * stride + e.R)
            * Double((e.Q - 1) * stride + e.S) * Double(max(1, inputBits))
        let outputs = Double(e.M) * Double(e.G) * Double(e.N) * Double(e.P) * Double(e.Q)
            * Double(LayerEnergyModel.outputBits)
        return (inputs, outputs)
    }
}

/// Per-dim positions and extents of element 0 at each spatial level, and the number of elements present,
/// for the loop-nest accounting (`ActionCounts.init(loopNest:…)`). Positions are truncated at the layer's
/// size: Timeloop's residual loop ends cover exactly the positions below it.
public struct LoopNestExtents: Sendable {
    public let mapping: SpatialMapping

    @inlinable public init(_ m: SpatialMapping) { mapping = m }

    /// One dim at temporal index `i`: elements present (router group, tiles under router 0, macros under
    /// tile 0) and element 0's extent at the router and tile levels.
    public struct Dim: Sendable {
        public var routers: Double, tiles: Double, macros: Double
        public var routerExtent: Int, tileExtent: Int, base: Int

        @inlinable
        public init(routers: Double, tiles: Double, macros: Double, routerExtent: Int, tileExtent: Int, base: Int) {
            self.routers = routers; self.tiles = tiles; self.macros = macros
            self.routerExtent = routerExtent; self.tileExtent = tileExtent; self.base = base
        }
    }

    /// Positions one element of each level covers: in-array × macro × tile × router-group factors.
    @inlinable @inline(__always)
    func chunks(_ d: MappingDim) -> (macro: Int, tile: Int, router: Int, step: Int) {
        let m = mapping
        let inner: Int
        switch d {
        case .C, .R, .S: inner = m.row[d]
        case .M, .Y: inner = m.column[d]
        default: inner = 1
        }
        let macro = inner, tile = macro * m.macroInTile[d], router = tile * m.tileInChip[d]
        return (macro, tile, router, router * m.routerGroup[d])
    }

    /// Elements i < n of size `k` starting at `base` that hold a position below `end`.
    @inlinable @inline(__always)
    static func present(base: Int, chunk k: Int, count n: Int, end: Int) -> Double {
        base >= end ? 0 : Double(min(n, ceilDiv(end - base, max(1, k))))
    }

    @inlinable
    public func dim(_ d: MappingDim, _ i: Int) -> Dim {
        let m = mapping
        let size = m.dims[d]
        let k = chunks(d)
        let base = i * k.step
        let routerEnd = min(size, base + k.router), tileEnd = min(size, base + k.tile)
        return Dim(routers: Self.present(base: base, chunk: k.router, count: m.routerGroup[d], end: size),
                   tiles: Self.present(base: base, chunk: k.tile, count: m.tileInChip[d], end: routerEnd),
                   macros: Self.present(base: base, chunk: k.macro, count: m.macroInTile[d], end: tileEnd),
                   routerExtent: max(0, routerEnd - base), tileExtent: max(0, tileEnd - base), base: base)
    }

    /// Weight slices (Y) at the tile level under router 0 (they share inputs: a multicast).
    @inlinable public var tilesY: Double {
        let k = chunks(.Y)
        return Self.present(base: 0, chunk: k.tile, count: mapping.tileInChip.Y, end: mapping.dims.Y)
    }

    /// Length of tile 0's input box along the axis of temporal dim `d` (P → rows, Q → columns, N).
    @inlinable @inline(__always)
    func inputLength(_ d: MappingDim, _ i: Int, stride: Int) -> Int {
        let e = dim(d, i).tileExtent
        switch d {
        case .P: return (e - 1) * stride + dim(.R, 0).tileExtent
        case .Q: return (e - 1) * stride + dim(.S, 0).tileExtent
        default: return e
        }
    }

    /// Start of tile 0's input box along the axis of temporal dim `d`.
    @inlinable @inline(__always)
    func inputStart(_ d: MappingDim, _ i: Int, stride: Int) -> Int {
        let b = dim(d, i).base
        return d == .P || d == .Q ? b * stride : b
    }
}

extension SpatialMapping {
    /// Positions of `d` one step of the whole chip covers (all spatial factors), at most the layer's size.
    @inlinable
    public func chipExtent(_ d: MappingDim) -> Int {
        let inner: Int
        switch d {
        case .C, .R, .S: inner = row[d]
        case .M, .Y: inner = column[d]
        default: inner = 1
        }
        return inner * macroInTile[d] * tileInChip[d] * routerGroup[d]
    }

    /// GLB bits of the layer's whole input and output tensors (inputs at `inputBits`, outputs at 8 bits).
    @inlinable
    public func globalBufferBits(stride: Int, inputBits: Int) -> (inputs: Double, outputs: Double) {
        ActionCounts.tileBits(dims, stride: max(1, stride), inputBits: inputBits)
    }

    /// GLB bits one step of the whole chip needs: the smallest GLB tile any mapping can have (every temporal
    /// loop above the GLB).
    @inlinable
    public func minimumGlobalBufferBits(stride: Int, inputBits: Int) -> Double {
        var e = dims
        for i in 0..<MappingDim.count { e[MappingDim.at(i)] = min(dims[MappingDim.at(i)], chipExtent(MappingDim.at(i))) }
        let bits = ActionCounts.tileBits(e, stride: max(1, stride), inputBits: inputBits)
        return bits.inputs + bits.outputs
    }

    /// Marks the mapping infeasible when even one step's inputs and outputs exceed the GLB (CiMLoop's mapper
    /// then finds no mapping: every candidate fails the buffer capacity check).
    @inlinable
    public mutating func checkGlobalBuffer(depth: Int, stride: Int, inputBits: Int) {
        guard isFeasible else { return }
        let capacity = Double(depth) * Double(LayerEnergyModel.glbWidth_bits)
        let need = minimumGlobalBufferBits(stride: stride, inputBits: inputBits)
        if need > capacity {
            infeasibleReason = .globalBuffer(needed_bits: need, capacity_bits: capacity, depth: depth)
        }
    }
}
