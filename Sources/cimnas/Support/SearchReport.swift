import CIMHardware
import CIMSearch
import CIMWorkload
import Foundation

/// Prints a search outcome: the best design, its metrics, the baseline and the headline ratios.
enum SearchReport {
    static func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

    static func metrics(_ r: DesignResult, objective: Double?) -> [String: Any] {
        var m: [String: Any] = [
            "energy_j": number(r.energy_j), "latency_s": number(r.latency_s), "area_mm2": number(r.area_mm2),
            "edap_j_s_mm2": number(r.edap_j_s_mm2), "tops_per_w": number(r.topsPerW),
            "tops_per_mm2": number(r.topsPerMM2), "top1_percent": number(r.top1_percent),
            "accuracy_score": number(r.accuracyScore), "macs": number(r.macs),
            "mean_layer_tops_per_w": number(r.meanLayerTOPSPerW), "mean_layer_tops_per_mm2": number(r.meanLayerTOPSPerMM2),
        ]
        if let objective { m["objective"] = number(objective) }
        return m
    }

    /// The original's result key (`A_…`) for a MobileNetV2 design, else its canonical key.
    static func key(_ d: Design) -> String {
        if let spec = d.network.subnet { return CIMNASKey(hardware: d.hardware, subnet: spec).description }
        return d.canonicalKey
    }

    /// The original's result key (`A_…`) of a MobileNetV2 design; null for other networks.
    static func cimnasKey(_ d: Design) -> Any {
        d.network.subnet.map { CIMNASKey(hardware: d.hardware, subnet: $0).description as Any } ?? NSNull()
    }

    /// The headline gains over the baseline (dimensionless).
    static func ratios(_ r: BaselineRatios) -> [String: Any] {
        ["edap_reduction": number(r.edapReduction), "tops_per_w_gain": number(r.topsPerW), "tops_per_mm2_gain": number(r.topsPerMM2)]
    }

    /// One entry with its one feasibility verdict: `feasible` and `infeasible_reasons` (empty when feasible).
    static func entry(_ design: Design, _ record: DesignResult, objective: Double?, constraints: SearchConstraints?,
                      feasible: Bool? = nil) -> [String: Any] {
        var reasons = reasonsInfeasible(record, constraints: constraints)
        let verdict = feasible ?? reasons.isEmpty
        if !verdict && reasons.isEmpty { reasons = ["violates a constraint"] }
        return ["cimnas_key": cimnasKey(design), "design_key": design.canonicalKey, "metrics": metrics(record, objective: objective),
                "feasible": verdict, "infeasible_reasons": verdict ? [] : reasons]
    }

    static func json(_ o: SearchOutcome, baseline: DesignResult, baselineDesign: Design = CIMNASBaseline.design,
                     ratios: BaselineRatios) throws -> String {
        var object: [String: Any] = [
            "run_id": o.runID.map { $0 as Any } ?? NSNull(),
            "algorithm": o.settings.algorithm.rawValue,
            "best": entry(o.best.design, o.best.record, objective: o.bestObjective, constraints: o.settings.constraints, feasible: o.bestIsFeasible),
            // The baseline is the reference chip, not held to the search's constraints.
            "baseline": entry(baselineDesign, baseline, objective: nil, constraints: nil),
            "ratios": Self.ratios(ratios),
            "evaluations": o.evaluations,
            "cache": JSONOutput.cache(design: (o.cache.designHits, o.cache.designMisses),
                                      layer: (o.cache.layerHits, o.cache.layerMisses),
                                      prediction: (o.cache.predictionHits, o.cache.predictionMisses)),
            "elapsed_s": o.seconds,
        ]
        if ((try? o.settings.searchSpace()).map(SRAMExperiment.isSRAMSpace) ?? false) {
            object["sram_macro"] = o.settings.sramMacroDesign.rawValue
            object["baseline_macro"] = SRAMMacroDesign.sinangil.rawValue
        }
        if o.settings.algorithm == .nsga2 {
            object["pareto"] = o.pareto.map { entry($0.design, $0.record, objective: nil, constraints: o.settings.constraints) }
        }
        return JSONOutput.render(object)
    }

    static func fmt(_ x: Double, _ digits: Int = 4) -> String {
        x.isFinite ? String(format: "%.\(digits)g", x) : "—"
    }

