import CIMData
import CIMHardware
import CIMSearch
import Foundation

/// How `cimnas evaluate` used the `layer_eval` cache: layers served from it and layers computed.
struct EvaluationCacheUse {
    /// "hit" (every layer cached), "partial", "miss" or "off" (`--no-cache`).
    var status: String
    var hits: Int
    var misses: Int

    static let off = EvaluationCacheUse(status: "off", hits: 0, misses: 0)

    init(status: String, hits: Int, misses: Int) {
        self.status = status
        self.hits = hits
        self.misses = misses
    }

    init(hits: Int, misses: Int) {
        self.init(status: misses == 0 ? "hit" : (hits == 0 ? "miss" : "partial"), hits: hits, misses: misses)
    }

    var json: [String: Any] { ["status": status, "layer_hits": hits, "layer_misses": misses] }
    var line: String { status == "off" ? "off" : "\(status) (\(hits) of \(hits + misses) layers from layer_eval)" }
}

/// Cached layer results of one evaluation (every layer was in `layer_eval`), with the aggregates the
/// report prints; computed exactly as `NetworkCost` and `LayerCost` compute them from the same values.
struct CachedNetworkResult {
    var names: [String]
    var shapes: [LayerShape]
    var layers: [CachedLayerCost]
    var chipArea: ChipArea

    var area_mm2: Double { chipArea.area_mm2 }
    var firstInfeasibleLayer: Int? { layers.firstIndex { $0.infeasibleReason != nil } }
    var feasible: Bool { firstInfeasibleLayer == nil }
    var infeasibleReason: String? {
        guard let i = firstInfeasibleLayer else { return nil }
        let label = names[i].isEmpty ? "layer \(i)" : "layer \(i) (\(names[i]))"
        return "\(label): \(layers[i].infeasibleReason ?? "no legal mapping")"
    }
    var energy_j: Double { feasible ? layers.reduce(0) { $0 + $1.energy_j } : .infinity }
    var latency_s: Double { feasible ? layers.reduce(0) { $0 + $1.latency_s } : .infinity }
    var cycles: Int { layers.reduce(0) { $0 + Int($1.cycles) } }
    var macs: Double { layers.reduce(0) { $0 + $1.macs } }
    var components_j: ComponentValues { layers.reduce(ComponentValues()) { $0 + $1.components_j } }
    var edap_j_s_mm2: Double { energy_j * latency_s * area_mm2 }
    var tops_per_w: Double { feasible && energy_j > 0 ? 2 * macs / energy_j / 1e12 : 0 }
    var tops: Double { feasible && latency_s > 0 ? 2 * macs / latency_s / 1e12 : 0 }
    var tops_per_mm2: Double { area_mm2 > 0 ? tops / area_mm2 : 0 }
    var utilization_percent: Double {
        let c = Double(cycles)
        guard feasible, c > 0 else { return 0 }
        return layers.reduce(0) { $0 + $1.utilization_percent * Double(Int($1.cycles)) } / c
    }

    /// Per-layer figures as `LayerCost` defines them.
    func layer(_ i: Int) -> (energy: Double, latency: Double, tops: Double, tpw: Double, tpm: Double) {
        let l = layers[i]
        guard l.infeasibleReason == nil else { return (.infinity, .infinity, 0, 0, 0) }
        let tops = 2 * l.macs / l.latency_s / 1e12
        return (l.energy_j, l.latency_s, tops, 2 * l.macs / l.energy_j / 1e12, area_mm2 > 0 ? tops / area_mm2 : 0)
    }

    func layerJSON(_ i: Int) -> [String: Any] {
        let l = layers[i], f = layer(i), s = shapes[i]
        var components: [String: Any] = [:]
        for c in CostComponent.allCases {
            components[c.rawValue] = ["energy_j": CostReport.number(l.components_j[c]),
                                      "area_mm2": CostReport.number(chipArea.components_mm2[c])]
        }
        return [
            "name": names[i], "energy_j": CostReport.number(f.energy), "latency_s": CostReport.number(f.latency),
            "cycles": Int(l.cycles), "macs": l.macs, "area_mm2": area_mm2, "utilization_percent": l.utilization_percent,
            "tops": f.tops, "tops_per_w": f.tpw, "tops_per_mm2": f.tpm, "feasible": l.infeasibleReason == nil,
            "infeasible_reason": l.infeasibleReason.map { $0 as Any } ?? NSNull(),
            "edap_j_s_mm2": CostReport.number(f.energy * f.latency * area_mm2),
            "shape": ["G": s.G, "C": s.C, "M": s.M, "R": s.R, "S": s.S, "P": s.P, "Q": s.Q, "N": s.N],
            "components": components,
        ]
    }

