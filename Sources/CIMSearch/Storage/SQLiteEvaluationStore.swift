import CIMAccuracy
import CIMHardware
import CIMWorkload
import DesignDB

/// The evaluation cache in the design database: `layer_eval` per layer, `design` per network.
///
/// Layer results are loaded per chip: the first time a hardware configuration is asked for, all its
/// cached rows for the model version are read in one indexed range scan and kept in memory, so later
/// look-ups (and misses) cost no SQL. New results are written in one transaction per batch.
public final class SQLiteEvaluationStore: EvaluationStore {
    public let db: Database
    private let hardware: HardwareConfigStore
    private let shapes: LayerShapeStore
    private let networks: NetworkStore
    private let networkLayers: NetworkLayerStore
    private let predictionStore: PredictionStore
    private let layerEvals: LayerEvalStore
    private let designRows: DesignStore

    private var layers: [LayerCacheKey: CachedLayerCost] = [:]
    /// `hw_config` ids by configuration and cell: saves building the text key for every layer row.
    private var chipIDs: [Chip: Int64] = [:]
    private var loadedChips: Set<ChipVersion> = []
    private var designCache: [String: DesignResult] = [:]
    private var designIDs: [String: Int64] = [:]
    private var networkIDs: [String: Int64] = [:]
    /// Network and quantization keys by canonical design key (splitting the key is costly and a design's
    /// key is split for its design row and again for its prediction rows).
    private var keyParts: [String: (network: String, quant: String)] = [:]
    /// (hw_config id, network id, quant key) by design cache key.
    private var dbKeys: [String: (Int64, Int64, String)] = [:]
    /// `design.technology` by model version.
    private var technologyLabels: [String: String] = [:]

    private struct Chip: Hashable {
        var hardware: HardwareConfig
        var cellType: String
    }

    private struct ChipVersion: Hashable {
        var chip: Chip
        var version: String
    }

    public init(_ db: Database) throws {
        self.db = db
        hardware = try HardwareConfigStore(db)
        shapes = try LayerShapeStore(db)
        networks = try NetworkStore(db)
        networkLayers = try NetworkLayerStore(db)
        predictionStore = try PredictionStore(db)
        layerEvals = try LayerEvalStore(db)
        designRows = try DesignStore(db)
    }

    /// Opens (and migrates) the database file at `path`.
    public convenience init(path: String) throws {
        try self.init(Database(path: path))
    }

    // MARK: layers

    public func layerCosts(for keys: [LayerCacheKey]) throws -> [LayerCacheKey: CachedLayerCost] {
        // One transaction for all new chips (registering a chip writes its hw_config row).
        var newChips: [ChipVersion] = []
        for k in keys {
            let chip = ChipVersion(chip: Chip(hardware: k.hardware, cellType: k.cellType), version: k.modelVersion)
            if !loadedChips.contains(chip) {
                loadedChips.insert(chip)
                newChips.append(chip)
            }
        }
        if !newChips.isEmpty {
            try db.transaction { for chip in newChips { try load(chip) } }
        }
        var out: [LayerCacheKey: CachedLayerCost] = [:]
        for k in keys { if let v = layers[k] { out[k] = v } }
        return out
    }

    private func load(_ chip: ChipVersion) throws {
        let id = try chipID(chip.chip)
        for (shape, r) in try layerEvals.records(hwConfigID: id, modelVersion: chip.version) {
            var key = LayerCacheKey(hardware: chip.chip.hardware, cellType: chip.chip.cellType,
                                    layer: LayerWorkload(shape: shape, inputBits: r.key.inputBits,
                                                         weightBits: r.key.weightBits),
                                    modelVersion: chip.version)
            key.histogramKey = r.key.histogramKey
            layers[key] = CachedLayerCost(r)
        }
    }

    /// `hardware.id(for:cell:)` of a chip, remembered per configuration and cell.
    private func chipID(_ chip: Chip) throws -> Int64 {
        if let id = chipIDs[chip] { return id }
        let id = try hardware.id(for: chip.hardware, cell: HardwareConfigStore.cell(ofCellType: chip.cellType))
        chipIDs[chip] = id
        return id
    }


    public func saveLayerCosts(_ entries: [(LayerCacheKey, CachedLayerCost)]) throws {
        if entries.isEmpty { return }
        try db.transaction {
            for (k, v) in entries {
                let key = LayerEvalKey(hwConfigID: try chipID(Chip(hardware: k.hardware, cellType: k.cellType)), layerShapeID: try shapes.id(for: k.shape),
                                       inputBits: k.inputBits, weightBits: k.weightBits, histogramKey: k.histogramKey,
                                       modelVersion: k.modelVersion)
                try layerEvals.insert(v.record(key))
                layers[k] = v
            }
        }
    }

