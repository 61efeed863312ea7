import CIMHardware
import DesignDB
import Testing

/// The typed stores behind `cimnas report`, search checkpoints, `cimnas query`'s archive note and the help
/// texts' SQL, on small databases whose answers are worked out by hand in each test.
@Suite struct RunReportStoreTests {
    /// Two chips (the CIMNAS default and one with 256 rows), one network, a run of two generations:
    /// generation 0 has designs A (objective 3, feasible) and B (objective 5, feasible); generation 1 has
    /// A again and C (violation 2, infeasible row). D is a non-member design on the default chip.
    struct Fixture {
        let db: Database
        let run: Int64
        let chips: (base: Int64, tall: Int64)
        let network: Int64
        let ids: (a: Int64, b: Int64, c: Int64, d: Int64)
    }

    static let version = "cimloop-cimnas/2#0badcafe;mode=default"

    func fixture() throws -> Fixture {
        let db = try Database.inMemory()
        let chips = try HardwareConfigStore(db)
        let base = try chips.id(for: .cimnasDefault)
        var tall = HardwareConfig.cimnasDefault
        tall.rows = 256
        let tallID = try chips.id(for: tall, area: ChipArea(area_mm2: 21, adc_area_mm2: 5, cell_area_mm2: 8, row_drivers_area_mm2: 1,
                                                           column_drivers_area_mm2: 2, input_buffer_area_mm2: 1.5,
                                                           output_buffer_area_mm2: 0.5, router_area_mm2: 1, glb_area_mm2: 2),
                                  modelVersion: "cost/1")
        let net = try NetworkStore(db).id(for: NetworkRecord(family: "f", key: "n", layerCount: 2, macs: 100))
        func design(_ hw: Int64, _ quant: String, energy: Double, feasible: Bool = true, top1: Double? = nil) -> DesignRecord {
            DesignRecord(key: DesignKey(hwConfigID: hw, networkID: net, quantPolicyKey: quant, modelVersion: Self.version,
                                        predictorVersion: "p"),
                         energy_j: feasible ? energy : nil, latency_s: feasible ? 2 : nil, area_mm2: 10,
                         edap_j_s_mm2: feasible ? energy * 2 * 10 : nil, top1_percent: top1, feasible: feasible)
        }
        let ids = try DesignStore(db).insert([
            design(tallID, "a", energy: 1, top1: 70), design(base, "b", energy: 3), design(tallID, "c", energy: 0, feasible: false),
            design(base, "d", energy: 0.5),
        ])
        let runs = try SearchRunStore(db)
        let run = try runs.create(SearchRunRecord(algorithm: "ga", settingsJSON: "{}", space: "s", seed: 1,
                                                  modelVersion: Self.version, predictorVersion: "p"))
        try runs.recordGeneration(runID: run, generation: 0, members: [
            SearchMemberRecord(generation: 0, slot: 0, designID: ids[0], objective: 3),
            SearchMemberRecord(generation: 0, slot: 1, designID: ids[1], objective: 5),
        ])
        try runs.recordGeneration(runID: run, generation: 1, members: [
            SearchMemberRecord(generation: 1, slot: 0, designID: ids[0], objective: 3),
            SearchMemberRecord(generation: 1, slot: 1, designID: ids[2], objective: 1, constraintViolation: 2),
        ])
        return Fixture(db: db, run: run, chips: (base, tallID), network: net, ids: (ids[0], ids[1], ids[2], ids[3]))
    }

