import CIMHardware
import CIMWorkload

/// How a precomputation chooses its points.
public enum PrecomputeMode: String, Hashable, Sendable, CaseIterable {
    case exhaustive, random, lhs, sobol
}

/// `--shard K/N`: this run takes the points whose position p in the sweep has p mod N = K − 1.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// 1-based shard number K.
    public var index: Int
    public var count: Int

    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public init(parsing text: String) throws(PrecomputeError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw PrecomputeError("--shard: '\(text)' is not K/N with 1 ≤ K ≤ N, expected e.g. 3/8")
        }
        self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Positions of a sweep of `total` points that belong to this shard, dealt in blocks of `block`
    /// consecutive positions (`block` divides `total`; 1 deals single points).
    public func share(of total: Int, block: Int = 1) -> Int {
        let first = index - 1, blocks = total / block
        return first >= blocks ? 0 : (blocks - first + count - 1) / count * block
    }

    /// The sweep position of this shard's `local`-th point, dealt in blocks of `block` positions.
    @inline(__always) public func position(_ local: Int, block: Int = 1) -> Int {
        block == 1 ? index - 1 + local * count : (index - 1 + local / block * count) * block + local % block
    }
}

/// The hardware part of a search space, with some knobs fixed, enumerated in a fixed mixed-radix order.
///
/// Knobs the spatial mapping reads (bits per cell, rows, cols, router group, tiles, macros) are the most
/// significant digits, the others (voltage, latency, GLB depth, ADC, node, pulse width, cell) the least, so
/// consecutive indices share their mapping work. Index ↔ point is a bijection on `0..<count`.
public struct HardwareSubspace: Hashable, Sendable {
    public struct Knob: Hashable, Sendable {
        public var name: String
        public var values: [KnobValue]
    }

    public var spaceName: String
    /// SHA-256 of the space file's text ("" for a space built in code); part of the job key.
    public var spaceSHA256: String
    /// Knobs in enumeration order (most significant first); fixed knobs have one value.
    public var knobs: [Knob]
    /// `--fix` as given, normalised (`name=value` sorted by name, comma-joined); "" when nothing is fixed.
    public var fixDescription: String
    /// Points of the space's hardware part before fixing knobs.
    public var fullCount: Int
    /// The space's network (`resnet50`, `mobilenetv2`, …).
    public var network: String?
    /// The space's per-layer bit knobs (`layer_w.<layer>`, `layer_a.<layer>`): network knobs, not swept.
    public var layerBitKnobs: [String]

    static let mappingKnobs: Set<String> = ["bits_per_cell", "rows", "cols", "router_group", "tiles_per_chip", "macros_per_tile"]
    static let hardwareKnobs: Set<String> = [
        "voltage_v", "bits_per_cell", "base_latency_s", "rows", "cols", "router_group", "tiles_per_chip",
        "macros_per_tile", "glb_depth", "adc_bits", "technology_nm", "read_pulse_width_s", "adc_model", "cell_type",
    ]

