import CIMAccuracy
import CIMWorkload
import Foundation

/// Test fixtures under Tests/Fixtures and the repository root, found from this file's path.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// An APQ spec dict as written in apq_golden_vectors.json.
    struct APQSpec: Decodable {
        var d: [Int]
        var ks: [Int]
        var e: [Double]
        var pw_w_bits_setting: [Int]
        var pw_a_bits_setting: [Int]
        var dw_w_bits_setting: [Int]
        var dw_a_bits_setting: [Int]

        var subnet: SubnetSpec {
            SubnetSpec(depths: d, kernels: ks,
                       expandIndices: e.indices.map { APQEncoding.expandIndex(ratio: e[$0], block: $0) },
                       pwWeightBits: pw_w_bits_setting, pwActivationBits: pw_a_bits_setting,
                       dwWeightBits: dw_w_bits_setting, dwActivationBits: dw_a_bits_setting)
        }
    }

    struct GoldenVector: Decodable {
        var e_grid_index: [Int]
        var spec: APQSpec
        var predicted_acc_quant_output: Double
        var feature_nonzero_indices_as_called: [Int]
        var feature_nonzero_indices_real_bits: [Int]
    }

    struct Anchor: Decodable {
        var measured_top1: Double
        var spec: APQSpec
        var feature_nonzero_indices_real_bits: [Int]
        var feature_nonzero_indices_8bit: [Int]
    }

    struct GoldenFile: Decodable {
        var vectors: [GoldenVector]
        var measured_anchors_no_prediction: [Anchor]
    }

    static func golden() throws -> GoldenFile {
        try JSONDecoder().decode(GoldenFile.self, from: data("apq_golden_vectors.json"))
    }
}

func isClose(_ a: Double, _ b: Double, abs tol: Double) -> Bool { Swift.abs(a - b) <= tol }
