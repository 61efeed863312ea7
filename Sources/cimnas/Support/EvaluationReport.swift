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

    var isOff: Bool { status == "off" }
    var json: [String: Any] { JSONOutput.cache(status: status, layer: (hits, misses)) }
    var line: String { isOff ? "off" : "\(status) (\(hits) of \(hits + misses) layers from layer_eval)" }
}

/// Layer results of one evaluation in the form `layer_eval` stores them, with the aggregates the report
/// prints, computed as `NetworkCost`, `LayerCost` and `CIMNASMetrics` compute them from the same values.
struct EvaluatedNetwork {
    var names: [String]
    var shapes: [LayerShape]
    var layers: [CachedLayerCost]
    var chipArea: ChipArea

    /// A fresh evaluation of `workloads`, reduced to what the cache keeps.
    init(_ cost: NetworkCost, of workloads: [LayerWorkload]) {
        names = workloads.map(\.name)
        shapes = workloads.map(\.shape)
        layers = cost.layers.map(CachedLayerCost.init)
        chipArea = cost.chipArea
    }

    init(names: [String], shapes: [LayerShape], layers: [CachedLayerCost], chipArea: ChipArea) {
        self.names = names
        self.shapes = shapes
        self.layers = layers
        self.chipArea = chipArea
    }

    var area_mm2: Double { chipArea.area_mm2 }
    var firstInfeasibleLayer: Int? { layers.firstInfeasibleLayer }
    var feasible: Bool { firstInfeasibleLayer == nil }
    var infeasibleReason: String? {
        guard let i = firstInfeasibleLayer else { return nil }
        let label = names[i].isEmpty ? "layer \(i)" : "layer \(i) (\(names[i]))"
        return "\(label): \(layers[i].infeasibleReason ?? "no legal mapping")"
    }
    // Totals and figures are `NetworkCost`'s and the ledger's (`LayerFigures`, `CostLedger`), written once.
    var energy_j: Double { layers.totalEnergy_j }
    var latency_s: Double { layers.totalLatency_s }
    var cycles: Int { layers.totalCycles }
    var macs: Double { layers.totalMACs }
    var components_j: ComponentValues { layers.totalComponents_j }
    var edap_j_s_mm2: Double { layers.networkEDAP_j_s_mm2(chipArea_mm2: area_mm2) }
    var tops_per_w: Double { layers.networkTOPSPerW }
    var tops: Double { layers.networkTOPS }
    var tops_per_mm2: Double { layers.networkTOPSPerMM2(chipArea_mm2: area_mm2) }
    var utilization_percent: Double { layers.timeWeightedUtilization_percent }

    /// Per-layer figures as `LayerCost` defines them (infinite energy and latency when infeasible).
    struct LayerNumbers {
        var energy_j, latency_s, tops, tops_per_w, tops_per_mm2: Double
        var edap_j_s_mm2: Double
    }

    func layer(_ i: Int) -> LayerNumbers {
        let l = layers[i]
        guard l.feasible else {
            return LayerNumbers(energy_j: CostLedger.infeasibleEnergy_j, latency_s: .infinity, tops: 0, tops_per_w: 0,
                                tops_per_mm2: 0, edap_j_s_mm2: .infinity)
        }
        return LayerNumbers(energy_j: l.energy_j, latency_s: l.latency_s, tops: l.layerTOPS, tops_per_w: l.layerTOPSPerW,
                            tops_per_mm2: l.layerTOPSPerMM2(chipArea_mm2: area_mm2),
                            edap_j_s_mm2: CostLedger.edap(energy_j: l.energy_j, latency_s: l.latency_s, area_mm2: area_mm2))
    }

    /// CIMNAS aggregates (`CIMNASMetrics`): sums, area in cm², means and maxima of per-layer figures, maximum
    /// utilisation.
    var cimnas: CIMNASMetrics { CIMNASMetrics(layers: layers, chipArea: chipArea) }
}

/// What `cimnas evaluate` prints for one layer or one network, rendered as a table, CSV or JSON.
///
/// Fresh and cached evaluations are rendered by the same code from the same values (`EvaluatedNetwork`),
/// so they print identically except for the cache line. Mapping and action counts are not stored in
/// `layer_eval`; they are shown only when the cache is off (`--no-cache`), never on one path alone.
struct EvaluationReport {
    var network: EvaluatedNetwork
    /// A whole network (totals, optional per-layer rows) rather than a single `--layer`.
    var isNetwork: Bool
    var cache: EvaluationCacheUse
    /// Mapping and priced actions per layer, from a fresh evaluation with the cache off.
    var detail: Detail?