    /// CIMNAS aggregates, as `CIMNASMetrics` computes them.
    var cimnas: [String: Any] {
        let per = layers.indices.map(layer)
        let count = Double(max(1, layers.count))
        let u = layers.reduce(0) { max($0, $1.utilization_percent) }
        return ["e": CostReport.number(energy_j), "a": chipArea.area_cm2, "l": CostReport.number(latency_s),
                "a_tpw": per.reduce(0) { $0 + $1.tpw } / count, "a_tpm": per.reduce(0) { $0 + $1.tpm } / count,
                "m_tpw": per.reduce(0) { max($0, $1.tpw) }, "m_tpm": per.reduce(0) { max($0, $1.tpm) },
                "tp": per.reduce(0) { $0 + $1.tops } / count, "u": u, "au": u * chipArea.area_cm2]
    }

    func networkJSON(perLayer: Bool) -> [String: Any] {
        var components: [String: Any] = [:]
        let energy = components_j
        for c in CostComponent.allCases {
            components[c.rawValue] = ["energy_j": CostReport.number(energy[c]),
                                      "area_mm2": CostReport.number(chipArea.components_mm2[c])]
        }
        var object: [String: Any] = [
            "energy_j": CostReport.number(energy_j), "latency_s": CostReport.number(latency_s), "cycles": cycles,
            "macs": macs, "area_mm2": area_mm2, "utilization_percent": utilization_percent, "tops": tops,
            "tops_per_w": tops_per_w, "tops_per_mm2": tops_per_mm2, "feasible": feasible,
            "infeasible_reason": infeasibleReason.map { $0 as Any } ?? NSNull(),
            "first_infeasible_layer": firstInfeasibleLayer.map { $0 as Any } ?? NSNull(),
            "edap_j_s_mm2": CostReport.number(edap_j_s_mm2), "layer_count": layers.count,
            "components": components, "cimnas": cimnas,
        ]
        if perLayer { object["layers"] = layers.indices.map(layerJSON) }
        return object
    }
}

