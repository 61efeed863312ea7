import CIMHardware

/// ResNet50 for ImageNet at 224×224 with torchvision's (v1.5) bottleneck shapes.
///
/// Layers in state-dict order: conv1 (7×7, stride 2, P = 112); per bottleneck conv1 (1×1), conv2 (3×3,
/// stride 2 in the first block of layers 2–4), conv3 (1×1, ×4 width) and, in each stage's first block,
/// the 1×1 downsample; fc 2048 → 1000. 54 layers, ≈ 4.09 G MACs. Names are torchvision's
/// (`layer2.0.conv2`, `layer2.0.downsample`, `fc`).
public enum ResNet50 {
    /// Bottlenecks per stage.
    public static let blocksPerStage = [3, 4, 6, 3]
    /// Bottleneck (inner) width per stage; the output width is 4× this.
    public static let stageWidths = [64, 128, 256, 512]

    /// Layer names in order (`conv1`, `layer1.0.conv1`, …, `fc`).
    public static let layerNames: [String] = layers().map(\.name)

    /// The layers with `bits` everywhere, replaced per layer by `overrides` (keyed by layer name).
    public static func layers(bits: LayerBits = LayerBits(inputBits: 8, weightBits: 8),
                              overrides: [String: LayerBits] = [:]) -> [LayerWorkload] {
        var layers: [LayerWorkload] = []
        func add(_ name: String, _ shape: LayerShape) {
            let b = overrides[name] ?? bits
            layers.append(LayerWorkload(name: name, shape: shape, inputBits: b.inputBits, weightBits: b.weightBits))
        }
        add("conv1", LayerShape(kind: .conv, C: 3, M: 64, R: 7, S: 7, P: 112, Q: 112, stride: 2))
        var channels = 64
        var size = 56  // after the 3×3 stride-2 max pool
        for (stage, count) in blocksPerStage.enumerated() {
            let width = stageWidths[stage], out = 4 * width
            for block in 0..<count {
                let stride = (block == 0 && stage > 0) ? 2 : 1
                let outSize = size / stride
                let prefix = "layer\(stage + 1).\(block)."
                add(prefix + "conv1", LayerShape(kind: .pointwise, C: channels, M: width, P: size, Q: size))
                add(prefix + "conv2", LayerShape(kind: .conv, C: width, M: width, R: 3, S: 3, P: outSize, Q: outSize, stride: stride))
                add(prefix + "conv3", LayerShape(kind: .pointwise, C: width, M: out, P: outSize, Q: outSize))
                if block == 0 {
                    add(prefix + "downsample", LayerShape(kind: .pointwise, C: channels, M: out, P: outSize, Q: outSize, stride: stride))
                }
                channels = out
                size = outSize
            }
        }
        add("fc", LayerShape(kind: .linear, C: 2048, M: 1000, P: 1, Q: 1))
        return layers
    }
}
