import CIMData
import CIMHardware
import CIMWorkload

/// The CiMLoop-faithful cost model (`CIMHardware.CostModel`) as the search's `DesignCostModel`.
///
/// Each chip is prepared once per batch; every layer is then evaluated on the prepared chip. The version
/// names the model and its evaluation options, so compat and default results never share cache rows.
public struct CIMLoopCostModel: DesignCostModel {
    public let model: CostModel
    public let options: EvaluationOptions

    /// Model version plus a short digest of every evaluation option (a new option never reuses stale
    /// rows), kept short because it is hashed with every cached layer.
    public let version: String

    public init(model: CostModel, mode: CompatMode) {
        self.model = model
        options = mode.evaluationOptions
        version = "\(CostModel.version)#\(Self.digest(String(describing: mode.evaluationOptions)))"
    }

    /// FNV-1a, 32 bits, as 8 hex digits: stable across runs and platforms.
    static func digest(_ text: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in text.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The default 32 nm technology (embedded CSVs) under a compat mode.
    public static func default32nm(mode: CompatMode) throws -> CIMLoopCostModel {
        CIMLoopCostModel(model: CostModel(components: try ComponentModel.default32nm()), mode: mode)
    }

    public func layerCosts(_ layers: [LayerWorkload], on hardware: HardwareConfig) -> [CachedLayerCost] {
        let prepared = model.components.prepare(hardware)
        let area = ChipArea(areas: prepared.areas, hardware: hardware)
        return layers.map { layer in
            let c = CostModel.evaluate(layer, on: prepared, chipArea: area, options: options)
            return CachedLayerCost(
                energy_j: c.feasible ? c.energy_j : 0, latency_s: c.feasible ? c.latency_s : 0, macs: c.macs,
                utilization_percent: c.utilization_percent,
                infeasibleReason: c.feasible ? nil : (c.infeasibleReason ?? "no legal mapping"),
                components_j: c.components_j, cycles: Double(c.cycles))
        }
    }

    public func chipArea_mm2(_ hardware: HardwareConfig) -> Double {
        model.chipArea(hardware).area_mm2
    }
}