    /// Readable hardware knobs.
    static func hardware(_ h: HardwareConfig) -> String {
        let glbMB = Double(h.glbDepth) * 2048 / 8 / 1024 / 1024
        return "\(fmt(h.voltage_v, 3)) V, \(h.bitsPerCell) b/cell, \(fmt(h.baseLatency_s * 1e9, 3)) ns, "
            + "\(h.rows)×\(h.cols) crossbars, router group \(h.routerGroup) × \(h.tilesPerChip) tiles × \(h.macrosPerTile) macros, "
            + "GLB \(h.glbDepth) words (\(fmt(glbMB, 3)) MB); \(fmt(h.technology_nm, 3)) nm, "
            + "\(h.adcBits)-bit \(h.adcModel.rawValue) ADC, \(fmt(h.readPulseWidth_s * 1e9, 3)) ns read pulse"
    }

    /// Readable network and quantization policy, active blocks only.
    static func network(_ s: SubnetSpec) -> [(String, String)] {
        let active = (0..<SubnetSpec.blockCount).filter { s.isActive(block: $0) }
        func list(_ v: [Int]) -> String { active.map { String(v[$0]) }.joined(separator: " ") }
        let expand = active.map { fmt(MobileNetV2Supernet.blocks[$0].expandRatio(index: s.expandIndices[$0]), 3) }
        return [
            ("depths", s.depths.prefix(5).map(String.init).joined(separator: " ") + " (+1 block in stage 6)"),
            ("blocks", "\(active.count) active of \(SubnetSpec.blockCount): " + active.map(String.init).joined(separator: " ")),
            ("kernels", list(s.kernels)),
            ("expand", expand.joined(separator: " ")),
            ("pw bits w/a", active.map { "\(s.pwWeightBits[$0])/\(s.pwActivationBits[$0])" }.joined(separator: " ")),
            ("dw bits w/a", active.map { "\(s.dwWeightBits[$0])/\(s.dwActivationBits[$0])" }.joined(separator: " ")),
        ]
    }

    /// Which constraints the best design breaks, with the numbers (e.g. `area 996.6 mm² > 800 mm²`).
    static func violations(_ o: SearchOutcome) -> String {
        let parts = reasonsInfeasible(o.best.record, constraints: o.settings.constraints)
        return parts.isEmpty ? "violates a constraint" : parts.joined(separator: "; ")
    }

    /// Why a result is infeasible: the model's reason (no legal mapping, …), then each broken constraint.
    static func reasonsInfeasible(_ r: DesignResult, constraints c: SearchConstraints?) -> [String] {
        var parts: [String] = []
        if let reason = r.infeasibleReason { parts.append(reason) }
        if let c {
            if let m = c.maxArea_mm2, r.area_mm2 > m { parts.append("area \(fmt(r.area_mm2, 4)) mm² > \(fmt(m, 4)) mm²") }
            if let m = c.minTop1_percent, r.top1_percent < m { parts.append("top-1 \(fmt(r.top1_percent, 4)) % < \(fmt(m, 4)) %") }
            if let m = c.maxLatency_s, r.latency_s > m { parts.append("latency \(fmt(r.latency_s, 4)) s > \(fmt(m, 4)) s") }
            if let m = c.maxEnergy_j, r.energy_j > m { parts.append("energy \(fmt(r.energy_j, 4)) J > \(fmt(m, 4)) J") }
        }
        if r.capacityShortfallCells > 0 && r.infeasibleReason == nil {
            parts.append("weights need \(r.capacityShortfallCells) more crossbar cells than the chip has")
        }
        return parts
    }

    /// What the objective value is, with its unit (the search minimises it).
    static func objectiveNote(_ spec: ObjectiveSpec) -> String {
        switch spec {
        case .scalar(let o):
            let units: [SearchObjective: String] = [.e: "J", .l: "s", .a: "cm²", .ela: "J·s·cm²", .el: "J·s",
                                                    .e_acc: "J", .l_acc: "s", .a_acc: "cm²", .ela_acc: "J·s·cm²", .el_acc: "J·s"]
            let unit = units[o] ?? ""
            return o.rawValue.hasSuffix("_acc") ? "\(o.rawValue): \(o.summary) fraction, \(unit)" : "\(o.rawValue): \(unit)"
        case .pareto(let metrics):
            guard let first = metrics.first else { return "" }
            let unit = [ParetoMetric.energy: "J", .latency: "s", .area: "cm²", .accuracy: "−top-1 %"][first] ?? ""
            return "nsga2: first objective, \(first.rawValue), \(unit)"
        }
    }

