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

/// Profiles of every layer of a network for one array organisation, plus the capacity check and the
/// factorised pricer of the organisation's chips.
@usableFromInline
struct NetworkProfile: Sendable {
    var key: MappingKey
    var layers: [LayerProfile]
    var capacityShortfall: Int
    /// Whether a layer needs the full model per chip (no histogram averages): no factorised pricing then.
    var hasFallback: Bool
    /// The first layer without a legal mapping, or nil.
    var firstInfeasible: Int?
    /// Prices the organisation's chips; it holds every layer when the network maps and fits, else none (area only).
    var pricer: FactorisedPricer
    /// Scratch of the last priced chip.
    var chip = FactorisedPricer.Chip()
}

/// A worker's network profiles, by array organisation and GLB depth: the sweep's GLB depths vary faster than
/// the organisation, so the profiles (and their pricers' tables) of one organisation's depths stay together.
@usableFromInline
struct ProfileCache: Sendable {
    /// The profile of the last chip.
    var last: NetworkProfile?
    var others: [MappingKey: NetworkProfile] = [:]
    /// Profiles kept besides the last; more are dropped together (a new organisation).
    static let limit = 32

    init() {}

    /// Moves the profile of `key` out (the caller puts it back with ``put(_:)``), computing it when missing.
    @inline(__always)
    mutating func take(_ key: MappingKey, _ make: () -> NetworkProfile) -> NetworkProfile {
        if let p = last, p.key == key { last = nil; return p }
        if let p = last { last = nil; if others.count >= Self.limit { others.removeAll() }; others[p.key] = p }
        return others.removeValue(forKey: key) ?? make()
    }

    @inline(__always) mutating func put(_ p: NetworkProfile) { last = p }
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
        let firstInfeasible = out.firstIndex { $0.reason != nil }
        let prices = network.layerError == nil && shortfall <= 0 && firstInfeasible == nil
        let layers = prices ? zip(out, network.hardwareLayers).map { p, layer in
            FactorisedPricer.Layer(counts: p.counts, inputBits: layer.inputBits, weightBits: layer.weightBits,
                                   averageInput: p.averageInput, averageWeight: p.averageWeight)
        } : []
        return NetworkProfile(key: MappingKey(hw), layers: out, capacityShortfall: shortfall,
                              hasFallback: out.contains { $0.fallback }, firstInfeasible: firstInfeasible,
                              pricer: FactorisedPricer(components: model.model.components, layers: layers))
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

    /// The design's verdict before any layer is priced: workload error, then accuracy failure, then the
    /// capacity shortfall (as `DesignEvaluator` orders them).
    func designReason(_ prof: NetworkProfile) -> (reason: String?, accuracy: AccuracyPrediction) {
        var reason = network.layerError
        var acc = AccuracyPrediction(score: 0, top1_percent: 0)
        switch network.accuracy {
        case .success(let a): acc = a
        case .failure(let e): reason = reason ?? "accuracy predictor failed: \(e)"
        }
        if reason == nil, prof.capacityShortfall > 0 {
            reason = "weights need \(prof.capacityShortfall) more crossbar cells than the chip has"
        }
        return (reason, acc)
    }

    /// The design totals of `hw` from the factorised pricer (`prof.chip` holds the priced chip afterwards):
    /// the same sums in the same order as ``evaluatePerDesign(_:profile:storeLayers:)``.
    @inline(__always)
    func factorisedTotals(_ hw: HardwareConfig, _ prof: inout NetworkProfile, reason: String?,
                          means: Bool) -> DesignTotals {
        prof.pricer.price(hw, into: &prof.chip)
        var t = DesignTotals(reason: reason)
        let fits = network.layerError == nil && prof.capacityShortfall <= 0
        guard fits && reason == nil else { return t }
        let layers = network.hardwareLayers
        if let bad = prof.firstInfeasible {
            _ = t.add(CachedLayerCost(energy_j: 0, latency_s: 0, macs: 0, utilization_percent: 0,
                                      infeasibleReason: prof.layers[bad].reason), layerName: layers[bad].name, area_mm2: 0)
            return t
        }
        let area = prof.chip.area.area_mm2
        let macs = prof.pricer.macs
        for l in 0..<layers.count {
            t.add(energy_j: prof.chip.energy_j[l], latency_s: prof.chip.latency_s[l], macs: macs[l], area_mm2: area,
                  means: means)
        }
        return t
    }

