/// An `SRAMChip` with its buffers, router and area evaluated once; layers are then a few multiply-adds.
///
/// Weight-stationary mapping (analytical, documented in docs/sram-macros.md):
/// 1. A layer is G groups of a (C·R·S) × M weight matrix. A macro holds `rows` matrix rows and
///    `macro.weightsPerRow(Wb)` matrix columns, so one copy of the weights takes
///    G · ⌈CRS/rows⌉ · ⌈M/weightsPerRow⌉ macros.
/// 2. When a copy fits, the chip holds ⌊macros / copy⌋ replicas that split the P·Q·N output positions;
///    weights are pre-loaded (as in CiMLoop, loading is not charged). When it does not fit, the layer runs
///    in ⌈copy / macros⌉ passes with one replica; every pass after the first reloads the chip's weights
///    (global-buffer read + tile-buffer write per weight bit, `rows` write cycles).
/// 3. Every output position costs one MVM (all input slices) in each macro of a copy; a partly filled
///    macro costs a full MVM (CiMLoop's maximum-tile counting). Partial sums of row chunks are added in
///    the output buffer (one read-modify-write per chunk and output).
/// 4. Latency = passes × ⌈positions / replicas⌉ × MVM latency (+ reload cycles). Buffer accesses overlap
///    with compute and add no latency.
/// 5. Data movement: the global buffer reads the layer's input tensor (with stride) once per pass and
///    writes its 8-bit outputs once; the same bits cross the routers; the tile input buffers are written
///    with the input tensor and read once per MVM row (im2col), the output buffers are updated per row chunk.
/// Leakage and the digital shift-add of weight slices are not modeled. The result is a ``CostLedger``.
public struct SRAMChipModel: Sendable {
    public let chip: SRAMChip
    public let inputBuffer: SRAMBuffer
    public let outputBuffer: SRAMBuffer
    public let glb: SRAMBuffer
    public let router: Router
    /// Area of one macro at the chip's node, µm².
    public let macroArea_um2: Double
    /// Chip area by component, mm²: macros as cim_unit, tile buffers, routers, global buffer.
    public let components_mm2: ComponentValues
    public let area_mm2: Double

    /// Tile buffers are 8 bits wide per macro; the input buffer is `rows` deep, the output buffer `cols`.
    public init(chip: SRAMChip, technology: TechnologyParameters) {
        self.chip = chip
        let sram = CACTISRAM(technology.cacti)
        let node = chip.technology_nm
        func buffer(_ width: Int, _ depth: Int) -> SRAMBuffer {
            SRAMBuffer(sram: sram, adder: technology.addressAdder, width: width, depth: depth, technology_nm: node,
                       adderEnergyScale: 1, adderAreaScale: 1)
        }
        let width = ComponentModel.bufferBitsPerMacro * chip.macrosPerTile
        inputBuffer = buffer(width, chip.macro.rows)
        outputBuffer = buffer(width, chip.macro.cols)
        glb = buffer(ComponentModel.glbWidth_bits, chip.glbDepth)
        router = Router(technology.router, width_bits: ComponentModel.routerWidth_bits, technology_nm: node)
        macroArea_um2 = chip.macro.evaluate(SRAMOperatingPoint(voltage_v: chip.voltage_v, inputBits: 8, weightBits: 8,
                                                               technology_nm: node)).area_um2
        var a = ComponentValues()
        a.cimUnit = Double(chip.macroCount) * macroArea_um2 * 1e-6
        a.inputBuffer = Double(chip.tiles) * inputBuffer.area_um2 * 1e-6
        a.outputBuffer = Double(chip.tiles) * outputBuffer.area_um2 * 1e-6
        a.router = Double(chip.routerCount) * router.area_um2 * 1e-6
        a.glb = glb.area_um2 * 1e-6
        components_mm2 = a
        area_mm2 = a.total
    }

    /// The macro's MVM cost at this chip's voltage and node for the given bit widths.
    public func macroEvaluation(inputBits: Int, weightBits: Int) -> SRAMMacroEvaluation {
        chip.macro.evaluate(SRAMOperatingPoint(voltage_v: chip.voltage_v, inputBits: inputBits, weightBits: weightBits,
                                               technology_nm: chip.technology_nm))
    }

