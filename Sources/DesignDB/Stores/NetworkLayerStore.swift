/// One layer of a network's ordered sequence (a `network_layer` row), bits as the cost model sees them.
public struct NetworkLayerRecord: Hashable, Sendable {
    public var layerShapeID: Int64
    public var inputBits: Int
    public var weightBits: Int
    /// Identifies the value histograms ("" for the CiMLoop defaults), as in `layer_eval`.
    public var histogramKey: String
    public var name: String

    public init(layerShapeID: Int64, inputBits: Int, weightBits: Int, histogramKey: String = "", name: String = "") {
        self.layerShapeID = layerShapeID
        self.inputBits = inputBits
        self.weightBits = weightBits
        self.histogramKey = histogramKey
        self.name = name
    }
}

/// `network_layer`: which layers, in order, a network runs under a quantization policy and compat mode.
///
/// The search and precompute write it when they store designs; `cimnas report` joins it to `layer_eval`
/// to draw a design's own layers in order.
public final class NetworkLayerStore {
    let db: Database
    private let exists: Statement
    private let insert: Statement
    private let select: Statement
    /// (network, quant key, mode) already known to be stored.
    private var known: Set<String> = []

    public init(_ db: Database) throws {
        self.db = db
        exists = try db.prepare("""
            SELECT 1 FROM network_layer WHERE network_id = ?1 AND quant_policy_key = ?2 AND compat_mode = ?3 LIMIT 1
            """)
        insert = try db.prepare("""
            INSERT INTO network_layer (network_id, quant_policy_key, compat_mode, position, layer_shape_id, input_bits,
                weight_bits, histogram_key, name)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING
            """)
        select = try db.prepare("""
            SELECT layer_shape_id, input_bits, weight_bits, histogram_key, name FROM network_layer
            WHERE network_id = ?1 AND quant_policy_key = ?2 AND compat_mode = ?3 ORDER BY position
            """)
    }

    /// Whether the sequence is stored. - Complexity: one primary-key range probe (cached once true).
    public func contains(networkID: Int64, quantPolicyKey: String, compatMode: String) throws -> Bool {
        let k = "\(networkID)|\(quantPolicyKey)|\(compatMode)"
        if known.contains(k) { return true }
        try exists.bind(networkID, at: 1)
        try exists.bind(quantPolicyKey, at: 2)
        try exists.bind(compatMode, at: 3)
        defer { exists.reset() }
        let found = try exists.step()
        if found { known.insert(k) }
        return found
    }

    /// Stores the ordered layers unless the sequence is already stored (same key, same layers).
    ///
    /// - Complexity: O(layers) inserts in one transaction (nested in the caller's, if any).
    public func save(networkID: Int64, quantPolicyKey: String, compatMode: String, layers: [NetworkLayerRecord]) throws {
        if try contains(networkID: networkID, quantPolicyKey: quantPolicyKey, compatMode: compatMode) { return }
        try db.transaction {
            for (i, l) in layers.enumerated() {
                try insert.bind(networkID, at: 1)
                try insert.bind(quantPolicyKey, at: 2)
                try insert.bind(compatMode, at: 3)
                try insert.bind(i, at: 4)
                try insert.bind(l.layerShapeID, at: 5)
                try insert.bind(l.inputBits, at: 6)
                try insert.bind(l.weightBits, at: 7)
                try insert.bind(l.histogramKey, at: 8)
                try insert.bind(l.name, at: 9)
                try insert.run()
            }
        }
        known.insert("\(networkID)|\(quantPolicyKey)|\(compatMode)")
    }

    /// The stored sequence in order, empty when none is stored.
    public func layers(networkID: Int64, quantPolicyKey: String, compatMode: String) throws -> [NetworkLayerRecord] {
        try select.bind(networkID, at: 1)
        try select.bind(quantPolicyKey, at: 2)
        try select.bind(compatMode, at: 3)
        defer { select.reset() }
        var out: [NetworkLayerRecord] = []
        while try select.step() {
            out.append(NetworkLayerRecord(layerShapeID: select.int64(0), inputBits: select.int(1), weightBits: select.int(2),
                                          histogramKey: select.string(3), name: select.string(4)))
        }
        return out
    }
}
