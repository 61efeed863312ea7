import CIMWorkload
import Foundation
import Testing

@Suite struct APQSpecTests {
    /// APQ spec `e` ratios map to the decoded grid indices of apq_golden_vectors.json, and the source key agrees.
    @Test func expandRatiosMatchGoldenIndices() throws {
        let root = try #require(Fixtures.json("apq_golden_vectors.json") as? [String: Any])
        let vectors = try #require(root["vectors"] as? [[String: Any]])
        #expect(vectors.count == 10)
        for v in vectors {
            let spec = try #require(v["spec"] as? [String: Any])
            let built = try SubnetSpec(
                depths: try #require(spec["d"] as? [Int]), kernels: try #require(spec["ks"] as? [Int]),
                expandRatios: try #require(spec["e"] as? [Double]),
                pwWeightBits: try #require(spec["pw_w_bits_setting"] as? [Int]),
                pwActivationBits: try #require(spec["pw_a_bits_setting"] as? [Int]),
                dwWeightBits: try #require(spec["dw_w_bits_setting"] as? [Int]),
                dwActivationBits: try #require(spec["dw_a_bits_setting"] as? [Int]))
            #expect(built.expandIndices == v["e_grid_index"] as? [Int])
            let key = try CIMNASKey(parsing: try #require(v["source_key"] as? String))
            #expect(key.subnet == built)
            for (a, b) in zip(built.expandRatios, try #require(spec["e"] as? [Double])) { #expect(abs(a - b) < 1e-12) }
        }
        #expect(throws: SubnetSpec.SpecError.self) {
            try SubnetSpec(depths: [2, 2, 2, 2, 2, 2], kernels: Array(repeating: 3, count: 21),
                           expandRatios: Array(repeating: 4.1, count: 21), pwWeightBits: [], pwActivationBits: [],
                           dwWeightBits: [], dwActivationBits: [])
        }
    }

    /// Random genomes of the original space survive genome → design → key → design → genome.
    @Test func randomGenomesRoundTripThroughKeys() throws {
        let space = try SearchSpace.named("cimnas-rram-32nm")
        var rng = SplitMix(seed: 42)
        for _ in 0..<200 {
            let genome = space.randomGenome(using: &rng)
            let text = try space.cimnasKey(for: genome)
            let key = try CIMNASKey(parsing: text)
            #expect(key.description == text)
            #expect(try space.encode(key.design) == genome)
            let layers = MobileNetV2Supernet.layers(for: key.subnet)
            let activeBlocks: Int = key.subnet.depths.prefix(5).reduce(0, +) + 1
            #expect(layers.count == 5 + 3 * activeBlocks)
        }
    }
}
