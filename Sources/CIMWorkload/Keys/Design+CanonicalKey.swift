import CIMHardware

extension Design {
    /// The canonical key the database stores: equal keys ⇔ equal evaluated designs.
    ///
    /// Format (fields separated by `;`):
    /// `hw=V_bpc_bl_rows_cols_srg_tiles_macros_glb_adcBits_techNm_pulseS_adcModel_vscale;cell=NAME;net=NAME;…`
    /// (the chip part is `HardwareConfig.canonicalKey(cell:)`, also `hw_config.key`). MobileNetV2 designs add
    /// `d=5 digits;k=21 digits;e=21 indices joined by .;pw_w=…;pw_a=…;dw_w=…;dw_a=…` from the *normalized*
    /// spec (dead genes of inactive blocks and `depths[5]` dropped), so genomes differing only in dead
    /// genes share a key. Fixed networks add `bits=name:a/w,…` for the overrides, sorted by name.
    public var canonicalKey: String {
        var net = network.name
        if case .fixed(let name, _) = network, let digest = Workloads.contentDigest(network: name) { net += "@" + digest }
        var parts = [hardware.canonicalKey(cell: cellType), "net=" + net]
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

extension Design {
    /// Parses a canonical key back into a design (MobileNetV2 subnets come back normalized).
    public init(canonicalKey key: String) throws(DesignJSON.Error) {
        func fail(_ what: String) -> DesignJSON.Error { DesignJSON.Error("canonical key: \(what)") }
        var fields: [String: String] = [:]
        var order: [String] = []
        for part in key.split(separator: ";", omittingEmptySubsequences: false) {
            guard let eq = part.firstIndex(of: "=") else { throw fail("field '\(part)' has no '=', expected name=value") }
            let name = String(part[..<eq])
            guard fields[name] == nil else { throw fail("field '\(name)' repeats") }
            fields[name] = String(part[part.index(after: eq)...])
            order.append(name)
        }
        guard let hwText = fields["hw"], let cell = fields["cell"], var net = fields["net"],
              Array(order.prefix(3)) == ["hw", "cell", "net"] else {
            throw fail("must start with hw=…;cell=…;net=…")
        }
        // A table network's key names the content it was made from: a changed table is another network.
        if let at = net.firstIndex(of: "@") {
            let digest = String(net[net.index(after: at)...])
            net = String(net[..<at])
            let current = Workloads.contentDigest(network: net)
            guard current == digest else {
                throw fail("network \(net)@\(digest): the table's content is now \(current.map { "@" + $0 } ?? "unknown"), expected the table the key was made from")
            }
        }
        let h = hwText.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard h.count == 14 else { throw fail("hw has \(h.count) values, expected 14") }
        func double(_ i: Int) throws(DesignJSON.Error) -> Double {
            guard let v = Double(h[i]), v > 0, v <= 1e300 else { throw fail("hw value \(i + 1) '\(h[i])' is not a positive number") }
            return v
        }
        func int(_ i: Int) throws(DesignJSON.Error) -> Int {
            guard let v = Int(h[i]), v > 0 else { throw fail("hw value \(i + 1) '\(h[i])' is not a positive integer") }
            return v
        }
        guard let model = ADCModel(rawValue: h[12]) else { throw fail("ADC model '\(h[12])', expected neurosim or survey") }
        guard h[13] == "cimnas" || h[13] == "stock" else { throw fail("voltage scaling '\(h[13])', expected cimnas or stock") }
        let hw = HardwareConfig(voltage_v: try double(0), bitsPerCell: try int(1), baseLatency_s: try double(2), rows: try int(3),
                                cols: try int(4), routerGroup: try int(5), tilesPerChip: try int(6), macrosPerTile: try int(7),
                                glbDepth: try int(8), adcBits: try int(9), technology_nm: try double(10),
                                readPulseWidth_s: try double(11), adcModel: model, stockVoltageScaling: h[13] == "stock")
        if let problem = InputLimits.problem(hw) { throw fail("hw: \(problem.message)") }
        let network: NetworkChoice
        if net == "mobilenetv2" {
            let names = ["d", "k", "e", "pw_w", "pw_a", "dw_w", "dw_a"]
            guard Array(order.dropFirst(3)) == names else { throw fail("mobilenetv2 needs ;d=;k=;e=;pw_w=;pw_a=;dw_w=;dw_a=") }
            func digits(_ name: String, _ count: Int) throws(DesignJSON.Error) -> [Int] {
                let text = fields[name]!
                let values = text.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
                guard values.count == count, text.count == count else { throw fail("\(name) '\(text)' is not \(count) digits") }
                return values
            }
            let e = fields["e"]!.split(separator: ".", omittingEmptySubsequences: false).compactMap { Int($0) }
            guard e.count == SubnetSpec.blockCount else { throw fail("e must hold 21 indices joined by '.'") }
            let spec = SubnetSpec(depths: try digits("d", 5) + [4], kernels: try digits("k", 21), expandIndices: e,
                                  pwWeightBits: try digits("pw_w", 21), pwActivationBits: try digits("pw_a", 21),
                                  dwWeightBits: try digits("dw_w", 21), dwActivationBits: try digits("dw_a", 21))
            if let problem = MobileNetV2Supernet.validate(spec).first { throw fail(problem) }
            network = .mobileNetV2(spec)
        } else {
            var overrides: [String: LayerBits] = [:]
            if order.count > 3 {
                guard order.count == 4, order[3] == "bits" else { throw fail("fixed networks take only ;bits=…") }
                for entry in fields["bits"]!.split(separator: ",") {
                    guard let colon = entry.lastIndex(of: ":") else { throw fail("bits entry '\(entry)' is not name:input/weight") }
                    let pair = entry[entry.index(after: colon)...].split(separator: "/").compactMap { Int($0) }
                    guard pair.count == 2 else { throw fail("bits entry '\(entry)' is not name:input/weight") }
                    for (field, v) in [("input_bits", pair[0]), ("weight_bits", pair[1])] {
                        if let problem = InputLimits.problem(bits: v, field: field) { throw fail("bits entry '\(entry)': \(problem.message)") }
                    }
                    overrides[String(entry[..<colon])] = LayerBits(inputBits: pair[0], weightBits: pair[1])
                }
            }
            network = .fixed(name: net, overrides: overrides)
        }
        self.init(hardware: hw, network: network, cellType: cell)
    }
}
