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

    public init(design: SRAMMacroDesign, rows: Int, cols: Int, adcBits: Int,
                registersPerColumn: Int = 16, bitPipelined: Bool = true, forcedCycle_s: Double? = nil) {
        self.design = design
        self.rows = rows
        self.cols = cols
        self.adcBits = adcBits
        self.registersPerColumn = registersPerColumn
        self.bitPipelined = bitPipelined
        self.forcedCycle_s = forcedCycle_s
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
    public func evaluate(_ point: SRAMOperatingPoint) -> SRAMMacroEvaluation {
        precondition(point.inputBits >= 1 && point.weightBits >= 1, "bit widths must be ≥ 1")
        let raw: SRAMMacroEvaluation
        switch design {
        case .sinangil: raw = evaluateSinangil(point)
        case .wang: raw = evaluateWang(point)
        case .jia: raw = evaluateJia(point)
        case .colonnade: raw = evaluateColonnade(point)
        }
        let node = point.technology_nm ?? referenceTechnology_nm
        guard node != referenceTechnology_nm else { return raw }
        var scaled = raw
        scaled.technology_nm = node
        scaled.components = raw.components.map { c in
            var s = c
            s.energy_pJ *= TechnologyScaling.energyFactor(c.rule, from: referenceTechnology_nm, to: node)
            s.area_um2 *= TechnologyScaling.areaFactor(c.rule, from: referenceTechnology_nm, to: node)
            return s
        }
        return scaled
    }
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

    public init(name: String, group: String, energy_pJ: Double, area_um2: Double, rule: TechnologyScaling.Rule) {
        self.name = name
        self.group = group
        self.energy_pJ = energy_pJ
        self.area_um2 = area_um2
        self.rule = rule
    }
}

/// Cost of one MVM on one macro and the derived throughput and efficiency metrics.
public struct SRAMMacroEvaluation: Hashable, Sendable, Codable {
    public var components: [SRAMComponentCost]
    /// MACs (at the operating point's bit widths) completed by one MVM.
    public var macsPerMVM: Double
    /// Cycles one MVM takes (input slices processed one after another).
    public var cyclesPerMVM: Double
    public var cycle_s: Double
    public var technology_nm: Double
    /// Breakdown groups the paper counts in its headline TOPS/W and TOPS/mm² (all groups when empty).
    public var headlineGroups: [String]

    public var latencyPerMVM_s: Double { cyclesPerMVM * cycle_s }
    public var energyPerMVM_pJ: Double { components.reduce(0) { $0 + $1.energy_pJ } }
    public var area_um2: Double { components.reduce(0) { $0 + $1.area_um2 } }

    /// Energy of the components reported under `group`, pJ per MVM.
    public func energy_pJ(group: String) -> Double {
        components.filter { $0.group == group }.reduce(0) { $0 + $1.energy_pJ }
    }

    /// Area of the components reported under `group`, µm².
    public func area_um2(group: String) -> Double {
        components.filter { $0.group == group }.reduce(0) { $0 + $1.area_um2 }
    }

    private func counted(_ c: SRAMComponentCost) -> Bool { headlineGroups.isEmpty || headlineGroups.contains(c.group) }

    /// Tera-operations per second (2 operations per MAC).
    public var tops: Double { 2 * macsPerMVM / latencyPerMVM_s / 1e12 }
    /// TOPS per watt over the headline components (the paper's definition).
    public var topsPerW: Double { 2 * macsPerMVM / components.filter(counted).reduce(0) { $0 + $1.energy_pJ } }
    /// TOPS per mm² over the headline components (the paper's definition).
    public var topsPerMM2: Double { tops / (components.filter(counted).reduce(0) { $0 + $1.area_um2 } * 1e-6) }
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
