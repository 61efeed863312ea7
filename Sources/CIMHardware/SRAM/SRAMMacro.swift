#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An SRAM compute-in-memory macro following one of CiMLoop's published macro definitions.
///
/// A macro computes one matrix–vector product (MVM) per `evaluate` call: every stored weight is
/// multiplied by one input vector at the operating point's bit widths. Energies are per MVM, latency is
/// the MVM's cycles × cycle time, areas are per macro. Each design (`SRAMMacro+Sinangil.swift`, …)
/// supplies its components at its reference node and voltage and CiMLoop's voltage/latency laws; the
/// common code here scales every component to the requested node with ``TechnologyScaling``.
public struct SRAMMacro: Hashable, Sendable, Codable {
    /// Which published macro the structure and constants come from.
    public var design: SRAMMacroDesign
    /// Word lines that are active in one MVM.
    public var rows: Int
    /// Bit lines (cells across one row).
    public var cols: Int
    /// ADC resolution, bits (ignored by the digital Colonnade macro).
    public var adcBits: Int
    /// Colonnade only: pipeline registers per column (1…16).
    public var registersPerColumn: Int
    /// Colonnade only: next input bit enters before the pipeline drains.
    public var bitPipelined: Bool
    /// Colonnade only: clock forced to this period (the paper's 100 MHz measurements), seconds.
    public var forcedCycle_s: Double?
    /// Which calibration of the voltage–energy law and constants to use (default: fitted to the paper).
    public var calibration: SRAMMacroCalibration

    public init(design: SRAMMacroDesign, rows: Int, cols: Int, adcBits: Int,
                registersPerColumn: Int = 16, bitPipelined: Bool = true, forcedCycle_s: Double? = nil,
                calibration: SRAMMacroCalibration = .fitted) {
        self.design = design
        self.rows = rows
        self.cols = cols
        self.adcBits = adcBits
        self.registersPerColumn = registersPerColumn
        self.bitPipelined = bitPipelined
        self.forcedCycle_s = forcedCycle_s
        self.calibration = calibration
    }

    private enum CodingKeys: String, CodingKey {
        case design, rows, cols, adcBits, registersPerColumn, bitPipelined, forcedCycle_s, calibration
    }

    /// Decodes a macro; `calibration` may be absent (encodings made before it existed mean `.fitted`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(design: try c.decode(SRAMMacroDesign.self, forKey: .design), rows: try c.decode(Int.self, forKey: .rows),
                  cols: try c.decode(Int.self, forKey: .cols), adcBits: try c.decode(Int.self, forKey: .adcBits),
                  registersPerColumn: try c.decode(Int.self, forKey: .registersPerColumn),
                  bitPipelined: try c.decode(Bool.self, forKey: .bitPipelined),
                  forcedCycle_s: try c.decodeIfPresent(Double.self, forKey: .forcedCycle_s),
                  calibration: try c.decodeIfPresent(SRAMMacroCalibration.self, forKey: .calibration) ?? .fitted)
    }

    /// The published macro of `design` with its silicon geometry.
    public static func published(_ design: SRAMMacroDesign) -> SRAMMacro {
        switch design {
        case .sinangil: return .sinangil
        case .wang: return .wang
        case .jia: return .jia
        case .colonnade: return .colonnade
        }
    }

    /// Node the design's constants were characterised at, nanometres.
    public var referenceTechnology_nm: Double { design.referenceTechnology_nm }

    /// The published operating point (reference voltage, the paper's bit widths, node).
    public var referencePoint: SRAMOperatingPoint { design.referencePoint }

    /// Weights of `weightBits` stored side by side in one row.
    public func weightsPerRow(weightBits: Int) -> Int {
        switch design {
        case .sinangil: return sinangilWeightsPerRow(weightBits: weightBits)
        case .wang: return wangWeightsPerRow(weightBits: weightBits)
        case .jia: return cols / max(1, weightBits)
        case .colonnade: return cols / (weightBits + colonnadeAccumulatorBits)
        }
    }

    /// Cost of one MVM at `point`, every component scaled to `point.technology_nm`.
    ///
    /// Allocation-free: the components live inline in the evaluation (``SRAMComponentList``).
    public func evaluate(_ point: SRAMOperatingPoint) -> SRAMMacroEvaluation {
        precondition(point.inputBits >= 1 && point.weightBits >= 1, "bit widths must be ≥ 1")
        var e: SRAMMacroEvaluation
        switch design {
        case .sinangil: e = evaluateSinangil(point)
        case .wang: e = evaluateWang(point)
        case .jia: e = evaluateJia(point)
        case .colonnade: e = evaluateColonnade(point)
        }
        let node = point.technology_nm ?? referenceTechnology_nm
        guard node != referenceTechnology_nm else { return e }
        e.technology_nm = node
        for i in e.componentList.indices {
            let rule = e.componentList.rule(at: i)
            e.componentList.scale(i, energy: TechnologyScaling.energyFactor(rule, from: referenceTechnology_nm, to: node),
                                  area: TechnologyScaling.areaFactor(rule, from: referenceTechnology_nm, to: node))
        }
        return e
    }
}

