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

    /// Cache statistics since creation.
    public private(set) var statistics = CacheStatistics()

    public init(costModel: any DesignCostModel, accuracyModel: any AccuracyModel, store: any EvaluationStore,
                mode: CompatMode = .default, workers: Int = 1) {
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
        "\(design.canonicalKey)|\(mode.rawValue)|\(costModel.version)|\(accuracyModel.version)"
    }

    /// Evaluates designs, in order.
    public func evaluate(_ designs: [Design]) throws -> [DesignRecord] {
        let keys = designs.map(cacheKey(for:))
        let cached = try store.designs(for: Array(Set(keys)))
        var results = [DesignRecord?](repeating: nil, count: designs.count)
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
        let fresh = try evaluateUncached(todo.map { designs[$0] }, keys: todo.map { keys[$0] })
        try store.saveDesigns(fresh)
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
        var error: String?
    }

    private func evaluateUncached(_ designs: [Design], keys: [String]) throws -> [DesignRecord] {
        if designs.isEmpty { return [] }
        let mode = self.mode
        let model = costModel
        let accuracy = accuracyModel
        // Layers, capacity, area and accuracy per design (pure, parallel).
        let prepared: [Prepared] = try parallelMap(count: designs.count, workers: workers) { i in
            let d = designs[i]
            do {
                let layers = try Workloads.layers(for: d, mode: mode)
                let cap = CapacityCheck.check(layers, on: d.hardware, mode: mode)
                return Prepared(design: d, hardwareLayers: mode.hardwareView(of: layers),
                                capacity: cap.shortfallCells, error: nil)
            } catch {
                return Prepared(design: d, hardwareLayers: [], capacity: 0, error: "\(error)")
            }
        }
        let areas: [Result<Double, any Error>] = try parallelMap(count: designs.count, workers: workers) { i in
            Result { try model.chipArea_mm2(designs[i].hardware) }
        }
        let accs: [Result<AccuracyPrediction, any Error>] = try parallelMap(count: designs.count, workers: workers) { i in
            Result {
                switch designs[i].network {
                case .mobileNetV2(let spec): return try accuracy.predict(spec, mode: mode)
                case .fixed(let name, let overrides):
                    return try accuracy.fixedNetworkAccuracy(name, overrides: overrides)
                        ?? AccuracyPrediction(score: 1, top1_percent: 0)
                }
            }
        }
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
                let k = LayerCacheKey(hardware: p.design.hardware, layer: layer, modelVersion: model.version)
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
        let missingIndices = order.indices.filter { known[order[$0]] == nil }
        let missing = missingIndices.map { order[$0] }
        // The first layer seen for each key (it carries any histograms the key names).
        let missingLayers = missingIndices.map { orderLayers[$0] }
        statistics.layerHits += order.count - missing.count
        statistics.layerMisses += missing.count
        let computed: [Result<LayerCost, any Error>] = try parallelMap(count: missing.count, workers: workers) { i in
            Result { try model.layerCost(missingLayers[i], on: missing[i].hardware) }
        }
        var costs = known
        var toSave: [(LayerCacheKey, LayerCost)] = []
        var layerErrors: [LayerCacheKey: String] = [:]
        for (k, r) in zip(missing, computed) {
            switch r {
            case .success(let c): costs[k] = c; toSave.append((k, c))
            case .failure(let e): layerErrors[k] = "\(e)"
            }
        }
        try store.saveLayerCosts(toSave)

        var records: [DesignRecord] = []
        records.reserveCapacity(designs.count)
        for i in designs.indices {
            let p = prepared[i]
            let key = keys[i]
            let designKey = p.design.canonicalKey
            var area = 0.0
            var reason: String? = p.error
            switch areas[i] {
            case .success(let a): area = a
            case .failure(let e): reason = reason ?? "area model failed: \(e)"
            }
            var acc = AccuracyPrediction(score: 0, top1_percent: 0)
            switch accs[i] {
            case .success(let a): acc = a
            case .failure(let e): reason = reason ?? "accuracy predictor failed: \(e)"
            }
            if reason == nil, p.capacity > 0 {
                reason = "weights need \(p.capacity) more crossbar cells than the chip has"
            }
            var energy = 0.0, latency = 0.0, macs = 0, tpw = 0.0, tpm = 0.0
            if reason == nil {
                let ids = designKeys[i]
                for (n, id) in ids.enumerated() {
                    let k = order[id]
                    guard let c = costs[k] else {
                        reason = "layer \(p.hardwareLayers[n].name) cannot be mapped: \(layerErrors[k] ?? "no result")"
                        break
                    }
                    energy += c.energy_j
                    latency += c.latency_s
                    macs += c.macs
                    if c.energy_j > 0 { tpw += 2 * Double(c.macs) / c.energy_j / 1e12 }
                    if c.latency_s > 0, area > 0 { tpm += 2 * Double(c.macs) / c.latency_s / 1e12 / area }
                }
                if !ids.isEmpty { tpw /= Double(ids.count); tpm /= Double(ids.count) }
            }
            if reason != nil { energy = 0; latency = 0; macs = 0; tpw = 0; tpm = 0 }
            records.append(DesignRecord(
                cacheKey: key, designKey: designKey, energy_j: energy, latency_s: latency, area_mm2: area,
                macs: macs, accuracyScore: acc.score, top1_percent: acc.top1_percent,
                capacityShortfallCells: p.capacity, infeasibleReason: reason,
                meanLayerTOPSPerW: tpw, meanLayerTOPSPerMM2: tpm))
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
        return d
    }
}
