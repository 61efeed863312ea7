import CIMHardware

/// Whether a network's weights fit in the chip's crossbar cells, and where they stop fitting.
///
/// Weights are weight-stationary: every layer keeps its weights on chip, so the cells of all layers add
/// up. A weight of `w` bits takes ⌈w / bits-per-cell⌉ cells.
public struct CapacityReport: Hashable, Sendable {
    /// Cells each layer needs, in layer order.
    public var layerCells: [Int]
    /// Layer names, in layer order.
    public var layerNames: [String]
    /// Σ layer cells.
    public var requiredCells: Int
    /// rows · cols · router group · tiles · macros per tile.
    public var availableCells: Int
    /// Which formula counted the cells.
    public var formula: CapacityCheck.Formula

    /// Whether everything fits.
    public var fits: Bool { requiredCells <= availableCells }
    /// Cells missing (required − available); ≤ 0 when the design fits. The original's constraint g0.
    public var shortfallCells: Int { requiredCells - availableCells }

    /// The first layer whose weights no longer fit when layers are placed in order, with the cells of
    /// that layer left without a place, or nil when all fit.
    public var firstFailingLayer: (index: Int, name: String, missingCells: Int)? {
        var used = 0
        for (i, cells) in layerCells.enumerated() {
            used += cells
            if used > availableCells {
                return (i, layerNames[i], min(cells, used - availableCells))
            }
        }
        return nil
    }

    /// One line: `fits: 25821054 of 33554432 cells (77.0 %)` or which layer fails and by how much.
    public var summary: String {
        let percent = availableCells > 0 ? Double(requiredCells) / Double(availableCells) * 100 : .infinity
        let head = "\(requiredCells) of \(availableCells) cells (\(String(format: "%.1f", percent)) %)"
        guard let fail = firstFailingLayer else { return "fits: " + head }
        return "does not fit: \(head), short by \(shortfallCells) cells; layer \(fail.name) is the first that does not fit (\(fail.missingCells) of its \(layerCells[fail.index]) cells have no place)"
    }
}

/// Crossbar capacity checks: the original CIMNAS formula and the correct one.
public enum CapacityCheck {
    /// How weights are counted.
    public enum Formula: String, Hashable, Sendable, CaseIterable {
        /// CIMNAS: Σ C·R·S·M·⌈w/bpc⌉ with depthwise layers counted as C = M = 1, i.e. without G (§9 item 3).
        case original
        /// Every weight counted: Σ G·C·R·S·M·⌈w/bpc⌉ (depthwise layers per channel).
        case counted
    }

    /// The formula a compat mode uses.
    public static func formula(for mode: CompatMode) -> Formula { mode.usesOriginalCapacityFormula ? .original : .counted }

    /// Cells one layer needs under a formula. `layer.weightBits` are the real weight bits (not swapped).
    @inlinable public static func cells(of layer: LayerWorkload, bitsPerCell: Int, formula: Formula) -> Int {
        let s = layer.shape
        let perWeight = (layer.weightBits + bitsPerCell - 1) / bitsPerCell
        let groups = formula == .original ? 1 : s.G
        return groups * s.C * s.R * s.S * s.M * perWeight
    }

    /// Checks `layers` (as the workload generator produced them, bits not swapped) against `hardware`.
    public static func check(_ layers: [LayerWorkload], on hardware: HardwareConfig, formula: Formula) -> CapacityReport {
        let cells = layers.map { self.cells(of: $0, bitsPerCell: hardware.bitsPerCell, formula: formula) }
        return CapacityReport(layerCells: cells, layerNames: layers.map(\.name), requiredCells: cells.reduce(0, +),
                              availableCells: hardware.cellCount, formula: formula)
    }

    /// Checks with the formula of `mode`.
    public static func check(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> CapacityReport {
        check(layers, on: hardware, formula: formula(for: mode))
    }
}
