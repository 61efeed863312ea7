/// Whether a network's weights fit an SRAM macro chip all at once, and where they stop fitting.
///
/// Counted in macros, as the chip model maps (`SRAMChipModel`): one copy of a layer's weights takes
/// G·⌈C·R·S/rows⌉·⌈M/weightsPerRow(w)⌉ macros, and a macro holds weights of one layer only. Cells are
/// macros × rows × cols (bit cells), so shortfalls compare with the RRAM check's cells.
public struct SRAMCapacityReport: Hashable, Sendable {
    /// Layer names, in layer order.
    public var layerNames: [String]
    /// Macros one copy of each layer's weights takes (0 for a layer whose weights fit no macro row).
    public var layerMacros: [Int]
    /// Σ layer macros.
    public var requiredMacros: Int
    /// Macros on the chip (macros per tile × tiles).
    public var availableMacros: Int
    /// Bit cells per macro (rows × cols).
    public var cellsPerMacro: Int
    /// Layers whose weights do not fit a single macro row at their bit width.
    public var unmappableLayers: [Misfit]

    /// A layer that cannot be placed, and why.
    public struct Misfit: Hashable, Sendable {
        public var index: Int
        public var name: String
        public var reason: String
    }

    /// Whether every layer maps and all of them fit at once.
    public var fits: Bool { requiredMacros <= availableMacros && unmappableLayers.isEmpty }
    /// Macros missing (required − available); ≤ 0 when the weights fit.
    public var shortfallMacros: Int { requiredMacros - availableMacros }
    /// Bit cells missing: `shortfallMacros` × cells per macro (≤ 0 when the weights fit).
    public var shortfallCells: Int { shortfallMacros * cellsPerMacro }

    /// The first layer whose weights no longer fit when layers are placed in order, with the macros of that
    /// layer left without a place, or nil when all fit.
    public var firstFailingLayer: (index: Int, name: String, missingMacros: Int)? {
        var used = 0
        for (i, macros) in layerMacros.enumerated() {
            used += macros
            if used > availableMacros { return (i, layerNames[i], min(macros, used - availableMacros)) }
        }
        return nil
    }

    /// One line: `fits: 50112 of 65536 macros (76.5 %)` or which layer fails and by how much.
    public var summary: String {
        CapacitySummary.line(required: requiredMacros, available: availableMacros, unit: "SRAM macros", layerUnit: "macros", fits: fits,
                             shortfall: "\(shortfallMacros) macros (\(shortfallCells) cells)",
                             failing: firstFailingLayer.map { ($0.name, $0.missingMacros, layerMacros[$0.index]) },
                             unmappable: unmappableLayers.map { ($0.name, $0.reason) })
    }
}

extension SRAMChip {
    /// Macros one copy of `layer`'s weights takes, or nil when a weight of its width does not fit one
    /// macro row (the same count `SRAMChipModel.evaluate` uses).
    /// - Complexity: O(1).
    @inlinable public func macrosPerCopy(_ layer: LayerWorkload) -> Int? {
        let perRow = macro.weightsPerRow(weightBits: layer.weightBits)
        guard perRow >= 1, macro.rows >= 1 else { return nil }
        let s = layer.shape
        let crs = s.C * s.R * s.S
        return s.G * ((crs + macro.rows - 1) / macro.rows) * ((s.M + perRow - 1) / perRow)
    }

    /// Checks that `layers` (real weight bits) all fit on the chip at once.
    /// - Complexity: O(layers).
    public func capacity(_ layers: [LayerWorkload]) -> SRAMCapacityReport {
        var macros: [Int] = []
        macros.reserveCapacity(layers.count)
        var misfits: [SRAMCapacityReport.Misfit] = []
        for (i, layer) in layers.enumerated() {
            if let n = macrosPerCopy(layer) {
                macros.append(n)
            } else {
                macros.append(0)
                misfits.append(SRAMCapacityReport.Misfit(
                    index: i, name: layer.name,
                    reason: "\(layer.weightBits)-bit weights do not fit a \(macro.cols)-column \(macro.design.rawValue) row"))
            }
        }
        return SRAMCapacityReport(layerNames: layers.map(\.name), layerMacros: macros, requiredMacros: macros.reduce(0, +),
                                  availableMacros: macroCount, cellsPerMacro: macro.rows * macro.cols,
                                  unmappableLayers: misfits)
    }
}
