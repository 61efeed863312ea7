import CIMHardware
import DesignDB
import Foundation
import Testing

/// Schema 013: both accuracies and the error model's version in `design`, `layer_error` beside `layer_eval`.
/// Rows stored before it keep every value; the hardware-aware ones move off the quantization-only key.
@Suite struct HardwareAccuracyMigrationTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-\(UUID()).sqlite").path
    }

    func remove(_ path: String) { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }

    /// A schema-13 database with one design from a hardware-aware run, one from an ideal run and one from
    /// no run (precompute); returns their ids in that order.
    func schema13(at path: String) throws -> [Int64] {
        let db = try Database(path: path, migrate: false)
        for m in Migrator.migrations where m.version <= 13 {
            try db.execute(m.sql)
            try db.execute("PRAGMA user_version = \(m.version)")
        }
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let nw = try NetworkStore(db).id(for: NetworkRecord(family: "mobilenetv2", key: "net-a", layerCount: 1, macs: 10))
        var ids: [Int64] = []
        for (quant, top1) in [("q-hw", 66.3), ("q-ideal", 66.4), ("q-pre", 66.5)] {
            try db.execute("""
                INSERT INTO design (hw_config_id, network_id, quant_policy_key, model_version, predictor_version,
                    energy_j, latency_s, area_mm2, edap_j_s_mm2, top1_percent, feasible, created_at)
                VALUES (\(hw), \(nw), '\(quant)', 'cimloop-cimnas/2;mode=default', 'p1;mode=default',
                    1e-3, 1e-3, 100, 1e-4, \(top1), 1, '2026-12-07T00:00:00Z')
                """)
            ids.append(db.lastInsertRowID)
        }
        for (run, accuracy, design) in [(1, "hardware", ids[0]), (2, "ideal", ids[1])] {
            try db.execute("""
                INSERT INTO search_run (id, algorithm, settings_json, space, seed, status, started_at, model_version,
                    predictor_version)
                VALUES (\(run), 'ga', '{"accuracy":"\(accuracy)","mode":"default"}', 's', 1, 'finished', 't', 'm', 'p')
                """)
            try db.execute("INSERT INTO search_member (run_id, generation, slot, design_id) VALUES (\(run), 0, 0, \(design))")
        }
        return ids
    }

    @Test func storedRowsKeepTheirValuesAndTheirKind() throws {
        let path = temporaryPath()
        defer { remove(path) }
        let ids = try schema13(at: path)
        let db = try Database(path: path)
        #expect(try db.userVersion() == Migrator.currentVersion)
        let rows = try db.query("""
            SELECT id, top1_percent, top1_ideal_percent, hw_accuracy_version, predictor_version, min_adc_sqnr_db
            FROM design ORDER BY id
            """)
        #expect(rows.map { $0[0] } == ids.map(SQLValue.integer))
        // The hardware-aware row: values kept, its top-1 is not claimed as quantization-only, key moved.
        #expect(rows[0][1] == .real(66.3))
        #expect(rows[0][2] == .null)
        #expect(rows[0][3] == .text("hwacc-1"))
        #expect(rows[0][4] == .text("p1;mode=default;hwacc-1;stored-before-schema-14"))
        // Ideal run and precompute rows: quantization-only top-1 in both columns, key unchanged.
        for (row, top1) in zip(rows[1...], [66.4, 66.5]) {
            #expect(row[1] == .real(top1) && row[2] == .real(top1))
            #expect(row[3] == .text("") && row[4] == .text("p1;mode=default"))
            #expect(row[5] == .null)
        }
        // The frontier and Pareto triggers followed the moved row: nothing lost.
        #expect(try db.scalar("SELECT count(*) FROM design") == .integer(3))
    }

    @Test func layerErrorStoreKeepsOneRowPerKeyAndInfinityAsNull() throws {
        let db = try Database.inMemory()
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let shape = try LayerShapeStore(db).id(for: LayerShape(kind: .conv, G: 1, C: 64, M: 64, R: 3, S: 3, P: 8, Q: 8, N: 1, stride: 1))
        let store = try LayerErrorStore(db)
        let lossy = LayerErrorRecord(hwConfigID: hw, layerShapeID: shape, inputBits: 8, weightBits: 8, histogramKey: "",
                                     hwAccuracyVersion: "v1", sqnr_db: 12.5, adc_sqnr_db: 12.75, adc_bits_needed: 17)
        #expect(try store.insert(lossy))
        var again = lossy
        again.sqnr_db = 1
        #expect(try !store.insert(again))
        var exact = lossy
        exact.hwAccuracyVersion = "v2"
        exact.sqnr_db = .infinity
        exact.adc_sqnr_db = .infinity
        #expect(try store.insert(exact))
        #expect(try store.count() == 2)
        #expect(try store.lookup(lossy) == lossy)
        let stored = try #require(try store.lookup(exact))
        #expect(stored.sqnr_db == nil && stored.adc_sqnr_db == nil && stored.adc_bits_needed == 17)
    }
}