    /// Energy, latency and area of `hw` for a Pareto archive, through the factorised pricer; nil when the
    /// design is infeasible. Bit-identical to ``evaluate(_:cache:storeLayers:)``'s result.
    @inline(__always)
    func metrics(_ hw: HardwareConfig, cache: inout ProfileCache) -> (energy_j: Double, latency_s: Double,
                                                                       area_mm2: Double)? {
        var prof = cache.take(MappingKey(hw)) { profile(hw) }
        defer { cache.put(prof) }
        let (reason, _) = designReason(prof)
        if prof.hasFallback {
            let r = evaluatePerDesign(hw, profile: prof, storeLayers: false).result
            return r.isEvaluated ? (r.energy_j, r.latency_s, r.area_mm2) : nil
        }
        guard reason == nil, prof.firstInfeasible == nil, network.layerError == nil else { return nil }
        let t = factorisedTotals(hw, &prof, reason: reason, means: false)
        return (t.energy_j, t.latency_s, prof.chip.area.area_mm2)
    }

    /// Evaluates the network on `hw`, reusing `cache` when the array organisation matches: through the
    /// factorised pricer, or per design when layers are stored or a layer needs the full model.
    ///
    /// Aggregation follows `DesignEvaluator` exactly: workload error, then accuracy failure, then the
    /// capacity shortfall, then the first unmappable layer make the design infeasible (metrics 0).
    /// - Complexity: O(layers) additions; O(layers) mappings on a cache miss.
    func evaluate(_ hw: HardwareConfig, cache: inout ProfileCache, storeLayers: Bool) -> PrecomputedPoint {
        var prof = cache.take(MappingKey(hw)) { profile(hw) }
        defer { cache.put(prof) }
        if storeLayers || prof.hasFallback { return evaluatePerDesign(hw, profile: prof, storeLayers: storeLayers) }
        let (reason, acc) = designReason(prof)
        var t = factorisedTotals(hw, &prof, reason: reason, means: true)
        let fits = network.layerError == nil && prof.capacityShortfall <= 0
        t.finish(layerCount: fits ? network.hardwareLayers.count : 0)
        return point(hw, chip: prof.chip.area, totals: t, accuracy: acc, shortfall: prof.capacityShortfall,
                     layerCosts: [])
    }

    func point(_ hw: HardwareConfig, chip: CIMHardware.ChipArea, totals t: DesignTotals, accuracy acc: AccuracyPrediction,
               shortfall: Int, layerCosts: [CachedLayerCost]) -> PrecomputedPoint {
        let result = DesignResult(
            cacheKey: "", designKey: "", energy_j: t.energy_j, latency_s: t.latency_s, area_mm2: chip.area_mm2,
            macs: t.macs, accuracyScore: acc.score, top1_percent: acc.top1_percent, capacityShortfallCells: shortfall,
            infeasibleReason: t.reason, meanLayerTOPSPerW: t.meanTOPSPerW, meanLayerTOPSPerMM2: t.meanTOPSPerMM2)
        return PrecomputedPoint(hardware: hw, hardwareKey: HardwareConfigStore.key(for: hw, cell: network.cell),
                                chipArea: chip, result: result, layerCosts: layerCosts)
    }

    /// The per-design evaluator: prepares the chip and prices every layer's ledger (the reference the
    /// factorised pricer is tested against, and the path that stores layers).
    func evaluatePerDesign(_ hw: HardwareConfig, profile prof: NetworkProfile, storeLayers: Bool) -> PrecomputedPoint {
        let prepared = model.model.components.prepare(hw)
        let chip = CIMHardware.ChipArea(areas: prepared.areas, hardware: hw)
        let area = chip.area_mm2
        let (reason, acc) = designReason(prof)
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
        return point(hw, chip: chip, totals: t, accuracy: acc, shortfall: prof.capacityShortfall, layerCosts: layerCosts)
    }
}
