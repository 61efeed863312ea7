import CIMHardware

/// A point of a search space: one value index per knob, in the space's knob order.
public struct Genome: Hashable, Sendable, Codable {
    public var indices: [Int]
    public init(_ indices: [Int]) { self.indices = indices }
}

extension SearchSpace {
    /// The design a genome denotes. Knobs the space lacks keep the CIMNAS defaults.
    public func decode(_ genome: Genome) throws(Error) -> Design {
        guard genome.indices.count == knobs.count else {
            throw Error("genome has \(genome.indices.count) genes, space \(name) has \(knobs.count) knobs")
        }
        var hw = HardwareConfig.cimnasDefault
        var cell = "rram"
        var spec = SubnetSpec.standard // spaces without MobileNetV2 knobs keep it
        var overrides: [String: LayerBits] = [:]
        for (knob, index) in zip(knobs, genome.indices) {
            guard knob.values.indices.contains(index) else {
                throw Error("gene \(knob.name) = \(index) is outside 0..<\(knob.values.count)")
            }
            let value = knob.values[index]
            let x = value.number ?? 0, n = Int(exactly: x) ?? 0 // real-valued knobs may exceed Int
            let role = KnobRole(knob.name)!
            if role.setHardware(value, on: &hw) { continue }
            switch role {
            case .voltage, .bitsPerCell, .baseLatency, .rows, .cols, .routerGroup, .tiles, .macros, .glbDepth, .adcBits,
                 .technology, .readPulseWidth, .adcModel: break
            case .cellType: if case .text(let s) = value { cell = s }
            case .technologyTables: break
            case .depth(let i): spec.depths[i] = n
            case .kernel(let i): spec.kernels[i] = n
            case .pwW(let i): spec.pwWeightBits[i] = n
            case .pwA(let i): spec.pwActivationBits[i] = n
            case .dwW(let i): spec.dwWeightBits[i] = n
            case .dwA(let i): spec.dwActivationBits[i] = n
            case .expand(let i): spec.expandIndices[i] = (n - 4 * MobileNetV2Supernet.blocks[i].inputChannels) / 8
            case .layerW(let l): overrides[l, default: Self.defaultLayerBits].weightBits = n
            case .layerA(let l): overrides[l, default: Self.defaultLayerBits].inputBits = n
            }
        }
        let network: NetworkChoice = self.network == "mobilenetv2"
            ? .mobileNetV2(spec) : .fixed(name: self.network, overrides: overrides)
        return Design(hardware: hw, network: network, cellType: cell)
    }

