import CIMSearch
import Foundation
import Testing

/// `search_run.settings_json` uses the glossary's snake_case keys, and settings stored in camelCase by earlier
/// versions still read back (so `--resume` of an old run keeps working).
@Suite struct SearchSettingsJSONTests {
    @Test func keysAreSnakeCaseAndRoundTrip() throws {
        var s = SearchSettings(algorithm: .nsga2, objective: .pareto([.energy, .accuracy]),
                               constraints: SearchConstraints(maxArea_mm2: 800, minTop1_percent: 70, maxLatency_s: 1e-3, maxEnergy_j: 0.5),
                               mode: .cimnas, sramMacro: .wang)
        s.options.populationSize = 20
        s.spaceJSON = "{\"name\": \"mine\"}"
        s.technology = "mine.csv"
        s.technologySHA256 = String(repeating: "ab", count: 32)
        let json = try s.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        func keys(_ v: Any) -> [String] {
            if let o = v as? [String: Any] { return o.keys + o.values.flatMap(keys) }
            if let a = v as? [Any] { return a.flatMap(keys) }
            return []
        }
        let all = keys(object)
        #expect(all.contains("population_size") && all.contains("max_area_mm2") && all.contains("min_top1_percent")
                && all.contains("space_json") && all.contains("technology_sha256"))
        #expect(all.allSatisfy { $0 == $0.lowercased() }, "\(all.filter { $0 != $0.lowercased() })")
        #expect(try SearchSettings.fromJSON(json) == s)
    }

    /// The exact text a search stored before the keys were snake_case.
    @Test func camelCaseSettingsOfEarlierRunsStillRead() throws {
        let old = """
        {"algorithm":"ga","constraints":{"maxArea_mm2":800,"minTop1_percent":72},"mode":"default","objective":{"scalar":{"_0":"ela_acc"}},\
        "options":{"crossover":{"eta":3,"exchangeProbability":0.5,"probability":0.95,"variableProbability":0.5},"generations":4,\
        "maxMatingIterations":100,"maxSamplingAttempts":100000,"mutation":{"eta":3,"probability":0.95},"populationSize":20,"seed":1},\
        "space":"cimnas-rram-32nm"}
        """
        let s = try SearchSettings.fromJSON(old)
        #expect(s.options.populationSize == 20 && s.options.generations == 4)
        #expect(s.constraints.maxArea_mm2 == 800 && s.constraints.minTop1_percent == 72)
        #expect(s.objective == .scalar(.ela_acc))
        #expect(try SearchSettings.fromJSON(try s.json()) == s)
    }
}