    /// The hardware knobs of `space`, with `fix` (`rows=128,cols=128`) pinning some of them.
    public init(space: SearchSpace, fix: String = "") throws(PrecomputeError) {
        spaceName = space.name
        spaceSHA256 = space.sha256
        network = space.network
        layerBitKnobs = space.knobs.map(\.name).filter { $0.hasPrefix("layer_w.") || $0.hasPrefix("layer_a.") }
        let hw = space.knobs.filter { Self.hardwareKnobs.contains($0.name) }
        guard !hw.isEmpty else { throw PrecomputeError("--space: space \(space.name) has no hardware knobs to sweep") }
        var pinned: [String: KnobValue] = [:]
        if !fix.isEmpty {
            for item in fix.split(separator: ",", omittingEmptySubsequences: false) {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw PrecomputeError("--fix: '\(item)' is not NAME=VALUE, expected e.g. rows=128,cols=128")
                }
                guard let knob = hw.first(where: { $0.name == kv[0] }) else {
                    throw PrecomputeError("--fix: '\(kv[0])' is not a hardware knob of space \(space.name), expected one of \(hw.map(\.name).joined(separator: ", "))")
                }
                guard pinned[kv[0]] == nil else { throw PrecomputeError("--fix: knob '\(kv[0])' given twice") }
                let value = knob.values.first { v in
                    if let x = v.number, let y = Double(kv[1]) { return x == y }
                    return v.description == kv[1]
                }
                guard let value else {
                    throw PrecomputeError("--fix: \(kv[0])=\(kv[1]) is not in the space's list [\(knob.values.map(\.description).joined(separator: ", "))]")
                }
                pinned[kv[0]] = value
            }
        }
        fullCount = hw.reduce(1) { $0 * $1.values.count }
        let ordered = hw.filter { Self.mappingKnobs.contains($0.name) } + hw.filter { !Self.mappingKnobs.contains($0.name) }
        knobs = ordered.map { k in Knob(name: k.name, values: pinned[k.name].map { [$0] } ?? k.values) }
        fixDescription = pinned.keys.sorted().map { "\($0)=\(pinned[$0]!)" }.joined(separator: ",")
    }

    /// Number of points.
    public var count: Int { knobs.reduce(1) { $0 * $1.values.count } }

    /// Points per array organisation (the knobs the mapping ignores): each organisation's points are this many
    /// consecutive indices, since the mapping knobs are the most significant digits.
    public var organisationSize: Int {
        knobs.filter { !Self.mappingKnobs.contains($0.name) }.reduce(1) { $0 * $1.values.count }
    }

    /// Value indices (one per knob) of point `index`.
    public func digits(_ index: Int) -> [Int] {
        var rest = index
        var d = [Int](repeating: 0, count: knobs.count)
        for k in stride(from: knobs.count - 1, through: 0, by: -1) {
            let n = knobs[k].values.count
            d[k] = rest % n
            rest /= n
        }
        return d
    }

    /// Index of the point with these value indices.
    public func index(_ digits: [Int]) -> Int {
        var i = 0
        for (k, d) in digits.enumerated() { i = i * knobs[k].values.count + d }
        return i
    }

    /// The chip of point `index`, starting from `base` (knobs outside the space keep its values).
    public func hardware(_ index: Int, base: HardwareConfig) -> HardwareConfig {
        var hw = base
        var rest = index
        for k in stride(from: knobs.count - 1, through: 0, by: -1) {
            let n = knobs[k].values.count
            let v = knobs[k].values[rest % n]
            rest /= n
            let x = v.number ?? 0
            switch knobs[k].name {
            case "voltage_v": hw.voltage_v = x
            case "bits_per_cell": hw.bitsPerCell = Int(x)
            case "base_latency_s": hw.baseLatency_s = x
            case "rows": hw.rows = Int(x)
            case "cols": hw.cols = Int(x)
            case "router_group": hw.routerGroup = Int(x)
            case "tiles_per_chip": hw.tilesPerChip = Int(x)
            case "macros_per_tile": hw.macrosPerTile = Int(x)
            case "glb_depth": hw.glbDepth = Int(x)
            case "adc_bits": hw.adcBits = Int(x)
            case "technology_nm": hw.technology_nm = x
            case "read_pulse_width_s": hw.readPulseWidth_s = x
            case "adc_model": if case .text(let s) = v, let m = ADCModel(rawValue: s) { hw.adcModel = m }
            default: break
            }
        }
        return hw
    }

    /// `design` with its fixed network's bits spelled out as the space's genomes decode them: every layer with a
    /// bit knob gets an override (unset bits 8, `SearchSpace.defaultLayerBits`), so the design's keys are the
    /// ones `cimnas search` stores. Designs of spaces without such knobs come back unchanged.
    public func searchDesign(_ design: Design) -> Design {
        guard !layerBitKnobs.isEmpty, case .fixed(let name, let given) = design.network else { return design }
        var overrides: [String: LayerBits] = [:]
        for knob in layerBitKnobs {
            let isWeight = knob.hasPrefix("layer_w.")
            let layer = String(knob.dropFirst(isWeight ? "layer_w.".count : "layer_a.".count))
            var bits = overrides[layer] ?? SearchSpace.defaultLayerBits
            if let g = given[layer] { if isWeight { bits.weightBits = g.weightBits } else { bits.inputBits = g.inputBits } }
            overrides[layer] = bits
        }
        var out = design
        out.network = .fixed(name: name, overrides: overrides)
        return out
    }

    /// The cell type of point `index`, or nil when the space does not search it.
    public func cellType(_ index: Int) -> String? {
        guard let k = knobs.firstIndex(where: { $0.name == "cell_type" }) else { return nil }
        return knobs[k].values[digits(index)[k]].description
    }
}

/// The ordered list of points a precomputation visits: sweep position → subspace index.
///
/// Exhaustive: position = index. Random, LHS and Sobol: `samples` positions whose indices depend only on
/// the seed (duplicates possible for random; they are stored once).
public struct PrecomputeSchedule: Sendable {
    public var mode: PrecomputeMode
    public var subspace: HardwareSubspace
    public var seed: UInt64
    /// Sampled subspace indices (empty for exhaustive).
    public var sampled: [Int]

    public init(mode: PrecomputeMode, subspace: HardwareSubspace, samples: Int, seed: UInt64) throws(PrecomputeError) {
        self.mode = mode
        self.subspace = subspace
        self.seed = seed
        let free = subspace.knobs.indices.filter { subspace.knobs[$0].values.count > 1 }
        let counts = subspace.knobs.map(\.values.count)
        func index(from units: [Double]) -> Int {
            var digits = [Int](repeating: 0, count: counts.count)
            for (j, k) in free.enumerated() { digits[k] = min(counts[k] - 1, Int(units[j] * Double(counts[k]))) }
            return subspace.index(digits)
        }
        switch mode {
        case .exhaustive:
            sampled = []
        case .random:
            var g = SearchRandom(seed: seed)
            sampled = (0..<samples).map { _ in g.nextInt(below: subspace.count) }
        case .lhs:
            // One stratum per sample in every free dimension, strata shuffled independently per dimension.
            var g = SearchRandom(seed: seed)
            let perms = free.map { _ in g.permutation(samples) }
            var out: [Int] = []
            out.reserveCapacity(samples)
            for i in 0..<samples {
                let units = perms.map { p in (Double(p[i]) + g.nextUnit()) / Double(samples) }
                out.append(index(from: units))
            }
            sampled = out
        case .sobol:
            guard free.count <= SobolSequence.maxDimensions else {
                throw PrecomputeError("--mode sobol: \(free.count) free knobs, at most \(SobolSequence.maxDimensions) supported")
            }
            if free.isEmpty {
                sampled = [Int](repeating: 0, count: samples)
            } else {
                sampled = SobolSequence(dimensions: free.count, seed: seed).points(samples).map(index(from:))
            }
        }
    }

    /// Points of the whole sweep (all shards).
    public var count: Int { mode == .exhaustive ? subspace.count : sampled.count }

    /// Subspace index at sweep position `p`.
    @inline(__always) public func index(at p: Int) -> Int { mode == .exhaustive ? p : sampled[p] }
}
