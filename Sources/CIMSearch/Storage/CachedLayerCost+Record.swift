import CIMHardware
import DesignDB

/// A cached layer cost as the typed `layer_eval` record of `LayerEvalStore` (no SQL here).
extension CachedLayerCost {
    /// The cost a stored record describes.
    init(_ r: LayerEvalRecord) {
        self.init(energy_j: r.energy_j, latency_s: r.latency_s, macs: Double(r.macs),
                  utilization_percent: r.utilization_percent,
                  infeasibleReason: r.feasible ? nil : (r.infeasibleReason ?? "no legal mapping"),
                  components_j: r.components_j, cycles: r.cycles, actions: r.actions)
    }

    /// The record `LayerEvalStore` stores for this cost under `key`: an infeasible layer stores zero energy
    /// and latency (its reason says why) and non-finite component energies are stored as 0.
    func record(_ key: LayerEvalKey) -> LayerEvalRecord {
        let ok = infeasibleReason == nil
        let c = components_j.map { $0.isFinite ? $0 : 0 }
        return LayerEvalRecord(
            key: key, energy_j: ok ? energy_j : 0, cim_unit_energy_j: c.cimUnit, row_drivers_energy_j: c.rowDrivers,
            column_drivers_energy_j: c.columnDrivers, adc_energy_j: c.adc, input_buffer_energy_j: c.inputBuffer,
            output_buffer_energy_j: c.outputBuffer, router_energy_j: c.router, glb_energy_j: c.glb, cycles: cycles,
            latency_s: ok ? latency_s : 0, macs: Int(macs.rounded()), utilization_percent: utilization_percent,
            feasible: ok, infeasibleReason: infeasibleReason, actions: actions)
    }
}
