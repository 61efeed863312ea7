import CIMHardware

/// A knob column of `hw_config` that reports group designs by.
public enum HardwareKnob: String, CaseIterable, Hashable, Sendable {
    case voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip, macros_per_tile, glb_depth,
         adc_bits

    /// The `hw_config` column (the raw value: only these names are ever put into SQL text).
    public var column: String { rawValue }
}

/// Objective statistics of one generation of a search run, over its feasible members.
public struct GenerationSummaryRow: Hashable, Sendable {
    public var generation: Int
    /// Lowest objective of a feasible member, nil when none is feasible.
    public var bestObjective: Double?
    /// Mean objective of the feasible members, nil when none is feasible.
    public var meanObjective: Double?
    /// Feasible members with an objective ÷ members, 0…1.
    public var feasibleFraction: Double

    public init(generation: Int, bestObjective: Double?, meanObjective: Double?, feasibleFraction: Double) {
        self.generation = generation
        self.bestObjective = bestObjective
        self.meanObjective = meanObjective
        self.feasibleFraction = feasibleFraction
    }
}

/// A stored design as a report shows it: metrics, accuracy and (for run members) its hardware knobs.
public struct ReportDesignRow: Hashable, Sendable {
    public var id: Int64
    public var hwConfigID: Int64
    public var networkID: Int64
    public var energy_j: Double?
    public var latency_s: Double?
    /// The design's area, or its chip's when the design row has none.
    public var area_mm2: Double?
    public var top1_percent: Double?
    /// Knob values of the design's chip (empty for a baseline).
    public var knobs: [HardwareKnob: Double]
}

/// One layer of a network with its cached per-component energies on one chip.
public struct ReportLayerRow: Hashable, Sendable {
    /// Position in the network (`network_layer.position`), or the row's index in a chip's cached layers.
    public var position: Int
    /// Layer name, "" when unnamed.
    public var name: String
    public var kind: String
    public var c: Int, m: Int, r: Int, s: Int
    public var weightBits: Int
    public var inputBits: Int
    /// Energy per component, J; nil when the layer has no cached evaluation on the chip.
    public var components_j: ComponentValues?
}

/// The layer sequence of one stored design (network × quantization policy × compat mode) with its energies.
public struct DesignLayersRow: Hashable, Sendable {
    public var networkID: Int64
    public var quantPolicyKey: String
    /// The compat mode of the design's model version.
    public var mode: String
    public var layers: [ReportLayerRow]
}