    /// Cost of one layer.
    /// - Throws: `SRAMMappingError` when no weight of the layer's width fits in a macro row, or the chip's
    ///   voltage lies outside its macro's characterised range (``SRAMMacroDesign/voltageRange_v``).
    /// - Complexity: O(macro components).
    public func evaluate(_ layer: LayerWorkload) throws(SRAMMappingError) -> SRAMLayerCost {
        try evaluate(layer, mvm: macroEvaluation(inputBits: layer.inputBits, weightBits: layer.weightBits))
    }

    /// Cost of one layer with its macro MVM cost already evaluated (`macroEvaluation(inputBits:weightBits:)`
    /// of the layer's bits), so that layers sharing bit widths share one macro evaluation.
    public func evaluate(_ layer: LayerWorkload, mvm: SRAMMacroEvaluation) throws(SRAMMappingError) -> SRAMLayerCost {
        let s = layer.shape, m = chip.macro
        guard m.design.supports(voltage_v: chip.voltage_v) else { throw chip.voltageError }
        let perRow = m.weightsPerRow(weightBits: layer.weightBits)
        guard perRow >= 1 else {
            throw SRAMMappingError("layer \(layer.name): \(layer.weightBits)-bit weights do not fit a \(m.cols)-column \(m.design.rawValue) row")
        }
        let crs = s.C * s.R * s.S
        let rowChunks = (crs + m.rows - 1) / m.rows
        let colChunks = (s.M + perRow - 1) / perRow
        let perCopy = s.G * rowChunks * colChunks
        let total = chip.macroCount
        let passes = perCopy <= total ? 1 : (perCopy + total - 1) / total
        let replicas = perCopy <= total ? total / perCopy : 1
        let positions = s.P * s.Q * s.N

        let mvms = Double(perCopy) * Double(positions)
        let steps = Double((positions + replicas - 1) / replicas)

        // Data movement, in bits; accesses are bits / port width.
        let ib = Double(layer.inputBits), ob = 8.0
        let hIn = Double((s.P - 1) * s.stride + s.R), wIn = Double((s.Q - 1) * s.stride + s.S)
        let inputBits = Double(s.G * s.C) * hIn * wIn * Double(s.N) * ib
        let outputBits = Double(s.G * s.M * positions) * ob
        let im2colBits = Double(s.G * crs * positions) * ib
        let bufferWidth = Double(ComponentModel.bufferBitsPerMacro * chip.macrosPerTile)
        let glbWidth = Double(ComponentModel.glbWidth_bits)
        let passesD = Double(passes)
        // Every pass after the first reloads the chip's weights: a global-buffer read and a tile-buffer
        // write per weight bit, and `rows` write cycles.
        let reloaded = passes > 1
            ? Double(s.G * crs * s.M * layer.weightBits) * Double(passes - 1) / passesD : 0

        var l = CostLedger()
        l.macs = Double(s.macs)
        l.cycle_s = mvm.cycle_s
        l.cycles = passesD * steps * mvm.cyclesPerMVM + Double(passes - 1) * Double(m.rows)
        l.area_mm2 = components_mm2
        l.parts.cimUnit.counts.compute = mvms
        l.parts.cimUnit.energies_pJ.compute = mvm.energyPerMVM_pJ
        // Inputs are written into the tile buffers once per pass, read once per MVM row (im2col); partial
        // sums of row chunks are read and written back in the output buffer.
        l.parts.inputBuffer.counts.write = (passesD * inputBits + reloaded) / bufferWidth
        l.parts.inputBuffer.energies_pJ.write = inputBuffer.write_pJ
        l.parts.inputBuffer.counts.read = im2colBits / bufferWidth
        l.parts.inputBuffer.energies_pJ.read = inputBuffer.read_pJ
        l.parts.outputBuffer.counts.read = outputBits * Double(rowChunks) / bufferWidth
        l.parts.outputBuffer.energies_pJ.read = outputBuffer.read_pJ
        l.parts.outputBuffer.counts.write = outputBits * Double(rowChunks) / bufferWidth
        l.parts.outputBuffer.energies_pJ.write = outputBuffer.write_pJ
        l.parts.router.counts.read = (passesD * inputBits + outputBits) / Double(ComponentModel.routerWidth_bits)
        l.parts.router.energies_pJ.read = router.read_pJ
        l.parts.glb.counts.read = (passesD * inputBits + reloaded) / glbWidth
        l.parts.glb.energies_pJ.read = glb.read_pJ
        l.parts.glb.counts.write = outputBits / glbWidth
        l.parts.glb.energies_pJ.write = glb.write_pJ

        let reload_J = reloaded * (glb.read_pJ / glbWidth + inputBuffer.write_pJ / bufferWidth) * 1e-12
        let slotsUsed = Double(s.G * crs * s.M)
        let slotsHeld = Double(perCopy * m.rows * perRow)
        return SRAMLayerCost(name: layer.name, ledger: l, weightReloadEnergy_J: reload_J, macrosPerCopy: perCopy,
                             replicas: replicas, passes: passes, utilization: slotsUsed / slotsHeld)
    }

