/// The component half of the CiMLoop-faithful cost model: per-action energies and per-instance areas.
///
/// `prepare(_:)` evaluates everything that depends only on the hardware once; per-layer energies are then
/// a few multiply-adds (`PreparedHardware.actionEnergies`). Call `prepare` once per hardware and reuse it:
/// `actionEnergies(_:inputBits:…)` on the model re-prepares every time.
///
/// Leakage: NeuroSim components leak ≈ 0 (the plug-in multiplies leakage power by the cycle time twice), so
/// only the SRAM buffers carry leak energy per cycle (CACTI standby power × GLOBAL_CYCLE_SECONDS + adders).
public struct ComponentModel: Sendable {
    public let technology: TechnologyParameters
    @usableFromInline let sram: CACTISRAM

    /// Widths fixed by the CiMLoop architecture (`large_router_glb`, `input_output_bufs`).
    public static let glbWidth_bits = 2048
    public static let routerWidth_bits = 128
    /// Tile buffers hold 8-bit values for each macro of the tile: width = 8 · macros per tile.
    public static let bufferBitsPerMacro = 8

    public init(technology: TechnologyParameters) {
        self.technology = technology
        sram = CACTISRAM(technology.cacti)
    }

    /// Evaluates every hardware-only quantity of `hw`.
    /// - Complexity: O(technology table size); call once per hardware, not per layer.
    public func prepare(_ hw: HardwareConfig) -> PreparedHardware {
        PreparedHardware(model: self, hw: hw)
    }

    /// Per-instance areas (Accelergy ART) of `hw`, µm².
    public func instanceAreas(_ hw: HardwareConfig) -> InstanceAreas { prepare(hw).areas }

    /// Per-action energies (Accelergy ERT) of `hw` for a layer, pJ.
    /// - Parameters:
    ///   - inputBits: temporal DAC resolution (every input is one pulse train of 2^inputBits − 1 pulses).
    ///   - averageInput, averageWeight: AVERAGE_INPUT_VALUE / AVERAGE_WEIGHT_VALUE (`DataValueStatistics`).
    public func actionEnergies(_ hw: HardwareConfig, inputBits: Int, weightBits: Int,
                               averageInput: Double, averageWeight: Double) -> ActionEnergies {
        prepare(hw).actionEnergies(inputBits: inputBits, weightBits: weightBits,
                                   averageInput: averageInput, averageWeight: averageWeight)
    }

    /// The first knob of `hw` the component models cannot evaluate (non-positive sizes, times, voltage or
    /// node; ADC resolution outside 1…30 b), as one line; nil when every knob is usable.
    public func invalidKnob(_ hw: HardwareConfig) -> String? {
        if !(hw.voltage_v > 0 && hw.voltage_v.isFinite) { return "voltage \(hw.voltage_v) V, expected > 0" }
        if !(hw.baseLatency_s > 0 && hw.baseLatency_s.isFinite) { return "base latency \(hw.baseLatency_s) s, expected > 0" }
        if !(hw.readPulseWidth_s > 0 && hw.readPulseWidth_s.isFinite) { return "read pulse width \(hw.readPulseWidth_s) s, expected > 0" }
        if !(hw.technology_nm > 0 && hw.technology_nm.isFinite) { return "technology \(hw.technology_nm) nm, expected > 0" }
        if hw.rows < 1 || hw.cols < 1 { return "array \(hw.rows)×\(hw.cols), expected ≥ 1 row and column" }
        if hw.macrosPerTile < 1 || hw.tilesPerChip < 1 || hw.routerGroup < 1 {
            return "macros/tile \(hw.macrosPerTile), tiles \(hw.tilesPerChip), routers \(hw.routerGroup), expected ≥ 1 each"
        }
        if hw.glbDepth < 1 { return "glb depth \(hw.glbDepth), expected ≥ 1" }
        if hw.bitsPerCell < 1 { return "bits per cell \(hw.bitsPerCell), expected ≥ 1" }
        if !(1...30).contains(hw.adcBits) { return "ADC resolution \(hw.adcBits) b, expected 1…30" }
        return nil
    }

