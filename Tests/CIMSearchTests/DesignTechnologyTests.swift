import CIMData
import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// `design.technology` names the technology version the design was evaluated with (`cimnas_32nm@N`, the
/// shipped tables recorded in `technology`); rows written before it ('' ) stay readable; queries filter on it.
@Suite struct DesignTechnologyTests {
    /// 6 chips (base latencies) of the precompute test subspace.
    static let precomputeFix = PrecomputeTests.fix + ",bits_per_cell=4,macros_per_tile=16"

    /// Chips the precompute above does not cover, for the search's store.
    static func searchChips() -> [HardwareConfig] {
        PrecomputeTests.bruteForceChips().filter { $0.bitsPerCell == 2 && $0.macrosPerTile >= 16 }
    }

    static func evaluate(_ chips: [HardwareConfig], store: SQLiteEvaluationStore) throws -> DesignEvaluator {
        let evaluator = DesignEvaluator(costModel: try PrecomputeTests.costModel(), accuracyModel: AnalyticAccuracyModel(),
                                        store: store, mode: .default)
        _ = try evaluator.evaluate(chips.map { Design(hardware: $0, network: CIMNASBaseline.design.network) })
        return evaluator
    }

    static func strings(_ db: Database, _ sql: String) throws -> [String] {
        try db.query(sql).map { $0[0].string ?? "NULL" }
    }

    @Test func searchAndPrecomputeRecordTheShippedTables() throws {
        let db = try Database.inMemory()
        try PrecomputeTests.precompute(db, fix: Self.precomputeFix)
        _ = try Self.evaluate(Self.searchChips(), store: try SQLiteEvaluationStore(db))
        let count = try db.scalar("SELECT count(*) FROM design")?.int64 ?? 0
        #expect(count == 6 + Int64(Self.searchChips().count))
        #expect(try Self.strings(db, "SELECT DISTINCT technology FROM design") == ["cimnas_32nm@1"])
        #expect(try Self.strings(db, "SELECT DISTINCT technology FROM design_pareto") == ["cimnas_32nm@1"])

        // The label resolves to exactly the parameters the cost model was built from.
        let store = TechnologyStore(db)
        #expect(try store.list().map(\.label) == ["cimnas_32nm@1"])
        let recorded = try #require(try store.version(name: "cimnas_32nm", version: 1))
        let shipped = try DefaultTechnology.entries()
        #expect(recorded.contentSHA256 == TechnologyStore.contentHash(shipped))
        #expect(recorded.parameterCount == shipped.count && recorded.node_nm == 32)
        #expect(recorded.source == "embedded:datasets/tech/neurosim_32nm.csv+datasets/tech/cacti_32nm.csv+datasets/tech/router_adc_32nm.csv")
        #expect(try TechnologyParameters(entries: try store.entries(of: recorded)) == (try DefaultTechnology.parameters()))
    }

    @Test func labelIsFoundByContentAndNeverDuplicated() throws {
        let db = try Database.inMemory()
        #expect(try ComposedTechnology.shippedLabel(in: db) == "cimnas_32nm@1")
        #expect(try ComposedTechnology.shippedLabel(in: db) == "cimnas_32nm@1")
        // Someone imports changed tables under the same name: designs on the shipped tables keep pointing at v1.
        var changed = try DefaultTechnology.entries()
        changed[0].value *= 2
        let v2 = try TechnologyStore(db).importTable(changed, name: "cimnas_32nm", node_nm: 32, source: "edited.csv")
        #expect(v2.technology.label == "cimnas_32nm@2")
        #expect(try ComposedTechnology.shippedLabel(in: db) == "cimnas_32nm@1")
        #expect(try db.scalar("SELECT count(*) FROM technology")?.int64 == 2)

        // A database whose cimnas_32nm@1 is something else gets the shipped tables as the next version.
        let other = try Database.inMemory()
        _ = try TechnologyStore(other).importTable(changed, name: "cimnas_32nm", node_nm: 32, source: "edited.csv")
        #expect(try ComposedTechnology.shippedLabel(in: other) == "cimnas_32nm@2")
        // Results on other tables (`evaluate --tech`: a digest in the model version) have no row to name.
        #expect(try ComposedTechnology.designLabel(modelVersion: "cimloop-cimnas/1#0badcafe#tech=0123456789abcdef", in: other) == "")
        #expect(try ComposedTechnology.designLabel(modelVersion: "cimloop-cimnas/1#0badcafe;mode=default", in: other) == "cimnas_32nm@2")
    }

