/// An RRAM compute-in-memory macro with integrating neurons, built from the RRAM cost components.
///
/// One `evaluate` is one matrix–vector product (MVM) over the whole array. Signed inputs drive the rows
/// as ternary pulses, one magnitude bit per step (NeuroSim row drivers at the read voltage, the RRAM cell's
/// V_read²·t/R per pulse); each column's neuron integrates the bit-line charge, a word-line toggle per
/// input bit tells it to, and it reads out the sum with a variable-precision ADC, one output bit per ADC
/// step. An input of more than `maxInputBitsBeforeTwoPhase` magnitude bits runs in two phases (high and
/// low half) so the integrator's 2^n − 1 steps stay short. Structure and constants: CiMLoop's
/// `wan_nature_2022` macro (`RRAMMacro+NeuRRAM.swift`); validation in docs/validation.md.
public struct RRAMMacro: Hashable, Sendable {
    /// Rows (inputs) and columns (neurons) of one core's array.
    public var rows: Int
    public var cols: Int
    /// Cores of the chip that run MVMs in parallel (throughput only).
    public var cores: Int
    /// Cells holding one signed weight (2: one for the positive, one for the negative part).
    public var devicesPerWeight: Int
    public var technology_nm: Double
    /// Supply of the neurons and word lines, volts.
    public var voltage_v: Double
    /// The memory device (its read voltage is the row drivers' pulse height).
    public var cell: RRAMCellParameters
    /// Duration of one input pulse, seconds.
    public var readPulseWidth_s: Double
    /// Magnitude bits processed in one phase; more bits split into two phases.
    public var maxInputBitsBeforeTwoPhase: Int
    public var neuron: IntegratingNeuron.Parameters
    /// Word-line capacitance per cell and of its driver at `wordLineReferenceNode_nm`, farads.
    public var wordLinePerCell_F: Double
    public var wordLineDriver_F: Double
    public var wordLineReferenceNode_nm: Double
    /// Step times at `timingReferenceVoltage_v`; other supplies scale them by V_ref / V.
    public var integrateStep_s: Double
    public var adcStep_s: Double
    public var interPhase_s: Double
    public var timingReferenceVoltage_v: Double
    /// Area multiplier of the NeuroSim row, column and word-line drivers (the paper's driver area).
    public var driverAreaScale: Double
    /// Signed value histograms of inputs and weights (2^k − 1 bins, centre = 0).
    public var inputHistogram: [Double]
    public var weightHistogram: [Double]

    public init(rows: Int, cols: Int, cores: Int, devicesPerWeight: Int, technology_nm: Double, voltage_v: Double,
                cell: RRAMCellParameters, readPulseWidth_s: Double, maxInputBitsBeforeTwoPhase: Int,
                neuron: IntegratingNeuron.Parameters, wordLinePerCell_F: Double, wordLineDriver_F: Double,
                wordLineReferenceNode_nm: Double, integrateStep_s: Double, adcStep_s: Double, interPhase_s: Double,
                timingReferenceVoltage_v: Double, driverAreaScale: Double, inputHistogram: [Double],
                weightHistogram: [Double]) {
        self.rows = rows
        self.cols = cols
        self.cores = cores
        self.devicesPerWeight = devicesPerWeight
        self.technology_nm = technology_nm
        self.voltage_v = voltage_v
        self.cell = cell
        self.readPulseWidth_s = readPulseWidth_s
        self.maxInputBitsBeforeTwoPhase = maxInputBitsBeforeTwoPhase
        self.neuron = neuron
        self.wordLinePerCell_F = wordLinePerCell_F
        self.wordLineDriver_F = wordLineDriver_F
        self.wordLineReferenceNode_nm = wordLineReferenceNode_nm
        self.integrateStep_s = integrateStep_s
        self.adcStep_s = adcStep_s
        self.interPhase_s = interPhase_s
        self.timingReferenceVoltage_v = timingReferenceVoltage_v
        self.driverAreaScale = driverAreaScale
        self.inputHistogram = inputHistogram
        self.weightHistogram = weightHistogram
    }

    /// Signed multiply-accumulates of one MVM: every row times every signed weight.
    public var macsPerMVM: Double { Double(rows) * Double(cols / max(1, devicesPerWeight)) }

