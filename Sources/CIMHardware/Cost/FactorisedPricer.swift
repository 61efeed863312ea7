/// Prices one network's count profiles on many chips of one array organisation, reusing every per-component
/// energy that chips share.
///
/// The mapping and all action counts depend only on the organisation (bits per cell, rows, columns, router
/// group, tiles, macros, GLB depth) and the network; the energy per action of each component depends only on
/// a few electrical knobs (its *group key* below). So each layer's component energy, `Σ count × pJ × 1e-12`,
/// is priced once per group key by ``CostLedger/price(_:)`` and ``CostLedger/components_j`` (the one pricing
/// code) on a representative chip, and a chip's layer energy is the ``ComponentValues/total`` of its eight
/// memoised component energies. Every number is produced by the same operations, in the same order, as
/// pricing the chip's own ledger, so the result is bit-identical (tested on ≥ 100,000 chips in
/// Tests/CIMSearchTests/FactorisedSweepTests.swift).
///
/// Group keys (the inputs each component model reads, see `PreparedHardware.init` in ComponentModel.swift):
/// cells (read pulse, node, voltage), row drivers (voltage, node), ADC (model, bits, node; the voltage for
/// NeuroSim's, the cycle time for the survey's, both under stock voltage scaling), buffers, router, column drivers and leakage (node, cycle time). Chips must share everything else.
public struct FactorisedPricer: Sendable {
    /// One layer's count profile and the data statistics its energies per action need.
    public struct Layer: Sendable {
        /// `LayerEnergyModel.countProfile`'s ledger (counts, cycles, MACs; feasible).
        public var counts: CostLedger
        public var inputBits: Int
        public var weightBits: Int
        public var averageInput: Double
        public var averageWeight: Double

        public init(counts: CostLedger, inputBits: Int, weightBits: Int, averageInput: Double, averageWeight: Double) {
            self.counts = counts
            self.inputBits = inputBits
            self.weightBits = weightBits
            self.averageInput = averageInput
            self.averageWeight = averageWeight
        }
    }

    /// A priced chip: per-layer energies and latencies (layer order) and the chip's area.
    public struct Chip: Sendable {
        public var energy_j: [Double] = []
        public var latency_s: [Double] = []
        public var area = ChipArea(areas: InstanceAreas(), hardware: .cimnasDefault)
        public init() {}
    }

    @usableFromInline struct Key: Hashable, Sendable {
        var a: Double, b: Double, c: Double, d: Double, e: Int
    }

    public let components: ComponentModel
    public let layers: [Layer]
    /// Layers' MACs (chip-independent).
    public let macs: [Double]
    // Per group: key → slot; a slot holds one value per layer (the rest group: `restStride` per layer).
    var cimIndex: [Key: Int] = [:], cim: [Double] = []
    var rowIndex: [Key: Int] = [:], row: [Double] = [], rowArea: [Double] = []
    var adcIndex: [Key: Int] = [:], adc: [Double] = [], adcArea: [Double] = []
    /// Per layer: column drivers, input buffer, output buffer, router, GLB energies and the latency.
    var restIndex: [Key: Int] = [:], rest: [Double] = [], restAreas: [InstanceAreas] = []
    /// Representative chips prepared (cache misses), for benchmarks and tests.
    public private(set) var prepared = 0

    public init(components: ComponentModel, layers: [Layer]) {
        self.components = components
        self.layers = layers
        macs = layers.map(\.counts.macs)
    }

    static let restStride = 6

    @inline(__always) static func cimKey(_ hw: HardwareConfig) -> Key {
        Key(a: hw.readPulseWidth_s, b: hw.technology_nm, c: hw.voltage_v, d: 0, e: 0)
    }
    @inline(__always) static func rowKey(_ hw: HardwareConfig) -> Key {
        Key(a: hw.voltage_v, b: hw.technology_nm, c: 0, d: 0, e: 0)
    }
    /// NeuroSim's ADC reads the voltage, the survey ADC the cycle time; both read the voltage under stock scaling.
    @inline(__always) static func adcKey(_ hw: HardwareConfig) -> Key {
        let survey = hw.adcModel == .survey
        return Key(a: hw.technology_nm, b: !survey || hw.stockVoltageScaling ? hw.voltage_v : 0,
                   c: survey ? LayerEnergyModel.cycleSeconds(hw) : 0, d: 0, e: hw.adcBits * 2 + (survey ? 1 : 0))
    }
    @inline(__always) static func restKey(_ hw: HardwareConfig) -> Key {
        Key(a: hw.technology_nm, b: LayerEnergyModel.cycleSeconds(hw), c: 0, d: 0, e: 0)
    }

