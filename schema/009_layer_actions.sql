-- Auditable layer costs (issue 16): per (component, action) the count and the energy per action, pJ, that
-- rebuild every stored energy as Σ count × pJ × 1e-12 (CostLedger, docs/cost-ledger.md). Reads, writes and
-- updates are kept apart and leakage is an action (cycles × instances). NULL: stored before this migration
-- or by a writer that keeps energies only.
ALTER TABLE layer_eval ADD COLUMN cim_unit_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN cim_unit_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN cim_unit_compute_count REAL;
ALTER TABLE layer_eval ADD COLUMN cim_unit_compute_pj REAL;
ALTER TABLE layer_eval ADD COLUMN row_drivers_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN row_drivers_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN column_drivers_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN column_drivers_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN adc_convert_count REAL;
ALTER TABLE layer_eval ADD COLUMN adc_convert_pj REAL;
ALTER TABLE layer_eval ADD COLUMN input_buffer_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN input_buffer_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN input_buffer_write_count REAL;
ALTER TABLE layer_eval ADD COLUMN input_buffer_write_pj REAL;
ALTER TABLE layer_eval ADD COLUMN input_buffer_leak_cycle_count REAL;
ALTER TABLE layer_eval ADD COLUMN input_buffer_leak_cycle_pj REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_write_count REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_write_pj REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_update_count REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_update_pj REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_leak_cycle_count REAL;
ALTER TABLE layer_eval ADD COLUMN output_buffer_leak_cycle_pj REAL;
ALTER TABLE layer_eval ADD COLUMN router_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN router_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN glb_read_count REAL;
ALTER TABLE layer_eval ADD COLUMN glb_read_pj REAL;
ALTER TABLE layer_eval ADD COLUMN glb_write_count REAL;
ALTER TABLE layer_eval ADD COLUMN glb_write_pj REAL;
ALTER TABLE layer_eval ADD COLUMN glb_leak_cycle_count REAL;
ALTER TABLE layer_eval ADD COLUMN glb_leak_cycle_pj REAL;
