import CIMHardware
import CIMWorkload
import Testing

@Suite struct NetworkTests {
    @Test func resnet50Shapes() throws {
        let layers = try Workloads.layers(network: "resnet50")
        #expect(layers.count == 54)
        // torchvision ResNet50 at 224: 4,089,184,256 MACs (convolutions and fc).
        #expect(layers.reduce(0) { $0 + $1.shape.macs } == 4_089_184_256)
        let byName = Dictionary(uniqueKeysWithValues: layers.map { ($0.name, $0.shape) })
        #expect(byName["conv1"] == LayerShape(kind: .conv, C: 3, M: 64, R: 7, S: 7, P: 112, Q: 112, stride: 2))
        #expect(byName["layer2.0.conv2"] == LayerShape(kind: .conv, C: 128, M: 128, R: 3, S: 3, P: 28, Q: 28, stride: 2))
        #expect(byName["layer2.0.downsample"] == LayerShape(kind: .pointwise, C: 256, M: 512, P: 28, Q: 28, stride: 2))
        #expect(byName["layer4.2.conv3"] == LayerShape(kind: .pointwise, C: 512, M: 2048, P: 7, Q: 7))
        #expect(byName["fc"] == LayerShape(kind: .linear, C: 2048, M: 1000, P: 1, Q: 1))
        #expect(layers.allSatisfy { $0.inputBits == 8 && $0.weightBits == 8 })
    }

    @Test func bitOverridesApplyByNameAndUnknownNamesFail() throws {
        let layers = try Workloads.layers(network: "resnet50", overrides: ["layer3.1.conv2": LayerBits(inputBits: 6, weightBits: 4)])
        let layer = try #require(layers.first { $0.name == "layer3.1.conv2" })
        #expect(layer.inputBits == 6 && layer.weightBits == 4)
        #expect(layers.filter { $0.inputBits != 8 }.count == 1)
        #expect(throws: Workloads.Error("bit override for 'layer9.0.conv1', which is not a layer of resnet50")) {
            try Workloads.layers(network: "resnet50", overrides: ["layer9.0.conv1": LayerBits(inputBits: 8, weightBits: 8)])
        }
        #expect(throws: Workloads.Error.self) { try Workloads.layers(network: "mobilenetv2") }
    }

    @Test func shippedResnet18TableLoads() throws {
        let layers = try Workloads.layers(network: "resnet18")
        #expect(layers.count == 21)
        // torchvision ResNet18 at 224: 1,814,073,344 MACs.
        #expect(layers.reduce(0) { $0 + $1.shape.macs } == 1_814_073_344)
        #expect(Workloads.networkNames.contains("resnet18"))
    }

    static let header = "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\n"

    @Test func workloadTableErrorsSayLineAndColumn() {
        func message(_ text: String) -> String {
            do { _ = try WorkloadTable.parse(text, file: "w.csv"); return "parsed" } catch { return error.description }
        }
        let h = Self.header
        #expect(message(h + "a,conv,1,3,8,3,3,8,8,1,1,8,8\n") == "parsed")
        #expect(message("") == "w.csv:1:1: file is empty, expected a header line")
        #expect(message(h.replacingOccurrences(of: "\n", with: "\r\n") + "a,conv,1,3,8,3,3,8,8,1,1,8,8\r\n") == "parsed")
        #expect(message("name,kind,G,C,M,R,S,P,Q,N,stride,input_bits\n")
                == "w.csv:1:44: header ends after 12 columns, expected column 13 'weight_bits'")
        #expect(message("name,type,G\n") == "w.csv:1:6: header column 2 is 'type', expected 'kind'")
        #expect(message(h) == "w.csv:2:1: no layers, expected at least one row after the header")
        #expect(message(h + "a,conv,1,3,8,3,3,8,8,1,1,8,8\nb,dense,1,3,8,1,1,1,1,1,1,8,8\n")
                == "w.csv:3:3: kind 'dense' is unknown, expected one of conv, pointwise, depthwise, linear")
        #expect(message(h + "a,conv,1,3,8,3,3,8,8,1,1,8,x8\n") == "w.csv:2:28: weight_bits 'x8' is not a positive integer, expected e.g. 1")
        #expect(message(h + "a,conv,1,3,8,3,3,8,8,1,1,8\n") == "w.csv:2:27: row has 12 fields, expected 13 as in the header")
        #expect(message(h + "a,depthwise,32,32,1,3,3,8,8,1,1,8,8\n") == "w.csv:2:16: depthwise layer has C = 32, expected 1 (channels go in G)")
        #expect(message(h + "a,linear,1,512,10,1,1,7,1,1,1,8,8\n") == "w.csv:2:23: linear layer has P = 7, expected 1")
        #expect(message(h + "a,conv,1,3,8,3,3,8,8,1,1,8,8\na,conv,1,3,8,3,3,8,8,1,1,8,8\n")
                == "w.csv:3:1: layer name 'a' repeats line 2, expected unique names")
        #expect(message(h + "a,conv,1,3,8,3,3,8,8,1,1,32,8\n") == "w.csv:2:26: input_bits 32 is out of range, expected 1…16")
        #expect(message(h + "a,conv,1,0,8,3,3,8,8,1,1,8,8\n") == "w.csv:2:10: c '0' is not a positive integer, expected e.g. 1")
    }
}
