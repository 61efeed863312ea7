import CIMHardware
import CIMWorkload
import DesignDB

/// One network with its quantization policy, ready to be evaluated on many chips.
///
/// Everything that depends on the network only (layers, accuracy, database keys) is computed once.
public struct PrecomputeNetwork: Sendable {
    /// The design the network came from; its hardware is replaced per point.
    public var design: Design
    /// Layers as the hardware model sees them (bits swapped in compat mode).
    public var hardwareLayers: [LayerWorkload]
    /// Layers as the capacity check sees them.
    public var layers: [LayerWorkload]
    /// Why the network has no layers (workload error), or nil.
    public var layerError: String?
    public var accuracy: Result<AccuracyPrediction, PrecomputeError>
    /// `network.family`, `network.key`, `design.quant_policy_key` as the search's store writes them.
    public var family: String
    public var networkKey: String
    public var quantPolicyKey: String
    /// Layer count and Σ MACs as the search's store writes them into `network`.
    public var networkLayerCount: Int
    public var networkMACs: Int
    /// `hw_config.cell` of every point.
    public var cell: String

    public init(design: Design, mode: CompatMode, accuracyModel: any AccuracyModel) {
        self.design = design
        do {
            let l = try Workloads.layers(for: design, mode: mode)
            layers = l
            hardwareLayers = mode.hardwareView(of: l)
            layerError = nil
        } catch {
            layers = []
            hardwareLayers = []
            layerError = "\(error)"
        }
        do {
            switch design.network {
            case .mobileNetV2(let spec): accuracy = .success(try accuracyModel.predict(spec, mode: mode))
            case .fixed(let name, _):
                accuracy = .success(accuracyModel.fixedNetworkAccuracy(name) ?? AccuracyPrediction(score: 1, top1_percent: 0))
            }
        } catch {
            accuracy = .failure(PrecomputeError("\(error)"))
        }
        let keys = SQLiteEvaluationStore.networkAndQuantKeys(design, canonicalKey: design.canonicalKey)
        family = keys.family
        networkKey = keys.network
        quantPolicyKey = keys.quant
        let plain = (try? Workloads.layers(for: design)) ?? []
        networkLayerCount = plain.count
        networkMACs = plain.reduce(0) { $0 + $1.shape.macs }
        cell = design.cellType == "rram" ? "rram_neurosim_default" : design.cellType
    }
}

/// A precomputation error: one line.
public struct PrecomputeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Mapping-dependent work of one layer on one array organisation, shared by every chip that differs only
/// in knobs the mapping ignores (voltage, base latency, ADC and technology settings, and the GLB depth as long
/// as every layer's whole tensors fit the GLB; see `NetworkProfile.reusable`).
@usableFromInline
struct LayerProfile: Sendable {
    var feasible: Bool
    var reason: String?
    /// Histogram averages could not be computed: evaluate this layer with the full model per chip.
    var fallback: Bool
    var averageInput: Double
    var averageWeight: Double
    var cimUnit: Double, rowDrivers: Double, columnDrivers: Double, adc: Double
    var ibReads: Double, ibWrites: Double, obReads: Double, obWrites: Double
    var router: Double, glbReads: Double, glbWrites: Double
    var cycles: Int
    var tilesUsed: Double
    var macs: Double
    var utilization_percent: Double
    var componentActions: ComponentValues
    /// GLB bits of the layer's whole input and output tensors (0 when its weights do not fit).
    var glbWhole_bits: Double
}

/// The knobs the spatial mapping and the capacity check read.
@usableFromInline
struct MappingKey: Hashable, Sendable {
    var bitsPerCell: Int, rows: Int, cols: Int, routerGroup: Int, tiles: Int, macros: Int
    init(_ hw: HardwareConfig) {
        bitsPerCell = hw.bitsPerCell; rows = hw.rows; cols = hw.cols
        routerGroup = hw.routerGroup; tiles = hw.tilesPerChip; macros = hw.macrosPerTile
    }
}

