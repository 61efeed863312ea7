import CIMData
import CIMHardware
import CIMReport
import struct CIMSearch.SearchSettings
import DesignDB
import Foundation

extension ReportCommand {
    /// Builds the report from the design database (run id or named query), opened read-only.
    func databaseReport() throws -> HTMLReport {
        let path = global.databasePath
        var arguments: [String: String] = [:]
        for p in param {
            let eq = p.firstIndex(of: "=")!   // validate() checked the form
            arguments[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        // Usage problems with the query come before touching the database.
        var named: NamedQuery?
        if let query {
            do {
                let q = try NamedQuery.named(query)
                _ = try q.values(arguments)
                named = q
            } catch let problem as NamedQuery.Problem {
                throw problem.isUsage ? CLIError.usage(problem.message) : CLIError(problem.message)
            }
        }
        try DatabaseAccess.requireExisting(path)
        let db = try DatabaseAccess.open(path, mode: .readOnly)
        do {
            if let named {
                let result = try named.run(db, arguments: arguments)
                let rows = result.rows.map { $0.map(QueryValue.init) }
                return QueryReport.html(name: named.name, parameters: arguments.keys.sorted().map { ($0, arguments[$0]!) },
                                        columns: result.columns, rows: rows, colorByAccuracy: color == .accuracy,
                                        subtitle: "Database \(path)")
            }
            var data = try RunReportLoader(db: db).load(runID: Int64(runID ?? 0))
            data.colorByAccuracy = color == .accuracy
            data.subtitle = "Search run \(runID ?? 0) in \(path)"
            return RunReport.html(data)
        } catch let problem as NamedQuery.Problem {
            throw CLIError(problem.message)
        } catch let error as DatabaseError {
            throw CLIError("--db \(path): \(error.description)")
        }
    }
}

extension QueryValue {
    init(_ value: SQLValue) {
        switch value {
        case .null: self = .null
        case let .integer(i): self = .integer(i)
        case let .real(d): self = .real(d)
        case let .text(t): self = .text(t)
        case let .blob(b): self = .text("\(b.count) bytes")
        }
    }
}

/// One search run's report data, read through `RunReportStore` and `SearchRunStore`.
struct RunReportLoader {
    let db: Database

    /// Display names of the knob panels, in panel order.
    static let knobTitles: [(knob: HardwareKnob, title: String)] = [
        (.voltage_v, "voltage (V)"), (.bits_per_cell, "bits/cell"), (.base_latency_s, "base latency (s)"),
        (.rows, "rows"), (.cols, "cols"), (.router_group, "router group"), (.tiles_per_chip, "tiles/chip"),
        (.macros_per_tile, "macros/tile"), (.glb_depth, "glb depth (k words)"), (.adc_bits, "ADC bits"),
    ]

    func load(runID: Int64) throws -> RunReportData {
        guard let run = try SearchRunStore(db).run(id: runID) else {
            throw CLIError("run \(runID): no such search run in the database")
        }
        let store = RunReportStore(db)
        let modelVersion = run.modelVersion
        let generations = try store.convergence(runID: runID).map {
            GenerationStats(generation: $0.generation, best: $0.bestObjective ?? .nan, mean: $0.meanObjective ?? .nan,
                            feasibleFraction: $0.feasibleFraction)
        }
        let designs = try store.memberDesigns(runID: runID)
        let bestID = try store.bestMemberDesignID(runID: runID)
        var data = RunReportData(
            title: "CIMNAS report — search run \(runID) (\(run.algorithm))",
            designs: designs.map { Self.summary($0, key: "#\($0.id)") }, generations: generations,
            objectiveTitle: Self.objectiveTitle(settingsJSON: run.settingsJSON),
            bestKey: bestID.map { "#\($0)" },
            knobOrder: Self.knobTitles.map(\.title),
            facts: [("algorithm", run.algorithm), ("space", run.space), ("seed", String(run.seed)),
                    ("status", run.status.rawValue), ("generations done", String(run.generationsDone)),
                    ("model version", modelVersion), ("predictor version", run.predictorVersion)])
        if let bestID, let best = designs.first(where: { $0.id == bestID }) {
            data.baseline = try store.baseline(on: .cimnasDefault, modelVersion: modelVersion, excluding: bestID,
                                               preferredNetworkID: best.networkID)
                .map { Self.summary($0, key: "baseline #\($0.id)") }
            if let own = try store.designLayers(designID: bestID) {
                data.layerEnergies = own.layers.map { l in
                    let label = l.name.isEmpty ? "\(l.position) \(l.kind)" : l.name
                    return LayerEnergy(layer: "\(label) \(Self.shapeLabel(l))", energies_j: Self.reportEnergies(l.components_j))
                }
                var note = "The chosen design's \(own.layers.count) layers in network order (network \(own.networkID), quantization \(own.quantPolicyKey), mode \(own.mode)); labels: name, C→M, R×S, weight/activation bits."
                let missing = own.layers.filter { $0.components_j == nil }.count
                if missing > 0 { note += " \(missing) layers have no cached evaluation and show no energy." }
                data.layerNote = note
            }
            if data.layerEnergies.isEmpty {
                // Layer rows carry the design's model version without its compat mode.
                let layers = try store.chipLayers(hwConfigID: best.hwConfigID,
                                                  modelVersion: ModelVersion(parsing: modelVersion).withoutMode.encoded)
                data.layerEnergies = layers.map {
                    LayerEnergy(layer: "\($0.position) \($0.kind) \(Self.shapeLabel($0))", energies_j: Self.reportEnergies($0.components_j))
                }
                data.layerNote = "\(layers.count) cached layer evaluations of the chosen design's hardware (hw_config \(best.hwConfigID)), in layer-shape order; labels: index, kind, C→M, R×S, weight/activation bits."
            }
            let chip = try HardwareConfigStore(db).row(id: best.hwConfigID)
            if let area = chip?.area {
                let values = [area.cell_area_mm2, area.row_drivers_area_mm2 + area.column_drivers_area_mm2, area.adc_area_mm2,
                              area.input_buffer_area_mm2 + area.output_buffer_area_mm2, area.router_area_mm2, area.glb_area_mm2]
                data.areaBreakdown = zip(RunReportData.energyComponents, values).map { ($0, $1) }
            } else if let chip {
                data.areaBreakdown = Self.computedAreaBreakdown(chip, designArea_mm2: best.area_mm2 ?? .nan)
            }
        }
        data.knobSensitivity = try knobSensitivity(store, modelVersion: modelVersion)
        return data
    }

    static func summary(_ d: ReportDesignRow, key: String) -> DesignSummary {
        var knobs: [String: Double] = [:]
        for (knob, title) in knobTitles { if let v = d.knobs[knob] { knobs[title] = v } }
        return DesignSummary(key: key, energy_j: d.energy_j ?? .nan, latency_s: d.latency_s ?? .nan,
                             area_mm2: d.area_mm2 ?? .nan, accuracy_pct: d.top1_percent, knobs: knobs)
    }

    /// `C→M R×S wWaA`.
    static func shapeLabel(_ l: ReportLayerRow) -> String { "\(l.c)→\(l.m) \(l.r)×\(l.s) w\(l.weightBits)a\(l.inputBits)" }

    /// The report's six energy groups (`RunReportData.energyComponents`): CIM unit, drivers, ADC, buffers,
    /// router, GLB; zeros for a layer without a cached evaluation.
    static func reportEnergies(_ c: ComponentValues?) -> [Double] {
        guard let c else { return Array(repeating: 0, count: 6) }
        return [c.cimUnit, c.rowDrivers + c.columnDrivers, c.adc, c.inputBuffer + c.outputBuffer, c.router, c.glb]
    }

    /// The convergence chart's y-axis title: the objective the run minimised, from `search_run.settings_json`.
    static func objectiveTitle(settingsJSON: String) -> String {
        guard let settings = try? SearchSettings.fromJSON(settingsJSON) else { return "objective (lower is better)" }
        switch settings.objective {
        case .scalar(let o):
            let units = ["e": "J", "l": "s", "a": "cm²", "ela": "J·s·cm²", "el": "J·s"]
            let base = o.rawValue.replacingOccurrences(of: "_acc", with: "")
            let unit = units[base] ?? ""
            let perAccuracy = o.rawValue.hasSuffix("_acc") ? " ÷ accuracy" : ""
            return "objective \(o.rawValue) (\(unit)\(perAccuracy), lower is better)"
        case .pareto(let metrics):
            let names = metrics.map(\.rawValue).joined(separator: ", ")
            return "objective \(metrics.first?.rawValue ?? "?") (first of Pareto metrics \(names), lower is better)"
        }
    }

    /// The breakdown recomputed with the shipped 32 nm component model when `hw_config` has none (searches store
    /// only the design's total area); used only when its total reproduces the design's stored area, so a chip
    /// evaluated with other technology tables or another cell model gets no chart rather than a wrong one.
    static func computedAreaBreakdown(_ row: HardwareConfigRow, designArea_mm2: Double) -> [(component: String, area_mm2: Double)] {
        guard designArea_mm2.isFinite, designArea_mm2 > 0, row.cell == HardwareConfigStore.defaultCell,
              let components = try? ComponentModel.default32nm() else { return [] }
        let chip = CostModel(components: components).chipArea(row.config)
        guard abs(chip.area_mm2 - designArea_mm2) <= 1e-9 * designArea_mm2 else { return [] }
        return zip(RunReportData.energyComponents, reportEnergies(chip.components_mm2)).map { ($0, $1) }
    }

    /// Best EDAP per value of each knob over all stored feasible designs of the run's model version.
    func knobSensitivity(_ store: RunReportStore, modelVersion: String) throws -> [KnobPanel] {
        try Self.knobTitles.compactMap { knob, title in
            let rows = try store.bestEDAPByValue(of: knob, modelVersion: modelVersion)
            // A knob that never varied says nothing about sensitivity.
            guard rows.count > 1 else { return nil }
            // GLB depths (2048…131072 words) print as 2k…128k: six-digit labels overlap in a small panel.
            let label = { (v: Double) -> String in
                knob == .glb_depth && v >= 1024 && v.truncatingRemainder(dividingBy: 1024) == 0
                    ? "\(Int(v) / 1024)k" : NumberFormat.short(v)
            }
            return KnobPanel(knob: title, valueLabels: rows.map { label($0.value ?? .nan) },
                             best: rows.map { $0.edap_j_s_mm2 ?? .nan })
        }
    }
}
