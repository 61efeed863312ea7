import CIMHardware

/// `layer_shape`: distinct layer shapes, found by all their dimensions.
public final class LayerShapeStore {
    let db: Database
    private let select: Statement
    private let insert: Statement
    private let byID: Statement
    private var cache: [LayerShape: Int64] = [:]

    public init(_ db: Database) throws {
        self.db = db
        select = try db.prepare("""
            SELECT id FROM layer_shape WHERE kind = ?1 AND g = ?2 AND c = ?3 AND m = ?4 AND r = ?5 AND s = ?6
                AND p = ?7 AND q = ?8 AND n = ?9 AND stride = ?10
            """)
        insert = try db.prepare("""
            INSERT INTO layer_shape (kind, g, c, m, r, s, p, q, n, stride, macs)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        byID = try db.prepare("SELECT kind, g, c, m, r, s, p, q, n, stride FROM layer_shape WHERE id = ?")
    }

    private func bindShape(_ stmt: Statement, _ shape: LayerShape) throws {
        try stmt.bind(shape.kind.rawValue, at: 1)
        for (i, v) in [shape.G, shape.C, shape.M, shape.R, shape.S, shape.P, shape.Q, shape.N, shape.stride].enumerated() {
            try stmt.bind(v, at: Int32(i + 2))
        }
    }

    /// The id of the shape, inserting it when new.
    ///
    /// - Complexity: O(1) amortised (in-memory cache), else one unique-index look-up.
    public func id(for shape: LayerShape) throws -> Int64 {
        if let id = cache[shape] { return id }
        let id: Int64 = try db.transaction {
            try bindShape(select, shape)
            defer { select.reset() }
            if try select.step() { return select.int64(0) }
            try bindShape(insert, shape)
            try insert.bind(shape.macs, at: 11)
            try insert.run()
            return db.lastInsertRowID
        }
        cache[shape] = id
        return id
    }

    /// The stored shape, or nil.
    public func shape(id: Int64) throws -> LayerShape? {
        try byID.bind(id, at: 1)
        defer { byID.reset() }
        guard try byID.step() else { return nil }
        let s = byID
        return LayerShape(kind: LayerKind(rawValue: s.string(0)) ?? .conv, G: s.int(1), C: s.int(2), M: s.int(3),
                          R: s.int(4), S: s.int(5), P: s.int(6), Q: s.int(7), N: s.int(8), stride: s.int(9))
    }
}