    /// Prices `hw` into `out` (arrays resized to the layer count).
    /// - Complexity: O(layers) additions and four table look-ups; on a new group key, one `prepare` of the chip
    ///   and O(layers) ledger pricings.
    public mutating func price(_ hw: HardwareConfig, into out: inout Chip) {
        let n = layers.count
        if out.energy_j.count != n {
            out.energy_j = [Double](repeating: 0, count: n)
            out.latency_s = [Double](repeating: 0, count: n)
        }
        let kc = Self.cimKey(hw), kr = Self.rowKey(hw), ka = Self.adcKey(hw), kx = Self.restKey(hw)
        var oc = cimIndex[kc], or = rowIndex[kr], oa = adcIndex[ka], ox = restIndex[kx]
        if oc == nil || or == nil || oa == nil || ox == nil {
            fill(hw, cim: oc == nil ? kc : nil, row: or == nil ? kr : nil, adc: oa == nil ? ka : nil,
                 rest: ox == nil ? kx : nil)
            oc = cimIndex[kc]; or = rowIndex[kr]; oa = adcIndex[ka]; ox = restIndex[kx]
        }
        var areas = restAreas[ox!]
        areas.rowDrivers_um2 = rowArea[or!]
        areas.adc_um2 = adcArea[oa!]
        let c0 = oc! * n, r0 = or! * n, a0 = oa! * n, x0 = ox! * n * Self.restStride
        out.area = ChipArea(areas: areas, hardware: hw)
        cim.withUnsafeBufferPointer { cim in row.withUnsafeBufferPointer { row in
        adc.withUnsafeBufferPointer { adc in rest.withUnsafeBufferPointer { rest in
        out.energy_j.withUnsafeMutableBufferPointer { e in out.latency_s.withUnsafeMutableBufferPointer { t in
            for l in 0..<n {
                let x = x0 + l * Self.restStride
                var v = ComponentValues()
                v.cimUnit = cim[c0 + l]
                v.rowDrivers = row[r0 + l]
                v.columnDrivers = rest[x]
                v.adc = adc[a0 + l]
                v.inputBuffer = rest[x + 1]
                v.outputBuffer = rest[x + 2]
                v.router = rest[x + 3]
                v.glb = rest[x + 4]
                e[l] = v.total
                t[l] = rest[x + 5]
            }
        } } } } } }
    }

    /// Prices every layer of `hw` through its own ledger and stores the missing groups' component energies.
    mutating func fill(_ hw: HardwareConfig, cim kc: Key?, row kr: Key?, adc ka: Key?, rest kx: Key?) {
        prepared += 1
        let p = components.prepare(hw)
        let chip = ChipArea(areas: p.areas, hardware: hw)
        let n = layers.count
        if let kc { cimIndex[kc] = cimIndex.count }
        if let kr { rowIndex[kr] = rowArea.count; rowArea.append(p.areas.rowDrivers_um2) }
        if let ka { adcIndex[ka] = adcArea.count; adcArea.append(p.areas.adc_um2) }
        if let kx { restIndex[kx] = restAreas.count; restAreas.append(p.areas) }
        for l in 0..<n {
            let layer = layers[l]
            var ledger = layer.counts
            ledger.area_mm2 = chip.components_mm2
            ledger.cycle_s = p.cycle_s
            ledger.price(p.actionEnergies(inputBits: layer.inputBits, weightBits: layer.weightBits,
                                          averageInput: layer.averageInput, averageWeight: layer.averageWeight))
            let v = ledger.components_j
            if kc != nil { cim.append(v.cimUnit) }
            if kr != nil { row.append(v.rowDrivers) }
            if ka != nil { adc.append(v.adc) }
            if kx != nil {
                rest.append(v.columnDrivers)
                rest.append(v.inputBuffer)
                rest.append(v.outputBuffer)
                rest.append(v.router)
                rest.append(v.glb)
                rest.append(ledger.latency_s)
            }
        }
    }
}
