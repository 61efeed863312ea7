import CIMHardware
import DesignDB
import Foundation
import Testing

@Suite struct StoreTests {
    let shape = LayerShape(kind: .conv, C: 32, M: 64, R: 3, S: 3, P: 56, Q: 56)

    @Test func hardwareConfigUpsertAndArea() throws {
        let db = try Database.inMemory()
        let store = try HardwareConfigStore(db)
        let base = HardwareConfig.cimnasDefault
        let id = try store.id(for: base)
        #expect(try store.id(for: base) == id)
        var other = base
        other.rows = 256
        #expect(try store.id(for: other) != id)
        #expect(try store.row(id: id)?.area == nil)
        let area = ChipArea(area_mm2: 12.5, adc_area_mm2: 3, glb_area_mm2: 2)
        #expect(try store.id(for: base, area: area, modelVersion: "m1") == id)
        let row = try #require(try store.row(id: id))
        #expect(row.config == base)
        #expect(row.area == area)
        #expect(row.areaModelVersion == "m1")
        #expect(row.cell == HardwareConfigStore.defaultCell)
        // A second store (no cache) finds the same row.
        #expect(try HardwareConfigStore(db).id(for: base) == id)
        #expect(try db.scalar("SELECT count(*) FROM hw_config") == .integer(2))
        #expect(try db.scalar("SELECT rows FROM hw_config WHERE id = ?", [.integer(id)]) == .integer(128))
    }

    @Test func layerEvalCacheRoundTrips() throws {
        let db = try Database.inMemory()
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let shapes = try LayerShapeStore(db)
        let shapeID = try shapes.id(for: shape)
        #expect(try shapes.id(for: shape) == shapeID)
        #expect(try shapes.shape(id: shapeID) == shape)
        let store = try LayerEvalStore(db)
        let key = LayerEvalKey(hwConfigID: hw, layerShapeID: shapeID, inputBits: 8, weightBits: 4, modelVersion: "m1")
        #expect(try store.lookup(key) == nil)
        let record = LayerEvalRecord(key: key, energy_j: 1.5e-6, adc_energy_j: 1e-6, cycles: 3136, latency_s: 1.2544e-5,
                                     macs: shape.macs, utilization_percent: 87.5)
        var infeasible = record
        infeasible.key.weightBits = 8
        infeasible.feasible = false
        infeasible.infeasibleReason = "does not fit"
        #expect(try store.insert([record, infeasible]) == 2)
        #expect(try store.insert([record]) == 0)
        #expect(try store.lookup(key) == record)
        #expect(try store.lookup(infeasible.key) == infeasible)
        var otherVersion = key
        otherVersion.modelVersion = "m2"
        #expect(try store.lookup(otherVersion) == nil)
        #expect(try store.count() == 2)
    }

    @Test func batchInsertIsAtomic() throws {
        let db = try Database.inMemory()
        let store = try LayerEvalStore(db)
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let good = LayerEvalRecord(key: LayerEvalKey(hwConfigID: hw, layerShapeID: try LayerShapeStore(db).id(for: shape),
                                                     inputBits: 8, weightBits: 8, modelVersion: "m"),
                                   energy_j: 1, cycles: 1, latency_s: 1, macs: 1, utilization_percent: 1)
        var bad = good
        bad.key.layerShapeID = 999 // violates the foreign key
        #expect(throws: DatabaseError.self) { try store.insert([good, bad]) }
        #expect(try store.count() == 0)
    }

    @Test func designsPredictionsAndSearchRuns() throws {
        let db = try Database.inMemory()
        let hw = try HardwareConfigStore(db).id(for: .cimnasDefault)
        let networks = try NetworkStore(db)
        let net = try networks.id(for: NetworkRecord(family: "mobilenetv2", key: "d2-k3", layerCount: 52, macs: 300_000_000))
        #expect(try networks.network(id: net)?.layerCount == 52)
        let designs = try DesignStore(db)
        let key = DesignKey(hwConfigID: hw, networkID: net, quantPolicyKey: "w4a8", modelVersion: "m1", predictorVersion: "p1")
        let record = DesignRecord(key: key, technology: "neurosim_32nm@1", energy_j: 1e-3, latency_s: 2e-3, area_mm2: 10,
                                  edap_j_s_mm2: 2e-5, tops_per_w: 5, top1_percent: 71.2, feasible: true)
        var second = record
        second.key.quantPolicyKey = "w8a8"
        second.feasible = false
        second.infeasibleReason = "area"
        let ids = try designs.insert([record, second])
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(try designs.insert([record]) == [ids[0]])
        let stored = try #require(try designs.lookup(key))
        #expect(stored.id == ids[0])
        #expect(stored.edap_j_s_mm2 == 2e-5 && stored.tops_per_mm2 == nil && stored.createdAt != nil)
        #expect(try designs.design(id: ids[1])?.infeasibleReason == "area")
        #expect(try designs.count() == 2)

        let predictions = try PredictionStore(db)
        #expect(try predictions.lookup(networkID: net, quantPolicyKey: "w4a8", predictorVersion: "p1") == nil)
        try predictions.insert([PredictionRecord(networkID: net, quantPolicyKey: "w4a8", predictorVersion: "p1",
                                                 top1_percent: 71.2, score: 0.8)])
        #expect(try predictions.lookup(networkID: net, quantPolicyKey: "w4a8", predictorVersion: "p1")?.score == 0.8)

        let runs = try SearchRunStore(db)
        let run = try runs.create(SearchRunRecord(algorithm: "nsga2", settingsJSON: "{}", space: "cimnas", seed: 7,
                                                  modelVersion: "m1", predictorVersion: "p1"))
        try runs.recordGeneration(runID: run, generation: 0, members: [
            SearchMemberRecord(generation: 0, slot: 0, designID: ids[0], objective: 2e-5, rank: 0),
            SearchMemberRecord(generation: 0, slot: 1, designID: ids[1], objective: nil, constraintViolation: 3),
        ])
        #expect(try runs.members(runID: run, generation: 0).map(\.designID) == ids)
        try runs.setStatus(runID: run, .finished)
        let stored2 = try #require(try runs.run(id: run))
        #expect(stored2.status == .finished && stored2.generationsDone == 1 && stored2.finishedAt != nil)
    }
}
