/// Per-layer action counts of every component (docs/cost-model.md, "Action counts"), in values (multiply by
/// the operand width for bits) for the buffers and in actions for the array components.
public struct ActionCounts: Hashable, Sendable, Codable {
    /// cim_unit reads: every stored weight slice evaluated once per output position.
    public var cellReads: Double = 0
    /// row_drivers reads: rows per macro × weight chunks × output positions.
    public var rowDriverReads: Double = 0
    /// adc conversions (= column_drivers reads): columns per macro × weight chunks × output positions.
    public var adcConversions: Double = 0
    /// Input-buffer reads and fills, in input values.
    public var inputBufferReads: Double = 0
    public var inputBufferFills: Double = 0
    /// Output-buffer reads, fills and updates, in output values.
    public var outputBufferReads: Double = 0
    public var outputBufferFills: Double = 0
    public var outputBufferUpdates: Double = 0
    /// Router reads of inputs (towards the tiles) and of outputs, in values.
    public var routerInputReads: Double = 0
    public var routerOutputReads: Double = 0
    /// Global-buffer input reads and fills, in input values.
    public var glbInputReads: Double = 0
    public var glbInputFills: Double = 0
    /// Global-buffer output fills (the output tensor, more when loops sit above the GLB), in output values.
    public var glbOutputFills: Double = 0
    /// Global-buffer output updates = reads (partial outputs arriving from the routers), in output values.
    public var glbOutputUpdates: Double = 0
    /// Tiles and routers in use (leakage is charged per utilised instance and cycle).
    public var tilesUsed: Double = 0
    public var routersUsed: Double = 0

    @inlinable public init() {}
}

extension ActionCounts {
    /// Action counts of a feasible mapping.
    ///
    /// - Parameters:
    ///   - stride: convolution stride applied to input footprints (1 in CIMNAS-compat mode).
    ///   - loopOrder: which temporal output loop is innermost (sliding-window reuse in the input buffer).
    ///   - exactResiduals: Timeloop's loop-nest accounting of the buffer levels (`init(loopNest:…)`).
    ///     Otherwise the closed forms (maximum tiles everywhere).
    ///   - glbCapacity_bits, inputBits: decide whether temporal loops must sit above the GLB (its fills).
    /// - Complexity: O(1) apart from the GLB split search (O(outer temporal count)), no allocation.
    @inlinable
    public init(mapping m: SpatialMapping, stride rawStride: Int, loopOrder: LoopOrder, exactResiduals: Bool,
                glbCapacity_bits: Double = .infinity, inputBits: Int = 8) {
        if exactResiduals {
            self.init(loopNest: m, stride: rawStride, loopOrder: loopOrder, glbCapacity_bits: glbCapacity_bits,
                      inputBits: inputBits)
        } else {
            self.init(closedForm: m, stride: rawStride, loopOrder: loopOrder)
        }
    }

    /// The parts both accountings share: array components, tiles and routers in use (Timeloop's
    /// average over residual iterations, floored), input-buffer reads and output-buffer fills.
    @inlinable
    init(common m: SpatialMapping, averageInstances: Bool) {
        let D = m.dims
        let pqn = Double(D.P) * Double(D.Q) * Double(D.N)
        let chunks = Double(m.weightChunks)
        cellReads = Double(D.G) * Double(D.C) * Double(D.R) * Double(D.S) * Double(D.M) * Double(D.Y) * pqn
        rowDriverReads = Double(m.rowsPerMacro) * chunks * pqn
        adcConversions = Double(m.columnsPerMacro) * chunks * pqn
        let mit = m.macroInTile, tic = m.tileInChip, srg = m.routerGroup, row = m.row, col = m.column
        var avgTicProduct = 1.0, avgSrgProduct = 1.0
        if averageInstances {
            // Straight-line over the dims in MappingDim order (the products' rounding depends on the order).
            let t = m.temporal
            @inline(__always)
            func accumulate(_ size: Int, _ temporal: Int, _ s: Int, _ c: Int, _ below: Int) {
                if s == 1 && c == 1 { return }  // averageFactors gives (1, 1): the products stay as they are
                let avg = Self.averageFactors(size: size, temporal: temporal, routerGroup: s, tiles: c, below: below)
                avgSrgProduct *= avg.routerGroup
                avgTicProduct *= avg.tiles
            }
            accumulate(D.C, t.C, srg.C, tic.C, row.C * mit.C)
            accumulate(D.M, t.M, srg.M, tic.M, col.M * mit.M)
            accumulate(D.R, t.R, srg.R, tic.R, row.R * mit.R)
            accumulate(D.S, t.S, srg.S, tic.S, row.S * mit.S)
            accumulate(D.P, t.P, srg.P, tic.P, mit.P)
            accumulate(D.Q, t.Q, srg.Q, tic.Q, mit.Q)
            accumulate(D.G, t.G, srg.G, tic.G, mit.G)
            accumulate(D.N, t.N, srg.N, tic.N, mit.N)
            accumulate(D.Y, t.Y, srg.Y, tic.Y, col.Y * mit.Y)
        } else {
            avgSrgProduct = Double(srg.product)
            avgTicProduct = Double(tic.product)
        }
        tilesUsed = (avgSrgProduct * avgTicProduct * (1 + 1e-12)).rounded(.down)
        routersUsed = (avgSrgProduct * (1 + 1e-12)).rounded(.down)
        let cycles = Double(m.cycles)
        inputBufferReads = tilesUsed * cycles * Double(mit.inputRelevantProduct) * Double(m.rowsPerMacro)
        let Mt = min(D.M, col.M * mit.M)
        outputBufferFills = tilesUsed * Double(Mt) * Double(mit.G) * Double(mit.P) * Double(mit.Q) * Double(mit.N)
            * cycles
    }