/// Profiles of every layer of a network for one array organisation, plus the capacity check.
@usableFromInline
struct NetworkProfile: Sendable {
    var key: MappingKey
    var layers: [LayerProfile]
    var capacityShortfall: Int
    /// GLB depth the profiles were computed for.
    var glbDepth: Int
    /// The largest `glbWhole_bits` of any layer: GLB depths holding at least this give the same profiles.
    var glbWhole_bits: Double

    /// Whether these profiles hold for `hw`: same array organisation, and the same GLB depth unless both
    /// depths hold every layer's whole tensors (then no loop sits above the GLB and no layer overflows it).
    @inline(__always)
    func reusable(for hw: HardwareConfig, key other: MappingKey) -> Bool {
        guard key == other else { return false }
        if hw.glbDepth == glbDepth { return true }
        let width = Double(LayerEnergyModel.glbWidth_bits)
        return Double(min(hw.glbDepth, glbDepth)) * width >= glbWhole_bits
    }
}

/// One evaluated point: the chip, its area and the design result exactly as `DesignEvaluator` computes it.
public struct PrecomputedPoint: Sendable {
    public var hardware: HardwareConfig
    public var hardwareKey: String
    /// The RRAM chip's area breakdown for `hw_config`; nil for SRAM chips (stored without areas, as the search does).
    public var chipArea: CIMHardware.ChipArea?
    public var result: DesignResult
    /// Per-layer costs (only with `storeLayers`), in layer order.
    public var layerCosts: [CachedLayerCost]
}

/// Fast, allocation-light evaluation of one network on many chips.
///
/// Produces the same `DesignResult` (bit for bit) as `DesignEvaluator` with `CIMLoopCostModel`: the
/// chip is prepared once per point, the spatial mapping and action counts once per array organisation
/// (cached per worker), and energies are the same per-action sums as `LayerEnergyModel`.
public struct PrecomputeEvaluator: Sendable {
    public let model: CIMLoopCostModel
    public let mode: CompatMode
    public let network: PrecomputeNetwork

    public init(model: CIMLoopCostModel, mode: CompatMode, network: PrecomputeNetwork) {
        self.model = model
        self.mode = mode
        self.network = network
    }

    @usableFromInline
    func profile(_ hw: HardwareConfig) -> NetworkProfile {
        let options = model.options
        var out: [LayerProfile] = []
        out.reserveCapacity(network.hardwareLayers.count)
        for layer in network.hardwareLayers {
            out.append(Self.layerProfile(layer, hw: hw, options: options))
        }
        let shortfall = network.layerError == nil
            ? CapacityCheck.check(network.layers, on: hw, mode: mode).shortfallCells : 0
        return NetworkProfile(key: MappingKey(hw), layers: out, capacityShortfall: shortfall, glbDepth: hw.glbDepth,
                              glbWhole_bits: out.reduce(0) { max($0, $1.glbWhole_bits) })
    }

