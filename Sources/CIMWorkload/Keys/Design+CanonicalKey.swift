import CIMHardware

extension Design {
    /// The canonical key the database stores: equal keys ⇔ equal evaluated designs.
    ///
    /// Format (fields separated by `;`):
    /// `hw=V_bpc_bl_rows_cols_srg_tiles_macros_glb_adcBits_techNm_pulseS_adcModel_vscale;cell=NAME;net=NAME;…`
    /// Numbers are written as Python prints them; `vscale` is `cimnas` or `stock`. MobileNetV2 designs add
    /// `d=5 digits;k=21 digits;e=21 indices joined by .;pw_w=…;pw_a=…;dw_w=…;dw_a=…` from the *normalized*
    /// spec (dead genes of inactive blocks and `depths[5]` dropped), so genomes differing only in dead
    /// genes share a key. Fixed networks add `bits=name:a/w,…` for the overrides, sorted by name.
    public var canonicalKey: String {
        let h = hardware
        let hw = [PythonFloat.repr(h.voltage_v), "\(h.bitsPerCell)", PythonFloat.repr(h.baseLatency_s), "\(h.rows)",
                  "\(h.cols)", "\(h.routerGroup)", "\(h.tilesPerChip)", "\(h.macrosPerTile)", "\(h.glbDepth)",
                  "\(h.adcBits)", KnobValue.number(h.technology_nm).description, PythonFloat.repr(h.readPulseWidth_s),
                  h.adcModel.rawValue, h.stockVoltageScaling ? "stock" : "cimnas"].joined(separator: "_")
        var parts = ["hw=" + hw, "cell=" + cellType, "net=" + network.name]
        switch network {
        case .mobileNetV2(let raw):
            let s = raw.normalized
            func group(_ v: [Int]) -> String { v.map(String.init).joined() }
            parts += ["d=" + group(Array(s.depths.prefix(5))), "k=" + group(s.kernels),
                      "e=" + s.expandIndices.map(String.init).joined(separator: "."),
                      "pw_w=" + group(s.pwWeightBits), "pw_a=" + group(s.pwActivationBits),
                      "dw_w=" + group(s.dwWeightBits), "dw_a=" + group(s.dwActivationBits)]
        case .fixed(_, let overrides):
            if !overrides.isEmpty {
                parts.append("bits=" + overrides.keys.sorted().map { "\($0):\(overrides[$0]!.inputBits)/\(overrides[$0]!.weightBits)" }
                    .joined(separator: ","))
            }
        }
        return parts.joined(separator: ";")
    }
}