    static func table(_ o: SearchOutcome, baseline: DesignResult, ratios: BaselineRatios, workers: Int) -> String {
        var out: [String] = []
        let c = o.cache
        let designLookups = max(1, c.designHits + c.designMisses)
        let layerLookups = max(1, c.layerHits + c.layerMisses)
        let objectiveName: String
        switch o.settings.objective {
        case .scalar(let s): objectiveName = s.rawValue
        case .pareto(let m): objectiveName = m.map(\.rawValue).joined(separator: ",")
        }
        out.append("run \(o.runID.map(String.init) ?? "-")  \(o.settings.algorithm.rawValue)  space \(o.settings.space)  "
            + "objective \(objectiveName)  seed \(o.settings.options.seed)  compat \(o.settings.mode.rawValue)")
        out.append("\(o.evaluations) evaluations in \(fmt(o.seconds, 3)) s on \(workers) workers; cache hits: designs "
            + String(format: "%.1f %%", 100 * Double(c.designHits) / Double(designLookups))
            + ", layers " + String(format: "%.1f %%", 100 * Double(c.layerHits) / Double(layerLookups))
            + " (\(c.layerMisses) layers evaluated), predictions \(c.predictionHits) of \(c.predictionHits + c.predictionMisses) networks")
        out.append("")
        out.append("best design" + (o.bestIsFeasible ? "" : " (INFEASIBLE: \(violations(o)))"))
        out.append("  key          \(key(o.best.design))")
        if o.best.design.cellType == "sram" {
            let h = o.best.design.hardware
            out.append("  hardware     SRAM macros \(h.rows)×\(h.cols), ADC \(h.adcBits) b, \(fmt(h.voltage_v, 3)) V, \(fmt(h.technology_nm, 3)) nm, "
                + "\(h.routerGroup * h.tilesPerChip) tiles × \(h.macrosPerTile) macros, GLB \(h.glbDepth) words")
        } else {
            out.append("  hardware     \(hardware(o.best.design.hardware))")
        }
        if let s = o.best.design.network.subnet {
            for (k, v) in network(s) { out.append("  " + k.padding(toLength: 13, withPad: " ", startingAt: 0) + v) }
        }
        out.append("")
        let b = o.best.record
        let rows: [(String, Double, Double, String)] = [
            ("energy (J)", b.energy_j, baseline.energy_j, ""),
            ("latency (s)", b.latency_s, baseline.latency_s, ""),
            ("area (mm²)", b.area_mm2, baseline.area_mm2, ""),
            ("EDAP (J·s·mm²)", b.edap_j_s_mm2, baseline.edap_j_s_mm2, "EDAP reduction \(fmt(ratios.edapReduction, 4))×"),
            ("TOPS/W", b.topsPerW, baseline.topsPerW, "TOPS/W gain \(fmt(ratios.topsPerW, 4))×"),
            ("TOPS/mm²", b.topsPerMM2, baseline.topsPerMM2, "TOPS/mm² gain \(fmt(ratios.topsPerMM2, 4))×"),
            ("top-1 (%)", b.top1_percent, baseline.top1_percent, ""),
            ("accuracy score", b.accuracyScore, baseline.accuracyScore, ""),
        ]
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        out.append(pad("metric", 18) + pad("best", 14) + pad("baseline", 14) + "vs baseline")
        for (name, x, y, note) in rows {
            out.append(pad(name, 18) + pad(fmt(x), 14) + pad(fmt(y), 14) + note)
        }
        out.append(pad("objective", 18) + pad(fmt(o.bestObjective), 28) + objectiveNote(o.settings.objective))
        if ((try? o.settings.searchSpace()).map(SRAMExperiment.isSRAMSpace) ?? false) {
            out.append("baseline: ResNet50, 8-bit, on the default SRAM macro chip (Sinangil 64×64, 4-bit ADC, 0.8 V, 7 nm, 64 macros × 1024 tiles) for every macro; designs use \(o.settings.sramMacroDesign.shortName) macros (\(o.settings.sramMacroDesign.rawValue))")
        } else if let network = try? o.settings.searchSpace().network, network != "mobilenetv2" {
            out.append("baseline: \(network) at its workload CSV's bits on the CIMNAS default chip")
        } else {
            out.append("baseline: standard MobileNetV2 (d 2,3,4,3,3,1, k3, e6, 8-bit) on the CIMNAS default chip")
        }
        if o.settings.algorithm == .nsga2 {
            out.append("")
            out.append("Pareto front: \(o.pareto.count) designs")
            out.append(pad("energy (J)", 14) + pad("latency (s)", 14) + pad("area (mm²)", 14) + pad("top-1 (%)", 11) + "key")
            for p in o.pareto.sorted(by: { $0.record.energy_j < $1.record.energy_j }) {
                let r = p.record
                out.append(pad(fmt(r.energy_j), 14) + pad(fmt(r.latency_s), 14) + pad(fmt(r.area_mm2), 14)
                    + pad(fmt(r.top1_percent), 11) + key(p.design))
            }
        }
        return out.joined(separator: "\n")
    }
}