    struct Detail {
        var mappings: [SpatialMapping]
        var actions: [ComponentValues]
        var totalActions: ComponentValues { actions.reduce(ComponentValues()) { $0 + $1 } }
    }

    /// A fresh evaluation; with the cache off its mapping and action counts are shown as well.
    init(fresh cost: NetworkCost, of workloads: [LayerWorkload], isNetwork: Bool, cache: EvaluationCacheUse) {
        network = EvaluatedNetwork(cost, of: workloads)
        self.isNetwork = isNetwork
        self.cache = cache
        detail = cache.isOff ? Detail(mappings: cost.layers.map(\.mapping), actions: cost.layers.map(\.componentActions)) : nil
    }

    /// Layers read from `layer_eval`.
    init(cached network: EvaluatedNetwork, isNetwork: Bool, cache: EvaluationCacheUse) {
        self.network = network
        self.isNetwork = isNetwork
        self.cache = cache
        detail = nil
    }

    func render(_ format: OutputFormat, perLayer: Bool) -> String {
        switch format {
        case .json: return json(perLayer: perLayer)
        case .csv: return csv(perLayer: perLayer)
        case .table: return table(perLayer: perLayer)
        }
    }

    // MARK: JSON

    private func components(energy: ComponentValues, actions: ComponentValues?) -> [String: Any] {
        var out: [String: Any] = [:]
        for c in CostComponent.allCases {
            var entry: [String: Any] = ["energy_j": CostReport.number(energy[c]),
                                        "area_mm2": CostReport.number(network.chipArea.components_mm2[c])]
            if let actions { entry["actions"] = CostReport.number(actions[c]) }
            out[c.rawValue] = entry
        }
        return out
    }

    private func layerJSON(_ i: Int) -> [String: Any] {
        let n = network, l = n.layers[i], f = n.layer(i), s = n.shapes[i]
        var object: [String: Any] = [
            "name": n.names[i], "energy_j": CostReport.number(f.energy_j), "latency_s": CostReport.number(f.latency_s),
            "cycles": Int(l.cycles), "macs": l.macs, "area_mm2": n.area_mm2, "utilization_percent": l.utilization_percent,
            "tops": f.tops, "tops_per_w": f.tops_per_w, "tops_per_mm2": f.tops_per_mm2, "feasible": l.infeasibleReason == nil,
            "infeasible_reason": l.infeasibleReason.map { $0 as Any } ?? NSNull(),
            "edap_j_s_mm2": CostReport.number(f.edap_j_s_mm2),
            "shape": ["g": s.G, "c": s.C, "m": s.M, "r": s.R, "s": s.S, "p": s.P, "q": s.Q, "n": s.N],
            "components": components(energy: l.components_j, actions: detail?.actions[i]),
        ]
        if let detail { object["mapping"] = CostReport.mapping(detail.mappings[i]) }
        return object
    }

    private func json(perLayer: Bool) -> String {
        let n = network
        var object: [String: Any]
        if isNetwork {
            let m = n.cimnas
            object = [
                "energy_j": CostReport.number(n.energy_j), "latency_s": CostReport.number(n.latency_s), "cycles": n.cycles,
                "macs": n.macs, "area_mm2": n.area_mm2, "utilization_percent": n.utilization_percent, "tops": n.tops,
                "tops_per_w": n.tops_per_w, "tops_per_mm2": n.tops_per_mm2, "feasible": n.feasible,
                "infeasible_reason": n.infeasibleReason.map { $0 as Any } ?? NSNull(),
                "first_infeasible_layer": n.firstInfeasibleLayer.map { $0 as Any } ?? NSNull(),
                "edap_j_s_mm2": CostReport.number(n.edap_j_s_mm2), "layer_count": n.layers.count,
                "components": components(energy: n.components_j, actions: detail?.totalActions),
                "cimnas": ["e": CostReport.number(m.e), "a": m.a, "l": CostReport.number(m.l), "a_tpw": m.a_tpw,
                           "a_tpm": m.a_tpm, "m_tpw": m.m_tpw, "m_tpm": m.m_tpm, "tp": m.tp, "u": m.u, "au": m.au],
            ]
            if perLayer { object["layers"] = n.layers.indices.map(layerJSON) }
        } else {
            object = layerJSON(0)
        }
        object["model_version"] = CostModel.version
        object["cache"] = cache.json
        return (try? CostReport.json(object)) ?? "{}"
    }

    // MARK: CSV

