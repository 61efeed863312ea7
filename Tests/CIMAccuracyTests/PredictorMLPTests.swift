import CIMAccuracy
import Foundation
import Testing

@Suite struct PredictorMLPTests {
    struct Reference: Decodable {
        struct Sample: Decodable { var set: String; var indices: [Int32]; var output: Double }
        var generator: String
        var samples: [Sample]
    }

    /// The Swift forward pass reproduces tools/export_apq_predictor.py --random-init --seed 7 (PyTorch) to 1e-5.
    @Test func forwardMatchesPyTorchFixture() throws {
        let (model, meta) = try PredictorWeightsFile.decode(try Fixtures.data("apq_random_init_seed7.weights"), name: "fixture")
        #expect(model.hidden == 400 && model.hiddenLayers == 2)
        #expect(model.parameters.count == 630_801)  // docs/accuracy.md, "Network"
        #expect(meta.predictorVersion == "apq-random-init-seed7")
        let ref = try JSONDecoder().decode(Reference.self, from: try Fixtures.data("apq_random_init_seed7_outputs.json"))
        #expect(ref.samples.count == 20)
        let batch = SparseFeatureBatch(ref.samples.map(\.indices))
        let batched = model.predict(batch)
        for (k, s) in ref.samples.enumerated() {
            #expect(isClose(Double(batched[k]), s.output, abs: 1e-5), "sample \(k) (\(s.set))")
            #expect(model.predict(indices: s.indices) == batched[k])
        }
        // Real bits and forced 8 bits differ, so the quantization branch is exercised.
        #expect(batched[0] != batched[1])
    }

    @Test func weightsFileRoundTripsAndRejectsDamage() throws {
        let model = PredictorMLP(hidden: 8, hiddenLayers: 1, seed: 3)
        let meta = PredictorMetadata(predictorVersion: "t", featureBits: "real", calibration: nil, provenance: ["a": "b"])
        let data = try PredictorWeightsFile.encode(model, metadata: meta)
        let (back, backMeta) = try PredictorWeightsFile.decode(data, name: "x")
        #expect(back == model)
        #expect(backMeta == meta)
        #expect(throws: PredictorWeightsFile.FormatError.self) { try PredictorWeightsFile.decode(data.prefix(100), name: "x") }
        var bad = data
        bad[0] = UInt8(ascii: "X")
        #expect(throws: PredictorWeightsFile.FormatError.self) { try PredictorWeightsFile.decode(bad, name: "x") }
        let truncated = data.prefix(data.count - 4)
        #expect(throws: PredictorWeightsFile.FormatError.self) { try PredictorWeightsFile.decode(truncated, name: "x") }
    }

    @Test func tensorLayoutIsPyTorchOutIn() {
        var model = PredictorMLP(hidden: 2, hiddenLayers: 0)
        // layers.0.0.weight [2, 520]: row o, column i. Only input 5 feeds unit 1.
        var w = [Float](repeating: 0, count: 2 * 520)
        w[1 * 520 + 5] = 2
        model.setTensor(named: "layers.0.0.weight", w)
        model.setTensor(named: "regressor.weight", [0, 3])
        model.setTensor(named: "regressor.bias", [0.5])
        #expect(model.predict(indices: [5]) == 6.5)
        #expect(model.predict(indices: [6]) == 0.5)
        #expect(model.tensor(named: "layers.0.0.weight") == w)
    }
}
