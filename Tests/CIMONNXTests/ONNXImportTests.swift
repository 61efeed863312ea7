import CIMHardware
import CIMWorkload
import Foundation
import Testing
@testable import CIMONNX

/// ONNX graphs from tools/make_onnx_fixtures.py (weights as shapes only) against the shipped layer tables.
@Suite struct ONNXImportTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx")

    static func load(_ name: String, inputShape: [Int]? = nil) throws -> ONNXImporter.Result {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try ONNXImporter.importModel(data, file: name, inputShape: inputShape)
    }

    /// The subnet of mobilenetv2.onnx (SUBNET in tools/make_onnx_fixtures.py), 8 bits everywhere.
    static let subnet: SubnetSpec = {
        let eights = Array(repeating: 8, count: SubnetSpec.blockCount)
        return SubnetSpec(depths: [2, 3, 4, 2, 3, 4], kernels: (0..<21).map { [3, 5, 7][$0 % 3] },
                          expandIndices: [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 7, 8],
                          pwWeightBits: eights, pwActivationBits: eights, dwWeightBits: eights, dwActivationBits: eights)
    }()

    @Test func resNet50EqualsTheShippedTableLayerByLayer() throws {
        let r = try Self.load("resnet50.onnx")
        let shipped = ResNet50.layers()
        #expect(r.rows.count == 54)
        #expect(r.rows.map(\.layer) == shipped)  // names, kind, G, C, M, R, S, P, Q, N, stride, bits
        #expect(r.rows.allSatisfy { $0.dilation == 1 })
        #expect(r.rows.reduce(0) { $0 + $1.layer.shape.macs } == shipped.reduce(0) { $0 + $1.shape.macs })
        #expect(r.rows.reduce(0) { $0 + $1.layer.shape.macs } == 4_089_184_256)
        // The only warning: the symbolic batch size 'N' became 1.
        #expect(r.warnings.count == 1 && r.warnings[0].contains("symbolic batch size ('N')"))
        #expect(r.inputName == "input" && r.inputShape == [1, 3, 224, 224])
    }

    @Test func mobileNetV2EqualsTheSupernetSubnetLayerByLayer() throws {
        #expect(MobileNetV2Supernet.validate(Self.subnet).isEmpty)
        let r = try Self.load("mobilenetv2.onnx")
        let shipped = MobileNetV2Supernet.layers(for: Self.subnet)
        #expect(r.rows.count == shipped.count)
        for (got, want) in zip(r.rows.map(\.layer), shipped) {
            #expect(got.name == want.name)
            #expect(got.shape == want.shape, "layer \(want.name)")
        }
        #expect(r.rows.map(\.layer.shape.macs) == shipped.map(\.shape.macs))
        #expect(r.warnings.isEmpty)
    }

    @Test func groupedAndDepthwiseMultiplierConvs() throws {
        let r = try Self.load("grouped.onnx")
        #expect(r.rows.map(\.layer.shape) == [
            LayerShape(kind: .conv, G: 4, C: 8, M: 16, R: 3, S: 3, P: 56, Q: 56),       // 32 → 64 in 4 groups
            LayerShape(kind: .conv, G: 32, C: 1, M: 2, R: 3, S: 3, P: 56, Q: 56),       // depthwise, multiplier 2
            LayerShape(kind: .pointwise, C: 128, M: 16, P: 28, Q: 28),                  // after Concat and AveragePool
        ])
        #expect(r.rows.map(\.layer.shape.macs) == [4 * 8 * 16 * 9 * 56 * 56, 32 * 2 * 9 * 56 * 56, 128 * 16 * 28 * 28])
    }

    @Test func dilationIsWrittenShownAndRefusedByTheCostModelPath() throws {
        let r = try Self.load("dilated.onnx")
        #expect(r.rows.count == 1 && r.rows[0].dilation == 2)
        // 32 + 2·2 pads − ((3 − 1)·2 + 1) = 31, / 1 + 1 = 32.
        #expect(r.rows[0].layer.shape == LayerShape(kind: .conv, C: 16, M: 32, R: 3, S: 3, P: 32, Q: 32))
        let csv = WorkloadTable.write(r.rows)
        #expect(csv.hasPrefix(WorkloadTable.columns.joined(separator: ",") + ",dilation\n"))
        let back = try WorkloadTable.rows(csv, file: "d.csv")
        #expect(back.map(\.layer) == r.rows.map(\.layer) && back.map(\.dilation) == [2])
        do {
            _ = try WorkloadTable.parse(csv, file: "d.csv")
            Issue.record("a dilated table reached the cost-model path")
        } catch {
            #expect(error.description == "d.csv:2:43: layer 'dilated3x3' has dilation 2, which the cost model does not model, expected 1")
        }
        // Without dilation the column is left out, so old readers see the 13-column format.
        let plain = WorkloadTable.write(try Self.load("grouped.onnx").rows)
        #expect(try WorkloadTable.parse(plain, file: "g.csv") == (try Self.load("grouped.onnx")).rows.map(\.layer))
    }

    @Test func unsupportedComputeIsListedNotDropped() throws {
        let r = try Self.load("unsupported.onnx")
        #expect(r.rows.map(\.layer.name) == ["embed", "matmul_4", "matmul_5", "head"])
        #expect(r.rows[1].layer.shape == LayerShape(kind: .linear, C: 64, M: 64, P: 1, Q: 1, N: 16))  // 16 tokens
        #expect(r.warnings.count == 2)
        #expect(r.warnings[0].hasPrefix("node 'attention_scores' (MatMul) is not in the table"))
        #expect(r.warnings[1].hasPrefix("node 'attention_values' (MatMul) is not in the table"))
    }

    @Test func inputShapeOverridesTheFile() throws {
        let r = try Self.load("resnet50.onnx", inputShape: [2, 3, 112, 112])
        #expect(r.warnings.isEmpty)
        #expect(r.rows[0].layer.shape == LayerShape(kind: .conv, C: 3, M: 64, R: 7, S: 7, P: 56, Q: 56, N: 2, stride: 2))
        #expect(r.rows.last!.layer.shape == LayerShape(kind: .linear, C: 2048, M: 1000, P: 1, Q: 1, N: 2))
        #expect(throws: ONNXImporter.Error.self) { try Self.load("resnet50.onnx", inputShape: [1, 4, 224, 224]) }
    }

    @Test func truncatedAndForeignFilesAreOneLine() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("resnet50.onnx"))
        for (bytes, expected) in [(data.prefix(data.count / 2), "not a readable ONNX model"),
                                  (Data("name,kind\n".utf8), "not a readable ONNX model"),
                                  (Data(), "no ONNX graph with nodes")] {
            do {
                _ = try ONNXImporter.importModel(Data(bytes), file: "m.onnx")
                Issue.record("accepted \(bytes.count) bytes")
            } catch {
                #expect(error.message.hasPrefix("m.onnx: " + expected), "\(error.message)")
                #expect(!error.message.contains("\n"))
            }
        }
    }
}
