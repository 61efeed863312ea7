-- One chip encoding: hw_config.key becomes `hw=V_bpc_bl_rows_cols_srg_tiles_macros_glb_adcBits_techNm_pulseS_adcModel_vscale;cell=NAME`,
-- the chip part of every design key (HardwareConfig.canonicalKey). Stored keys of the old `v=…;bpc=…;…;cell=…` form are
-- rewritten from each row's own columns by the migration's Swift step (HardwareConfigStore.rewriteLegacyKeys): SQL cannot
-- print reals as the keys do. Ids are kept, so every design and layer row stays attached to its chip.
SELECT 1;
