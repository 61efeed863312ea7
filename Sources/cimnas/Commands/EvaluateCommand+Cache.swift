import CIMData
import CIMHardware
import CIMSearch
import Foundation

extension EvaluateCommand {
    /// Evaluates through the `layer_eval` cache of `--db`, keyed as the search keys it (`LayerCacheKey`,
    /// `CIMLoopCostModel.version`): every layer cached → reported from the cache; otherwise the model runs
    /// and the layers not yet cached are stored. Reports the cache use on stderr and in the report.
    func evaluateThroughCache(_ layers: [LayerWorkload], hardware: HardwareConfig, model: CostModel,
                              technologyTag: String, isNetwork: Bool) throws -> EvaluationReport {
        let path = global.databasePath
        let store: SQLiteEvaluationStore
        do { store = try SQLiteEvaluationStore(path: path) } catch {
            throw CLIError(DatabaseAccess.message(path: path, error: error))
        }
        let version = CIMLoopCostModel(model: model, mode: compat, technologyTag: technologyTag).version
        let keys = layers.map { LayerCacheKey(hardware: hardware, layer: $0, modelVersion: version) }
        let known: [LayerCacheKey: CachedLayerCost]
        do { known = try store.layerCosts(for: keys) } catch { throw CLIError("--db \(path): \(error)") }
        let hits = keys.filter { known[$0] != nil }.count
        let use = EvaluationCacheUse(hits: hits, misses: keys.count - hits)
        FileHandle.standardError.write(Data("cache: \(use.line) in \(path)\n".utf8))
        if use.misses == 0 {
            let cached = EvaluatedNetwork(names: layers.map(\.name), shapes: layers.map(\.shape),
                                          layers: keys.map { known[$0]! }, chipArea: model.chipArea(hardware))
            return EvaluationReport(cached: cached, isNetwork: isNetwork, cache: use)
        }
        let cost = model.evaluate(network: layers, on: hardware, options: compat.evaluationOptions)
        var fresh: [(LayerCacheKey, CachedLayerCost)] = []
        var seen = Set<LayerCacheKey>()
        for (k, l) in zip(keys, cost.layers) where known[k] == nil && seen.insert(k).inserted {
            fresh.append((k, CachedLayerCost(l)))
        }
        do { try store.saveLayerCosts(fresh) } catch { throw CLIError("--db \(path): \(error)") }
        return EvaluationReport(fresh: cost, of: layers, isNetwork: isNetwork, cache: use)
    }
}