    static func layerProfile(_ layer: LayerWorkload, hw: HardwareConfig, options: EvaluationOptions) -> LayerProfile {
        let shape = layer.shape
        let macs = Double(shape.G) * Double(shape.C) * Double(shape.M) * Double(shape.R)
            * Double(shape.S) * Double(shape.P) * Double(shape.Q) * Double(shape.N)
        var p = LayerProfile(feasible: false, reason: nil, fallback: false, averageInput: 0, averageWeight: 0,
                             cimUnit: 0, rowDrivers: 0, columnDrivers: 0, adc: 0, ibReads: 0, ibWrites: 0,
                             obReads: 0, obWrites: 0, router: 0, glbReads: 0, glbWrites: 0, cycles: 0, tilesUsed: 0,
                             macs: macs, utilization_percent: 0, componentActions: ComponentValues(),
                             glbWhole_bits: 0)
        guard let averages = try? DataValueStatistics.averages(layer, bitsPerCell: hw.bitsPerCell) else {
            p.fallback = true
            return p
        }
        p.averageInput = averages.input
        p.averageWeight = averages.weight
        let inputBits = layer.inputBits, weightBits = layer.weightBits
        let stride = options.compatCimnas ? 1 : shape.stride
        var mapping = SpatialMapping.allocate(shape, weightBits: weightBits, on: hw)
        if mapping.isFeasible {
            let whole = mapping.globalBufferBits(stride: stride, inputBits: inputBits)
            p.glbWhole_bits = whole.inputs + whole.outputs
        }
        mapping.checkGlobalBuffer(depth: hw.glbDepth, stride: stride, inputBits: inputBits)
        guard mapping.isFeasible else {
            p.reason = mapping.infeasibleReason?.description ?? "no legal mapping"
            return p
        }
        p.feasible = true
        let a = ActionCounts(mapping: mapping, stride: stride, loopOrder: options.loopOrder,
                             exactResiduals: options.exactResiduals,
                             glbCapacity_bits: LayerEnergyModel.glbCapacity_bits(hw), inputBits: inputBits)
        p.cycles = mapping.cycles
        let cycles = Double(mapping.cycles)
        p.cimUnit = a.cellReads
        p.rowDrivers = a.rowDriverReads
        p.columnDrivers = a.adcConversions
        p.adc = a.adcConversions
        p.tilesUsed = a.tilesUsed
        let v = LayerEnergyModel.vectorAccesses(a, inputBits: inputBits, macrosPerTile: hw.macrosPerTile)
        p.ibReads = v.inputBufferReads
        p.ibWrites = v.inputBufferWrites
        p.obReads = v.outputBufferReads
        p.obWrites = v.outputBufferWrites
        p.router = v.router
        p.glbReads = v.glbReads
        p.glbWrites = v.glbWrites
        var n = ComponentValues()
        n.cimUnit = p.cimUnit; n.rowDrivers = p.rowDrivers; n.columnDrivers = p.columnDrivers; n.adc = p.adc
        n.inputBuffer = p.ibReads + p.ibWrites; n.outputBuffer = p.obReads + p.obWrites
        n.router = p.router; n.glb = p.glbReads + p.glbWrites
        p.componentActions = n
        let slots = cycles * Double(hw.macroCount) * Double(hw.rows) * Double(hw.cols)
            * Double(mapping.weightBitsPerSlice)
        p.utilization_percent = slots > 0 ? macs * Double(weightBits) / slots * 100 : 0
        return p
    }

    /// Cost of one layer from its profile on a prepared chip, as `CIMLoopCostModel.layerCosts` returns it.
    @inline(__always)
    func layerCost(_ p: LayerProfile, layer: LayerWorkload, prepared: PreparedHardware,
                   chipArea: CIMHardware.ChipArea) -> CachedLayerCost {
        if p.fallback || !p.feasible {
            if p.fallback {
                return model.layerCosts([layer], on: prepared.hardware)[0]
            }
            return CachedLayerCost(energy_j: 0, latency_s: 0, macs: p.macs, utilization_percent: 0,
                                   infeasibleReason: p.reason ?? "no legal mapping", components_j: ComponentValues(),
                                   cycles: 0)
        }
        let e = prepared.actionEnergies(inputBits: layer.inputBits, weightBits: layer.weightBits,
                                        averageInput: p.averageInput, averageWeight: p.averageWeight)
        let cycles = Double(p.cycles)
        var j = ComponentValues()
        j.cimUnit = p.cimUnit * e.cellRead_pJ
        j.rowDrivers = p.rowDrivers * e.rowDriverRead_pJ
        j.columnDrivers = p.columnDrivers * e.columnDriverRead_pJ
        j.adc = p.adc * e.adcConvert_pJ
        j.inputBuffer = p.ibReads * e.inputBufferRead_pJ + p.ibWrites * e.inputBufferWrite_pJ
            + e.inputBufferLeakPerCycle_pJ * cycles * p.tilesUsed
        j.outputBuffer = p.obReads * e.outputBufferRead_pJ + p.obWrites * e.outputBufferWrite_pJ
            + e.outputBufferLeakPerCycle_pJ * cycles * p.tilesUsed
        j.router = p.router * e.routerRead_pJ
        j.glb = p.glbReads * e.glbRead_pJ + p.glbWrites * e.glbWrite_pJ + e.glbLeakPerCycle_pJ * cycles
        var c = ComponentValues()
        c.cimUnit = j.cimUnit * 1e-12
        c.rowDrivers = j.rowDrivers * 1e-12
        c.columnDrivers = j.columnDrivers * 1e-12
        c.adc = j.adc * 1e-12
        c.inputBuffer = j.inputBuffer * 1e-12
        c.outputBuffer = j.outputBuffer * 1e-12
        c.router = j.router * 1e-12
        c.glb = j.glb * 1e-12
        return CachedLayerCost(energy_j: c.total, latency_s: Double(p.cycles) * prepared.cycle_s, macs: p.macs,
                               utilization_percent: p.utilization_percent, infeasibleReason: nil,
                               components_j: c, cycles: cycles)
    }

