/// A co-design group (`codesign_group` row): the settings of one shared-chip search over several networks.
public struct CoDesignGroupRecord: Hashable, Sendable {
    public var networks: [String]
    public var aggregate: String
    public var capacity: String
    public var objective: String
    public var space: String
    public var seed: Int
    public var population: Int
    public var generations: Int
    public var aggregateObjective: Double?
    public var feasible: Bool

    public init(networks: [String], aggregate: String, capacity: String, objective: String, space: String, seed: Int,
                population: Int, generations: Int, aggregateObjective: Double?, feasible: Bool) {
        self.networks = networks
        self.aggregate = aggregate
        self.capacity = capacity
        self.objective = objective
        self.space = space
        self.seed = seed
        self.population = population
        self.generations = generations
        self.aggregateObjective = aggregateObjective
        self.feasible = feasible
    }
}

/// `codesign_group` and `codesign_member`: each network's design of a shared chip, under one group.
public final class CoDesignStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Stores a group and its members (design ids in network order, with each network's own best design id)
    /// in one transaction; returns the group id.
    public func save(_ group: CoDesignGroupRecord, members: [(designID: Int64, ownBestDesignID: Int64?)]) throws -> Int64 {
        try db.transaction {
            let g = try db.prepare("""
                INSERT INTO codesign_group (networks, aggregate, capacity, objective, space, seed, population, generations,
                    aggregate_objective, feasible, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """)
            try g.bind(group.networks.joined(separator: ","), at: 1)
            try g.bind(group.aggregate, at: 2)
            try g.bind(group.capacity, at: 3)
            try g.bind(group.objective, at: 4)
            try g.bind(group.space, at: 5)
            try g.bind(group.seed, at: 6)
            try g.bind(group.population, at: 7)
            try g.bind(group.generations, at: 8)
            try g.bind(group.aggregateObjective.flatMap { $0.isFinite ? $0 : nil }, at: 9)
            try g.bind(group.feasible, at: 10)
            try g.bind(Timestamp.now(), at: 11)
            try g.run()
            let id = db.lastInsertRowID
            let m = try db.prepare("""
                INSERT INTO codesign_member (group_id, position, network, design_id, own_best_design_id) VALUES (?1, ?2, ?3, ?4, ?5)
                """)
            for (i, (network, member)) in zip(group.networks, members).enumerated() {
                try m.bind(id, at: 1)
                try m.bind(i, at: 2)
                try m.bind(network, at: 3)
                try m.bind(member.designID, at: 4)
                try m.bind(member.ownBestDesignID.map(Int.init), at: 5)
                try m.run()
            }
            return id
        }
    }
}