    /// Cost of a network, layer by layer.
    /// - Complexity: O(layers); one macro evaluation per distinct (input, weight) bit pair.
    public func evaluate(network layers: [LayerWorkload]) throws(SRAMMappingError) -> SRAMNetworkCost {
        var out: [SRAMLayerCost] = []
        out.reserveCapacity(layers.count)
        var cache = MVMCache()
        for l in layers { out.append(try evaluate(l, mvm: cache.get(l, self))) }
        return SRAMNetworkCost(layers: out, area_mm2: area_mm2)
    }

    /// Macro evaluations by (input bits, weight bits), filled on first use.
    ///
    /// Inline storage of ``capacity`` entries (evaluations are plain numbers), so a network evaluation
    /// allocates nothing for it; with more distinct bit pairs than that, the oldest entry is replaced
    /// (recomputed if needed again).
    public struct MVMCache {
        public static let capacity = 16
        /// Key of slot i (input bits << 16 | weight bits), −1 when empty.
        private var keys = SIMD16<Int32>(repeating: -1)
        private var next = 0
        private var v = (SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty,
                         SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty,
                         SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty,
                         SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty,
                         SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty, SRAMMacroEvaluation.empty,
                         SRAMMacroEvaluation.empty)

        public init() {}

        public mutating func get(_ layer: LayerWorkload, _ model: SRAMChipModel) -> SRAMMacroEvaluation {
            let key = Int32(truncatingIfNeeded: layer.inputBits << 16 | layer.weightBits)
            for i in 0..<Self.capacity where keys[i] == key { return slot(i) }
            let e = model.macroEvaluation(inputBits: layer.inputBits, weightBits: layer.weightBits)
            keys[next] = key
            set(next, e)
            next = (next + 1) % Self.capacity
            return e
        }

        // Mutating so that reading a slot does not copy the whole cache.
        private mutating func slot(_ i: Int) -> SRAMMacroEvaluation {
            switch i {
            case 0: return v.0
            case 1: return v.1
            case 2: return v.2
            case 3: return v.3
            case 4: return v.4
            case 5: return v.5
            case 6: return v.6
            case 7: return v.7
            case 8: return v.8
            case 9: return v.9
            case 10: return v.10
            case 11: return v.11
            case 12: return v.12
            case 13: return v.13
            case 14: return v.14
            default: return v.15
            }
        }

        private mutating func set(_ i: Int, _ e: SRAMMacroEvaluation) {
            switch i {
            case 0: v.0 = e
            case 1: v.1 = e
            case 2: v.2 = e
            case 3: v.3 = e
            case 4: v.4 = e
            case 5: v.5 = e
            case 6: v.6 = e
            case 7: v.7 = e
            case 8: v.8 = e
            case 9: v.9 = e
            case 10: v.10 = e
            case 11: v.11 = e
            case 12: v.12 = e
            case 13: v.13 = e
            case 14: v.14 = e
            default: v.15 = e
            }
        }
    }
}
