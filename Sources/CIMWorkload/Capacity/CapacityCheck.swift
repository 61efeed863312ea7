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
    /// Layers the cost model's spatial mapping cannot place on the chip by themselves (only checked with
    /// the counted formula; the original never checked it).
    public var unmappableLayers: [LayerMisfit]

    /// Whether everything fits: the summed cells and, for the counted formula, every layer's mapping.
    public var fits: Bool { requiredCells <= availableCells && unmappableLayers.isEmpty }
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
        CapacitySummary.line(required: requiredCells, available: availableCells, unit: "cells", fits: fits,
                             shortfall: "\(shortfallCells) cells",
                             failing: firstFailingLayer.map { ($0.name, $0.missingCells, layerCells[$0.index]) },
                             unmappable: unmappableLayers.map { ($0.name, $0.reason) })
    }
}

/// A layer that cannot be placed, and why.
public struct LayerMisfit: Hashable, Sendable {
    public var index: Int
    public var name: String
    public var reason: String

    public init(index: Int, name: String, reason: String) {
        self.index = index
        self.name = name
        self.reason = reason
    }
}

/// Crossbar capacity checks: the original CIMNAS formula and the correct one.
public enum CapacityCheck {
    /// How weights are counted.
    public enum Formula: String, Hashable, Sendable, CaseIterable {
        /// CIMNAS: Σ C·R·S·M·⌈w/bpc⌉ with depthwise layers counted as C = M = 1, i.e. without G (docs/search.md, quirk 3).
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
    ///
    /// The counted formula also asks the cost model's spatial mapper whether each layer fits by itself.
    public static func check(_ layers: [LayerWorkload], on hardware: HardwareConfig, formula: Formula) -> CapacityReport {
        let cells = layers.map { self.cells(of: $0, bitsPerCell: hardware.bitsPerCell, formula: formula) }
        let misfits = formula == .counted ? unmappableLayers(layers, on: hardware) : []
        return CapacityReport(layerCells: cells, layerNames: layers.map(\.name), requiredCells: cells.reduce(0, +),
                              availableCells: hardware.cellCount, formula: formula, unmappableLayers: misfits)
    }

    /// Layers for which the cost model's spatial mapping finds no legal weight-stationary placement.
    public static func unmappableLayers(_ layers: [LayerWorkload], on hardware: HardwareConfig) -> [LayerMisfit] {
        var misfits: [LayerMisfit] = []
        for (i, layer) in layers.enumerated() {
            let mapping = SpatialMapping.allocate(layer.shape, weightBits: layer.weightBits, on: hardware)
            if let reason = mapping.infeasibleReason {
                misfits.append(LayerMisfit(index: i, name: layer.name, reason: reason.description))
            }
        }
        return misfits
    }

    /// `check(layers, on: hardware, mode: mode).shortfallCells` without the per-layer mapping check (the
    /// shortfall counts cells only), for callers that need nothing else.
    /// - Complexity: O(layers), no allocation.
    @inlinable public static func shortfallCells(_ layers: [LayerWorkload], on hardware: HardwareConfig,
                                                 mode: CompatMode) -> Int {
        let f = formula(for: mode)
        var required = 0
        for layer in layers { required += cells(of: layer, bitsPerCell: hardware.bitsPerCell, formula: f) }
        return required - hardware.cellCount
    }

    /// Checks with the formula of `mode`.
    public static func check(_ layers: [LayerWorkload], on hardware: HardwareConfig, mode: CompatMode) -> CapacityReport {
        check(layers, on: hardware, formula: formula(for: mode))
    }
}