    /// Reasons `hw` lies outside the range validated against the real tools (empty: validated).
    ///
    /// Validated: 32 nm, VOLTAGE 0.50–0.85 V, 8-bit NeuroSim ADC, rows 32–512, cols 32–256, buffer shapes
    /// inside the CACTI grid, CIMNAS voltage overrides. Outside, the documented scaling rules answer.
    public func validationIssues(_ hw: HardwareConfig) -> [String] {
        var issues: [String] = []
        let t = technology
        if hw.technology_nm != t.neurosimNodes.referenceNode_nm {
            issues.append("technology \(hw.technology_nm) nm: periphery, buffers and router scaled from \(t.neurosimNodes.referenceNode_nm) nm by rule")
        }
        if !t.rowDriver.activation_pJ.range.contains(hw.voltage_v) {
            issues.append("voltage \(hw.voltage_v) V outside the tabulated \(t.rowDriver.activation_pJ.range) V")
        }
        if hw.adcModel == .neurosim && hw.adcBits != t.neurosimADC.referenceBits {
            issues.append("NeuroSim ADC at \(hw.adcBits) b: encoder scaled from \(t.neurosimADC.referenceBits) b by rule")
        }
        if !(32...512).contains(hw.rows) || !(32...256).contains(hw.cols) {
            issues.append("array \(hw.rows)×\(hw.cols) outside the NeuroSim sweep 32–512 × 32–256")
        }
        let w = Self.bufferBitsPerMacro * hw.macrosPerTile
        for (name, width, depth) in [("input buffer", w, hw.rows), ("output buffer", w, hw.cols),
                                     ("glb", Self.glbWidth_bits, hw.glbDepth)]
        where !sram.isInsideGrid(width: width, depth: depth) {
            issues.append("\(name) \(width)×\(depth) outside the CACTI grid (scaled by the CACTI rules)")
        }
        if hw.stockVoltageScaling { issues.append("stock CiMLoop voltage scaling (not the CIMNAS configuration)") }
        return issues
    }

    /// Whether `hw` lies inside the validated range (see `validationIssues`).
    public func isValidated(_ hw: HardwareConfig) -> Bool { validationIssues(hw).isEmpty }
}

/// Everything of the component model that depends only on the hardware, evaluated once.
///
/// Per-layer work (`actionEnergies`) is allocation-free arithmetic on these stored values.
public struct PreparedHardware: Hashable, Sendable {
    public let hardware: HardwareConfig
    /// GLOBAL_CYCLE_SECONDS: base latency, × 1/VOLTAGE under stock voltage scaling.
    public let cycle_s: Double
    public let cell: RRAMCell
    public let rowDrivers: RowDrivers
    public let columnDrivers: ColumnDrivers
    /// ADC conversion energy with an all-off / one-on column (after ADC_ENERGY_SCALE), pJ.
    public let adcEnergyOff_pJ: Double
    public let adcEnergyOn_pJ: Double
    public let inputBuffer: SRAMBuffer
    public let outputBuffer: SRAMBuffer
    public let glb: SRAMBuffer
    public let router: Router
    /// Per-instance areas (ART), µm².
    public let areas: InstanceAreas
    /// Hardware-only part of `ActionEnergies` (buffers, router, leak, column drivers).
    public let fixedEnergies: ActionEnergies