/// Which calibration of a macro's voltage–energy law and per-activation constants to use.
public enum SRAMMacroCalibration: String, Hashable, Sendable, Codable, CaseIterable {
    /// Fitted to all of the paper's published points (the default; see each design's documentation).
    case fitted
    /// CiMLoop's own law and constants, for parity with CiMLoop's results. Only the Sinangil macro has a
    /// separate CiMLoop calibration ((V/0.8)^1.7 with the Fig. 13(a) least-squares energies); the other
    /// designs document CiMLoop's law next to theirs and evaluate the same under both calibrations.
    case cimloop
}

/// The four SRAM CiM macros CiMLoop validates against.
public enum SRAMMacroDesign: String, Hashable, Sendable, Codable, CaseIterable {
    /// Sinangil et al., JSSC 2021: 7 nm, 64×64, 4-bit inputs/weights, 4-bit ADCs.
    case sinangil = "sinangil_jssc_2021"
    /// Wang et al., VLSI 2022: 22 nm C-2C charge-domain macro, 8-bit voltage DACs and ADCs.
    case wang = "wang_vlsi_2022"
    /// Jia et al., JSSC 2020: 65 nm, 768×768 capacitor-based bit-serial macro, 8-bit ADCs.
    case jia = "jia_jssc_2020"
    /// Colonnade (Kim et al.), JSSC 2021: 65 nm fully digital bit-serial macro, 128×128.
    case colonnade = "colonnade_jssc_2021"

    public var referenceTechnology_nm: Double {
        switch self {
        case .sinangil: return 7
        case .wang: return 22
        case .jia, .colonnade: return 65
        }
    }

    public var referencePoint: SRAMOperatingPoint {
        switch self {
        case .sinangil: return SRAMOperatingPoint(voltage_v: 0.8, inputBits: 4, weightBits: 4)
        case .wang: return SRAMOperatingPoint(voltage_v: 1.0, inputBits: 8, weightBits: 8)
        case .jia: return SRAMOperatingPoint(voltage_v: 0.85, inputBits: 1, weightBits: 1)
        case .colonnade: return SRAMOperatingPoint(voltage_v: 0.8, inputBits: 1, weightBits: 8)
        }
    }

    /// Supply range the design's voltage laws were characterised over, V (the paper's measured sweep):
    /// Sinangil Fig. 13(b) 0.65–1.0, Wang Fig. 23 0.7–1.1, Jia Table I 0.85–1.2, Colonnade Fig. 16 0.6–0.8.
    /// Chips (``SRAMChipModel``) refuse voltages outside it rather than extrapolate the laws.
    public var voltageRange_v: ClosedRange<Double> {
        switch self {
        case .sinangil: return 0.65...1.0
        case .wang: return 0.7...1.1
        case .jia: return 0.85...1.2
        case .colonnade: return 0.6...0.8
        }
    }

    /// Whether `voltage_v` lies in ``voltageRange_v`` (1 µV slack for decimal values read from text).
    @inlinable
    public func supports(voltage_v: Double) -> Bool {
        let r = voltageRange_v
        return voltage_v >= r.lowerBound - 1e-6 && voltage_v <= r.upperBound + 1e-6
    }

    /// The design named by its short name (`sinangil`, `wang`, `jia`, `colonnade`) or its raw value
    /// (`sinangil_jssc_2021`, …), case-insensitive.
    public init?(name: String) {
        let n = name.lowercased()
        guard let d = Self.allCases.first(where: { n == "\($0)" || n == $0.rawValue }) else { return nil }
        self = d
    }

