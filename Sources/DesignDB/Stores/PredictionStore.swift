/// A cached accuracy prediction.
public struct PredictionRecord: Hashable, Sendable {
    public var networkID: Int64
    public var quantPolicyKey: String
    public var predictorVersion: String
    public var top1_percent: Double
    public var score: Double

    public init(networkID: Int64, quantPolicyKey: String, predictorVersion: String, top1_percent: Double, score: Double) {
        self.networkID = networkID
        self.quantPolicyKey = quantPolicyKey
        self.predictorVersion = predictorVersion
        self.top1_percent = top1_percent
        self.score = score
    }
}

/// `prediction`: accuracy predictions per network, quantization policy and predictor version.
public final class PredictionStore {
    let db: Database
    private let select: Statement
    private let insertStatement: Statement

    public init(_ db: Database) throws {
        self.db = db
        select = try db.prepare("""
            SELECT top1_percent, accuracy_score FROM prediction WHERE network_id = ?1 AND quant_policy_key = ?2 AND predictor_version = ?3
            """)
        insertStatement = try db.prepare("""
            INSERT INTO prediction (network_id, quant_policy_key, predictor_version, top1_percent, accuracy_score, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING
            """)
    }

    /// The cached prediction, or nil. - Complexity: one primary-key look-up.
    public func lookup(networkID: Int64, quantPolicyKey: String, predictorVersion: String) throws -> PredictionRecord? {
        try select.bind(networkID, at: 1)
        try select.bind(quantPolicyKey, at: 2)
        try select.bind(predictorVersion, at: 3)
        defer { select.reset() }
        guard try select.step() else { return nil }
        return PredictionRecord(networkID: networkID, quantPolicyKey: quantPolicyKey, predictorVersion: predictorVersion,
                                top1_percent: select.double(0), score: select.double(1))
    }

    /// Inserts predictions in one transaction; existing keys are kept.
    public func insert(_ records: [PredictionRecord]) throws {
        let now = Timestamp.now()
        try db.transaction {
            for r in records {
                try insertStatement.bind(r.networkID, at: 1)
                try insertStatement.bind(r.quantPolicyKey, at: 2)
                try insertStatement.bind(r.predictorVersion, at: 3)
                try insertStatement.bind(r.top1_percent, at: 4)
                try insertStatement.bind(r.score, at: 5)
                try insertStatement.bind(now, at: 6)
                try insertStatement.run()
            }
        }
    }
}
