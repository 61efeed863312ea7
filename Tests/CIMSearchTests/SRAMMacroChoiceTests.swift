import CIMHardware
@testable import CIMSearch
import CIMWorkload
import DesignDB
import Foundation
import Testing

/// SRAM chips of any of the four macro families: voltage refusal through the search's evaluator and the
/// precompute path, a seeded GA per macro storing that macro's rows, and the macro in the run's settings.
@Suite struct SRAMMacroChoiceTests {
    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-sram-macro-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// The baseline chip runs at 0.8 V, below Jia's 0.85–1.2 V: the design is infeasible with the one-line
    /// reason, in the search's evaluator and in the SRAM precompute evaluator alike.
    @Test func outOfRangeVoltageMakesTheDesignInfeasible() throws {
        let reason = "SRAM voltage: 0.8 V is outside the jia macro's characterised 0.85–1.2 V"
        let evaluator = SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore(),
                                                 macro: .jia)
        let record = try evaluator.evaluate([SRAMExperiment.baselineDesign])[0]
        #expect(!record.isEvaluated)
        #expect(record.infeasibleReason?.contains(reason) == true, "\(record.infeasibleReason ?? "nil")")
        let layers = try Workloads.layers(for: SRAMExperiment.baselineDesign)
        let costs = SRAMCostModel(technology: SRAMTestTechnology.parameters, design: .jia)
            .layerCosts(layers, on: SRAMExperiment.baselineDesign.hardware)
        #expect(costs.allSatisfy { $0.infeasibleReason == reason })

        let network = PrecomputeNetwork(design: SRAMExperiment.baselineDesign, mode: .default,
                                         accuracyModel: ResNet50AccuracyModel(macro: .jia))
        let pre = SRAMPrecomputeEvaluator(costModel: SRAMCostModel(technology: SRAMTestTechnology.parameters, design: .jia),
                                          accuracyModel: ResNet50AccuracyModel(macro: .jia), mode: .default, network: network)
        var cache = SRAMPrecomputeEvaluator.AccuracyCache()
        let point = pre.evaluate(SRAMExperiment.baselineDesign.hardware, cache: &cache)
        #expect(point.result.infeasibleReason == record.infeasibleReason)

        // Sinangil at the same voltage is unaffected.
        let sinangil = try SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore())
            .evaluate([SRAMExperiment.baselineDesign])[0]
        #expect(sinangil.isEvaluated && sinangil.infeasibleReason == nil)
    }

    /// A seeded tiny GA per macro: design rows carry that macro's model version; the baseline row is the
    /// Sinangil chip's for every macro, so the ratios share one reference.
    @Test(arguments: SRAMMacroDesign.allCases)
    func tinySearchPerMacroStoresItsRows(macro: SRAMMacroDesign) throws {
        let path = Self.tempPath("\(macro.shortName).sqlite")
        let store = try SQLiteEvaluationStore(path: path)
        let out = try SRAMExperiment.search(technology: SRAMTestTechnology.parameters,
                                            options: GAOptions(populationSize: 6, generations: 2, seed: 5),
                                            macro: macro, store: store)
        #expect(out.evaluations >= 6)
        let versions = try store.db.query("SELECT DISTINCT model_version FROM design ORDER BY model_version").map { $0[0].string ?? "" }
        #expect(versions.contains("sram-\(macro.rawValue)-v4;mode=default"), "\(versions)")
        #expect(versions.contains("sram-sinangil_jssc_2021-v4;mode=default"))
        #expect(versions.count == (macro == .sinangil ? 1 : 2))
        let baseline = try SRAMExperiment.search(technology: SRAMTestTechnology.parameters,
                                                 options: GAOptions(populationSize: 2, generations: 1, seed: 5)).baselineRecord
        #expect(out.baselineRecord == baseline)
    }

    /// The macro survives the stored settings JSON; settings stored before the option existed mean Sinangil.
    @Test func settingsKeepTheMacro() throws {
        let s = SearchSettings(space: SRAMExperiment.spaceName, sramMacro: .colonnade)
        let back = try SearchSettings.fromJSON(try s.json())
        #expect(back.sramMacroDesign == .colonnade && back == s)
        let old = try SearchSettings(space: SRAMExperiment.spaceName).json()
        #expect(!old.contains("sramMacro"))
        #expect(try SearchSettings.fromJSON(old).sramMacroDesign == .sinangil)
    }
}