    init(model: ComponentModel, hw: HardwareConfig) {
        let t = model.technology
        let node = hw.technology_nm
        let nodes = t.neurosimNodes
        let eScale = nodes.energyScale(node), aScale = nodes.areaScale(node)
        hardware = hw
        cycle_s = hw.stockVoltageScaling ? hw.baseLatency_s / hw.voltage_v : hw.baseLatency_s
        // Cell area follows F² at NeuroSim nodes, interpolated linearly in between.
        let cellArea_um2 = nodes.interpolate(node) { n in t.cell.area_F2 * n * n * 1e-6 }
        let c = RRAMCell(t.cell, rows: hw.rows, cols: hw.cols, readPulseWidth_s: hw.readPulseWidth_s, areaNode_um: 1)
        cell = RRAMCell(energyOn_pJ: c.energyOn_pJ, energyOff_pJ: c.energyOff_pJ, area_um2: cellArea_um2)
        rowDrivers = RowDrivers(t.rowDriver, rows: hw.rows, cols: hw.cols, voltage_v: hw.voltage_v,
                                energyScale: eScale, areaScale: aScale)
        columnDrivers = ColumnDrivers(areaPerCol_um2: t.columnDriverAreaPerCol_um2, cols: hw.cols, areaScale: aScale)
        let adcEnergyScale = hw.stockVoltageScaling ? hw.voltage_v * hw.voltage_v : 1
        let adcArea_um2: Double
        switch hw.adcModel {
        case .neurosim:
            let adc = NeuroSimADC(t.neurosimADC, cell: t.cell, nodes: nodes, bits: hw.adcBits, rows: hw.rows,
                                  cols: hw.cols, voltage_v: hw.voltage_v, technology_nm: node)
            adcEnergyOff_pJ = adc.energyOff_pJ * adcEnergyScale
            adcEnergyOn_pJ = adc.energyOn_pJ * adcEnergyScale
            adcArea_um2 = adc.area_um2
        case .survey:
            let adc = SurveyADC(t.surveyADC, bits: hw.adcBits, technology_nm: node, cols: hw.cols, cycle_s: cycle_s)
            adcEnergyOff_pJ = adc.energy_pJ * adcEnergyScale
            adcEnergyOn_pJ = adcEnergyOff_pJ
            adcArea_um2 = adc.area_um2
        }
        let bufferWidth = ComponentModel.bufferBitsPerMacro * hw.macrosPerTile
        func buffer(_ width: Int, _ depth: Int) -> SRAMBuffer {
            SRAMBuffer(sram: model.sram, adder: t.addressAdder, width: width, depth: depth, technology_nm: node,
                       adderEnergyScale: eScale, adderAreaScale: aScale)
        }
        inputBuffer = buffer(bufferWidth, hw.rows)
        outputBuffer = buffer(bufferWidth, hw.cols)
        glb = buffer(ComponentModel.glbWidth_bits, hw.glbDepth)
        router = Router(t.router, width_bits: ComponentModel.routerWidth_bits, technology_nm: node)

        var a = InstanceAreas()
        a.adc_um2 = adcArea_um2
        a.columnDrivers_um2 = columnDrivers.area_um2
        a.rowDrivers_um2 = rowDrivers.area_um2
        a.cell_um2 = cell.area_um2
        a.inputBuffer_um2 = inputBuffer.area_um2
        a.outputBuffer_um2 = outputBuffer.area_um2
        a.router_um2 = router.area_um2
        a.glb_um2 = glb.area_um2
        areas = a

        var e = ActionEnergies()
        e.columnDriverRead_pJ = columnDrivers.read_pJ
        e.inputBufferRead_pJ = inputBuffer.read_pJ
        e.inputBufferWrite_pJ = inputBuffer.write_pJ
        e.inputBufferLeakPerCycle_pJ = inputBuffer.leakPerCycle_pJ(cycle_s: cycle_s)
        e.outputBufferRead_pJ = outputBuffer.read_pJ
        e.outputBufferWrite_pJ = outputBuffer.write_pJ
        e.outputBufferLeakPerCycle_pJ = outputBuffer.leakPerCycle_pJ(cycle_s: cycle_s)
        e.routerRead_pJ = router.read_pJ
        e.glbRead_pJ = glb.read_pJ
        e.glbWrite_pJ = glb.write_pJ
        e.glbLeakPerCycle_pJ = glb.leakPerCycle_pJ(cycle_s: cycle_s)
        fixedEnergies = e
    }

    /// Per-action energies for a layer with `inputBits`-bit inputs (one temporal pulse train) and the
    /// layer's average input / weight slice values. Allocation-free.
    @inlinable public func actionEnergies(inputBits: Int, weightBits: Int, averageInput: Double,
                                          averageWeight: Double) -> ActionEnergies {
        let pulses = Double((1 << max(0, min(inputBits, 62))) - 1)
        var e = fixedEnergies
        e.cellRead_pJ = cell.readEnergy_pJ(pulses: pulses, averageInput: averageInput, averageWeight: averageWeight)
        e.rowDriverRead_pJ = rowDrivers.readEnergy_pJ(pulses: pulses, averageInput: averageInput)
        e.adcConvert_pJ = adcEnergyOff_pJ + averageWeight * (adcEnergyOn_pJ - adcEnergyOff_pJ)
        return e
    }
}
