import Foundation
import Testing

/// The CLI side of hardware-aware accuracy in the database (issue 19 §2–§4): `evaluate` prints both
/// accuracies as `predictor predict` computes them, `search --min-adc-sqnr-db` is validated and stored with the
/// run, and `query adc_adequacy` lists a search's designs below the bound with their worst layer.
@Suite struct HardwareAccuracyCommandTests {
    static let root = PredictorCommandTests.root
    static let key = PredictorCommandTests.goldenKey

    func tempDB() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-hwcli-\(UUID().uuidString).sqlite").path
    }

    @Test func evaluatePrintsBothAccuraciesAsPredictorDoes() throws {
        let db = tempDB()
        let e = try CLIRunner.run(["evaluate", "--cimnas-key", Self.key, "--db", db, "--format", "json"], in: Self.root)
        #expect(e.status == 0, "\(e.stderr)")
        let evaluated = try PredictorCommandTests.json(e.stdout)
        let p = try CLIRunner.run(["predictor", "predict", "--no-cache", "--cimnas-key", Self.key, "--per-layer", "--format", "json"],
                                  in: Self.root)
        let predicted = try PredictorCommandTests.json(p.stdout)
        let top1 = try #require(evaluated["top1_percent"] as? Double)
        let ideal = try #require(evaluated["top1_ideal_percent"] as? Double)
        #expect(top1 == predicted["top1_percent"] as? Double)
        #expect(ideal == predicted["top1_ideal_percent"] as? Double)
        #expect(top1 < ideal)
        // The worst layer is the predictor's lowest adc_sqnr_db.
        let layers = try #require(predicted["layers"] as? [[String: Any]])
        let worst = try #require(layers.min { ($0["adc_sqnr_db"] as? Double ?? .infinity) < ($1["adc_sqnr_db"] as? Double ?? .infinity) })
        #expect(evaluated["min_adc_sqnr_db"] as? Double == worst["adc_sqnr_db"] as? Double)
        #expect(evaluated["worst_layer"] as? String == worst["layer"] as? String)
        let table = try CLIRunner.run(["evaluate", "--cimnas-key", Self.key, "--db", db], in: Self.root)
        #expect(table.stdout.contains("top1_percent ") && table.stdout.contains("top1_ideal_percent "))
        // A single layer has no network accuracy.
        let layer = try CLIRunner.run(["evaluate", "--hw", "0.8,8,1e-09,256,32,1,32,64,2048", "--layer", "G=1,C=64,M=64,R=1,S=1,P=8,Q=8,N=1,stride=1",
                                       "--db", db, "--format", "json"], in: Self.root)
        #expect(try PredictorCommandTests.json(layer.stdout)["top1_ideal_percent"] == nil)
    }

    @Test func searchStoresTheBoundAndTheQueryListsDesignsBelowIt() throws {
        let db = tempDB()
        let bad = try CLIRunner.run(["search", "--db", db, "--min-adc-sqnr-db", "loud"], in: Self.root)
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1 && bad.stderr.contains("--min-adc-sqnr-db"))
        let ideal = try CLIRunner.run(["search", "--db", db, "--accuracy", "ideal", "--min-adc-sqnr-db", "5"], in: Self.root)
        #expect(ideal.status == 2 && ideal.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: db), "usage errors write nothing")
        let run = try CLIRunner.run(["search", "--db", db, "--population", "12", "--generations", "2", "--quiet",
                                     "--max-area-mm2", "100000", "--min-adc-sqnr-db", "12.5", "--format", "json"], in: Self.root)
        #expect(run.status == 0 || run.status == 3, "\(run.stderr)")
        let settings = try CLIRunner.run(["sql", "--db", db, "SELECT settings_json FROM search_run", "--format", "csv"], in: Self.root)
        #expect(settings.stdout.contains("min_adc_sqnr_db\"\":12.5"), "CSV doubles the JSON quotes: \(settings.stdout)")
        let best = try #require(try PredictorCommandTests.json(run.stdout)["best"] as? [String: Any])
        let metrics = try #require(best["metrics"] as? [String: Any])
        #expect(metrics["top1_ideal_percent"] is Double && metrics["hw_accuracy_version"] is String)
        // Every stored hardware-aware design below 12.5 dB is listed (up to the limit), worst first, with a worst layer.
        let below = try CLIRunner.run(["sql", "--db", db, "SELECT count(*) FROM design WHERE min_adc_sqnr_db < 12.5", "--format", "csv"],
                                      in: Self.root)
        let count = Int(below.stdout.split(separator: "\n").last ?? "") ?? -1
        #expect(count > 0)
        let q = try CLIRunner.run(["query", "adc_adequacy", "--db", db, "--param", "min_adc_sqnr_db=12.5", "--param", "feasible_only=0",
                                   "--param", "limit=1000", "--format", "json"], in: Self.root)
        #expect(q.status == 0, "\(q.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(q.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == count)
        let sqnr = rows.compactMap { $0["min_adc_sqnr_db"] as? Double }
        #expect(sqnr.count == rows.count && sqnr == sqnr.sorted() && sqnr.allSatisfy { $0 < 12.5 })
        for r in rows {
            #expect((r["worst_layer"] as? String).map { !$0.isEmpty } == true)
            #expect(r["adc_sqnr_db"] as? Double == r["min_adc_sqnr_db"] as? Double)
        }
    }
}