    /// Evaluates the network on `hw`, reusing `cache` when the array organisation matches.
    ///
    /// Aggregation follows `DesignEvaluator` exactly: workload error, then accuracy failure, then the
    /// capacity shortfall, then the first unmappable layer make the design infeasible (metrics 0).
    /// - Complexity: O(layers) multiply-adds plus one `prepare`; O(layers) mappings on a cache miss.
    func evaluate(_ hw: HardwareConfig, cache: inout NetworkProfile?, storeLayers: Bool) -> PrecomputedPoint {
        let key = MappingKey(hw)
        if cache?.reusable(for: hw, key: key) != true { cache = profile(hw) }
        let prof = cache!
        let prepared = model.model.components.prepare(hw)
        let chip = CIMHardware.ChipArea(areas: prepared.areas, hardware: hw)
        let area = chip.area_mm2
        var reason = network.layerError
        var acc = AccuracyPrediction(score: 0, top1_percent: 0)
        switch network.accuracy {
        case .success(let a): acc = a
        case .failure(let e): reason = reason ?? "accuracy predictor failed: \(e)"
        }
        if reason == nil, prof.capacityShortfall > 0 {
            reason = "weights need \(prof.capacityShortfall) more crossbar cells than the chip has"
        }
        var t = DesignTotals(reason: reason)
        var layerCosts: [CachedLayerCost] = []
        let fits = network.layerError == nil && prof.capacityShortfall <= 0
        if fits && storeLayers { layerCosts.reserveCapacity(prof.layers.count) }
        var layerCount = 0
        if fits {
            let layers = network.hardwareLayers
            layerCount = layers.count
            var stopped = reason != nil
            for i in 0..<prof.layers.count {
                let c = layerCost(prof.layers[i], layer: layers[i], prepared: prepared, chipArea: chip)
                if storeLayers { layerCosts.append(c) }
                if stopped { continue }
                // Keep going after an unmappable layer only to collect per-layer rows.
                stopped = !t.add(c, layerName: layers[i].name, area_mm2: area)
            }
        }
        t.finish(layerCount: layerCount)
        var design = network.design
        design.hardware = hw
        let result = DesignResult(
            cacheKey: "", designKey: "", energy_j: t.energy_j, latency_s: t.latency_s, area_mm2: area, macs: t.macs,
            accuracyScore: acc.score, top1_percent: acc.top1_percent, capacityShortfallCells: prof.capacityShortfall,
            infeasibleReason: t.reason, meanLayerTOPSPerW: t.meanTOPSPerW, meanLayerTOPSPerMM2: t.meanTOPSPerMM2)
        return PrecomputedPoint(hardware: hw, hardwareKey: HardwareConfigStore.key(for: hw, cell: network.cell),
                                chipArea: chip, result: result, layerCosts: layerCosts)
    }
}
