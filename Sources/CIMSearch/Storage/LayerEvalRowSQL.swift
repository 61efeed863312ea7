import CIMHardware
import DesignDB

/// The `layer_eval` row insert shared by the search's store and the precompute writer.
///
/// Parameters 1–6 are the row's identity (hw_config_id, layer_shape_id, input_bits, weight_bits,
/// histogram_key, model_version), bound by the caller; 7–21 are the layer's cost and 22–53 its counts and
/// energies per action (`StoredAction` order), bound by `bindCost`.
enum LayerEvalRowSQL {
    /// The count and energy-per-action columns, `StoredAction` order (migration 009).
    static let actionColumns = StoredAction.allCases.flatMap { ["\($0.column)_count", "\($0.column)_pj"] }

    /// `INSERT INTO layer_eval … ON CONFLICT DO NOTHING`: a stored result is never overwritten.
    static let insert = """
        INSERT INTO layer_eval (hw_config_id, layer_shape_id, input_bits, weight_bits, histogram_key, model_version,
            energy_j, cim_unit_energy_j, row_drivers_energy_j, column_drivers_energy_j, adc_energy_j,
            input_buffer_energy_j, output_buffer_energy_j, router_energy_j, glb_energy_j, cycles, latency_s, macs,
            utilization_percent, feasible, infeasible_reason, \(actionColumns.joined(separator: ", ")))
        VALUES (\((1...(21 + actionColumns.count)).map { "?\($0)" }.joined(separator: ", ")))
        ON CONFLICT DO NOTHING
        """

    /// Binds a layer's cost to parameters 7–21; an infeasible layer stores zero energy and latency (its
    /// reason says why) and non-finite component energies are stored as 0.
    static func bindCost(_ v: CachedLayerCost, to s: Statement) throws {
        let feasible = v.infeasibleReason == nil
        try s.bind(feasible ? v.energy_j : 0, at: 7)
        let c = v.components_j
        try s.bind(c.cimUnit.isFinite ? c.cimUnit : 0, at: 8)
        try s.bind(c.rowDrivers.isFinite ? c.rowDrivers : 0, at: 9)
        try s.bind(c.columnDrivers.isFinite ? c.columnDrivers : 0, at: 10)
        try s.bind(c.adc.isFinite ? c.adc : 0, at: 11)
        try s.bind(c.inputBuffer.isFinite ? c.inputBuffer : 0, at: 12)
        try s.bind(c.outputBuffer.isFinite ? c.outputBuffer : 0, at: 13)
        try s.bind(c.router.isFinite ? c.router : 0, at: 14)
        try s.bind(c.glb.isFinite ? c.glb : 0, at: 15)
        try s.bind(v.cycles, at: 16)
        try s.bind(feasible ? v.latency_s : 0, at: 17)
        try s.bind(Int(v.macs.rounded()), at: 18)
        try s.bind(v.utilization_percent, at: 19)
        try s.bind(feasible, at: 20)
        try s.bind(v.infeasibleReason, at: 21)
        for a in StoredAction.allCases {
            let at = Int32(22 + 2 * a.rawValue)
            try s.bind(v.actions.map { $0.counts[a.rawValue] }, at: at)
            try s.bind(v.actions.map { $0.energies_pJ[a.rawValue] }, at: at + 1)
        }
    }
}
