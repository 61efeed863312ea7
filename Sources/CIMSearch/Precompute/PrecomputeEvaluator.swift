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
/// in knobs the mapping ignores (voltage, base latency, ADC and technology settings).
@usableFromInline
struct LayerProfile: Sendable {
    /// Histogram averages could not be computed: evaluate this layer with the full model per chip.
    var fallback: Bool
    var averageInput: Double
    var averageWeight: Double
    /// `LayerEnergyModel.countProfile`'s ledger: counts per component and action, not yet priced.
    var counts: CostLedger
    var utilization_percent: Double
    /// Why the layer has no legal mapping, or nil.
    var reason: String?
}

/// The knobs the spatial mapping and the capacity check read.
@usableFromInline
struct MappingKey: Hashable, Sendable {
    var bitsPerCell: Int, rows: Int, cols: Int, routerGroup: Int, tiles: Int, macros: Int
    /// The GLB depth decides GLB fills and the GLB no-fit (`SpatialMapping.checkGlobalBuffer`).
    var glbDepth: Int
    init(_ hw: HardwareConfig) {
        bitsPerCell = hw.bitsPerCell; rows = hw.rows; cols = hw.cols
        routerGroup = hw.routerGroup; tiles = hw.tilesPerChip; macros = hw.macrosPerTile
        glbDepth = hw.glbDepth
    }
}

/// Profiles of every layer of a network for one array organisation, plus the capacity check.
@usableFromInline
struct NetworkProfile: Sendable {
    var key: MappingKey
    var layers: [LayerProfile]
    var capacityShortfall: Int
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
        return NetworkProfile(key: MappingKey(hw), layers: out, capacityShortfall: shortfall)
    }

    static func layerProfile(_ layer: LayerWorkload, hw: HardwareConfig, options: EvaluationOptions) -> LayerProfile {
        let mapping = SpatialMapping.allocate(layer.shape, weightBits: layer.weightBits, on: hw)
        let c = LayerEnergyModel.countProfile(layer, mapping: mapping, on: hw,
                                              chipArea: CIMHardware.ChipArea(areas: InstanceAreas(), hardware: hw),
                                              options: options)
        let reason = c.feasible ? nil : (c.infeasibleReason ?? "no legal mapping")
        guard let averages = try? DataValueStatistics.averages(layer, bitsPerCell: hw.bitsPerCell) else {
            return LayerProfile(fallback: true, averageInput: 0, averageWeight: 0, counts: c.ledger,
                                utilization_percent: c.utilization_percent, reason: reason)
        }
        return LayerProfile(fallback: false, averageInput: averages.input, averageWeight: averages.weight,
                            counts: c.ledger, utilization_percent: c.utilization_percent, reason: reason)
    }

    /// Cost of one layer from its profile on a prepared chip, as `CIMLoopCostModel.layerCosts` returns it:
    /// the cached count profile priced by the same `CostLedger.price` as `LayerEnergyModel.evaluate`.
    @inline(__always)
    func layerCost(_ p: LayerProfile, layer: LayerWorkload, prepared: PreparedHardware,
                   chipArea: CIMHardware.ChipArea) -> CachedLayerCost {
        if p.fallback { return model.layerCosts([layer], on: prepared.hardware)[0] }
        var ledger = p.counts
        ledger.area_mm2 = chipArea.components_mm2
        ledger.cycle_s = prepared.cycle_s
        if ledger.feasible {
            ledger.price(prepared.actionEnergies(inputBits: layer.inputBits, weightBits: layer.weightBits,
                                                 averageInput: p.averageInput, averageWeight: p.averageWeight))
        }
        return CachedLayerCost(ledger, utilization_percent: p.utilization_percent, infeasibleReason: p.reason)
    }

    /// Evaluates the network on `hw`, reusing `cache` when the array organisation matches.
    ///
    /// Aggregation follows `DesignEvaluator` exactly: workload error, then accuracy failure, then the
    /// capacity shortfall, then the first unmappable layer make the design infeasible (metrics 0).
    /// - Complexity: O(layers) multiply-adds plus one `prepare`; O(layers) mappings on a cache miss.
    func evaluate(_ hw: HardwareConfig, cache: inout NetworkProfile?, storeLayers: Bool) -> PrecomputedPoint {
        let key = MappingKey(hw)
        if cache?.key != key { cache = profile(hw) }
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