    private func csv(perLayer: Bool) -> String {
        let n = network
        var lines = [CostReport.csvHeader.joined(separator: ",")]
        if !isNetwork || perLayer {
            for i in n.layers.indices {
                let l = n.layers[i], f = n.layer(i)
                lines.append(CostReport.csvRow(
                    name: n.names[i], feasible: l.infeasibleReason == nil, energy: f.energy_j, latency: f.latency_s,
                    cycles: Int(l.cycles), macs: l.macs, area: n.area_mm2, utilization: l.utilization_percent,
                    tops: f.tops, tpw: f.tops_per_w, tpm: f.tops_per_mm2, components: l.components_j, reason: l.infeasibleReason))
            }
        }
        if isNetwork {
            lines.append(CostReport.csvRow(
                name: "total", feasible: n.feasible, energy: n.energy_j, latency: n.latency_s, cycles: n.cycles,
                macs: n.macs, area: n.area_mm2, utilization: n.utilization_percent, tops: n.tops, tpw: n.tops_per_w,
                tpm: n.tops_per_mm2, components: n.components_j, reason: n.infeasibleReason))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: table

    private func table(perLayer: Bool) -> String {
        let f = CostReport.format, n = network
        var out: [String] = []
        if isNetwork {
            out.append("network: \(n.layers.count) layers, model \(CostModel.version)")
        } else {
            let s = n.shapes[0]
            out.append("layer: G=\(s.G) C=\(s.C) M=\(s.M) R=\(s.R) S=\(s.S) P=\(s.P) Q=\(s.Q) N=\(s.N), model \(CostModel.version)")
            if let m = detail?.mappings[0], n.layers[0].infeasibleReason == nil {
                out.append("mapping: row \(m.row.summary) | column \(m.column.summary) | macro \(m.macroInTile.summary) | tile \(m.tileInChip.summary) | router group \(m.routerGroup.summary) | temporal \(DimFactors(P: m.temporal.P, Q: m.temporal.Q, N: m.temporal.N).summary)")
            }
        }
        out.append("cache                \(cache.line)"
                   + (cache.isOff ? "" : " (mapping and action counts are not cached; --no-cache shows them)"))
        // A single layer prints its own figures; a network its totals.
        let single = isNetwork ? nil : n.layer(0)
        out.append("feasible             \(n.feasible ? "yes" : "no")")
        if let reason = isNetwork ? n.infeasibleReason : n.layers[0].infeasibleReason {
            out.append("infeasible_reason    \(reason)")
        }
        out.append("energy_j             \(f(single?.energy_j ?? n.energy_j))")
        out.append("latency_s            \(f(single?.latency_s ?? n.latency_s))")
        out.append("cycles               \(n.cycles)")
        out.append("macs                 \(f(n.macs))")
        out.append("area_mm2             \(f(n.area_mm2))")
        out.append("utilization_percent  \(f(isNetwork ? n.utilization_percent : n.layers[0].utilization_percent))")
        out.append("tops                 \(f(single?.tops ?? n.tops))")
        out.append("tops_per_w           \(f(single?.tops_per_w ?? n.tops_per_w))")
        out.append("tops_per_mm2         \(f(single?.tops_per_mm2 ?? n.tops_per_mm2))")
        if isNetwork {
            out.append("edap_j_s_mm2         \(f(n.edap_j_s_mm2))")
            let m = n.cimnas
            out.append("cimnas               e=\(f(m.e)) a=\(f(m.a)) cm² l=\(f(m.l)) a_tpw=\(f(m.a_tpw)) a_tpm=\(f(m.a_tpm)) m_tpw=\(f(m.m_tpw)) m_tpm=\(f(m.m_tpm)) tp=\(f(m.tp)) u=\(f(m.u))")
        }
        out.append("")
        let energy = n.components_j, area = n.chipArea.components_mm2
        if let actions = detail?.totalActions {
            out.append(CostReport.table(["component", "energy_j", "area_mm2", "actions"], CostComponent.allCases.map {
                [$0.rawValue, f(energy[$0]), f(area[$0]), f(actions[$0])]
            }))
        } else {
            out.append(CostReport.table(["component", "energy_j", "area_mm2"], CostComponent.allCases.map {
                [$0.rawValue, f(energy[$0]), f(area[$0])]
            }))
        }
        if isNetwork && perLayer {
            out.append("")
            out.append(CostReport.table(
                ["#", "name", "feasible", "energy_j", "latency_s", "cycles", "util_%", "tops_per_w", "tops_per_mm2"],
                n.layers.indices.map { i in
                    let l = n.layers[i], m = n.layer(i)
                    return ["\(i)", n.names[i], l.infeasibleReason == nil ? "yes" : "no", f(m.energy_j), f(m.latency_s),
                            "\(Int(l.cycles))", f(l.utilization_percent), f(m.tops_per_w), f(m.tops_per_mm2)]
                }))
        }
        return out.joined(separator: "\n")
    }
}
