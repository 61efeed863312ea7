/// A network architecture row: family (e.g. `mobilenetv2`) and canonical architecture key.
public struct NetworkRecord: Hashable, Sendable {
    public var family: String
    public var key: String
    public var layerCount: Int
    public var macs: Int

    public init(family: String, key: String, layerCount: Int, macs: Int) {
        self.family = family
        self.key = key
        self.layerCount = layerCount
        self.macs = macs
    }
}

/// `network`: distinct architectures by canonical key.
public final class NetworkStore {
    let db: Database
    private let select: Statement
    private let insert: Statement
    private let byID: Statement
    private var cache: [String: Int64] = [:]

    public init(_ db: Database) throws {
        self.db = db
        select = try db.prepare("SELECT id FROM network WHERE key = ?")
        insert = try db.prepare("INSERT INTO network (family, key, layer_count, macs) VALUES (?, ?, ?, ?)")
        byID = try db.prepare("SELECT family, key, layer_count, macs FROM network WHERE id = ?")
    }

    /// The id of the network, inserting it when new.
    ///
    /// - Complexity: O(1) amortised (in-memory cache), else one unique-index look-up.
    public func id(for network: NetworkRecord) throws -> Int64 {
        if let id = cache[network.key] { return id }
        let id: Int64 = try db.transaction {
            try select.bind(network.key, at: 1)
            defer { select.reset() }
            if try select.step() { return select.int64(0) }
            try insert.bind(network.family, at: 1)
            try insert.bind(network.key, at: 2)
            try insert.bind(network.layerCount, at: 3)
            try insert.bind(network.macs, at: 4)
            try insert.run()
            return db.lastInsertRowID
        }
        cache[network.key] = id
        return id
    }

    public func network(id: Int64) throws -> NetworkRecord? {
        try byID.bind(id, at: 1)
        defer { byID.reset() }
        guard try byID.step() else { return nil }
        return NetworkRecord(family: byID.string(0), key: byID.string(1), layerCount: byID.int(2), macs: byID.int(3))
    }
}
