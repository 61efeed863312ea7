/// One evaluated design as the report needs it.
public struct DesignSummary: Sendable, Hashable {
    public var key: String
    public var energy_j: Double
    public var latency_s: Double
    public var area_mm2: Double
    /// Top-1 accuracy in percent, when known.
    public var accuracy_pct: Double?
    /// Knob name → value, e.g. "rows" → 128 (for knob sensitivity).
    public var knobs: [String: Double]

    public init(key: String, energy_j: Double, latency_s: Double, area_mm2: Double, accuracy_pct: Double? = nil,
                knobs: [String: Double] = [:]) {
        self.key = key
        self.energy_j = energy_j
        self.latency_s = latency_s
        self.area_mm2 = area_mm2
        self.accuracy_pct = accuracy_pct
        self.knobs = knobs
    }

    /// Energy × delay × area, J·s·mm².
    public var edap_j_s_mm2: Double { energy_j * latency_s * area_mm2 }
}

/// Objective statistics of one search generation.
public struct GenerationStats: Sendable, Hashable {
    public var generation: Int
    /// Best (lowest) objective among feasible members.
    public var best: Double
    /// Mean objective among feasible members.
    public var mean: Double
    /// Feasible members ÷ members, 0…1.
    public var feasibleFraction: Double

    public init(generation: Int, best: Double, mean: Double, feasibleFraction: Double) {
        self.generation = generation
        self.best = best
        self.mean = mean
        self.feasibleFraction = feasibleFraction
    }
}

/// Energy of one layer split by component, joules, in `RunReportData.energyComponents` order.
public struct LayerEnergy: Sendable, Hashable {
    public var layer: String
    public var energies_j: [Double]

    public init(layer: String, energies_j: [Double]) {
        self.layer = layer
        self.energies_j = energies_j
    }
}

/// Everything a search-run report shows; pure values filled from the database or synthetic data.
public struct RunReportData: Sendable {
    /// Stack order of per-layer energy components.
    public static let energyComponents = ["cells", "row drivers", "ADC", "input/output buffers", "router", "global buffer"]

    public var title: String
    public var subtitle: String?
    public var designs: [DesignSummary]
    public var generations: [GenerationStats]
    /// Label of the objective in the convergence chart, with unit, e.g. "EDAP (J·s·mm²)".
    public var objectiveTitle: String
    /// Key of the chosen (best) design; highlighted in the scatter.
    public var bestKey: String?
    /// The baseline design (e.g. the CIMNAS default chip), highlighted when present.
    public var baseline: DesignSummary?
    public var layerEnergies: [LayerEnergy]
    /// Chip area by component, mm².
    public var areaBreakdown: [(component: String, area_mm2: Double)]
    /// Colour the scatter by accuracy (when designs carry it) instead of area.
    public var colorByAccuracy: Bool
    /// Knob display order for the sensitivity panels; unknown knobs follow alphabetically.
    public var knobOrder: [String]
    /// Extra key–value lines for the summary table.
    public var facts: [(String, String)]
    /// Precomputed knob-sensitivity panels (e.g. from a database GROUP BY); `nil` derives them from `designs`.
    public var knobSensitivity: [KnobPanel]?
    /// A note under the per-layer chart (e.g. where its rows came from).
    public var layerNote: String?

    public init(title: String, subtitle: String? = nil, designs: [DesignSummary], generations: [GenerationStats] = [],
                objectiveTitle: String = "EDAP (J·s·mm²)", bestKey: String? = nil, baseline: DesignSummary? = nil,
                layerEnergies: [LayerEnergy] = [], areaBreakdown: [(component: String, area_mm2: Double)] = [],
                colorByAccuracy: Bool = false, knobOrder: [String] = [], facts: [(String, String)] = []) {
        self.title = title
        self.subtitle = subtitle
        self.designs = designs
        self.generations = generations
        self.objectiveTitle = objectiveTitle
        self.bestKey = bestKey
        self.baseline = baseline
        self.layerEnergies = layerEnergies
        self.areaBreakdown = areaBreakdown
        self.colorByAccuracy = colorByAccuracy
        self.knobOrder = knobOrder
        self.facts = facts
        self.knobSensitivity = nil
        self.layerNote = nil
    }
}
