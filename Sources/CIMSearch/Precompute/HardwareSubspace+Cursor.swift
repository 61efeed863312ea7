import CIMHardware
import CIMWorkload

/// Walks the chips of a ``HardwareSubspace`` in index order without string work per chip: each knob's
/// field and values are resolved once, and stepping to the next index changes only the knobs whose digit
/// changed (an odometer). The chip at every index equals ``HardwareSubspace/hardware(_:base:)``'s.
struct SubspaceCursor: Sendable {
    enum Field: Sendable { case voltage, bitsPerCell, baseLatency, rows, cols, routerGroup, tiles, macros, glbDepth
        case adcBits, node, pulse, adcModel, none }

    let fields: [Field]
    /// `values[k][d]`: the number of knob k's d-th value (`KnobValue.number ?? 0`).
    let numbers: [[Double]]
    /// The ADC model of knob k's d-th value, or nil (the chip keeps the base's model).
    let models: [[ADCModel?]]
    let counts: [Int]
    let base: HardwareConfig
    /// The current index, its digits and its chip.
    private(set) var index = -1
    private(set) var digits: [Int]
    private(set) var hardware: HardwareConfig

    init(_ subspace: HardwareSubspace, base: HardwareConfig) {
        fields = subspace.knobs.map { k in
            switch k.name {
            case "voltage_v": .voltage
            case "bits_per_cell": .bitsPerCell
            case "base_latency_s": .baseLatency
            case "rows": .rows
            case "cols": .cols
            case "router_group": .routerGroup
            case "tiles_per_chip": .tiles
            case "macros_per_tile": .macros
            case "glb_depth": .glbDepth
            case "adc_bits": .adcBits
            case "technology_nm": .node
            case "read_pulse_width_s": .pulse
            case "adc_model": .adcModel
            default: .none
            }
        }
        numbers = subspace.knobs.map { $0.values.map { $0.number ?? 0 } }
        models = subspace.knobs.map { $0.values.map { v in if case .text(let s) = v { ADCModel(rawValue: s) } else { nil } } }
        counts = subspace.knobs.map(\.values.count)
        self.base = base
        digits = [Int](repeating: 0, count: counts.count)
        hardware = base
    }

    /// Moves to `index`: one step when it follows the current index, else every knob is set.
    @inline(__always)
    mutating func move(to i: Int) {
        if i == index + 1 && index >= 0 { step(); return }
        index = i
        var rest = i
        hardware = base
        for k in stride(from: counts.count - 1, through: 0, by: -1) {
            digits[k] = rest % counts[k]
            rest /= counts[k]
            set(k)
        }
    }

    /// The next index: the last digit advances, carrying into the ones before it.
    @inline(__always)
    mutating func step() {
        index += 1
        var k = counts.count - 1
        while k >= 0 {
            digits[k] += 1
            if digits[k] < counts[k] { set(k); return }
            digits[k] = 0
            set(k)
            k -= 1
        }
    }

    @inline(__always)
    private mutating func set(_ k: Int) {
        let x = numbers[k][digits[k]]
        switch fields[k] {
        case .voltage: hardware.voltage_v = x
        case .bitsPerCell: hardware.bitsPerCell = Int(x)
        case .baseLatency: hardware.baseLatency_s = x
        case .rows: hardware.rows = Int(x)
        case .cols: hardware.cols = Int(x)
        case .routerGroup: hardware.routerGroup = Int(x)
        case .tiles: hardware.tilesPerChip = Int(x)
        case .macros: hardware.macrosPerTile = Int(x)
        case .glbDepth: hardware.glbDepth = Int(x)
        case .adcBits: hardware.adcBits = Int(x)
        case .node: hardware.technology_nm = x
        case .pulse: hardware.readPulseWidth_s = x
        case .adcModel: hardware.adcModel = models[k][digits[k]] ?? base.adcModel
        case .none: break
        }
    }
}