    /// The closed forms (docs/cost-model.md, "Action counts"): maximum tiles everywhere, exact only without
    /// residual splits.
    @inlinable
    init(closedForm m: SpatialMapping, stride rawStride: Int, loopOrder: LoopOrder) {
        self.init(common: m, averageInstances: false)
        let D = m.dims
        let stride = max(1, rawStride)
        let cycles = Double(m.cycles)
        let mit = m.macroInTile, tic = m.tileInChip, srg = m.routerGroup, row = m.row, col = m.column
        let Ct = min(D.C, row.C * mit.C), Rt = min(D.R, row.R * mit.R), St = min(D.S, row.S * mit.S)
        let Gt = mit.G, Pt = mit.P, Qt = mit.Q, Nt = mit.N
        let Cr = min(D.C, row.C * mit.C * tic.C), Rr = min(D.R, row.R * mit.R * tic.R)
        let Sr = min(D.S, row.S * mit.S * tic.S)
        let Gr = Gt * tic.G, Pr = Pt * tic.P, Qr = Qt * tic.Q, Nr = Nt * tic.N
        let Mr = min(D.M, col.M * mit.M * tic.M)
        let tiles = tilesUsed, routers = routersUsed
        let winPt = (Pt - 1) * stride + Rt, winQt = (Qt - 1) * stride + St
        let footprintTile = Double(Ct) * Double(Gt) * Double(winPt) * Double(winQt) * Double(Nt)
        let fillsPerTile = Self.inputBufferFillsPerTile(
            mapping: m, footprint: footprintTile, windowP: winPt, windowQ: winQt, stride: stride, order: loopOrder)
        let routerReadsPerRouter = Double(tic.inputRelevantProduct) * fillsPerTile
        routerInputReads = routers * routerReadsPerRouter
        inputBufferFills = tiles * fillsPerTile
        let winPr = (Pr - 1) * stride + Rr, winQr = (Qr - 1) * stride + Sr
        let footprintRouter = Double(Cr) * Double(Gr) * Double(winPr) * Double(winQr) * Double(Nr)
        glbInputReads = Double(srg.inputRelevantProduct) * footprintRouter * cycles
        glbInputFills = Double(D.G) * Double(D.C) * Double((D.P - 1) * stride + D.R)
            * Double((D.Q - 1) * stride + D.S) * Double(D.N)
        outputBufferUpdates = outputBufferFills * Double(col.Y)
        outputBufferReads = outputBufferUpdates
        routerOutputReads = routers * Double(Mr) * Double(Gr) * Double(Pr) * Double(Qr) * Double(Nr) * cycles
        glbOutputFills = Double(D.G) * Double(D.M) * Double(D.P) * Double(D.Q) * Double(D.N)
        glbOutputUpdates = glbOutputFills
    }

    /// Average number of router-group and tile indices of a dim that hold data (Timeloop's residual
    /// accounting): a loop with factor f and residual r, entered T times, averages (f·(T−1) + r) / T.
    /// The residual chain follows the mixed-radix split: the last temporal iteration covers what is left.
    @inlinable
    static func averageFactors(size: Int, temporal t: Int, routerGroup s: Int, tiles c: Int, below b: Int)
        -> (routerGroup: Double, tiles: Double) {
        if s == 1 && c == 1 { return (1, 1) }
        let chunkTile = max(1, b), chunkRouter = c * chunkTile, chunkTemporal = s * chunkRouter
        let t = max(1, t)
        let lastTemporal = max(1, size - (t - 1) * chunkTemporal)
        let residualRouter = min(s, max(1, ceilDiv(lastTemporal, chunkRouter)))
        let lastRouter = max(1, lastTemporal - (residualRouter - 1) * chunkRouter)
        let residualTile = min(c, max(1, ceilDiv(lastRouter, chunkTile)))
        let entriesTile = Double(t * s)
        return ((Double(s * (t - 1)) + Double(residualRouter)) / Double(t),
                (Double(c) * (entriesTile - 1) + Double(residualTile)) / entriesTile)
    }

    /// Input-buffer fills of one tile: its footprint once per outer iteration, then only the new part of the
    /// sliding window for every further iteration of the innermost temporal loop (P or Q).
    @inlinable
    static func inputBufferFillsPerTile(mapping m: SpatialMapping, footprint: Double, windowP: Int, windowQ: Int,
                                        stride: Int, order: LoopOrder) -> Double {
        let t = m.temporal
        let cycles = Double(m.cycles)
        func fills(innermostP: Bool) -> Double {
            let n = innermostP ? t.P : t.Q
            if n <= 1 {
                // The other output loop (if any) is innermost, or nothing iterates.
                let other = innermostP ? t.Q : t.P
                if other > 1 { return fills(innermostP: !innermostP) }
                return footprint * cycles
            }
            let outer = cycles / Double(n)
            let step: Int, window: Int
            if innermostP {
                step = m.macroInTile.P * m.tileInChip.P * m.routerGroup.P * stride
                window = windowP
            } else {
                step = m.macroInTile.Q * m.tileInChip.Q * m.routerGroup.Q * stride
                window = windowQ
            }
            let newFraction = min(1, Double(step) / Double(max(1, window)))
            return footprint * outer * (1 + Double(n - 1) * newFraction)
        }
        if t.P <= 1 && t.Q <= 1 { return footprint * cycles }
        switch order {
        case .qInnermost: return fills(innermostP: false)
        case .pInnermost: return fills(innermostP: true)
        case .mapperChoice:
            let q = fills(innermostP: false), p = fills(innermostP: true)
            return p < q ? p : q
        }
    }
}
