import CIMHardware
import CIMWorkload

/// Decodes genomes of a MobileNetV2 search space into designs with the knob roles resolved once.
///
/// `SearchSpace.decode` parses every knob name on every call; the search decodes thousands of genomes
/// per second, so it resolves names once here. Same result as `SearchSpace.decode` (tested).
/// - Complexity: O(genes) per genome, no string work.
public struct GenomeDecoder: Sendable {
    enum Role: Sendable {
        case voltage, bitsPerCell, baseLatency, rows, cols, routerGroup, tiles, macros, glbDepth
        case adcBits, technology, readPulseWidth, adcModel, cellType
        /// The `technology` knob: it picks the evaluator (CIMNASProblem), not a design field.
        case technologyTables
        case depth(Int), kernel(Int), pwW(Int), pwA(Int), dwW(Int), dwA(Int), expand(Int)
    }

    let roles: [Role]
    let numbers: [[Double]]
    let texts: [[String]]
    public let space: SearchSpace

    /// Nil when a knob name is not one this decoder knows (callers then use `SearchSpace.decode`).
    public init?(space: SearchSpace) {
        guard space.network == "mobilenetv2" else { return nil }
        var roles: [Role] = []
        for knob in space.knobs {
            guard let r = Self.role(knob.name) else { return nil }
            roles.append(r)
        }
        self.roles = roles
        numbers = space.knobs.map { $0.values.map { $0.number ?? .nan } }
        texts = space.knobs.map { $0.values.map { if case .text(let s) = $0 { s } else { "" } } }
        self.space = space
    }

    static func role(_ name: String) -> Role? {
        switch name {
        case "voltage_v": return .voltage
        case "bits_per_cell": return .bitsPerCell
        case "base_latency_s": return .baseLatency
        case "rows": return .rows
        case "cols": return .cols
        case "router_group": return .routerGroup
        case "tiles_per_chip": return .tiles
        case "macros_per_tile": return .macros
        case "glb_depth": return .glbDepth
        case "adc_bits": return .adcBits
        case "technology_nm": return .technology
        case "technology": return .technologyTables
        case "read_pulse_width_s": return .readPulseWidth
        case "adc_model": return .adcModel
        case "cell_type": return .cellType
        default:
            let parts = name.split(separator: ".")
            guard parts.count == 2, let i = Int(parts[1]), i >= 0 else { return nil }
            switch parts[0] {
            case "depth" where i < SubnetSpec.stageCount: return .depth(i)
            case "kernel" where i < SubnetSpec.blockCount: return .kernel(i)
            case "pw_w" where i < SubnetSpec.blockCount: return .pwW(i)
            case "pw_a" where i < SubnetSpec.blockCount: return .pwA(i)
            case "dw_w" where i < SubnetSpec.blockCount: return .dwW(i)
            case "dw_a" where i < SubnetSpec.blockCount: return .dwA(i)
            case "expand" where i < SubnetSpec.blockCount: return .expand(i)
            default: return nil
            }
        }
    }

    /// The design a full genome denotes; knobs the space lacks keep the CIMNAS defaults.
    /// - Precondition: one in-range index per knob.
    public func decode(_ genome: [Int]) -> Design {
        var hw = HardwareConfig.cimnasDefault
        var cell = "rram"
        var spec = SubnetSpec.standard // spaces without MobileNetV2 knobs keep it
        for k in roles.indices {
            let j = genome[k]
            let x = numbers[k][j]
            switch roles[k] {
            case .voltage: hw.voltage_v = x
            case .bitsPerCell: hw.bitsPerCell = Int(x)
            case .baseLatency: hw.baseLatency_s = x
            case .rows: hw.rows = Int(x)
            case .cols: hw.cols = Int(x)
            case .routerGroup: hw.routerGroup = Int(x)
            case .tiles: hw.tilesPerChip = Int(x)
            case .macros: hw.macrosPerTile = Int(x)
            case .glbDepth: hw.glbDepth = Int(x)
            case .adcBits: hw.adcBits = Int(x)
            case .technology: hw.technology_nm = x
            case .readPulseWidth: hw.readPulseWidth_s = x
            case .adcModel: if let m = ADCModel(rawValue: texts[k][j]) { hw.adcModel = m }
            case .cellType: cell = texts[k][j]
            case .technologyTables: break
            case .depth(let i): spec.depths[i] = Int(x)
            case .kernel(let i): spec.kernels[i] = Int(x)
            case .pwW(let i): spec.pwWeightBits[i] = Int(x)
            case .pwA(let i): spec.pwActivationBits[i] = Int(x)
            case .dwW(let i): spec.dwWeightBits[i] = Int(x)
            case .dwA(let i): spec.dwActivationBits[i] = Int(x)
            case .expand(let i): spec.expandIndices[i] = (Int(x) - 4 * MobileNetV2Supernet.blocks[i].inputChannels) / 8
            }
        }
        return Design(hardware: hw, network: .mobileNetV2(spec), cellType: cell)
    }
}
