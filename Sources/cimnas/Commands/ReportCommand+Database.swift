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

/// Reads one search run's report data from the design database with plain SQL over schema 001.
struct RunReportLoader {
    let db: Database

    /// Knob columns of `hw_config` and their display names, in panel order.
    static let knobColumns: [(column: String, title: String)] = [
        ("voltage_v", "voltage (V)"), ("bits_per_cell", "bits/cell"), ("base_latency_s", "base latency (s)"),
        ("rows", "rows"), ("cols", "cols"), ("router_group", "router group"), ("tiles_per_chip", "tiles/chip"),
        ("macros_per_tile", "macros/tile"), ("glb_depth", "glb depth (k words)"), ("adc_bits", "ADC bits"),
    ]

    func load(runID: Int64) throws -> RunReportData {
        guard let run = try db.query("SELECT algorithm, space, seed, status, model_version, predictor_version, generations_done, settings_json FROM search_run WHERE id = ?1",
                                     [.integer(runID)]).first else {
            throw CLIError("run \(runID): no such search run in the database")
        }
        let modelVersion = run[4].string ?? ""
        let generations = try convergence(runID: runID)
        let designs = try runDesigns(runID: runID)
        let bestID = try bestDesignID(runID: runID)
        var data = RunReportData(
            title: "CIMNAS report — search run \(runID) (\(run[0].string ?? "?"))",
            designs: designs.map(\.summary), generations: generations,
            objectiveTitle: Self.objectiveTitle(settingsJSON: run[7].string ?? ""),
            bestKey: bestID.map { "#\($0)" },
            knobOrder: Self.knobColumns.map(\.title),
            facts: [("algorithm", run[0].string ?? ""), ("space", run[1].string ?? ""), ("seed", run[2].description),
                    ("status", run[3].string ?? ""), ("generations done", run[6].description),
                    ("model version", modelVersion), ("predictor version", run[5].string ?? "")])
        if let bestID, let best = designs.first(where: { $0.id == bestID }) {
            data.baseline = try baseline(networkID: best.networkID, modelVersion: modelVersion, excluding: bestID)
            var (layers, note) = try designLayerEnergies(designID: bestID)
            if layers.isEmpty {
                // Layer rows carry the design's model version without its `;mode=` suffix.
                let layerVersion = modelVersion.range(of: ";mode=", options: .backwards).map { String(modelVersion[..<$0.lowerBound]) }
                (layers, note) = try layerEnergies(hwConfigID: best.hwConfigID, modelVersion: layerVersion ?? modelVersion)
            }
            data.layerEnergies = layers
            data.layerNote = note
            data.areaBreakdown = try areaBreakdown(hwConfigID: best.hwConfigID)
            if data.areaBreakdown.isEmpty {
                data.areaBreakdown = try computedAreaBreakdown(hwConfigID: best.hwConfigID, designArea_mm2: best.summary.area_mm2)
            }
        }
        data.knobSensitivity = try knobSensitivity(modelVersion: modelVersion)
        return data
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

    /// Best and mean objective over feasible members, and the feasible fraction, per generation.
    func convergence(runID: Int64) throws -> [GenerationStats] {
        let rows = try db.query("""
            SELECT generation,
                   min(CASE WHEN constraint_violation <= 0 THEN objective END),
                   avg(CASE WHEN constraint_violation <= 0 THEN objective END),
                   avg(CASE WHEN constraint_violation <= 0 AND objective IS NOT NULL THEN 1.0 ELSE 0.0 END)
            FROM search_member WHERE run_id = ?1 GROUP BY generation ORDER BY generation
            """, [.integer(runID)])
        return rows.map {
            GenerationStats(generation: Int($0[0].int64 ?? 0), best: $0[1].double ?? .nan, mean: $0[2].double ?? .nan,
                            feasibleFraction: $0[3].double ?? 0)
        }
    }

    struct StoredDesign {
        var id: Int64
        var hwConfigID: Int64
        var networkID: Int64
        var summary: DesignSummary
    }

    /// The run's feasible designs with energy and latency, with their hardware knobs.
    func runDesigns(runID: Int64) throws -> [StoredDesign] {
        let knobs = Self.knobColumns.map { "h." + $0.column }.joined(separator: ", ")
        let rows = try db.query("""
            SELECT d.id, d.hw_config_id, d.network_id, d.energy_j, d.latency_s, coalesce(d.area_mm2, h.area_mm2),
                   d.top1_percent, \(knobs)
            FROM design d JOIN hw_config h ON h.id = d.hw_config_id
            WHERE d.id IN (SELECT design_id FROM search_member WHERE run_id = ?1)
              AND d.feasible = 1 AND d.energy_j IS NOT NULL AND d.latency_s IS NOT NULL
            ORDER BY d.id
            """, [.integer(runID)])
        return rows.map { r in
            var knobValues: [String: Double] = [:]
            for (i, k) in Self.knobColumns.enumerated() { if let v = r[7 + i].double { knobValues[k.title] = v } }
            let id = r[0].int64 ?? 0
            return StoredDesign(id: id, hwConfigID: r[1].int64 ?? 0, networkID: r[2].int64 ?? 0, summary: DesignSummary(
                key: "#\(id)", energy_j: r[3].double ?? .nan, latency_s: r[4].double ?? .nan, area_mm2: r[5].double ?? .nan,
                accuracy_pct: r[6].double, knobs: knobValues))
        }
    }

    /// The feasible member with the lowest objective over the whole run.
    func bestDesignID(runID: Int64) throws -> Int64? {
        try db.scalar("""
            SELECT m.design_id FROM search_member m JOIN design d ON d.id = m.design_id
            WHERE m.run_id = ?1 AND m.constraint_violation <= 0 AND m.objective IS NOT NULL AND d.feasible = 1
            ORDER BY m.objective, m.generation, m.slot LIMIT 1
            """, [.integer(runID)])?.int64
    }

    /// The design on the CIMNAS default chip: the chosen design's network if stored, else the lowest-EDAP one.
    func baseline(networkID: Int64, modelVersion: String, excluding: Int64) throws -> DesignSummary? {
        let h = HardwareConfig.cimnasDefault
        let rows = try db.query("""
            SELECT d.id, d.energy_j, d.latency_s, coalesce(d.area_mm2, c.area_mm2), d.top1_percent
            FROM design d JOIN hw_config c ON c.id = d.hw_config_id
            WHERE c.voltage_v = ?1 AND c.bits_per_cell = ?2 AND c.base_latency_s = ?3 AND c.rows = ?4 AND c.cols = ?5
              AND c.router_group = ?6 AND c.tiles_per_chip = ?7 AND c.macros_per_tile = ?8 AND c.glb_depth = ?9
              AND c.adc_bits = ?10 AND d.model_version = ?11 AND d.feasible = 1 AND d.id <> ?12
              AND d.energy_j IS NOT NULL AND d.latency_s IS NOT NULL
            ORDER BY d.network_id <> ?13, d.edap_j_s_mm2 LIMIT 1
            """, [.real(h.voltage_v), .integer(Int64(h.bitsPerCell)), .real(h.baseLatency_s), .integer(Int64(h.rows)),
                  .integer(Int64(h.cols)), .integer(Int64(h.routerGroup)), .integer(Int64(h.tilesPerChip)),
                  .integer(Int64(h.macrosPerTile)), .integer(Int64(h.glbDepth)), .integer(Int64(h.adcBits)),
                  .text(modelVersion), .integer(excluding), .integer(networkID)])
        guard let r = rows.first else { return nil }
        return DesignSummary(key: "baseline #\(r[0].description)", energy_j: r[1].double ?? .nan,
                             latency_s: r[2].double ?? .nan, area_mm2: r[3].double ?? .nan, accuracy_pct: r[4].double)
    }

    /// The chosen design's own layers in network order (`network_layer`, schema 005) with their cached
    /// energies on its chip, split into the report's six components; empty when the sequence is not stored.
    ///
    /// `design.model_version` is the layer cache's model version plus `;mode=NAME`: the mode picks the
    /// layer sequence (bits as the cost model sees them) and the rest matches `layer_eval.model_version`.
    func designLayerEnergies(designID: Int64) throws -> ([LayerEnergy], String) {
        guard let d = try db.query("SELECT network_id, quant_policy_key, model_version, hw_config_id FROM design WHERE id = ?1",
                                   [.integer(designID)]).first,
              let version = d[2].string, let range = version.range(of: ";mode=", options: .backwards) else { return ([], "") }
        let layerVersion = String(version[..<range.lowerBound])
        let mode = String(version[range.upperBound...])
        let rows = try db.query("""
            SELECT nl.position, nl.name, s.kind, s.c, s.m, s.r, s.s, nl.weight_bits, nl.input_bits,
                   e.cim_unit_energy_j, e.row_drivers_energy_j + e.column_drivers_energy_j, e.adc_energy_j,
                   e.input_buffer_energy_j + e.output_buffer_energy_j, e.router_energy_j, e.glb_energy_j
            FROM network_layer nl JOIN layer_shape s ON s.id = nl.layer_shape_id
            LEFT JOIN layer_eval e ON e.hw_config_id = ?4 AND e.layer_shape_id = nl.layer_shape_id
                AND e.input_bits = nl.input_bits AND e.weight_bits = nl.weight_bits
                AND e.histogram_key = nl.histogram_key AND e.model_version = ?5
            WHERE nl.network_id = ?1 AND nl.quant_policy_key = ?2 AND nl.compat_mode = ?3
            ORDER BY nl.position
            """, [d[0], d[1], .text(mode), d[3], .text(layerVersion)])
        let layers = rows.map { r in
            let label = (r[1].string ?? "").isEmpty ? "\(r[0].description) \(r[2].description)" : (r[1].string ?? "")
            let name = "\(label) \(r[3].description)→\(r[4].description) \(r[5].description)×\(r[6].description) w\(r[7].description)a\(r[8].description)"
            return LayerEnergy(layer: name, energies_j: (9..<15).map { r[$0].double ?? 0 })
        }
        let missing = rows.filter { $0[9].double == nil }.count
        var note = "The chosen design's \(layers.count) layers in network order (network \(d[0].description), quantization \(d[1].description), mode \(mode)); labels: name, C→M, R×S, weight/activation bits."
        if missing > 0 { note += " \(missing) layers have no cached evaluation and show no energy." }
        return (layers, note)
    }

    /// `layer_eval` rows of the chosen hardware, split into the report's six components.
    ///
    /// The fallback for databases without the design's `network_layer` rows: every cached layer evaluation
    /// of the chosen chip under the run's model version, in layer-shape order.
    func layerEnergies(hwConfigID: Int64, modelVersion: String) throws -> ([LayerEnergy], String) {
        let rows = try db.query("""
            SELECT s.kind, s.c, s.m, s.r, s.s, s.p, s.q, e.weight_bits, e.input_bits,
                   e.cim_unit_energy_j, e.row_drivers_energy_j + e.column_drivers_energy_j, e.adc_energy_j,
                   e.input_buffer_energy_j + e.output_buffer_energy_j, e.router_energy_j, e.glb_energy_j
            FROM layer_eval e JOIN layer_shape s ON s.id = e.layer_shape_id
            WHERE e.hw_config_id = ?1 AND e.model_version = ?2 AND e.feasible = 1
            ORDER BY e.layer_shape_id, e.weight_bits, e.input_bits, e.histogram_key
            """, [.integer(hwConfigID), .text(modelVersion)])
        let layers = rows.enumerated().map { i, r in
            let name = "\(i) \(r[0].description) \(r[1].description)→\(r[2].description) \(r[3].description)×\(r[4].description) w\(r[7].description)a\(r[8].description)"
            return LayerEnergy(layer: name, energies_j: (9..<15).map { r[$0].double ?? 0 })
        }
        let note = "\(layers.count) cached layer evaluations of the chosen design's hardware (hw_config \(hwConfigID)), in layer-shape order; labels: index, kind, C→M, R×S, weight/activation bits."
        return (layers, note)
    }

    /// Chip area by component from `hw_config`, or empty when the area was never computed.
    func areaBreakdown(hwConfigID: Int64) throws -> [(component: String, area_mm2: Double)] {
        guard let r = try db.query("""
            SELECT cell_area_mm2, row_drivers_area_mm2 + coalesce(column_drivers_area_mm2, 0), adc_area_mm2,
                   input_buffer_area_mm2 + output_buffer_area_mm2, router_area_mm2, glb_area_mm2
            FROM hw_config WHERE id = ?1 AND area_mm2 IS NOT NULL
            """, [.integer(hwConfigID)]).first else { return [] }
        return zip(RunReportData.energyComponents, r).map { ($0, $1.double ?? 0) }
    }

    /// The breakdown recomputed with the shipped 32 nm component model when `hw_config` has none (searches store
    /// only the design's total area); used only when its total reproduces the design's stored area, so a chip
    /// evaluated with other technology tables or another cell model gets no chart rather than a wrong one.
    func computedAreaBreakdown(hwConfigID: Int64, designArea_mm2: Double) throws -> [(component: String, area_mm2: Double)] {
        guard designArea_mm2.isFinite, designArea_mm2 > 0,
              let row = try HardwareConfigStore(db).row(id: hwConfigID), row.cell == HardwareConfigStore.defaultCell,
              let components = try? ComponentModel.default32nm() else { return [] }
        let chip = CostModel(components: components).chipArea(row.config)
        guard abs(chip.area_mm2 - designArea_mm2) <= 1e-9 * designArea_mm2 else { return [] }
        let a = chip.components_mm2
        let values = [a.cimUnit, a.rowDrivers + a.columnDrivers, a.adc, a.inputBuffer + a.outputBuffer, a.router, a.glb]
        return zip(RunReportData.energyComponents, values).map { ($0, $1) }
    }

    /// Best EDAP per value of each knob over all stored feasible designs of the run's model version.
    func knobSensitivity(modelVersion: String) throws -> [KnobPanel] {
        try Self.knobColumns.compactMap { knob in
            let rows = try db.query("""
                SELECT h.\(knob.column), min(d.edap_j_s_mm2) FROM design d JOIN hw_config h ON h.id = d.hw_config_id
                WHERE d.feasible = 1 AND d.model_version = ?1 AND d.edap_j_s_mm2 IS NOT NULL
                GROUP BY h.\(knob.column) ORDER BY h.\(knob.column)
                """, [.text(modelVersion)])
            // A knob that never varied says nothing about sensitivity.
            guard rows.count > 1 else { return nil }
            // GLB depths (2048…131072 words) print as 2k…128k: six-digit labels overlap in a small panel.
            let label = { (v: Double) -> String in
                knob.column == "glb_depth" && v >= 1024 && v.truncatingRemainder(dividingBy: 1024) == 0
                    ? "\(Int(v) / 1024)k" : NumberFormat.short(v)
            }
            return KnobPanel(knob: knob.title, valueLabels: rows.map { label($0[0].double ?? .nan) },
                             best: rows.map { $0[1].double ?? .nan })
        }
    }
}