    /// The short name (`sinangil`, …).
    public var shortName: String { "\(self)" }

    /// Names `init(name:)` accepts, for messages.
    public static var nameList: String { allCases.map(\.shortName).joined(separator: "|") }
}

/// Supply voltage, bit widths, data values and node of one macro evaluation.
public struct SRAMOperatingPoint: Hashable, Sendable, Codable {
    public var voltage_v: Double
    public var inputBits: Int
    public var weightBits: Int
    /// Mean input value normalised to [0, 1] (data-value-dependent designs); nil = the design's default.
    public var averageInput: Double?
    /// Mean weight value normalised to [0, 1]; nil = the design's default.
    public var averageWeight: Double?
    /// Node to evaluate at, nm; nil = the design's reference node.
    public var technology_nm: Double?

    public init(voltage_v: Double, inputBits: Int, weightBits: Int, averageInput: Double? = nil,
                averageWeight: Double? = nil, technology_nm: Double? = nil) {
        self.voltage_v = voltage_v
        self.inputBits = inputBits
        self.weightBits = weightBits
        self.averageInput = averageInput
        self.averageWeight = averageWeight
        self.technology_nm = technology_nm
    }
}

/// Energy per MVM and area of one macro component.
public struct SRAMComponentCost: Hashable, Sendable, Codable {
    public var name: String
    /// The paper's breakdown category this component is reported under.
    public var group: String
    public var energy_pJ: Double
    public var area_um2: Double
    /// How the component moves across technology nodes.
    public var rule: TechnologyScaling.Rule
    /// Which published macro component this is (nil: look it up by name and group).
    public var kind: SRAMComponentKind?

    public init(name: String, group: String, energy_pJ: Double, area_um2: Double, rule: TechnologyScaling.Rule,
                kind: SRAMComponentKind? = nil) {
        self.name = name
        self.group = group
        self.energy_pJ = energy_pJ
        self.area_um2 = area_um2
        self.rule = rule
        self.kind = kind
    }
}

/// A component of one of the published macros: its name and the paper's breakdown group.
///
/// Inline component storage keeps this one-byte id instead of two strings, so evaluations copy without
/// reference counting.
public enum SRAMComponentKind: UInt8, Hashable, Sendable, Codable, CaseIterable {
    case sinangilADC, sinangilCounter, sinangilRowDrivers, sinangilBitcellArray, sinangilCapacitors
    case wangADC, wangDAC, wangC2CMultiplier, wangMisc
    case jiaADC, jiaCiMArray, jiaNMCDatapath, jiaSparsityController
    case colonnadeBitcellArray, colonnadeDrivers, colonnadeRegistersControl, colonnadeBLDecoder

    public var name: String {
        switch self {
        case .sinangilADC, .wangADC, .jiaADC: return "adc"
        case .sinangilCounter: return "counter"
        case .sinangilRowDrivers: return "row_drivers"
        case .sinangilBitcellArray, .colonnadeBitcellArray: return "bitcell_array"
        case .sinangilCapacitors: return "binary_weighting_capacitors"
        case .wangDAC: return "dac"
        case .wangC2CMultiplier: return "c2c_multiplier"
        case .wangMisc: return "weight_drivers_control"
        case .jiaCiMArray: return "cim_array"
        case .jiaNMCDatapath: return "nmc_datapath"
        case .jiaSparsityController: return "sparsity_controller"
        case .colonnadeDrivers: return "drivers"
        case .colonnadeRegistersControl: return "registers_control"
        case .colonnadeBLDecoder: return "bl_decoder"
        }
    }

    /// The paper's breakdown category.
    public var group: String {
        switch self {
        case .sinangilADC, .sinangilCounter: return "CiM circuitry"
        case .sinangilRowDrivers, .sinangilBitcellArray: return "Original macro"
        case .sinangilCapacitors: return "Binary-weighting capacitors"
        case .wangADC, .jiaADC: return "ADC"
        case .wangDAC: return "DAC"
        case .wangC2CMultiplier: return "MAC"
        case .wangMisc: return "Misc"
        case .jiaCiMArray: return "CiM"
        case .jiaNMCDatapath: return "NMC"
        case .jiaSparsityController: return "Sparsity controller"
        case .colonnadeBitcellArray: return "Bitcell array"
        case .colonnadeDrivers: return "Drivers"
        case .colonnadeRegistersControl: return "Ctrl+Reg"
        case .colonnadeBLDecoder: return "BL decoder"
        }
    }
}

