@testable import CIMSearch
import CIMFunctional
import CIMHardware
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// The design database with hardware-aware accuracy (schema 014): both accuracies and the error model's
/// version per design, per-layer errors in `layer_error`, the `adc_adequacy` query and keys that never
/// serve one kind of top-1 for the other. Expected values come from `HardwareAccuracy` itself.
@Suite struct HardwareAccuracyStorageTests {
    static let device = DeviceParameters(rOn_ohm: 6000, rOff_ohm: 6000 * 17, maxBitsPerCell: 8, sigmaD2D: 0.05,
                                         readNoiseSigma: 0, driftNu: 0, driftT0_s: 1, vRead_v: 0.5, area_F2: 48)

    func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-hwdb-\(UUID().uuidString).sqlite").path
    }

    func evaluator(_ store: any EvaluationStore, hardware: Bool) -> DesignEvaluator {
        DesignEvaluator(costModel: AnalyticCostModel(), accuracyModel: AnalyticAccuracyModel(), store: store,
                        hardwareAccuracy: hardware ? HardwareAccuracy(device: Self.device) : nil)
    }

    @Test func bothAccuraciesPerLayerErrorsAndSeparateKeys() throws {
        let path = tempPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let design = try Design.load(cimnasKey: HardwareAccuracySearchTests.key, designFile: nil)
        let store = try SQLiteEvaluationStore(path: path)
        let ideal = try evaluator(store, hardware: false).evaluate([design])[0]
        let onChipEvaluator = evaluator(store, hardware: true)
        let onChip = try onChipEvaluator.evaluate([design])[0]
        // The ideal row in the same database is not a cache hit for the hardware-aware evaluator.
        #expect(onChipEvaluator.statistics.designMisses == 1 && onChipEvaluator.statistics.designHits == 0)

        // Expected per-layer errors, straight from the error model.
        let layers = try design.hardwareLayers(mode: .default)
        let model = HardwareAccuracy(device: Self.device)
        let errors = try layers.map { try model.layerError($0, on: design.hardware) }
        let worst = try #require(errors.map(\.adc.sqnr_db).min())
        #expect(worst.isFinite)
        #expect(onChip.minAdcSqnr_db == worst)
        #expect(onChip.top1IdealPercent == ideal.top1_percent)
        #expect(onChip.top1_percent < ideal.top1_percent)
        #expect(ideal.hwAccuracyVersion.isEmpty && ideal.minAdcSqnr_db == nil)
        #expect(onChip.hwAccuracyVersion == onChipEvaluator.hardwareAccuracyVersion)

        let rows = try store.db.query("""
            SELECT top1_percent, top1_ideal_percent, hw_accuracy_version, min_adc_sqnr_db, predictor_version
            FROM design ORDER BY hw_accuracy_version
            """)
        #expect(rows.count == 2)
        #expect(rows[0][0] == .real(ideal.top1_percent) && rows[0][1] == .real(ideal.top1_percent))
        #expect(rows[0][2] == .text("") && rows[0][3] == .null)
        #expect(rows[1][0] == .real(onChip.top1_percent) && rows[1][1] == .real(ideal.top1_percent))
        #expect(rows[1][2] == .text(onChipEvaluator.hardwareAccuracyVersion) && rows[1][3] == .real(worst))
        #expect(rows[1][4] == .text("\(onChipEvaluator.predictorVersion);\(onChipEvaluator.hardwareAccuracyVersion)"))

        // One layer_error row per distinct layer, with the model's values (+∞ stored as NULL).
        let distinct = Set(layers.map { LayerCacheKey(hardware: design.hardware, layer: $0, modelVersion: "") })
        #expect(try store.db.scalar("SELECT count(*) FROM layer_error") == .integer(Int64(distinct.count)))
        #expect(try store.db.scalar("SELECT min(adc_sqnr_db) FROM layer_error") == .real(worst))
        #expect(try store.db.scalar("SELECT max(adc_bits_needed) FROM layer_error")
                == .integer(Int64(errors.map(\.adcBitsNeeded).max()!)))

        // adc_adequacy names the worst layer; a bound below it lists nothing.
        let query = try NamedQuery.named("adc_adequacy")
        let listed = try query.run(store.db, arguments: ["min_adc_sqnr_db": "\(worst + 1)", "feasible_only": "0"])
        #expect(listed.rows.count == 1)
        let column = { (name: String) in listed.columns.firstIndex(of: name)! }
        let worstName = layers[errors.firstIndex { $0.adc.sqnr_db == worst }!].name
        #expect(listed.rows[0][column("worst_layer")] == .text(worstName))
        #expect(listed.rows[0][column("adc_sqnr_db")] == .real(worst))
        #expect(listed.rows[0][column("top1_ideal_percent")] == .real(ideal.top1_percent))
        #expect(try query.run(store.db, arguments: ["min_adc_sqnr_db": "\(worst - 0.001)", "feasible_only": "0"]).rows.isEmpty)

        // A new process reads the hardware-aware row back exactly.
        let again = evaluator(try SQLiteEvaluationStore(path: path), hardware: true)
        #expect(try again.evaluate([design])[0] == onChip)
        #expect(again.statistics.designHits == 1)
    }

    @Test func adcBoundIsAConstraintOnTheWorstLayer() throws {
        let bound = 9.0
        let c = SearchConstraints(maxArea_mm2: 800, minAdcSqnr_db: bound)
        #expect(c.count == 2)
        func metrics(_ sqnr: Double) -> DesignMetrics {
            DesignMetrics(energy_j: 1, latency_s: 1, area_mm2: 100, accuracy: 0.7, top1_percent: 70, minAdcSqnr_db: sqnr)
        }
        #expect(c.values(metrics(8.5)) == [-7, 0.5])
        #expect(c.values(metrics(9))[1] == 0)
        #expect(c.values(metrics(.infinity)) == [-7, bound - 1000])
        // Stored with the run's settings; runs stored before the bound existed have none.
        var settings = SearchSettings(constraints: c)
        settings.accuracy = .hardware
        #expect(try SearchSettings.fromJSON(settings.json()).constraints.minAdcSqnr_db == bound)
        #expect(try settings.json().contains("\"min_adc_sqnr_db\":9"))
        #expect(try !SearchSettings().json().contains("min_adc_sqnr_db"))
        #expect(try SearchSettings.fromJSON(SearchSettings().json()).constraints.minAdcSqnr_db == nil)
    }

    @Test func smallSearchWinnerKeepsEveryLayerAboveTheBound() throws {
        let bound = 9.0
        let settings = SearchSettings(options: GAOptions(populationSize: 24, generations: 8, seed: 3),
                                      constraints: SearchConstraints(maxArea_mm2: 800, minAdcSqnr_db: bound))
        let e = DesignEvaluator(costModel: AnalyticCostModel(), accuracyModel: AnalyticAccuracyModel(),
                                store: InMemoryEvaluationStore(), hardwareAccuracy: HardwareAccuracy(device: Self.device))
        let outcome = try CIMNASSearch(settings: settings, evaluator: e).run()
        #expect(outcome.bestIsFeasible)
        // Every layer of the winner, recomputed by the error model: none below the bound.
        let design = outcome.best.design
        let model = HardwareAccuracy(device: Self.device)
        let sqnr = try design.hardwareLayers(mode: .default).map { try model.layerError($0, on: design.hardware).adc.sqnr_db }
        #expect(sqnr.allSatisfy { $0 >= bound })
        #expect(outcome.best.record.minAdcSqnr_db == sqnr.min())
        // Without the bound the same search ends on a chip whose worst layer is below it.
        var loose = settings
        loose.constraints.minAdcSqnr_db = nil
        let free = DesignEvaluator(costModel: AnalyticCostModel(), accuracyModel: AnalyticAccuracyModel(),
                                   store: InMemoryEvaluationStore(), hardwareAccuracy: HardwareAccuracy(device: Self.device))
        let unbounded = try CIMNASSearch(settings: loose, evaluator: free).run()
        #expect((unbounded.best.record.minAdcSqnr_db ?? .infinity) < bound)
    }
}