extension EvaluateCommand {
    /// The technology part of the cache version: "" for the shipped tables, else a digest of the --tech files.
    func technologyTag() throws -> String {
        guard let tech else { return "" }
        var hash = SHA256()
        for path in tech.split(separator: ",").map(String.init) {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("--tech: cannot read \(path)") }
            hash.update(Array(path.utf8))
            hash.update(Array(data))
        }
        return String(SHA256.hex(hash.finalize()).prefix(16))
    }

    /// Evaluates through the `layer_eval` cache of `--db`, keyed as the search keys it (`LayerCacheKey`,
    /// `CIMLoopCostModel.version`): every layer cached → printed from the cache; otherwise the model runs
    /// and the layers not yet cached are stored. Reports the cache use on stderr and in the output.
    func evaluateThroughCache(_ layers: [LayerWorkload], hardware: HardwareConfig, model: CostModel,
                              isNetwork: Bool) throws -> String {
        let path = global.databasePath
        let store: SQLiteEvaluationStore
        do { store = try SQLiteEvaluationStore(path: path) } catch {
            throw CLIError(DatabaseAccess.message(path: path, error: error))
        }
        let version = CIMLoopCostModel(model: model, mode: compat, technologyTag: try technologyTag()).version
        let keys = layers.map { LayerCacheKey(hardware: hardware, layer: $0, modelVersion: version) }
        let known: [LayerCacheKey: CachedLayerCost]
        do { known = try store.layerCosts(for: keys) } catch { throw CLIError("--db \(path): \(error)") }
        let hits = keys.filter { known[$0] != nil }.count
        let use = EvaluationCacheUse(hits: hits, misses: keys.count - hits)
        FileHandle.standardError.write(Data("cache: \(use.line) in \(path)\n".utf8))
        if use.misses == 0 {
            let cached = CachedNetworkResult(names: layers.map(\.name), shapes: layers.map(\.shape),
                                             layers: keys.map { known[$0]! }, chipArea: model.chipArea(hardware))
            return renderCached(cached, isNetwork: isNetwork, cache: use)
        }
        let cost = model.evaluate(network: layers, on: hardware, options: compat.evaluationOptions)
        var fresh: [(LayerCacheKey, CachedLayerCost)] = []
        var seen = Set<LayerCacheKey>()
        for (k, l) in zip(keys, cost.layers) where known[k] == nil && seen.insert(k).inserted {
            fresh.append((k, CachedLayerCost(l)))
        }
        do { try store.saveLayerCosts(fresh) } catch { throw CLIError("--db \(path): \(error)") }
        return render(cost, isNetwork: isNetwork, cache: use)
    }

    func renderCached(_ r: CachedNetworkResult, isNetwork: Bool, cache: EvaluationCacheUse) -> String {
        let f = CostReport.format
        switch format {
        case .json:
            var object = isNetwork ? r.networkJSON(perLayer: perLayer) : r.layerJSON(0)
            object["model_version"] = CostModel.version
            object["cache"] = cache.json
            return (try? CostReport.json(object)) ?? "{}"
        case .csv:
            var lines = [CostReport.csvHeader.joined(separator: ",")]
            if !isNetwork || perLayer {
                for i in r.layers.indices {
                    let l = r.layers[i], m = r.layer(i)
                    lines.append(CostReport.csvRow(
                        name: r.names[i], feasible: l.infeasibleReason == nil, energy: m.energy, latency: m.latency,
                        cycles: Int(l.cycles), macs: l.macs, area: r.area_mm2, utilization: l.utilization_percent,
                        tops: m.tops, tpw: m.tpw, tpm: m.tpm, components: l.components_j, reason: l.infeasibleReason))
                }
            }
            if isNetwork {
                lines.append(CostReport.csvRow(
                    name: "total", feasible: r.feasible, energy: r.energy_j, latency: r.latency_s, cycles: r.cycles,
                    macs: r.macs, area: r.area_mm2, utilization: r.utilization_percent, tops: r.tops, tpw: r.tops_per_w,
                    tpm: r.tops_per_mm2, components: r.components_j, reason: r.infeasibleReason))
            }
            return lines.joined(separator: "\n")
        case .table:
            var out: [String] = []
            if isNetwork {
                out.append("network: \(r.layers.count) layers, model \(CostModel.version)")
            } else {
                let s = r.shapes[0]
                out.append("layer: G=\(s.G) C=\(s.C) M=\(s.M) R=\(s.R) S=\(s.S) P=\(s.P) Q=\(s.Q) N=\(s.N), model \(CostModel.version)")
            }
            out.append("cache                \(cache.line) (mapping and action counts are not cached; --no-cache shows them)")
            let single = isNetwork ? nil : r.layer(0)
            out.append("feasible             \(r.feasible ? "yes" : "no")")
            if let reason = isNetwork ? r.infeasibleReason : r.layers[0].infeasibleReason {
                out.append("infeasible_reason    \(reason)")
            }
            out.append("energy_j             \(f(single?.energy ?? r.energy_j))")
            out.append("latency_s            \(f(single?.latency ?? r.latency_s))")
            out.append("cycles               \(r.cycles)")
            out.append("macs                 \(f(r.macs))")
            out.append("area_mm2             \(f(r.area_mm2))")
            out.append("utilization_percent  \(f(isNetwork ? r.utilization_percent : r.layers[0].utilization_percent))")
            out.append("tops                 \(f(single?.tops ?? r.tops))")
            out.append("tops_per_w           \(f(single?.tpw ?? r.tops_per_w))")
            out.append("tops_per_mm2         \(f(single?.tpm ?? r.tops_per_mm2))")
            if isNetwork {
                out.append("edap_j_s_mm2         \(f(r.edap_j_s_mm2))")
                let m = r.cimnas
                let v = { (k: String) in f(m[k] as? Double ?? .nan) }
                out.append("cimnas               e=\(f(r.energy_j)) a=\(v("a")) cm² l=\(f(r.latency_s)) a_tpw=\(v("a_tpw")) a_tpm=\(v("a_tpm")) m_tpw=\(v("m_tpw")) m_tpm=\(v("m_tpm")) tp=\(v("tp")) u=\(v("u"))")
            }
            out.append("")
            let energy = r.components_j, area = r.chipArea.components_mm2
            out.append(CostReport.table(["component", "energy_j", "area_mm2"], CostComponent.allCases.map {
                [$0.rawValue, f(energy[$0]), f(area[$0])]
            }))
            if isNetwork && perLayer {
                out.append("")
                out.append(CostReport.table(
                    ["#", "name", "feasible", "energy_j", "latency_s", "cycles", "util_%", "tops_per_w", "tops_per_mm2"],
                    r.layers.indices.map { i in
                        let l = r.layers[i], m = r.layer(i)
                        return ["\(i)", r.names[i], l.infeasibleReason == nil ? "yes" : "no", f(m.energy), f(m.latency),
                                "\(Int(l.cycles))", f(l.utilization_percent), f(m.tpw), f(m.tpm)]
                    }))
            }
            return out.joined(separator: "\n")
        }
    }
}
