import CIMHardware
import DesignDB
import Testing

/// The one writer of `design` and `hw_config` rows: conflict policies, MACs and capacity, the precompute path.
@Suite struct DesignStoreTests {
    func database() throws -> (Database, DesignKey) {
        let db = try Database.inMemory()
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let net = try NetworkStore(db).id(for: NetworkRecord(family: "resnet50", key: "resnet50", layerCount: 54,
                                                             macs: 4_089_184_256))
        return (db, DesignKey(hwConfigID: hw, networkID: net, quantPolicyKey: "bits=8", modelVersion: "m;mode=default",
                              predictorVersion: "p"))
    }

    @Test func keepExistingInsertsOnceAndKeepsTheFirstRow() throws {
        let (db, key) = try database()
        let store = try DesignStore(db)
        let first = DesignRecord(key: key, energy_j: 2e-3, latency_s: 4e-3, area_mm2: 50, edap_j_s_mm2: 4e-4, feasible: true,
                                 createdAt: "t0", macs: 4_089_184_256, capacityShortfallCells: -1024)
        let id = try #require(try store.insert(first, onConflict: .keepExisting))
        var second = first
        second.energy_j = 9
        second.macs = 1
        #expect(try store.insert(second, onConflict: .keepExisting) == nil)
        #expect(try store.id(of: key) == id)
        let stored = try #require(try store.lookup(key))
        // Exact: stored REALs and INTEGERs round-trip unchanged.
        #expect(stored.energy_j == 2e-3 && stored.macs == 4_089_184_256 && stored.capacityShortfallCells == -1024)
        #expect(stored.createdAt == "t0" && stored.id == id)
        #expect(try store.count() == 1)
    }

    @Test func refreshMACsUpdatesOnlyMACsAndCapacity() throws {
        let (db, key) = try database()
        let store = try DesignStore(db)
        // A row as written before the search stored MACs (macs NULL).
        let old = DesignRecord(key: key, energy_j: 2e-3, latency_s: 4e-3, area_mm2: 50, feasible: true)
        let id = try #require(try store.insert(old, onConflict: .keepExisting))
        #expect(try store.lookup(key)?.macs == nil)
        var fresh = old
        fresh.energy_j = 7e-3
        fresh.macs = 300_000_000
        fresh.capacityShortfallCells = 12
        #expect(try store.insert(fresh, onConflict: .refreshMACs) == nil)
        let stored = try #require(try store.lookup(key))
        #expect(stored.id == id && stored.energy_j == 2e-3)
        #expect(stored.macs == 300_000_000 && stored.capacityShortfallCells == 12)
        // A new key under the refreshing policy is an insert with a new id.
        var other = fresh
        other.key.quantPolicyKey = "bits=4"
        let newID = try #require(try store.insert(other, onConflict: .refreshMACs))
        #expect(newID != id)
        #expect(try store.id(of: other.key) == newID)
        #expect(try store.id(of: DesignKey(hwConfigID: key.hwConfigID, networkID: key.networkID, quantPolicyKey: "none",
                                           modelVersion: "m", predictorVersion: "p")) == nil)
    }

    @Test func infeasibleRowsKeepTheirReasonAndNullMetrics() throws {
        let (db, key) = try database()
        let store = try DesignStore(db)
        let r = DesignRecord(key: key, area_mm2: 80, top1_percent: 70.1, accuracy_score: 0.701, feasible: false,
                             infeasibleReason: "capacity: 10 cells short", macs: 5, capacityShortfallCells: 10)
        let id = try #require(try store.insert(r, onConflict: .keepExisting))
        let stored = try #require(try store.design(id: id))
        #expect(stored.energy_j == nil && stored.edap_j_s_mm2 == nil && stored.area_mm2 == 80)
        #expect(!stored.feasible && stored.infeasibleReason == "capacity: 10 cells short")
    }

    @Test func precomputePathInsertsAChipOnceWithItsArea() throws {
        let db = try Database.inMemory()
        let store = try HardwareConfigStore(db)
        var chip = HardwareConfig.cimnasDefault
        chip.rows = 256
        let key = HardwareConfigStore.key(for: chip, cell: "sram_8t")
        let area = ChipArea(area_mm2: 3.5, adc_area_mm2: 1, cell_area_mm2: 2, glb_area_mm2: 0.5)
        let id = try store.insertIfNew(chip, key: key, cell: "sram_8t", area: area, areaModelVersion: "cost/1")
        // A second insert of the same key keeps the row (and its area) and answers its id.
        let other = ChipArea(area_mm2: 99)
        #expect(try store.insertIfNew(chip, key: key, cell: "sram_8t", area: other, areaModelVersion: "cost/2") == id)
        let row = try #require(try store.row(id: id))
        #expect(row.config == chip && row.cell == "sram_8t" && row.area == area && row.areaModelVersion == "cost/1")
        // The search's path finds the same row by configuration and cell.
        #expect(try HardwareConfigStore(db).id(for: chip, cell: "sram_8t") == id)
        #expect(try HardwareConfigStore(db).id(for: chip) != id)
        // A chip stored without area gets it once from the search's path.
        var bare = chip
        bare.cols = 64
        let bareID = try store.insertIfNew(bare, key: HardwareConfigStore.key(for: bare), cell: HardwareConfigStore.defaultCell,
                                           area: nil, areaModelVersion: nil)
        #expect(try store.row(id: bareID)?.area == nil)
        #expect(try HardwareConfigStore(db).id(for: bare, area: area, modelVersion: "cost/1") == bareID)
        #expect(try store.row(id: bareID)?.area == area)
    }

    @Test func costModelAreaIsStoredComponentByComponent() throws {
        // Distinct per-instance areas (µm²) so a swapped column would show.
        var areas = InstanceAreas()
        (areas.cell_um2, areas.adc_um2, areas.rowDrivers_um2, areas.columnDrivers_um2) = (0.1, 700, 300, 500)
        (areas.inputBuffer_um2, areas.outputBuffer_um2, areas.router_um2, areas.glb_um2) = (11_000, 13_000, 17_000, 190_000)
        let chip = CIMHardware.ChipArea(areas: areas, hardware: .cimnasDefault)
        let db = try Database.inMemory()
        let store = try HardwareConfigStore(db)
        let id = try store.insertIfNew(.cimnasDefault, key: HardwareConfigStore.key(for: .cimnasDefault),
                                       cell: HardwareConfigStore.defaultCell, chipArea: chip, areaModelVersion: "cost/1")
        let stored = try #require(try store.row(id: id)?.area)
        let a = chip.components_mm2
        // Exact: each column holds the cost model's double unchanged.
        #expect(stored.area_mm2 == chip.area_mm2 && stored.cell_area_mm2 == a.cimUnit && stored.adc_area_mm2 == a.adc)
        #expect(stored.row_drivers_area_mm2 == a.rowDrivers && stored.column_drivers_area_mm2 == a.columnDrivers)
        #expect(stored.input_buffer_area_mm2 == a.inputBuffer && stored.output_buffer_area_mm2 == a.outputBuffer)
        #expect(stored.router_area_mm2 == a.router && stored.glb_area_mm2 == a.glb)
    }
}
