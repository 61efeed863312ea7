import CIMFunctional
import CIMHardware
import CIMWorkload

/// Evaluates batches of designs through the evaluation cache: whole designs first, then per layer.
///
/// Per batch: cached designs are answered from the store; the others are turned into layers, checked for
/// crossbar capacity, and every distinct (hardware, layer) pair not yet cached is computed once, in
/// parallel over `workers`, then stored. Results never depend on `workers` or on cache state.
/// - Complexity: O(designs · layers) hashing plus one cost-model call per new distinct layer.
public final class DesignEvaluator {
    public let costModel: any DesignCostModel
    public let accuracyModel: any AccuracyModel
    public let store: any EvaluationStore
    public let mode: CompatMode
    public var workers: Int
    /// The chip-aware accuracy (docs/hardware-accuracy.md) applied to MobileNetV2 designs; nil: quantization
    /// only (`--accuracy ideal`, and `--compat cimnas`).
    public let hardwareAccuracy: HardwareAccuracy?

    /// Cache statistics since creation.
    public private(set) var statistics = CacheStatistics()
    /// Chip areas computed so far (area depends on the hardware only).
    private var areaCache: [HardwareConfig: Double] = [:]
    /// Predictions so far, by normalized subnet (dead genes do not change a prediction).
    private var predictionCache: [SubnetSpec: Result<AccuracyPrediction, any Error>] = [:]

    public init(costModel: any DesignCostModel, accuracyModel: any AccuracyModel, store: any EvaluationStore,
                mode: CompatMode = .default, workers: Int = 1, hardwareAccuracy: HardwareAccuracy? = nil) {
        self.hardwareAccuracy = mode.feedsPredictorEightBitFeatures ? nil : hardwareAccuracy
        self.costModel = costModel
        self.accuracyModel = accuracyModel
        self.store = store
        self.mode = mode
        self.workers = workers
    }

    /// Resets the counters to an earlier snapshot (lookups for reporting should not count).
    public func restoreStatistics(_ s: CacheStatistics) { statistics = s }

    /// The key a design is cached under: canonical key, compat mode and both model versions.
    public func cacheKey(for design: Design) -> String {
        cacheKey(canonicalKey: design.canonicalKey)
    }

    func cacheKey(canonicalKey: String) -> String {
        hardwareAccuracy == nil ? "\(canonicalKey)|\(modelVersion)|\(predictorVersion)"
            : "\(canonicalKey)|\(modelVersion)|\(predictorVersion)|\(hardwareAccuracyVersion)"
    }

    /// Cost-model version with the compat mode, as stored with designs.
    public var modelVersion: String { "\(costModel.version);mode=\(mode.rawValue)" }
    /// Predictor version with the compat mode, as stored with designs and per-network predictions.
    public var predictorVersion: String { Self.predictorVersion(accuracyModel.version, mode: mode) }
    /// The hardware-aware accuracy's version, E₀ and device ("" when accuracy is quantization only): part of
    /// the design cache key, so no hardware-blind accuracy is reused as a hardware-aware one.
    public var hardwareAccuracyVersion: String {
        guard let h = hardwareAccuracy else { return "" }
        let d = h.device
        return "\(HardwareAccuracy.version);e0=\(h.errorScale);device=\(d.rOn_ohm),\(d.rOff_ohm),\(d.maxBitsPerCell),"
            + "\(d.sigmaD2D),\(d.readNoiseSigma),\(d.driftNu),\(d.driftT0_s)"
    }
    /// An accuracy model's version with the compat mode: the `predictor_version` of `design` and
    /// `prediction` rows (the score an `AccuracyModel` returns depends on the mode).
    public static func predictorVersion(_ accuracyVersion: String, mode: CompatMode) -> String {
        "\(accuracyVersion);mode=\(mode.rawValue)"
    }

    /// The design-cache lookup of a design.
    public func lookup(for design: Design) -> DesignLookup {
        let key = design.canonicalKey
        return DesignLookup(cacheKey: cacheKey(canonicalKey: key), canonicalKey: key, design: design,
                            modelVersion: modelVersion, predictorVersion: predictorVersion, mode: mode)
    }

    /// Evaluates designs, in order.
    public func evaluate(_ designs: [Design]) throws -> [DesignResult] {
        try evaluate(designs.map(lookup(for:)))
    }

    /// Evaluates designs given with their lookups (computed once by the caller), in order.
    public func evaluate(_ lookups: [DesignLookup]) throws -> [DesignResult] {
        let designs = lookups.map(\.design)
        let keys = lookups.map(\.cacheKey)
        var unique: [DesignLookup] = []
        var seen = Set<String>()
        for l in lookups where seen.insert(l.cacheKey).inserted { unique.append(l) }
        let cached = try store.designs(for: unique)
        var results = [DesignResult?](repeating: nil, count: designs.count)
        var pendingIndex: [String: Int] = [:]   // cache key → first position computed in this batch
        var todo: [Int] = []
        for (i, key) in keys.enumerated() {
            if let r = cached[key] {
                results[i] = r
                statistics.designHits += 1
            } else if pendingIndex[key] == nil {
                pendingIndex[key] = i
                todo.append(i)
                statistics.designMisses += 1
            } else {
                statistics.designHits += 1
            }
        }
        let fresh = try evaluateUncached(todo.map { designs[$0] }, lookups: todo.map { lookups[$0] })
        try store.saveDesigns(Array(zip(todo.map { lookups[$0] }, fresh)))
        for (slot, record) in zip(todo, fresh) { results[slot] = record }
        for (i, key) in keys.enumerated() where results[i] == nil {
            results[i] = results[pendingIndex[key]!]
        }
        return results.map { $0! }
    }

