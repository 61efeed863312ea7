import CIMHardware
import CIMWorkload
import DesignDB

/// Writes precomputed points with prepared statements, in the caller's transaction: `hw_config` (with
/// its area), `design` and optionally `layer_eval`, with exactly the columns and keys
/// `SQLiteEvaluationStore` writes and reads.
final class PrecomputeWriter {
    let db: Database
    let network: PrecomputeNetwork
    let networkID: Int64
    let modelVersion: String
    let predictorVersion: String
    let layerModelVersion: String
    let storeLayers: Bool
    /// `design.technology` of every row written (`ComposedTechnology.designLabel`).
    let technology: String
    private let hardware: HardwareConfigStore
    private let designs: DesignStore
    private let layerEvals: LayerEvalStore?
    private var shapeIDs: [Int64] = []
    private var histogramKeys: [String] = []
    private let now = Timestamp.now()

    init(db: Database, network: PrecomputeNetwork, networkID: Int64, modelVersion: String, predictorVersion: String,
         layerModelVersion: String, storeLayers: Bool) throws {
        self.db = db
        self.network = network
        self.networkID = networkID
        self.modelVersion = modelVersion
        self.predictorVersion = predictorVersion
        self.layerModelVersion = layerModelVersion
        self.storeLayers = storeLayers
        technology = try ComposedTechnology.designLabel(modelVersion: modelVersion, in: db)
        hardware = try HardwareConfigStore(db)
        designs = try DesignStore(db)
        if storeLayers {
            layerEvals = try LayerEvalStore(db)
            let shapes = try LayerShapeStore(db)
            shapeIDs = try network.hardwareLayers.map { try shapes.id(for: $0.shape) }
            histogramKeys = network.hardwareLayers.map(LayerCacheKey.histogramKey)
        } else {
            layerEvals = nil
        }
    }

    /// Writes the points in order; returns each design's row id and whether it was new. Call in a transaction.
    func write(_ points: [PrecomputedPoint]) throws -> [(id: Int64, inserted: Bool)] {
        var out: [(id: Int64, inserted: Bool)] = []
        out.reserveCapacity(points.count)
        for p in points {
            let hw = try hardware.insertIfNew(p.hardware, key: p.hardwareKey, cell: network.cell,
                                              chipArea: p.chipArea, areaModelVersion: CostModel.version)
            let key = DesignKey(hwConfigID: hw, networkID: networkID, quantPolicyKey: network.quantPolicyKey,
                                modelVersion: modelVersion, predictorVersion: predictorVersion)
            if let id = try designs.insert(p.result.record(key: key, technology: technology, createdAt: now),
                                           onConflict: .keepExisting) {
                out.append((id, true))
            } else {
                guard let id = try designs.id(of: key) else { throw PrecomputeError("design row of hw_config \(hw) vanished") }
                out.append((id, false))
            }
            if let l = layerEvals { try writeLayers(p, hw: hw, store: l) }
        }
        return out
    }

    private func writeLayers(_ p: PrecomputedPoint, hw: Int64, store: LayerEvalStore) throws {
        for (i, v) in p.layerCosts.enumerated() {
            let layer = network.hardwareLayers[i]
            try store.insert(v.record(LayerEvalKey(hwConfigID: hw, layerShapeID: shapeIDs[i], inputBits: layer.inputBits,
                                                   weightBits: layer.weightBits, histogramKey: histogramKeys[i],
                                                   modelVersion: layerModelVersion)))
        }
    }
}
