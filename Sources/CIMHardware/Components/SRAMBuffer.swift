/// CACTI SRAM lookup: the grid at its node, the plug-in's width/depth rules and its node rules.
///
/// Inside the grid: exact at grid points, power-law (log–log linear) interpolation between neighbouring
/// depths of a width row and between neighbouring width rows (among the rows whose depth range holds the
/// depth, when any does). Outside a row's depths or the grid's widths the CACTI plug-in's rule scales the
/// nearest point: read/write × (0.7 · width_ratio + 0.3) ·
/// depth_ratio^0.78, leak and area × width_ratio · depth_ratio.
public struct CACTISRAM: Sendable {
    public let parameters: CACTIParameters
    private let widths: [Int]

    public init(_ p: CACTIParameters) {
        parameters = p
        widths = p.rows.keys.sorted()
    }

    /// Whether (width, depth) lies inside the grid (interpolated, not extrapolated).
    public func isInsideGrid(width: Int, depth: Int) -> Bool {
        guard let lo = widths.last(where: { $0 <= width }), let hi = widths.first(where: { $0 >= width }) else { return false }
        for w in [lo, hi] {
            let d = parameters.rows[w]!.depths
            if depth < d[0] || depth > d[d.count - 1] { return false }
        }
        return true
    }

    /// CACTI values for a width × depth SRAM at `technology_nm`.
    /// - Complexity: O(grid size).
    public func lookup(width: Int, depth: Int, technology_nm: Double) -> SRAMPoint {
        let p = atGridNode(width: Double(max(width, 1)), depth: Double(max(depth, 1)))
        let f = nodeFactors(technology_nm)
        return SRAMPoint(read_pJ: p.read_pJ * f.energy, write_pJ: p.write_pJ * f.energy,
                         leak_W: p.leak_W * f.leak, area_um2: p.area_um2 * f.area)
    }

    /// (energy, area, leak) factors relative to the grid node: exact nodes interpolate linearly,
    /// below the smallest node energy × (t/t_min)^0.5, area × (t/t_min), leak × (t/t_min)^0.5 × 0.79;
    /// above the largest everything × (t/t_max)².
    public func nodeFactors(_ t: Double) -> (energy: Double, area: Double, leak: Double) {
        let n = parameters.nodeFactorNodes_nm, c = n.count
        let e = parameters.energyFactors, a = parameters.areaFactors, l = parameters.leakFactors
        if t < n[0] {
            let r = t / n[0]
            return (e[0] * Math.pow(r, parameters.belowMinEnergyExponent),
                    a[0] * Math.pow(r, parameters.belowMinAreaExponent),
                    l[0] * Math.pow(r, parameters.belowMinLeakExponent) * parameters.belowMinLeakFactor)
        }
        if t > n[c - 1] {
            let s = Math.pow(t / n[c - 1], parameters.aboveMaxExponent)
            return (e[c - 1] * s, a[c - 1] * s, l[c - 1] * s)
        }
        var i = 0
        while n[i] < t { i += 1 }
        if n[i] == t { return (e[i], a[i], l[i]) }
        let u = (t - n[i - 1]) / (n[i] - n[i - 1])
        return (e[i - 1] + u * (e[i] - e[i - 1]), a[i - 1] + u * (a[i] - a[i - 1]), l[i - 1] + u * (l[i] - l[i - 1]))
    }

    private func atGridNode(width: Double, depth: Double) -> SRAMPoint {
        // Prefer width rows whose depth range holds the depth (the glb row at 2048 b starts at depth 2048):
        // extrapolating a row far below its depths would contradict the narrower rows.
        let holding = widths.filter { w in
            let d = parameters.rows[w]!.depths
            return Double(d[0]) <= depth && depth <= Double(d[d.count - 1])
        }
        let usable = holding.isEmpty ? widths : holding
        let below = usable.last(where: { Double($0) <= width })
        let above = usable.first(where: { Double($0) >= width })
        switch (below, above) {
        case let (lo?, hi?) where lo == hi:
            return inRow(lo, depth: depth)
        case let (lo?, hi?):
            let t = Math.log(width / Double(lo)) / Math.log(Double(hi) / Double(lo))
            return Self.geometric(inRow(lo, depth: depth), inRow(hi, depth: depth), t)
        case let (nil, hi?):
            return scaleWidth(inRow(hi, depth: depth), ratio: width / Double(hi))
        case let (lo?, nil):
            return scaleWidth(inRow(lo, depth: depth), ratio: width / Double(lo))
        case (nil, nil):
            return SRAMPoint(read_pJ: 0, write_pJ: 0, leak_W: 0, area_um2: 0)
        }
    }

