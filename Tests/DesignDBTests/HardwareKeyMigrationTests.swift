import CIMHardware
import DesignDB
import Foundation
import Testing

/// Migration `hardware_key`: a database written with the old `v=…;bpc=…` chip keys is rewritten to the one
/// encoding (`hw=…;cell=…`) and every stored row is still found through it.
@Suite struct HardwareKeyMigrationTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-\(UUID()).sqlite").path
    }

    /// A database at the schema just before the migration, as an older cimnas left it.
    func oldDatabase(_ path: String) throws -> Database {
        let target = try #require(Migrator.migrations.first { $0.name == "hardware_key" }).version
        let db = try Database(path: path, migrate: false)
        for m in Migrator.migrations where m.version < target { try db.execute(m.sql) }
        try db.execute("PRAGMA user_version = \(target - 1)")
        return db
    }

    @Test func oldKeysAreRewrittenAndRowsStayFound() throws {
        let path = temporaryPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        var sram = HardwareConfig.cimnasDefault
        (sram.rows, sram.voltage_v, sram.baseLatency_s, sram.readPulseWidth_s) = (256, 0.55, 1e-9, 4.5e-9)
        var ids: [Int64] = []
        let key = DesignKey(hwConfigID: 0, networkID: 0, quantPolicyKey: "q", modelVersion: "m", predictorVersion: "p")
        do {
            let db = try oldDatabase(path)
            let chips = try HardwareConfigStore(db)
            for (config, cell) in [(HardwareConfig.cimnasDefault, HardwareConfigStore.defaultCell), (sram, "sram")] {
                ids.append(try chips.insertIfNew(config, key: HardwareConfigStore.legacyKey(for: config, cell: cell), cell: cell,
                                                 area: ChipArea(area_mm2: 2), areaModelVersion: "a"))
            }
            let net = try NetworkStore(db).id(for: NetworkRecord(family: "f", key: "n", layerCount: 1, macs: 1))
            var k = key
            (k.hwConfigID, k.networkID) = (ids[1], net)
            _ = try DesignStore(db).insert(DesignRecord(key: k, energy_j: 1, latency_s: 2, area_mm2: 2, feasible: true),
                                           onConflict: .keepExisting)
            #expect(try db.scalar("SELECT key FROM hw_config WHERE id = ?1", [.integer(ids[1])])?.string?.hasPrefix("v=0.55;") == true)
        }
        let db = try Database(path: path)
        #expect(try db.userVersion() == Migrator.currentVersion)
        let keys = try db.query("SELECT id, key FROM hw_config ORDER BY id").map { ($0[0].int64 ?? 0, $0[1].string ?? "") }
        #expect(keys.map(\.0) == ids)
        #expect(keys.map(\.1) == [HardwareConfigStore.key(for: .cimnasDefault), HardwareConfigStore.key(for: sram, cell: "sram")])
        #expect(keys[1].1 == "hw=0.55_4_1e-09_256_128_8_16_16_16384_8_32_4.5e-09_neurosim_cimnas;cell=sram")
        // The search's and the precompute's paths find the old rows, with their areas and designs.
        let chips = try HardwareConfigStore(db)
        #expect(try chips.id(for: .cimnasDefault) == ids[0])
        #expect(try chips.insertIfNew(sram, key: HardwareConfigStore.key(for: sram, cell: "sram"), cell: "sram", area: nil,
                                      areaModelVersion: nil) == ids[1])
        #expect(try chips.row(id: ids[1])?.area?.area_mm2 == 2)
        #expect(try db.scalar("SELECT count(*) FROM hw_config") == .integer(2))
        var k = key
        (k.hwConfigID, k.networkID) = (ids[1], 1)
        #expect(try DesignStore(db).lookup(k)?.energy_j == 1)
    }

    @Test func aHandMadeDuplicateKeepsItsRows() throws {
        let path = temporaryPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        var ids: [Int64] = []
        do {
            let db = try oldDatabase(path)
            let chips = try HardwareConfigStore(db)
            // The same chip twice: cimnas's old key, then a key written by hand (e.g. through cimnas sql --write).
            for key in [HardwareConfigStore.legacyKey(for: .cimnasDefault), "my-chip"] {
                ids.append(try chips.insertIfNew(.cimnasDefault, key: key, cell: HardwareConfigStore.defaultCell, area: nil,
                                                 areaModelVersion: nil))
            }
            let net = try NetworkStore(db).id(for: NetworkRecord(family: "f", key: "n", layerCount: 1, macs: 1))
            for id in ids {
                _ = try DesignStore(db).insert(DesignRecord(key: DesignKey(hwConfigID: id, networkID: net, quantPolicyKey: "q",
                                                                           modelVersion: "m", predictorVersion: "p"),
                                                            energy_j: Double(id), feasible: true), onConflict: .keepExisting)
            }
        }
        let db = try Database(path: path)
        let keys = try db.query("SELECT key FROM hw_config ORDER BY id").map { $0[0].string ?? "" }
        #expect(keys == [HardwareConfigStore.key(for: .cimnasDefault), "my-chip"])
        #expect(try HardwareConfigStore(db).id(for: .cimnasDefault) == ids[0])
        #expect(try db.scalar("SELECT count(*) FROM design") == .integer(2))
    }
}