    /// The step schedule of one MVM at `point`.
    public func schedule(_ point: RRAMOperatingPoint) -> RRAMMacroSchedule {
        RRAMMacroSchedule(magnitudeBits: max(1, point.inputBits - 1), outputBits: point.outputBits,
                          maxBitsPerPhase: point.onePhase ? Int.max : maxInputBitsBeforeTwoPhase)
    }

    /// Energy, area and throughput of one MVM at `point`, with the NeuroSim drivers of `technology`.
    /// - Throws: `DataValueStatistics.HistogramError` when a histogram is unusable.
    public func evaluate(_ point: RRAMOperatingPoint, technology: TechnologyParameters) throws(DataValueStatistics.HistogramError)
        -> RRAMMacroEvaluation {
        let s = schedule(point)
        let pulses = Double(s.magnitudeBits)
        let a = try DataValueStatistics.averageMagnitudeSliceValue(histogram: inputHistogram, totalBits: s.magnitudeBits,
                                                                  bitsPerSlice: 1)
        let w = try DataValueStatistics.averageMagnitudeSliceValue(histogram: weightHistogram, totalBits: point.weightBits,
                                                                  bitsPerSlice: point.weightBits, twoPart: devicesPerWeight > 1)
        let nodes = technology.neurosimNodes
        let eScale = nodes.energyScale(technology_nm), aScale = nodes.areaScale(technology_nm)
        let node_um = technology_nm * 1e-3
        let r = Double(rows), c = Double(cols)

        let rram = RRAMCell(cell, rows: rows, cols: cols, readPulseWidth_s: readPulseWidth_s, areaNode_um: node_um)
        // The drivers put V_read pulses on the rows: NeuroSim's driver at the read voltage, not the supply.
        let drivers = RowDrivers(technology.rowDriver, rows: rows, cols: cols, voltage_v: cell.vRead_v,
                                 energyScale: eScale, areaScale: aScale * driverAreaScale)
        let wordLineDrivers = RowDrivers(technology.rowDriver, rows: cols, cols: rows, voltage_v: voltage_v,
                                         energyScale: eScale, areaScale: aScale * driverAreaScale)
        let columnDrivers = ColumnDrivers(areaPerCol_um2: technology.columnDriverAreaPerCol_um2, cols: cols,
                                          areaScale: aScale * driverAreaScale)
        // CiMLoop counts one cell per bit line on a word line (ARRAY_BITLINES); rows = cols on NeuRRAM.
        let wordLine = WordLineCapacitance(perCell_F: wordLinePerCell_F, driver_F: wordLineDriver_F, cells: cols,
                                           referenceNode_nm: wordLineReferenceNode_nm, technology_nm: technology_nm,
                                           voltage_v: voltage_v)
        let n = IntegratingNeuron(neuron, technology_nm: technology_nm, voltage_v: voltage_v)

        var parts: [RRAMMacroComponent] = []
        parts.append(.init(name: "cim_unit", group: .inputPulses,
                           energy_pJ: r * c * rram.readEnergy_pJ(pulses: pulses, averageInput: a, averageWeight: w),
                           area_um2: r * c * rram.area_um2))
        parts.append(.init(name: "row_drivers", group: .inputPulses,
                           energy_pJ: r * pulses * drivers.readEnergy_pJ(pulses: 1, averageInput: a),
                           area_um2: drivers.area_um2))
        parts.append(.init(name: "wordline_cap", group: .wordLineSwitching,
                           energy_pJ: c * pulses * wordLine.toggle_pJ, area_um2: 0))
        parts.append(.init(name: "wordline_drivers", group: .wordLineSwitching, energy_pJ: 0,
                           area_um2: wordLineDrivers.area_um2))
        parts.append(.init(name: "column_drivers", group: .neuron, energy_pJ: c * columnDrivers.read_pJ,
                           area_um2: columnDrivers.area_um2))
        parts.append(.init(name: "integrator", group: .neuron,
                           energy_pJ: c * Double(s.integrationSteps) * n.integrateStep_pJ, area_um2: c * n.integratorArea_um2))
        parts.append(.init(name: "sample", group: .neuron, energy_pJ: c * pulses * n.sample_pJ,
                           area_um2: c * n.sampleArea_um2))
        parts.append(.init(name: "adc", group: .neuron, energy_pJ: c * Double(s.adcSteps) * n.adcStep_pJ,
                           area_um2: c * n.adcArea_um2))
        parts.append(.init(name: "shift_add", group: .neuron, energy_pJ: c * Double(s.adcSteps) * n.shiftAddStep_pJ,
                           area_um2: c * n.shiftAddArea_um2))

        let latency = (Double(s.integrationSteps) * integrateStep_s + Double(s.adcSteps) * adcStep_s
            + Double(s.phases) * interPhase_s) * timingReferenceVoltage_v / voltage_v
        return RRAMMacroEvaluation(components: parts, latency_s: latency, macsPerMVM: macsPerMVM, cores: cores,
                                   averageInput: a, averageWeight: w)
    }
}

