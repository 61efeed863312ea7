import CIMAccuracy
import Foundation
import Testing

/// Weights files are written with snake_case header keys (docs/glossary.md) and files written before, with
/// camelCase keys (the shipped predictor, the PyTorch fixture), are still read field for field.
@Suite struct PredictorWeightsHeaderTests {
    func header(_ data: Data) -> String {
        var n = 0
        for k in 0..<8 { n |= Int(data[8 + k]) << (8 * k) }
        return String(decoding: data[16..<(16 + n)], as: UTF8.self)
    }

    @Test func writtenKeysAreSnakeCase() throws {
        let calibration = QuantSensitivity(slope_pct: 1.5, intercept_pct: -2, fourBitDrop_pct: 3.25, kindWeights: [0.25, 0.25, 0.25, 0.25],
                                           positionWeights: [Double](repeating: 1, count: 21), leaveOneOutRMSE_pct: 1.25)
        let meta = PredictorMetadata(predictorVersion: "v", featureBits: "forceEightBit", calibration: calibration,
                                     provenance: ["seedValue": "7"])
        let data = try PredictorWeightsFile.encode(PredictorMLP(hidden: 4, hiddenLayers: 1, seed: 1), metadata: meta)
        let text = header(data)
        for key in ["format_version", "hidden_layers", "predictor_version", "feature_bits", "four_bit_drop_pct", "kind_weights",
                    "position_weights", "leave_one_out_rmse_pct", "slope_pct", "intercept_pct"] {
            #expect(text.contains("\"\(key)\""), "\(key)")
        }
        for old in ["formatVersion", "hiddenLayers", "predictorVersion", "featureBits", "fourBitDrop_pct", "kindWeights"] {
            #expect(!text.contains("\"\(old)\""), "\(old)")
        }
        // Provenance keys are the writer's own text and stay as given.
        #expect(text.contains("\"seedValue\""))
        #expect(try PredictorWeightsFile.decode(data, name: "x").metadata == meta)
    }

    @Test func camelCaseFilesAreStillRead() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets/predictors/cimnas-default.weights")
        let data = try Data(contentsOf: url)
        #expect(header(data).contains("\"fourBitDrop_pct\"") && header(data).contains("\"formatVersion\""))
        let (model, meta) = try PredictorWeightsFile.decode(data, name: "shipped")
        let calibration = try #require(meta.calibration)
        // The shipped header's values (read above as text): 128 hidden units, 2 layers, drop 3.1467831291418 %.
        #expect(model.hidden == 128 && model.hiddenLayers == 2)
        #expect(calibration.fourBitDrop_pct == 3.1467831291418 && calibration.kindWeights == [0.2, 0.2, 0.35, 0.25])
        #expect(calibration.leaveOneOutRMSE_pct == 1.6605271999119267 && calibration.positionWeights.count == 21)
        #expect(meta.predictorVersion == "cimnas-small128-apqdistill-v1" && meta.featureBits == "forceEightBit")
    }
}