/// The read-only queries behind `cimnas report`: one search run's members, convergence, layers and knob panels.
public final class RunReportStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let convergenceSQL = """
        SELECT generation,
               min(CASE WHEN constraint_violation <= 0 THEN objective END),
               avg(CASE WHEN constraint_violation <= 0 THEN objective END),
               avg(CASE WHEN constraint_violation <= 0 AND objective IS NOT NULL THEN 1.0 ELSE 0.0 END)
        FROM search_member WHERE run_id = ?1 GROUP BY generation ORDER BY generation
        """
    static let memberDesignsSQL = """
        SELECT d.id, d.hw_config_id, d.network_id, d.energy_j, d.latency_s, coalesce(d.area_mm2, h.area_mm2),
               d.top1_percent, \(HardwareKnob.allCases.map { "h." + $0.column }.joined(separator: ", "))
        FROM design d JOIN hw_config h ON h.id = d.hw_config_id
        WHERE d.id IN (SELECT design_id FROM search_member WHERE run_id = ?1)
          AND d.feasible = 1 AND d.energy_j IS NOT NULL AND d.latency_s IS NOT NULL
        ORDER BY d.id
        """
    static let bestMemberSQL = """
        SELECT m.design_id FROM search_member m JOIN design d ON d.id = m.design_id
        WHERE m.run_id = ?1 AND m.constraint_violation <= 0 AND m.objective IS NOT NULL AND d.feasible = 1
        ORDER BY m.objective, m.generation, m.slot LIMIT 1
        """
    static let baselineSQL = """
        SELECT d.id, d.hw_config_id, d.network_id, d.energy_j, d.latency_s, coalesce(d.area_mm2, c.area_mm2), d.top1_percent
        FROM design d JOIN hw_config c ON c.id = d.hw_config_id
        WHERE c.voltage_v = ?1 AND c.bits_per_cell = ?2 AND c.base_latency_s = ?3 AND c.rows = ?4 AND c.cols = ?5
          AND c.router_group = ?6 AND c.tiles_per_chip = ?7 AND c.macros_per_tile = ?8 AND c.glb_depth = ?9
          AND c.adc_bits = ?10 AND d.model_version = ?11 AND d.feasible = 1 AND d.id <> ?12
          AND d.energy_j IS NOT NULL AND d.latency_s IS NOT NULL
        ORDER BY d.network_id <> ?13, d.edap_j_s_mm2 LIMIT 1
        """
    static let designLayerKeySQL = "SELECT network_id, quant_policy_key, model_version, hw_config_id FROM design WHERE id = ?1"
    static let energyColumns = """
        e.cim_unit_energy_j, e.row_drivers_energy_j, e.column_drivers_energy_j, e.adc_energy_j, e.input_buffer_energy_j,
        e.output_buffer_energy_j, e.router_energy_j, e.glb_energy_j
        """
    static let designLayersSQL = """
        SELECT nl.position, nl.name, s.kind, s.c, s.m, s.r, s.s, nl.weight_bits, nl.input_bits, \(energyColumns)
        FROM network_layer nl JOIN layer_shape s ON s.id = nl.layer_shape_id
        LEFT JOIN layer_eval e ON e.hw_config_id = ?4 AND e.layer_shape_id = nl.layer_shape_id
            AND e.input_bits = nl.input_bits AND e.weight_bits = nl.weight_bits
            AND e.histogram_key = nl.histogram_key AND e.model_version = ?5
        WHERE nl.network_id = ?1 AND nl.quant_policy_key = ?2 AND nl.compat_mode = ?3
        ORDER BY nl.position
        """
    static let chipLayersSQL = """
        SELECT 0, '', s.kind, s.c, s.m, s.r, s.s, e.weight_bits, e.input_bits, \(energyColumns)
        FROM layer_eval e JOIN layer_shape s ON s.id = e.layer_shape_id
        WHERE e.hw_config_id = ?1 AND e.model_version = ?2 AND e.feasible = 1
        ORDER BY e.layer_shape_id, e.weight_bits, e.input_bits, e.histogram_key
        """
    static func bestEDAPByKnobSQL(_ knob: HardwareKnob) -> String {
        """
        SELECT h.\(knob.column), min(d.edap_j_s_mm2) FROM design d JOIN hw_config h ON h.id = d.hw_config_id
        WHERE d.feasible = 1 AND d.model_version = ?1 AND d.edap_j_s_mm2 IS NOT NULL
        GROUP BY h.\(knob.column) ORDER BY h.\(knob.column)
        """
    }

    /// Best and mean objective over feasible members, and the feasible fraction, per generation.
    public func convergence(runID: Int64) throws -> [GenerationSummaryRow] {
        try db.query(Self.convergenceSQL, [.integer(runID)]).map {
            GenerationSummaryRow(generation: Int($0[0].int64 ?? 0), bestObjective: $0[1].double, meanObjective: $0[2].double,
                                 feasibleFraction: $0[3].double ?? 0)
        }
    }

    /// The run's feasible member designs with energy and latency, by id, with their chips' knobs.
    public func memberDesigns(runID: Int64) throws -> [ReportDesignRow] {
        try db.query(Self.memberDesignsSQL, [.integer(runID)]).map { r in
            var design = Self.design(r)
            for (i, k) in HardwareKnob.allCases.enumerated() { if let v = r[7 + i].double { design.knobs[k] = v } }
            return design
        }
    }

    private static func design(_ r: [SQLValue]) -> ReportDesignRow {
        ReportDesignRow(id: r[0].int64 ?? 0, hwConfigID: r[1].int64 ?? 0, networkID: r[2].int64 ?? 0, energy_j: r[3].double,
                        latency_s: r[4].double, area_mm2: r[5].double, top1_percent: r[6].double, knobs: [:])
    }

    /// The feasible member with the lowest objective over the whole run (ties: earliest generation, then slot).
    public func bestMemberDesignID(runID: Int64) throws -> Int64? {
        try db.scalar(Self.bestMemberSQL, [.integer(runID)])?.int64
    }

    /// The feasible design on chip `config` under `modelVersion` other than `excluding`: one of network
    /// `preferredNetworkID` when stored, else the lowest-EDAP one.
    public func baseline(on config: HardwareConfig, modelVersion: String, excluding: Int64,
                         preferredNetworkID: Int64) throws -> ReportDesignRow? {
        let h = config
        let rows = try db.query(Self.baselineSQL, [
            .real(h.voltage_v), .integer(Int64(h.bitsPerCell)), .real(h.baseLatency_s), .integer(Int64(h.rows)),
            .integer(Int64(h.cols)), .integer(Int64(h.routerGroup)), .integer(Int64(h.tilesPerChip)),
            .integer(Int64(h.macrosPerTile)), .integer(Int64(h.glbDepth)), .integer(Int64(h.adcBits)),
            .text(modelVersion), .integer(excluding), .integer(preferredNetworkID)])
        return rows.first.map(Self.design)
    }

    /// The design's own layers in network order (`network_layer`) with their cached energies on its chip, or
    /// nil when its model version names no compat mode.
    ///
    /// `design.model_version` is the layer cache's model version plus a compat mode (``ModelVersion``): the mode
    /// picks the layer sequence and the rest matches `layer_eval.model_version`.
    public func designLayers(designID: Int64) throws -> DesignLayersRow? {
        guard let d = try db.query(Self.designLayerKeySQL, [.integer(designID)]).first, let text = d[2].string else {
            return nil
        }
        let version = ModelVersion(parsing: text)
        guard let mode = version.mode else { return nil }
        let rows = try db.query(Self.designLayersSQL, [d[0], d[1], .text(mode), d[3], .text(version.withoutMode.encoded)])
        return DesignLayersRow(networkID: d[0].int64 ?? 0, quantPolicyKey: d[1].string ?? "", mode: mode,
                               layers: rows.map(Self.layer))
    }

    /// Every feasible cached layer evaluation of chip `hwConfigID` under `modelVersion`, in layer-shape order
    /// (positions are the row indices).
    public func chipLayers(hwConfigID: Int64, modelVersion: String) throws -> [ReportLayerRow] {
        try db.query(Self.chipLayersSQL, [.integer(hwConfigID), .text(modelVersion)]).enumerated().map { i, r in
            var layer = Self.layer(r)
            layer.position = i
            return layer
        }
    }

    private static func layer(_ r: [SQLValue]) -> ReportLayerRow {
        let e = (9..<17).map { r[$0].double }
        var components: ComponentValues?
        if e[0] != nil {
            var c = ComponentValues()
            for (i, component) in CostComponent.allCases.enumerated() { c[component] = e[i] ?? 0 }
            components = c
        }
        return ReportLayerRow(position: Int(r[0].int64 ?? 0), name: r[1].string ?? "", kind: r[2].description,
                              c: Int(r[3].int64 ?? 0), m: Int(r[4].int64 ?? 0), r: Int(r[5].int64 ?? 0),
                              s: Int(r[6].int64 ?? 0), weightBits: Int(r[7].int64 ?? 0), inputBits: Int(r[8].int64 ?? 0),
                              components_j: components)
    }

    /// The lowest EDAP (J·s·mm²) of the feasible designs under `modelVersion` per value of `knob`, by value.
    public func bestEDAPByValue(of knob: HardwareKnob, modelVersion: String) throws -> [(value: Double?, edap_j_s_mm2: Double?)] {
        try db.query(Self.bestEDAPByKnobSQL(knob), [.text(modelVersion)]).map { ($0[0].double, $0[1].double) }
    }
}
