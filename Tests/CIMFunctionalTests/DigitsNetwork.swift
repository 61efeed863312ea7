import CIMHardware
import Foundation
@testable import CIMFunctional

/// The quantized MobileNet-style digits network of tools/train_digits_cim.py (fixture
/// Tests/Fixtures/digits/digits_mobilenet_q.json) and its integer pipeline, run exactly or on a chip.
struct DigitsNetwork: Decodable {
    struct Layer: Decodable {
        var name: String
        var kind: String
        var in_channels: Int
        var out_channels: Int
        var kernel: Int
        var stride: Int
        var padding: Int
        var weight_bits: Int
        var input_bits: Int
        var weights: [Int32]
        var bias: [Int64]
        var multiplier: Int64?
        var shift: Int?
        var output_bits: Int?
    }

    var input_bits: Int
    var float_top1_percent: Double
    var quantized_top1_percent: Double
    var layers: [Layer]
    var test_images_hex: [String]
    var test_labels: [Int]
    var quantized_predictions: [Int]

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/digits/digits_mobilenet_q.json")

    static func load() throws -> DigitsNetwork {
        try JSONDecoder().decode(DigitsNetwork.self, from: Data(contentsOf: fixture))
    }

    /// Test images as 4-bit codes, image-major 8×8 (one hex digit per pixel).
    var images: [[Int32]] {
        test_images_hex.map { $0.map { Int32($0.hexDigitValue ?? 0) } }
    }

    /// One layer's operands for every test image at once (positions of image n follow those of image n − 1).
    struct Batch {
        var layer: QuantizedLayer
        /// Output height and width of one image.
        var height: Int
        var width: Int
    }

    /// The unfolded layer `li` over all images; `activations` is image-major C × H × W of unsigned codes.
    func batch(_ li: Int, activations: [[Int32]], height: Int, width: Int) throws -> Batch {
        let l = layers[li]
        let depthwise = l.kind == "depthwise"
        let groups = depthwise ? l.in_channels : 1, c = depthwise ? 1 : l.in_channels, m = depthwise ? 1 : l.out_channels
        var inputs: [Int32] = []
        var outH = 1, outW = 1, positions = 0
        for image in activations {
            let q = try QuantizedLayer.convolution(input: image, height: height, width: width, weights: l.weights, groups: groups,
                                                   C: c, M: m, R: l.kernel, S: l.kernel, stride: l.stride, padding: l.padding,
                                                   inputBits: l.input_bits, weightBits: l.weight_bits, unsignedInputs: true)
            inputs += q.inputs
            positions += q.positions
            outH = (height + 2 * l.padding - l.kernel) / l.stride + 1
            outW = (width + 2 * l.padding - l.kernel) / l.stride + 1
        }
        let layer = try QuantizedLayer(groups: groups, C: c, M: m, R: l.kernel, S: l.kernel, positions: positions,
                                       inputBits: l.input_bits, weightBits: l.weight_bits, inputs: inputs, weights: l.weights,
                                       unsignedInputs: true)
        return Batch(layer: layer, height: outH, width: outW)
    }

    /// The head as a linear layer over the pooled activations of every image.
    func headBatch(pooled: [[Int32]]) throws -> QuantizedLayer {
        let l = layers[layers.count - 1]
        return try QuantizedLayer(groups: 1, C: l.in_channels, M: l.out_channels, positions: pooled.count, inputBits: l.input_bits,
                                  weightBits: l.weight_bits, inputs: pooled.flatMap { $0 }, weights: l.weights, unsignedInputs: true)
    }

    /// What one pass produced.
    struct Pass {
        /// argmax of the logits per image (first maximum, as numpy's argmax).
        var predictions: [Int]
        /// Every layer's exact operands (the same for every chip: taken from the pass's own inputs).
        var layers: [QuantizedLayer]
        /// Every simulated layer's output error statistics against its own exact result.
        var errors: [OutputErrorStatistics]