/// The bit widths of one MVM on an ``RRAMMacro``.
public struct RRAMOperatingPoint: Hashable, Sendable {
    /// Signed input bits (sign included).
    public var inputBits: Int
    /// Bits read out per output.
    public var outputBits: Int
    /// Magnitude bits of one weight's device.
    public var weightBits: Int
    /// Process every input bit in one phase (no split).
    public var onePhase: Bool

    public init(inputBits: Int, outputBits: Int, weightBits: Int, onePhase: Bool) {
        self.inputBits = inputBits
        self.outputBits = outputBits
        self.weightBits = weightBits
        self.onePhase = onePhase
    }
}

/// Steps of one MVM: integration steps Σ(2^n_p − 1), ADC steps Σ max(out − bits before phase p, 0), phases.
public struct RRAMMacroSchedule: Hashable, Sendable {
    public let magnitudeBits: Int
    /// Input magnitude bits of each phase (high half first).
    public let phaseBits: [Int]
    public let integrationSteps: Int
    public let adcSteps: Int
    public var phases: Int { phaseBits.count }

    public init(magnitudeBits: Int, outputBits: Int, maxBitsPerPhase: Int) {
        self.magnitudeBits = magnitudeBits
        phaseBits = magnitudeBits <= maxBitsPerPhase ? [magnitudeBits]
            : [(magnitudeBits + 1) / 2, magnitudeBits / 2]
        integrationSteps = phaseBits.reduce(0) { $0 + (1 << $1) - 1 }
        var before = 0, adc = 0
        for bits in phaseBits {
            adc += max(outputBits - before, 0)
            before += bits
        }
        adcSteps = adc
    }
}

/// One component of an ``RRAMMacroEvaluation``: energy per MVM and area per core.
public struct RRAMMacroComponent: Hashable, Sendable {
    /// The paper's energy breakdown groups (Wan et al. Fig. 12(b)).
    public enum Group: String, Hashable, Sendable, CaseIterable {
        case wordLineSwitching = "wl_switching"
        case neuron = "neuron"
        case inputPulses = "input_pulses"
    }

    public let name: String
    public let group: Group
    public let energy_pJ: Double
    public let area_um2: Double
}

/// Per-MVM cost of an ``RRAMMacro``.
public struct RRAMMacroEvaluation: Hashable, Sendable {
    public let components: [RRAMMacroComponent]
    /// One MVM, seconds.
    public let latency_s: Double
    public let macsPerMVM: Double
    public let cores: Int
    /// The average input and weight slice values the energies used.
    public let averageInput: Double
    public let averageWeight: Double

    /// Energy of one MVM on one core, pJ.
    public var energy_pJ: Double { components.reduce(0) { $0 + $1.energy_pJ } }
    /// Area of one core, µm².
    public var area_um2: Double { components.reduce(0) { $0 + $1.area_um2 } }
    /// Energy of one group, pJ.
    public func energy_pJ(_ group: RRAMMacroComponent.Group) -> Double {
        components.reduce(0) { $0 + ($1.group == group ? $1.energy_pJ : 0) }
    }
    /// Area of the named components, µm².
    public func area_um2(_ names: Set<String>) -> Double {
        components.reduce(0) { $0 + (names.contains($1.name) ? $1.area_um2 : 0) }
    }
    /// Throughput of all cores (2 operations per MAC), TOPS.
    public var tops: Double { 2 * macsPerMVM * Double(cores) / latency_s / 1e12 }
    /// Operations per joule / 1e12 (2 operations per MAC).
    public var topsPerWatt: Double { 2 * macsPerMVM / (energy_pJ * 1e-12) / 1e12 }
}