    @Test func oldRowsStayReadableAndQueriesFilterOnTechnology() throws {
        let db = try Database.inMemory()
        let chips = Self.searchChips()
        let (old, new) = (Array(chips.prefix(chips.count / 2)), Array(chips.suffix(from: chips.count / 2)))
        _ = try Self.evaluate(chips, store: try SQLiteEvaluationStore(db))
        // Rows written before the technology was recorded carry ''.
        let oldKeys = old.map { "'" + HardwareConfigStore.key(for: $0, cell: HardwareConfigStore.defaultCell) + "'" }
        try db.execute("""
            UPDATE design SET technology = '' WHERE hw_config_id IN
                (SELECT id FROM hw_config WHERE key IN (\(oldKeys.joined(separator: ","))))
            """)
        #expect(try db.scalar("SELECT count(*) FROM design WHERE technology = ''")?.int64 == Int64(old.count))

        // A new store reads old and new rows alike (cache hits), and rewrites neither.
        let evaluator = try Self.evaluate(chips, store: try SQLiteEvaluationStore(db))
        #expect(evaluator.statistics.designHits == chips.count && evaluator.statistics.designMisses == 0)
        #expect(try db.scalar("SELECT count(*) FROM design WHERE technology = ''")?.int64 == Int64(old.count))

        // Best EDAP: '' is any technology; NAME is any version of it; NAME@VERSION exactly that version.
        func best(_ technology: String, query: String = "best_edap_under_constraints") throws -> [Int64] {
            try NamedQuery.named(query).run(db, arguments: ["technology": technology, "limit": "1000"]).rows.map { $0[0].int64! }
        }
        func bestByEDAP(_ where: String) throws -> Int64? {
            try db.scalar("SELECT id FROM design WHERE feasible = 1 AND \(`where`) ORDER BY edap_j_s_mm2, id LIMIT 1")?.int64
        }
        let any = try best("")
        #expect(any.first == (try bestByEDAP("1")))
        let labeled = try best("cimnas_32nm")
        #expect(!labeled.isEmpty)
        #expect(labeled.first == (try bestByEDAP("technology = 'cimnas_32nm@1'")))
        #expect(try best("cimnas_32nm@1") == labeled)
        #expect(try best("cimnas_32nm@2").isEmpty)
        #expect(try best("cimnas_32nm", query: "best_edap_pareto").first == labeled[0])
        let technologies = try Set(labeled.map { id in
            try db.scalar("SELECT technology FROM design WHERE id = ?1", [.integer(id)])?.string ?? ""
        })
        #expect(technologies == ["cimnas_32nm@1"])
        #expect(new.count > 0 && Set(any).isSuperset(of: labeled))

        // The Pareto table follows both slices (old '' rows and new labeled rows).
        #expect(try Self.strings(db, "SELECT DISTINCT technology FROM design_pareto ORDER BY 1") == ["", "cimnas_32nm@1"])
        let pareto = try NamedQuery.named("pareto_energy_latency_area").run(db, arguments: ["technology": "cimnas_32nm", "limit": "1000"])
        let column = try #require(pareto.columns.firstIndex(of: "technology"))
        #expect(!pareto.rows.isEmpty && pareto.rows.allSatisfy { $0[column].string == "cimnas_32nm@1" })
    }
}