    private struct Prepared: Sendable {
        var design: Design
        var hardwareLayers: [LayerWorkload]
        var capacity: Int
        var capacityReason: String?
        var error: String?
        /// Σ ε² of the layers on the chip (hardware-aware accuracy only).
        var errorEnergy = 0.0
    }

    private func evaluateUncached(_ designs: [Design], lookups: [DesignLookup]) throws -> [DesignResult] {
        if designs.isEmpty { return [] }
        let mode = self.mode
        let model = costModel
        let accuracy = accuracyModel
        let hardwareAccuracy = self.hardwareAccuracy
        // Layers, capacity and accuracy per design (pure, parallel).
        let prepared: [Prepared] = try parallelMap(count: designs.count, workers: workers) { i in
            let d = designs[i]
            do {
                let layers = try Workloads.layers(for: d, mode: mode)
                // The cost model's capacity rule (RRAM: cell count only; a layer the mapper cannot place is
                // reported by the cost model).
                let verdict = model.capacity(layers, on: d.hardware, mode: mode)
                let hardwareLayers = mode.hardwareView(of: layers)
                var energy = 0.0
                if let hardwareAccuracy, d.network.subnet != nil {
                    // The drop's top-1 is not known yet; its error energy is (docs/hardware-accuracy.md).
                    energy = try hardwareAccuracy.evaluate(hardwareLayers, on: d.hardware, top1IdealPercent: 0).errorEnergy
                }
                return Prepared(design: d, hardwareLayers: hardwareLayers, capacity: verdict.shortfallCells,
                                capacityReason: verdict.reason, error: nil, errorEnergy: energy)
            } catch {
                return Prepared(design: d, hardwareLayers: [], capacity: 0, capacityReason: nil, error: "\(error)")
            }
        }
        // Predictions per distinct network (many designs share a network with different hardware).
        // The database's prediction cache answers networks seen before (e.g. by an earlier search).
        var specs: [SubnetSpec] = []
        var specLookups: [DesignLookup] = []
        var specIndex: [SubnetSpec: Int] = [:]
        for (i, d) in designs.enumerated() {
            if let s = d.network.subnet?.normalized, predictionCache[s] == nil, specIndex[s] == nil {
                specIndex[s] = specs.count
                specs.append(s)
                specLookups.append(lookups[i])
            }
        }
        let stored = try store.predictions(for: specLookups)
        var missing: [Int] = []
        for (n, s) in specs.enumerated() {
            if let p = stored[specLookups[n].cacheKey] { predictionCache[s] = .success(p) } else { missing.append(n) }
        }
        statistics.predictionHits += specs.count - missing.count
        statistics.predictionMisses += missing.count
        let frozenSpecs = missing.map { specs[$0] }
        let predicted: [Result<AccuracyPrediction, any Error>] = try parallelMap(count: frozenSpecs.count, workers: workers) { i in
            Result { try accuracy.predict(frozenSpecs[i], mode: mode) }
        }
        var newPredictions: [(DesignLookup, AccuracyPrediction)] = []
        for (n, p) in zip(missing, predicted) {
            predictionCache[specs[n]] = p
            if case .success(let value) = p { newPredictions.append((specLookups[n], value)) }
        }
        try store.savePredictions(newPredictions)
        let accs: [Result<AccuracyPrediction, any Error>] = designs.map { d in
            switch d.network {
            case .mobileNetV2(let spec): return predictionCache[spec.normalized]!
            case .fixed(let name, let overrides):
                return Result {
                    try accuracy.fixedNetworkAccuracy(name, overrides: overrides, hardware: d.hardware)
                        ?? AccuracyPrediction(score: 1, top1_percent: 0)
                }
            }
        }
        // Chip areas of hardware not seen before by this evaluator.
        var newHardware: [HardwareConfig] = []
        for d in designs where areaCache[d.hardware] == nil && !newHardware.contains(d.hardware) {
            newHardware.append(d.hardware)
        }
        let chips = newHardware
        let newAreas = try parallelMap(count: chips.count, workers: workers) { model.chipArea_mm2(chips[$0]) }
        for (h, a) in zip(newHardware, newAreas) { areaCache[h] = a }

        // Distinct layer keys of designs that fit, in first-seen order (deterministic).
        var order: [LayerCacheKey] = []
        var orderLayers: [LayerWorkload] = []
        var position: [LayerCacheKey: Int] = [:]
        var designKeys: [[Int]] = []
        for p in prepared {
            guard p.error == nil, p.capacity <= 0 else { designKeys.append([]); continue }
            var ids: [Int] = []
            ids.reserveCapacity(p.hardwareLayers.count)
            for layer in p.hardwareLayers {
                let k = LayerCacheKey(hardware: p.design.hardware, cellType: p.design.cellType, layer: layer,
                                      modelVersion: model.version)
                if let at = position[k] {
                    ids.append(at)
                } else {
                    position[k] = order.count
                    ids.append(order.count)
                    order.append(k)
                    orderLayers.append(layer)
                }
            }
            designKeys.append(ids)
        }
        let known = try store.layerCosts(for: order)
        // Missing layers grouped by chip, so the model prepares each chip once.
        var groups: [(HardwareConfig, [Int])] = []
        var groupOf: [HardwareConfig: Int] = [:]
        var missingCount = 0
        for (i, k) in order.enumerated() where known[k] == nil {
            missingCount += 1
            if let g = groupOf[k.hardware] {
                groups[g].1.append(i)
            } else {
                groupOf[k.hardware] = groups.count
                groups.append((k.hardware, [i]))
            }
        }
        statistics.layerHits += order.count - missingCount
        statistics.layerMisses += missingCount
        let groupLayers = groups.map { g in g.1.map { orderLayers[$0] } }
        let frozenGroups = groups
        let computed = try parallelMap(count: groups.count, workers: workers) { g in
            model.layerCosts(groupLayers[g], on: frozenGroups[g].0)
        }
        // Costs by position in `order` (an array, so summing a design's layers hashes no keys).
        var costs: [CachedLayerCost?] = order.map { known[$0] }
        var toSave: [(LayerCacheKey, CachedLayerCost)] = []
        toSave.reserveCapacity(missingCount)
        for (g, group) in groups.enumerated() {
            for (n, i) in group.1.enumerated() {
                costs[i] = computed[g][n]
                toSave.append((order[i], computed[g][n]))
            }
        }
        try store.saveLayerCosts(toSave)

        var records: [DesignResult] = []
        records.reserveCapacity(designs.count)
        for i in designs.indices {
            let p = prepared[i]
            let area = areaCache[p.design.hardware] ?? 0
            var reason: String? = p.error
            var acc = AccuracyPrediction(score: 0, top1_percent: 0)
            switch accs[i] {
            case .success(let a): acc = a
            case .failure(let e): reason = reason ?? "accuracy predictor failed: \(e)"
            }
            if let h = hardwareAccuracy, p.errorEnergy > 0 {
                let ideal = acc.top1_percent
                acc.top1_percent -= h.drop(top1IdealPercent: ideal, errorEnergy: p.errorEnergy)
                // The calibrated score is top-1 / 100; scaling keeps it so and keeps a raw score monotone too.
                if ideal > 0 { acc.score *= acc.top1_percent / ideal }
            }
            if reason == nil, p.capacity > 0 {
                reason = p.capacityReason ?? "weights need \(p.capacity) more crossbar cells than the chip has"
            }
            var t = DesignTotals(reason: reason)
            let ids = designKeys[i]
            if reason == nil {
                for (n, id) in ids.enumerated() {
                    guard t.add(costs[id]!, layerName: p.hardwareLayers[n].name, area_mm2: area) else { break }
                }
            }
            t.finish(layerCount: ids.count)
            records.append(DesignResult(
                cacheKey: lookups[i].cacheKey, designKey: lookups[i].canonicalKey, energy_j: t.energy_j,
                latency_s: t.latency_s, area_mm2: area, macs: t.macs, accuracyScore: acc.score,
                top1_percent: acc.top1_percent, capacityShortfallCells: p.capacity, infeasibleReason: t.reason,
                meanLayerTOPSPerW: t.meanTOPSPerW, meanLayerTOPSPerMM2: t.meanTOPSPerMM2))
        }
        return records
    }
}
/// Cache hit and miss counts at design and layer level.
public struct CacheStatistics: Hashable, Sendable, Codable {
    public var designHits = 0
    public var designMisses = 0
    public var layerHits = 0
    public var layerMisses = 0
    /// Networks (× quantization policy) whose accuracy came from the database's prediction cache.
    public var predictionHits = 0
    /// Networks whose accuracy the predictor computed.
    public var predictionMisses = 0

    public init() {}

    /// Fraction of design lookups served from the cache.
    public var designHitRate: Double {
        let n = designHits + designMisses
        return n > 0 ? Double(designHits) / Double(n) : 0
    }

    /// Difference of two snapshots.
    public static func - (a: CacheStatistics, b: CacheStatistics) -> CacheStatistics {
        var d = CacheStatistics()
        d.designHits = a.designHits - b.designHits
        d.designMisses = a.designMisses - b.designMisses
        d.layerHits = a.layerHits - b.layerHits
        d.layerMisses = a.layerMisses - b.layerMisses
        d.predictionHits = a.predictionHits - b.predictionHits
        d.predictionMisses = a.predictionMisses - b.predictionMisses
        return d
    }
}