    private func inRow(_ w: Int, depth: Double) -> SRAMPoint {
        let row = parameters.rows[w]!
        let d = row.depths
        if depth <= Double(d[0]) { return scaleDepth(row.points[0], ratio: depth / Double(d[0])) }
        if depth >= Double(d[d.count - 1]) { return scaleDepth(row.points[d.count - 1], ratio: depth / Double(d[d.count - 1])) }
        var i = 1
        while Double(d[i]) < depth { i += 1 }
        if Double(d[i]) == depth { return row.points[i] }
        let t = Math.log(depth / Double(d[i - 1])) / Math.log(Double(d[i]) / Double(d[i - 1]))
        return Self.geometric(row.points[i - 1], row.points[i], t)
    }

    private func scaleWidth(_ p: SRAMPoint, ratio r: Double) -> SRAMPoint {
        let s = parameters.widthEnergySlope * r + (1 - parameters.widthEnergySlope)
        return SRAMPoint(read_pJ: p.read_pJ * s, write_pJ: p.write_pJ * s, leak_W: p.leak_W * r, area_um2: p.area_um2 * r)
    }

    private func scaleDepth(_ p: SRAMPoint, ratio r: Double) -> SRAMPoint {
        if r == 1 { return p }
        let s = Math.pow(r, parameters.depthEnergyExponent)
        return SRAMPoint(read_pJ: p.read_pJ * s, write_pJ: p.write_pJ * s, leak_W: p.leak_W * r, area_um2: p.area_um2 * r)
    }

    private static func geometric(_ a: SRAMPoint, _ b: SRAMPoint, _ t: Double) -> SRAMPoint {
        func g(_ x: Double, _ y: Double) -> Double {
            x > 0 && y > 0 ? x * Math.pow(y / x, t) : x + t * (y - x)
        }
        return SRAMPoint(read_pJ: g(a.read_pJ, b.read_pJ), write_pJ: g(a.write_pJ, b.write_pJ),
                         leak_W: g(a.leak_W, b.leak_W), area_um2: g(a.area_um2, b.area_um2))
    }
}

/// A `smartbuffer_sram`: CACTI SRAM plus address-generator adders (⌈log2 depth⌉ bits each).
public struct SRAMBuffer: Hashable, Sendable {
    /// Per full-width read (CACTI read + one add), pJ.
    public let read_pJ: Double
    /// Per full-width write or update (CACTI write + one add), pJ.
    public let write_pJ: Double
    /// Static power of SRAM and adders, W.
    public let leak_W: Double
    /// SRAM plus adders, µm².
    public let area_um2: Double

    public init(sram: CACTISRAM, adder: AddressAdderParameters, width: Int, depth: Int, technology_nm: Double,
                adderEnergyScale: Double, adderAreaScale: Double) {
        let c = sram.lookup(width: width, depth: depth, technology_nm: technology_nm)
        var bits = 0
        while bits < 62 && (1 << bits) < depth { bits += 1 }
        let n = Double(max(bits, 1))
        read_pJ = c.read_pJ + adder.energyPerBit_pJ * n * adderEnergyScale
        write_pJ = c.write_pJ + adder.energyPerBit_pJ * n * adderEnergyScale
        leak_W = c.leak_W + adder.leakPerBit_W * n * adderEnergyScale
        area_um2 = c.area_um2 + adder.count * adder.areaPerBit_um2 * n * adderAreaScale
    }

    /// Leakage energy per cycle of `cycle_s` seconds, pJ.
    @inlinable public func leakPerCycle_pJ(cycle_s: Double) -> Double { leak_W * cycle_s * 1e12 }
}

/// The ISAAC router (`isaac_router_shared_by_four`): energy and area linear in width.
public struct Router: Hashable, Sendable {
    /// Per read of `width` bits, pJ (write/update/leak are 0).
    public let read_pJ: Double
    public let area_um2: Double

    public init(_ p: RouterParameters, width_bits: Int, technology_nm: Double) {
        let w = Double(width_bits) / p.referenceWidth_bits
        let r = technology_nm / p.referenceNode_nm
        read_pJ = p.readEnergy_pJ * w * Math.pow(r, p.energyNodeExponent)
        area_um2 = p.area_um2 * w * Math.pow(r, p.areaNodeExponent)
    }
}