    @Test func convergenceCountsOnlyFeasibleMembers() throws {
        let f = try fixture()
        let rows = try RunReportStore(f.db).convergence(runID: f.run)
        #expect(rows == [
            GenerationSummaryRow(generation: 0, bestObjective: 3, meanObjective: 4, feasibleFraction: 1),
            GenerationSummaryRow(generation: 1, bestObjective: 3, meanObjective: 3, feasibleFraction: 0.5),
        ])
    }

    @Test func membersBestAndBaseline() throws {
        let f = try fixture()
        let store = RunReportStore(f.db)
        let members = try store.memberDesigns(runID: f.run)
        // C is a member but infeasible; D is not a member.
        #expect(members.map(\.id) == [f.ids.a, f.ids.b])
        #expect(members[0].knobs[.rows] == 256 && members[1].knobs[.rows] == 128)
        #expect(members[0].knobs.count == HardwareKnob.allCases.count && members[0].top1_percent == 70)
        #expect(members[0].energy_j == 1 && members[0].area_mm2 == 10 && members[0].hwConfigID == f.chips.tall)
        // C has the lowest objective but violates a constraint: A is best.
        #expect(try store.bestMemberDesignID(runID: f.run) == f.ids.a)
        // On the default chip: B and D; D has the lower EDAP, and neither is preferred by network (same network).
        let baseline = try #require(try store.baseline(on: .cimnasDefault, modelVersion: Self.version, excluding: f.ids.a,
                                                       preferredNetworkID: f.network))
        #expect(baseline.id == f.ids.d && baseline.knobs.isEmpty)
        #expect(try store.baseline(on: .cimnasDefault, modelVersion: "other", excluding: f.ids.a,
                                   preferredNetworkID: f.network) == nil)
    }

    @Test func designLayersFollowTheModeAndJoinTheLayerCache() throws {
        let f = try fixture()
        let shapes = try LayerShapeStore(f.db)
        let conv = try shapes.id(for: LayerShape(kind: .conv, C: 3, M: 32, R: 3, S: 3, P: 112, Q: 112))
        let fc = try shapes.id(for: LayerShape(kind: .linear, C: 1280, M: 1000, R: 1, S: 1, P: 1, Q: 1))
        try NetworkLayerStore(f.db).save(networkID: f.network, quantPolicyKey: "a", compatMode: "default", layers: [
            NetworkLayerRecord(layerShapeID: conv, inputBits: 8, weightBits: 8, name: "stem"),
            NetworkLayerRecord(layerShapeID: fc, inputBits: 8, weightBits: 4),
        ])
        // Only the stem is cached, under the design's version without its mode.
        let key = LayerEvalKey(hwConfigID: f.chips.tall, layerShapeID: conv, inputBits: 8, weightBits: 8,
                               modelVersion: "cimloop-cimnas/2#0badcafe")
        _ = try LayerEvalStore(f.db).insert([LayerEvalRecord(
            key: key, energy_j: 36, cim_unit_energy_j: 1, row_drivers_energy_j: 2, column_drivers_energy_j: 3, adc_energy_j: 4,
            input_buffer_energy_j: 5, output_buffer_energy_j: 6, router_energy_j: 7, glb_energy_j: 8, cycles: 1, latency_s: 1,
            macs: 1, utilization_percent: 1)])
        let store = RunReportStore(f.db)
        let own = try #require(try store.designLayers(designID: f.ids.a))
        #expect(own.mode == "default" && own.quantPolicyKey == "a" && own.networkID == f.network)
        #expect(own.layers.map(\.position) == [0, 1] && own.layers.map(\.name) == ["stem", ""])
        #expect(own.layers[0].kind == "conv" && own.layers[0].c == 3 && own.layers[0].m == 32 && own.layers[1].weightBits == 4)
        let e = try #require(own.layers[0].components_j)
        #expect([e.cimUnit, e.rowDrivers, e.columnDrivers, e.adc, e.inputBuffer, e.outputBuffer, e.router, e.glb]
                == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(own.layers[1].components_j == nil)
        // B's quantization has no stored sequence.
        #expect(try store.designLayers(designID: f.ids.b)?.layers.isEmpty == true)
        let cached = try store.chipLayers(hwConfigID: f.chips.tall, modelVersion: "cimloop-cimnas/2#0badcafe")
        #expect(cached.count == 1 && cached[0].position == 0 && cached[0].components_j?.total == 36)
        #expect(try store.chipLayers(hwConfigID: f.chips.tall, modelVersion: Self.version).isEmpty)
    }

    @Test func bestEDAPPerKnobValue() throws {
        let f = try fixture()
        let rows = try RunReportStore(f.db).bestEDAPByValue(of: .rows, modelVersion: Self.version)
        // rows 128: B (60) and D (10) → 10; rows 256: A (20); C is infeasible.
        #expect(rows.map(\.value) == [128, 256] && rows.map(\.edap_j_s_mm2) == [10, 20])
        #expect(try RunReportStore(f.db).bestEDAPByValue(of: .adc_bits, modelVersion: Self.version).count == 1)
    }

    @Test func checkpointsResumeFromTheNewestAndTruncate() throws {
        let f = try fixture()
        let runs = try SearchRunStore(f.db)
        #expect(try runs.nextCheckpointStep(runID: f.run) == 1)
        #expect(try runs.latestCheckpointState(runID: f.run) == nil)
        for step in 1...2 {
            try runs.saveCheckpoint(SearchCheckpointRecord(runID: f.run, step: step, stage: 1, generation: step, evaluations: 10 * step,
                                                           bestObjective: step == 1 ? nil : 3, feasibleFraction: 0.5,
                                                           elapsed_s: 1.5, stateJSON: "{\"step\":\(step)}"))
        }
        #expect(try runs.nextCheckpointStep(runID: f.run) == 3)
        #expect(try runs.latestCheckpointState(runID: f.run) == "{\"step\":2}")
        // A duplicate step is refused (primary key), leaving the newest state.
        #expect(throws: DatabaseError.self) {
            try runs.saveCheckpoint(SearchCheckpointRecord(runID: f.run, step: 2, stage: 1, generation: 2, evaluations: 0,
                                                           bestObjective: nil, feasibleFraction: 0, elapsed_s: 0, stateJSON: "{}"))
        }
        try runs.truncate(runID: f.run, toSteps: 1)
        #expect(try runs.latestCheckpointState(runID: f.run) == "{\"step\":1}")
        #expect(try runs.members(runID: f.run, generation: 1).isEmpty && runs.members(runID: f.run, generation: 0).count == 2)
        let run = try #require(try runs.run(id: f.run))
        #expect(run.status == .interrupted && run.generationsDone == 1)
    }

    @Test func precomputeJobsByStoreAndExampleSQL() throws {
        let db = try Database.inMemory()
        #expect(try DatabaseSummary.precomputeJobs(db) == (full: 0, pareto: 0))
        let net = try NetworkStore(db).id(for: NetworkRecord(family: "f", key: "n", layerCount: 1, macs: 1))
        for (i, store) in ["pareto", "pareto", "full"].enumerated() {
            _ = try db.query("""
                INSERT INTO precompute_job (job_key, space, network_id, quant_policy_key, mode, seed, samples, shard_index,
                    shard_count, model_version, predictor_version, space_points, total, status, started_at, updated_at, store)
                VALUES (?1, 's', ?2, 'q', 'exhaustive', 0, 0, 1, 1, 'm', 'p', 1, 1, 'finished', 't', 't', ?3)
                """, [.text("job\(i)"), .integer(net), .text(store)])
        }
        let jobs = try DatabaseSummary.precomputeJobs(db)
        #expect(jobs.full == 1 && jobs.pareto == 2)
        for sql in ExampleSQL.all {
            let s = try db.prepare(sql)
            #expect(s.isReadOnly && s.columnCount == 1 && s.trailingSQL.isEmpty, "\(sql)")
            _ = try s.allRows()
        }
        #expect(try db.scalar(ExampleSQL.designCount) == .integer(0))
    }
}