    // MARK: designs

    /// Database key parts of a design: network key (architecture) and quantization-policy key.
    static func networkAndQuantKeys(_ design: Design, canonicalKey: String) -> (family: String, network: String, quant: String) {
        let parts = canonicalKey.split(separator: ";").map(String.init)
        let quantPrefixes = ["pw_w=", "pw_a=", "dw_w=", "dw_a=", "bits="]
        let net = parts.filter { p in !p.hasPrefix("hw=") && !p.hasPrefix("cell=") && !quantPrefixes.contains { p.hasPrefix($0) } }
        let quant = parts.filter { p in quantPrefixes.contains { p.hasPrefix($0) } }
        return (design.network.name, net.joined(separator: ";"), quant.joined(separator: ";"))
    }

    private func dbKey(_ l: DesignLookup) throws -> (Int64, Int64, String) {
        if let k = dbKeys[l.cacheKey] { return k }
        let k = try makeDBKey(l)
        dbKeys[l.cacheKey] = k
        return k
    }

    private func makeDBKey(_ l: DesignLookup) throws -> (Int64, Int64, String) {
        let hw = try chipID(Chip(hardware: l.design.hardware, cellType: l.design.cellType))
        let (nw, quant) = try networkKey(of: l.design, canonicalKey: l.canonicalKey)
        return (hw, nw, quant)
    }

    /// The `network` row id (registered when new) and quantization-policy key of a design's network: the
    /// keys of `design`, `prediction` and `network_layer` rows.
    public func networkKey(of design: Design, canonicalKey: String) throws -> (networkID: Int64, quantPolicyKey: String) {
        let family: String, net: String, quant: String
        if let k = keyParts[canonicalKey] {
            (family, net, quant) = (design.network.name, k.network, k.quant)
        } else {
            (family, net, quant) = Self.networkAndQuantKeys(design, canonicalKey: canonicalKey)
            keyParts[canonicalKey] = (net, quant)
        }
        if let nw = networkIDs[net] { return (nw, quant) }
        let layers = (try? Workloads.layers(for: design)) ?? []
        let macs = layers.reduce(0) { $0 + $1.shape.macs }
        let nw = try networks.id(for: NetworkRecord(family: family, key: net, layerCount: layers.count, macs: macs))
        networkIDs[net] = nw
        return (nw, quant)
    }

    // MARK: predictions

    /// The `prediction` key of a design's network: network row id and `SubnetSpec.quantPolicyKey` (bits of
    /// the active blocks only, so dead genes share a row); fixed networks use the design's quantization key.
    public func predictionKey(of design: Design, canonicalKey: String) throws -> (networkID: Int64, quantPolicyKey: String) {
        let (nw, quant) = try networkKey(of: design, canonicalKey: canonicalKey)
        return (nw, design.network.subnet?.normalized.quantPolicyKey ?? quant)
    }

    /// Cached predictions from `prediction` (network × quantization policy × `predictorVersion`, which
    /// includes the compat mode), by lookup cache key.
    public func predictions(for lookups: [DesignLookup]) throws -> [String: AccuracyPrediction] {
        if lookups.isEmpty { return [:] }
        return try db.transaction {
            var out: [String: AccuracyPrediction] = [:]
            for l in lookups {
                let (nw, quant) = try predictionKey(of: l.design, canonicalKey: l.canonicalKey)
                if let r = try predictionStore.lookup(networkID: nw, quantPolicyKey: quant, predictorVersion: l.predictorVersion) {
                    out[l.cacheKey] = AccuracyPrediction(score: r.score, top1_percent: r.top1_percent)
                }
            }
            return out
        }
    }

    public func savePredictions(_ entries: [(DesignLookup, AccuracyPrediction)]) throws {
        if entries.isEmpty { return }
        try db.transaction {
            let records = try entries.map { l, p in
                let (nw, quant) = try predictionKey(of: l.design, canonicalKey: l.canonicalKey)
                return PredictionRecord(networkID: nw, quantPolicyKey: quant, predictorVersion: l.predictorVersion,
                                        top1_percent: p.top1_percent, score: p.score)
            }
            try predictionStore.insert(records)
        }
    }

    public func designs(for lookups: [DesignLookup]) throws -> [String: DesignResult] {
        // One transaction: looking a design up may register its chip and network rows.
        try db.transaction { try lookUpDesigns(lookups) }
    }

