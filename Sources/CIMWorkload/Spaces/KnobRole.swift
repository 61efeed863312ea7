import CIMHardware

/// What a knob name controls.
enum KnobRole: Hashable, Sendable {
    case voltage, bitsPerCell, baseLatency, rows, cols, routerGroup, tiles, macros, glbDepth
    case adcBits, technology, readPulseWidth, adcModel, cellType
    /// `technology`: technology tables in `--tech` syntax (files and/or NAME[@VERSION]); the commands
    /// resolve it (a design carries no tables), so decoding ignores it and encoding takes its first value.
    case technologyTables
    case depth(Int), kernel(Int), pwW(Int), pwA(Int), dwW(Int), dwA(Int), expand(Int)
    /// Per-layer weight / activation bits of a fixed network: `layer_w.<layer name>`, `layer_a.<layer name>`.
    case layerW(String), layerA(String)

    /// Prefixes of the per-layer bit knobs of fixed networks.
    static let layerWeightPrefix = "layer_w.", layerActivationPrefix = "layer_a."

    init?(_ name: String) {
        if name.hasPrefix(Self.layerWeightPrefix), name.count > Self.layerWeightPrefix.count {
            self = .layerW(String(name.dropFirst(Self.layerWeightPrefix.count)))
            return
        }
        if name.hasPrefix(Self.layerActivationPrefix), name.count > Self.layerActivationPrefix.count {
            self = .layerA(String(name.dropFirst(Self.layerActivationPrefix.count)))
            return
        }
        switch name {
        case "voltage_v": self = .voltage
        case "bits_per_cell": self = .bitsPerCell
        case "base_latency_s": self = .baseLatency
        case "rows": self = .rows
        case "cols": self = .cols
        case "router_group": self = .routerGroup
        case "tiles_per_chip": self = .tiles
        case "macros_per_tile": self = .macros
        case "glb_depth": self = .glbDepth
        case "adc_bits": self = .adcBits
        case "technology_nm": self = .technology
        case "read_pulse_width_s": self = .readPulseWidth
        case "adc_model": self = .adcModel
        case "cell_type": self = .cellType
        case "technology": self = .technologyTables
        default:
            let parts = name.split(separator: ".")
            guard parts.count == 2, let i = Int(parts[1]), String(i) == parts[1], i >= 0 else { return nil }
            let blocks = SubnetSpec.blockCount
            switch parts[0] {
            case "depth" where i < SubnetSpec.stageCount: self = .depth(i)
            case "kernel" where i < blocks: self = .kernel(i)
            case "pw_w" where i < blocks: self = .pwW(i)
            case "pw_a" where i < blocks: self = .pwA(i)
            case "dw_w" where i < blocks: self = .dwW(i)
            case "dw_a" where i < blocks: self = .dwA(i)
            case "expand" where i < blocks: self = .expand(i)
            default: return nil
            }
        }
    }

    /// Every knob name a space may use, for messages and docs.
    static let validNames = "voltage_v, bits_per_cell, base_latency_s, rows, cols, router_group, tiles_per_chip, "
        + "macros_per_tile, glb_depth, adc_bits, technology_nm, read_pulse_width_s, adc_model, cell_type, technology, "
        + "depth.0…5, kernel.N, pw_w.N, pw_a.N, dw_w.N, dw_a.N, expand.N (N = 0…20; network mobilenetv2), "
        + "layer_w.LAYER, layer_a.LAYER (fixed networks)"

    /// All MobileNetV2 knob names in the original genome order.
    static let mobileNetV2Names: [String] = {
        var names = (0..<SubnetSpec.stageCount).map { "depth.\($0)" }
        for group in ["kernel", "pw_w", "pw_a", "dw_w", "dw_a", "expand"] {
            names += (0..<SubnetSpec.blockCount).map { "\(group).\($0)" }
        }
        return names
    }()

    /// Per-layer bits of a fixed network.
    var isLayerBits: Bool {
        switch self {
        case .layerW, .layerA: return true
        default: return false
        }
    }

    var isSoftware: Bool {
        switch self {
        case .depth, .kernel, .pwW, .pwA, .dwW, .dwA, .expand: return true
        default: return false
        }
    }

    /// Why `value` cannot be taken by this knob, or nil.
    /// Sets a hardware knob's value on `hw`; false for knobs that are not hardware fields (cell type, network).
    /// - Precondition: `problem(with: value)` is nil.
    func setHardware(_ value: KnobValue, on hw: inout HardwareConfig) -> Bool {
        let x = value.number ?? 0, n = Int(exactly: x) ?? 0 // real-valued knobs may exceed Int
        switch self {
        case .voltage: hw.voltage_v = x
        case .bitsPerCell: hw.bitsPerCell = n
        case .baseLatency: hw.baseLatency_s = x
        case .rows: hw.rows = n
        case .cols: hw.cols = n
        case .routerGroup: hw.routerGroup = n
        case .tiles: hw.tilesPerChip = n
        case .macros: hw.macrosPerTile = n
        case .glbDepth: hw.glbDepth = n
        case .adcBits: hw.adcBits = n
        case .technology: hw.technology_nm = x
        case .readPulseWidth: hw.readPulseWidth_s = x
        case .adcModel: if case .text(let s) = value, let m = ADCModel(rawValue: s) { hw.adcModel = m }
        default: return false
        }
        return true
    }

    func problem(with value: KnobValue) -> String? {
        switch self {
        case .adcModel:
            guard case .text(let s) = value, ADCModel(rawValue: s) != nil else {
                return "value \(value) is not an ADC model, expected one of \(ADCModel.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            return nil
        case .cellType:
            guard case .text(let s) = value, !s.isEmpty else { return "value \(value) is not a cell type name" }
            return nil
        case .technologyTables:
            guard case .text(let s) = value, !s.isEmpty else {
                return "value \(value) is not a technology, expected NAME[@VERSION] or FILE.csv (several joined by commas)"
            }
            return nil
        case .voltage, .baseLatency, .technology, .readPulseWidth:
            guard let x = value.number, x > 0 else { return "value \(value) is not a positive number" }
            return nil
        default:
            guard let x = value.number, x == x.rounded(), x >= 1, x < 1e9 else {
                return "value \(value) is not a positive integer"
            }
            let n = Int(x)
            switch self {
            case .depth: return MobileNetV2Supernet.depthChoices.contains(n) ? nil : "depth \(n) is not one of [2, 3, 4]"
            case .kernel: return MobileNetV2Supernet.kernelChoices.contains(n) ? nil : "kernel \(n) is not one of [3, 5, 7]"
            case .pwW, .pwA, .dwW, .dwA:
                return MobileNetV2Supernet.bitChoices.contains(n) ? nil : "bit width \(n) is not one of [4, 6, 8]"
            case .layerW, .layerA:
                return (1...16).contains(n) ? nil : "bit width \(n) is not in 1…16"
            case .expand(let i):
                let grid = MobileNetV2Supernet.blocks[i].expandGrid
                return grid.contains(n) ? nil : "expanded width \(n) is not on block \(i)'s grid \(grid.first!)…\(grid.last!) step 8"
            default: return nil
            }
        }
    }
}