/// Up to ``capacity`` macro components stored inline as plain numbers (SIMD lanes), so that building,
/// scaling, copying and summing an evaluation allocates nothing and touches no reference counts.
///
/// A random-access collection of ``SRAMComponentCost`` in the design's order; unused lanes are zero. Only
/// the published designs' components (``SRAMComponentKind``) can be stored.
public struct SRAMComponentList: RandomAccessCollection, Hashable, Sendable, Codable {
    public static let capacity = 8
    public private(set) var count = 0
    /// Energy per MVM of component i, pJ (lane i; unused lanes 0).
    public private(set) var energies_pJ = SIMD8<Double>()
    /// Area of component i, µm² (lane i; unused lanes 0).
    public private(set) var areas_um2 = SIMD8<Double>()
    private var kinds = SIMD8<UInt8>()
    private var rules = SIMD8<UInt8>()

    public init() {}

    /// The components of `array` (at most ``capacity``, each a published design's component).
    public init(_ array: [SRAMComponentCost]) {
        for c in array { append(c) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> SRAMComponentCost {
        let k = kind(at: i)
        return SRAMComponentCost(name: k.name, group: k.group, energy_pJ: energies_pJ[i], area_um2: areas_um2[i],
                                 rule: rule(at: i), kind: k)
    }

    public func kind(at i: Int) -> SRAMComponentKind {
        precondition(i >= 0 && i < count, "component index out of range")
        return SRAMComponentKind(rawValue: kinds[i])!
    }

    public func rule(at i: Int) -> TechnologyScaling.Rule {
        precondition(i >= 0 && i < count, "component index out of range")
        switch rules[i] {
        case 0: return .logic
        case 1: return .adc
        case 2: return .bitcell
        default: return .capacitor
        }
    }

    public mutating func append(_ kind: SRAMComponentKind, energy_pJ: Double, area_um2: Double, rule: TechnologyScaling.Rule) {
        precondition(count < Self.capacity, "an SRAM macro has at most \(Self.capacity) components")
        energies_pJ[count] = energy_pJ
        areas_um2[count] = area_um2
        kinds[count] = kind.rawValue
        switch rule {
        case .logic: rules[count] = 0
        case .adc: rules[count] = 1
        case .bitcell: rules[count] = 2
        case .capacitor: rules[count] = 3
        }
        count += 1
    }

    /// Appends `c`: its ``SRAMComponentCost/kind``, or else the first ``SRAMComponentKind`` with its name and group.
    public mutating func append(_ c: SRAMComponentCost) {
        guard let k = c.kind ?? SRAMComponentKind.allCases.first(where: { $0.name == c.name && $0.group == c.group }) else {
            preconditionFailure("\(c.name) (\(c.group)) is not a component of a published SRAM macro")
        }
        append(k, energy_pJ: c.energy_pJ, area_um2: c.area_um2, rule: c.rule)
    }

    /// Multiplies component i's energy and area.
    public mutating func scale(_ i: Int, energy: Double, area: Double) {
        precondition(i >= 0 && i < count, "component index out of range")
        energies_pJ[i] *= energy
        areas_um2[i] *= area
    }
}

/// Cost of one MVM on one macro and the derived throughput and efficiency metrics.
///
/// Totals and metrics are computed over the inline ``componentList`` without building arrays; ``components``
/// (an array, allocated on each access) is for reports and tests.
public struct SRAMMacroEvaluation: Hashable, Sendable, Codable {
    /// The components, inline.
    public var componentList: SRAMComponentList
    /// MACs (at the operating point's bit widths) completed by one MVM.
    public var macsPerMVM: Double
    /// Cycles one MVM takes (input slices processed one after another).
    public var cyclesPerMVM: Double
    public var cycle_s: Double
    public var technology_nm: Double
    /// Bit i set: component i belongs to a breakdown group the paper counts in its headline TOPS/W and
    /// TOPS/mm²; 0 = every component counts.
    public var headlineMask: UInt8

    public init(componentList: SRAMComponentList, macsPerMVM: Double, cyclesPerMVM: Double, cycle_s: Double,
                technology_nm: Double, headlineMask: UInt8 = 0) {
        self.componentList = componentList
        self.macsPerMVM = macsPerMVM
        self.cyclesPerMVM = cyclesPerMVM
        self.cycle_s = cycle_s
        self.technology_nm = technology_nm
        self.headlineMask = headlineMask
    }

    /// An evaluation without components (placeholder of unused cache slots).
    public static let empty = SRAMMacroEvaluation(componentList: SRAMComponentList(), macsPerMVM: 0, cyclesPerMVM: 0,
                                                  cycle_s: 0, technology_nm: 0)

    /// The components as an array (allocates; use ``componentList`` on hot paths).
    public var components: [SRAMComponentCost] {
        get { Array(componentList) }
        set { componentList = SRAMComponentList(newValue) }
    }

    /// Breakdown groups the paper counts in its headline TOPS/W and TOPS/mm² (all groups when empty).
    public var headlineGroups: [String] {
        guard headlineMask != 0 else { return [] }
        var out: [String] = []
        for i in componentList.indices where counted(i) {
            let g = componentList.kind(at: i).group
            if !out.contains(g) { out.append(g) }
        }
        return out
    }

    public var latencyPerMVM_s: Double { cyclesPerMVM * cycle_s }

    public var energyPerMVM_pJ: Double { componentList.energies_pJ.sum() }

    public var area_um2: Double { componentList.areas_um2.sum() }

    /// Energy of the components reported under `group`, pJ per MVM.
    public func energy_pJ(group: String) -> Double {
        var s = 0.0
        for i in componentList.indices where componentList.kind(at: i).group == group { s += componentList.energies_pJ[i] }
        return s
    }

    /// Area of the components reported under `group`, µm².
    public func area_um2(group: String) -> Double {
        var s = 0.0
        for i in componentList.indices where componentList.kind(at: i).group == group { s += componentList.areas_um2[i] }
        return s
    }

    private func counted(_ i: Int) -> Bool { headlineMask == 0 || headlineMask & (1 << UInt8(i)) != 0 }

    private var headlineEnergy_pJ: Double {
        guard headlineMask != 0 else { return energyPerMVM_pJ }
        var s = 0.0
        for i in componentList.indices where counted(i) { s += componentList.energies_pJ[i] }
        return s
    }

    private var headlineArea_um2: Double {
        guard headlineMask != 0 else { return area_um2 }
        var s = 0.0
        for i in componentList.indices where counted(i) { s += componentList.areas_um2[i] }
        return s
    }

    /// Tera-operations per second (2 operations per MAC).
    public var tops: Double { 2 * macsPerMVM / latencyPerMVM_s / 1e12 }
    /// TOPS per watt over the headline components (the paper's definition).
    public var topsPerW: Double { 2 * macsPerMVM / headlineEnergy_pJ }
    /// TOPS per mm² over the headline components (the paper's definition).
    public var topsPerMM2: Double { tops / (headlineArea_um2 * 1e-6) }
    /// Energy per MAC over all components, femtojoules.
    public var energyPerMAC_fJ: Double { energyPerMVM_pJ * 1000 / macsPerMVM }
}

/// Relative energy and area of an ADC at another resolution (Murmann-survey regression of CiMLoop's ADC
/// plug-in, in its energy-limited regime where FOMS = FOMS_max(b)): energy ∝ 10^((6.02 − 3.22)·b/10) · b^−2.83,
/// area ∝ energy^0.299 at a fixed node and rate.
enum SurveyADCScaling {
    static func energyRatio(bits: Int, referenceBits: Int) -> Double {
        let b = Double(bits), b0 = Double(referenceBits)
        let perBit_dB = 6.0206 - 3.220512
        return pow10(perBit_dB * (b - b0) / 10) * pow(b / b0, -2.829126)
    }

    static func areaRatio(bits: Int, referenceBits: Int) -> Double {
        pow(energyRatio(bits: bits, referenceBits: referenceBits), 0.299124)
    }

    private static func pow10(_ x: Double) -> Double { pow(10, x) }
}
