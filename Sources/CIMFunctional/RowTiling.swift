import CIMHardware

/// How a group's K = C·R·S rows are cut into arrays: the mapping's row factors (C, R, S per array) tile each
/// dim into chunks of that size (the last one smaller), and every combination of chunks is one array.
public struct RowTiling: Hashable, Sendable {
    /// Row indices k = (c·R + r)·S + s of each array, in array order.
    public var arrays: [[Int]]
    /// Rows of the fullest array (the ADC's range is set for it).
    public var rowsPerArray: Int

    /// Tiling with `factorC × factorR × factorS` rows per array.
    public init(C: Int, R: Int, S: Int, factorC: Int, factorR: Int, factorS: Int) {
        let fc = max(1, min(factorC, C)), fr = max(1, min(factorR, R)), fs = max(1, min(factorS, S))
        var arrays: [[Int]] = []
        for c0 in stride(from: 0, to: C, by: fc) { for r0 in stride(from: 0, to: R, by: fr) { for s0 in stride(from: 0, to: S, by: fs) {
            var rows: [Int] = []
            for c in c0..<min(C, c0 + fc) { for r in r0..<min(R, r0 + fr) { for s in s0..<min(S, s0 + fs) {
                rows.append((c * R + r) * S + s)
            } } }
            arrays.append(rows)
        } } }
        self.arrays = arrays
        rowsPerArray = fc * fr * fs
    }

    /// The row tiling CiMLoop's mapping gives `shape` (weights of `weightBits`) on `hw`.
    public init(shape: LayerShape, weightBits: Int, hardware hw: HardwareConfig) {
        let row = SpatialMapping.allocate(shape, weightBits: weightBits, on: hw).row
        self.init(C: shape.C, R: shape.R, S: shape.S, factorC: row.C, factorR: row.R, factorS: row.S)
    }

    /// Tiling of a layer on arrays of `rows` word lines, as the greedy mapping fills them (C, R, S).
    public init(layer: QuantizedLayer, rows: Int, bitsPerCell: Int) {
        // Only the row level matters here; columns and macros are taken large enough never to bind.
        let hw = HardwareConfig(voltage_v: 0.7, bitsPerCell: bitsPerCell, baseLatency_s: 1e-9, rows: rows, cols: 256,
                                routerGroup: 1, tilesPerChip: 1, macrosPerTile: 1, glbDepth: 2048)
        let shape = layer.shape
        self.init(shape: LayerShape(kind: shape.kind, G: 1, C: shape.C, M: 1, R: shape.R, S: shape.S, P: 1, Q: 1),
                  weightBits: layer.weightBits, hardware: hw)
    }
}