    private func lookUpDesigns(_ lookups: [DesignLookup]) throws -> [String: DesignResult] {
        var out: [String: DesignResult] = [:]
        for l in lookups {
            if let r = designCache[l.cacheKey] { out[l.cacheKey] = r; continue }
            // Rows written before the search stored MACs are not cached results.
            guard let row = try designRows.lookup(try designKey(l)), let macs = row.macs, let id = row.id else { continue }
            let r = DesignResult(
                cacheKey: l.cacheKey, designKey: l.canonicalKey, energy_j: row.energy_j ?? 0,
                latency_s: row.latency_s ?? 0, area_mm2: row.area_mm2 ?? 0, macs: macs,
                accuracyScore: row.accuracy_score ?? 0, top1_percent: row.top1_percent ?? 0,
                capacityShortfallCells: row.capacityShortfallCells ?? 0, infeasibleReason: row.infeasibleReason,
                meanLayerTOPSPerW: row.mean_layer_tops_per_w ?? 0, meanLayerTOPSPerMM2: row.mean_layer_tops_per_mm2 ?? 0)
            designIDs[l.cacheKey] = id
            designCache[l.cacheKey] = r
            out[l.cacheKey] = r
        }
        return out
    }

    public func saveDesigns(_ results: [(DesignLookup, DesignResult)]) throws {
        if results.isEmpty { return }
        let now = Timestamp.now()
        try db.transaction {
            for (l, r) in results {
                let key = try designKey(l)
                let row = r.record(key: key, technology: try technologyLabel(l.modelVersion), createdAt: now)
                _ = try designRows.insert(row, onConflict: .refreshMACs)
                designCache[l.cacheKey] = r
                try recordNetworkLayers(of: l.design, networkID: key.networkID, quantPolicyKey: key.quantPolicyKey, mode: l.mode)
            }
        }
    }

    /// The `design` key of a lookup (registering its chip and network rows when new).
    private func designKey(_ l: DesignLookup) throws -> DesignKey {
        let (hw, nw, quant) = try dbKey(l)
        return DesignKey(hwConfigID: hw, networkID: nw, quantPolicyKey: quant, modelVersion: l.modelVersion,
                         predictorVersion: l.predictorVersion)
    }

    /// The technology label of designs under `modelVersion`, registering the shipped tables once.
    private func technologyLabel(_ modelVersion: String) throws -> String {
        if let label = technologyLabels[modelVersion] { return label }
        let label = try ComposedTechnology.designLabel(modelVersion: modelVersion, in: db)
        technologyLabels[modelVersion] = label
        return label
    }

    /// Records a design's layer sequence (network × quantization policy × compat mode, bits as the cost
    /// model sees them) in `network_layer`, once per key; every writer of `design` rows should call it.
    public func recordNetworkLayers(of design: Design, networkID: Int64, quantPolicyKey: String, mode: CompatMode) throws {
        if try networkLayers.contains(networkID: networkID, quantPolicyKey: quantPolicyKey, compatMode: mode.rawValue) {
            return
        }
        // A design whose layers cannot be built has no sequence to record (it is stored as infeasible).
        guard let layers = try? Workloads.layers(for: design, mode: mode) else { return }
        try networkLayers.save(networkID: networkID, quantPolicyKey: quantPolicyKey, mode: mode,
                               hardwareLayers: mode.hardwareView(of: layers), shapes: shapes)
    }

    /// Row id of a stored design by cache key (for `search_member`), or nil when it is not stored.
    public func designID(for l: DesignLookup) throws -> Int64? {
        if let id = designIDs[l.cacheKey] { return id }
        guard let id = try designRows.id(of: try designKey(l)) else { return nil }
        designIDs[l.cacheKey] = id
        return id
    }

    /// Rows in `layer_eval` and `design`.
    public func counts() throws -> (layers: Int, designs: Int) {
        (try layerEvals.count(), try designRows.count())
    }
}

extension NetworkLayerStore {
    /// Records a network's layers as the cost model sees them (`CompatMode.hardwareView`), keyed like
    /// `layer_eval` rows (shape id, bits, histogram key), unless the sequence is already stored.
    public func save(networkID: Int64, quantPolicyKey: String, mode: CompatMode, hardwareLayers: [LayerWorkload],
                     shapes: LayerShapeStore) throws {
        if try contains(networkID: networkID, quantPolicyKey: quantPolicyKey, compatMode: mode.rawValue) { return }
        let records = try hardwareLayers.map { layer in
            NetworkLayerRecord(layerShapeID: try shapes.id(for: layer.shape), inputBits: layer.inputBits,
                               weightBits: layer.weightBits, histogramKey: LayerCacheKey.histogramKey(layer), name: layer.name)
        }
        try save(networkID: networkID, quantPolicyKey: quantPolicyKey, compatMode: mode.rawValue, layers: records)
    }
}