        func top1(labels: [Int]) -> Double {
            100 * Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
        }
    }

    /// Runs every test image through the network: exactly (`chip` nil, the integer reference) or on `chip`
    /// with FunctionalSimulator, the layer's row tiling from the chip's rows and bits per cell.
    /// `only` restricts the chip to one layer index (the others exact).
    func run(chip: FunctionalChip?, seed: UInt64 = 1, only: Int? = nil) throws -> Pass {
        var acts = images
        var height = 8, width = 8
        var quantized: [QuantizedLayer] = [], errors: [OutputErrorStatistics] = []
        func execute(_ q: QuantizedLayer, _ li: Int) throws -> [Double] {
            let reference = q.referenceOutput()
            guard let chip, only == nil || only == li else { return reference.map(Double.init) }
            let tiling = RowTiling(layer: q, rows: chip.rows, bitsPerCell: chip.bitsPerCell)
            let out = try FunctionalSimulator(chip: chip).run(q, tiling: tiling, seed: seed &* 7919 &+ UInt64(li))
            errors.append(OutputErrorStatistics(simulated: out, reference: reference))
            return out
        }
        for li in 0..<(layers.count - 1) {
            let l = layers[li]
            let b = try batch(li, activations: acts, height: height, width: width)
            quantized.append(b.layer)
            let out = try execute(b.layer, li)
            let channels = l.out_channels, perImage = b.height * b.width
            let scale = Double(Int64(1) << Int64(l.shift!)), top = Double((1 << l.output_bits!) - 1)
            acts = (0..<acts.count).map { n in
                var next = [Int32](repeating: 0, count: channels * perImage)
                for p in 0..<perImage { for ch in 0..<channels {
                    let acc = out[(n * perImage + p) * channels + ch]
                    // (acc + bias)·mult / 2^shift rounded half up, as the Python's integer shift does.
                    let y = ((acc + Double(l.bias[ch])) * Double(l.multiplier!) / scale + 0.5).rounded(.down)
                    next[ch * perImage + p] = Int32(min(max(y, 0), top))
                } }
                return next
            }
            height = b.height
            width = b.width
        }
        let perImage = height * width
        let pooled = acts.map { a in
            (0..<layers[layers.count - 1].in_channels).map { ch in
                Int32((a[(ch * perImage)..<((ch + 1) * perImage)].reduce(0) { $0 + Int($1) } + perImage / 2) / perImage)
            }
        }
        let head = try headBatch(pooled: pooled)
        quantized.append(head)
        let logits = try execute(head, layers.count - 1)
        let bias = layers[layers.count - 1].bias, classes = bias.count
        let predictions = (0..<acts.count).map { n in
            var best = 0, bestValue = -Double.infinity
            for c in 0..<classes where logits[n * classes + c] + Double(bias[c]) > bestValue {
                best = c
                bestValue = logits[n * classes + c] + Double(bias[c])
            }
            return best
        }
        return Pass(predictions: predictions, layers: quantized, errors: errors)
    }

    /// The sensitivity model's per-layer errors for `layers` (exact operands) on `chip`.
    static func modelErrors(_ layers: [QuantizedLayer], chip: FunctionalChip) -> [HardwareAccuracy.LayerError] {
        layers.map { q in
            let tiling = RowTiling(layer: q, rows: chip.rows, bitsPerCell: chip.bitsPerCell)
            let input = OperandMoments(values: q.inputs, slicing: chip.inputSlicing(inputBits: q.inputBits), signed: !q.unsignedInputs)
            let weight = OperandMoments(values: q.weights, slicing: chip.weightSlicing(weightBits: q.weightBits), signed: true)
            return HardwareAccuracy.layerError(rows: q.K, arrays: tiling.arrays.count, rowsPerArray: tiling.rowsPerArray,
                                               input: input, weight: weight, chip: chip)
        }
    }
}