    /// The genome of a design; fails when a value is not in its knob's list or a fixed setting differs.
    public func encode(_ design: Design) throws(Error) -> Genome {
        let hw = design.hardware
        let spec = design.network.subnet
        if network == "mobilenetv2" {
            guard spec != nil else { throw Error("design runs \(design.network.name), space \(name) searches mobilenetv2") }
            if !knobs.contains(where: { KnobRole($0.name)?.isSoftware == true }), spec != .standard {
                throw Error("design runs another MobileNetV2 subnet; space \(name) has no network knobs and evaluates standard MobileNetV2")
            }
        } else if design.network.name != network {
            throw Error("design runs \(design.network.name), space \(name) is for \(network)")
        }
        var indices: [Int] = []
        indices.reserveCapacity(knobs.count)
        var covered: Set<String> = []
        for knob in knobs {
            let role = KnobRole(knob.name)!
            covered.insert(knob.name)
            let wanted: KnobValue
            switch role {
            case .voltage: wanted = .number(hw.voltage_v)
            case .bitsPerCell: wanted = .number(Double(hw.bitsPerCell))
            case .baseLatency: wanted = .number(hw.baseLatency_s)
            case .rows: wanted = .number(Double(hw.rows))
            case .cols: wanted = .number(Double(hw.cols))
            case .routerGroup: wanted = .number(Double(hw.routerGroup))
            case .tiles: wanted = .number(Double(hw.tilesPerChip))
            case .macros: wanted = .number(Double(hw.macrosPerTile))
            case .glbDepth: wanted = .number(Double(hw.glbDepth))
            case .adcBits: wanted = .number(Double(hw.adcBits))
            case .technology: wanted = .number(hw.technology_nm)
            case .readPulseWidth: wanted = .number(hw.readPulseWidth_s)
            case .adcModel: wanted = .text(hw.adcModel.rawValue)
            case .cellType: wanted = .text(design.cellType)
            case .technologyTables: wanted = knob.values[0]
            case .depth(let i): wanted = .number(Double(spec!.depths[i]))
            case .kernel(let i): wanted = .number(Double(spec!.kernels[i]))
            case .pwW(let i): wanted = .number(Double(spec!.pwWeightBits[i]))
            case .pwA(let i): wanted = .number(Double(spec!.pwActivationBits[i]))
            case .dwW(let i): wanted = .number(Double(spec!.dwWeightBits[i]))
            case .dwA(let i): wanted = .number(Double(spec!.dwActivationBits[i]))
            case .expand(let i): wanted = .number(Double(MobileNetV2Supernet.blocks[i].expandedChannels(index: spec!.expandIndices[i])))
            case .layerW(let l): wanted = .number(Double(layerOverrides(design)[l]?.weightBits ?? Self.defaultLayerBits.weightBits))
            case .layerA(let l): wanted = .number(Double(layerOverrides(design)[l]?.inputBits ?? Self.defaultLayerBits.inputBits))
            }
            guard let index = knob.values.firstIndex(of: wanted) else {
                throw Error("\(knob.name) = \(wanted) is not in space \(name)'s list [\(knob.values.map(\.description).joined(separator: ", "))]")
            }
            indices.append(index)
        }
        // Settings the space does not search must be at their defaults, or the genome would lose them.
        let d = HardwareConfig.cimnasDefault
        let fixed: [(String, Bool)] = [
            ("voltage_v", hw.voltage_v == d.voltage_v), ("bits_per_cell", hw.bitsPerCell == d.bitsPerCell),
            ("base_latency_s", hw.baseLatency_s == d.baseLatency_s), ("rows", hw.rows == d.rows), ("cols", hw.cols == d.cols),
            ("router_group", hw.routerGroup == d.routerGroup), ("tiles_per_chip", hw.tilesPerChip == d.tilesPerChip),
            ("macros_per_tile", hw.macrosPerTile == d.macrosPerTile), ("glb_depth", hw.glbDepth == d.glbDepth),
            ("adc_bits", hw.adcBits == d.adcBits), ("technology_nm", hw.technology_nm == d.technology_nm),
            ("read_pulse_width_s", hw.readPulseWidth_s == d.readPulseWidth_s), ("adc_model", hw.adcModel == d.adcModel),
            ("cell_type", design.cellType == "rram"), ("stock_voltage_scaling", hw.stockVoltageScaling == d.stockVoltageScaling),
        ]
        if let (knob, _) = fixed.first(where: { !covered.contains($0.0) && !$0.1 }) {
            throw Error("design sets \(knob) away from the default, but space \(name) does not search it")
        }
        if case .fixed(_, let overrides) = design.network {
            for (layer, bits) in overrides.sorted(by: { $0.key < $1.key }) {
                let searched = covered.contains(KnobRole.layerWeightPrefix + layer) || covered.contains(KnobRole.layerActivationPrefix + layer)
                if !searched, bits != Self.defaultLayerBits {
                    throw Error("design has per-layer bit overrides, which space \(name) does not search")
                }
            }
        }
        return Genome(indices)
    }

    /// Bits of a fixed-network layer no knob sets (the networks' 8-bit default).
    public static let defaultLayerBits = LayerBits(inputBits: 8, weightBits: 8)

    private func layerOverrides(_ design: Design) -> [String: LayerBits] {
        if case .fixed(_, let overrides) = design.network { return overrides }
        return [:]
    }

    /// The original's result key for a genome of a MobileNetV2 space.
    public func cimnasKey(for genome: Genome) throws(Error) -> String {
        let design = try decode(genome)
        guard let spec = design.network.subnet else { throw Error("space \(name) is not a MobileNetV2 space") }
        return CIMNASKey(hardware: design.hardware, subnet: spec).description
    }

    /// A uniformly random genome.
    public func randomGenome<G: RandomNumberGenerator>(using generator: inout G) -> Genome {
        Genome(knobs.map { Int.random(in: 0..<$0.values.count, using: &generator) })
    }
}
