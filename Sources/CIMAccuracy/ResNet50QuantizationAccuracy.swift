import CIMHardware

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ImageNet top-1 of ResNet50 under a per-layer weight/activation bit allocation, from a small model
/// calibrated to published quantization results (sources in docs/sram-macros.md, "SRAM chips and the ResNet50 experiment").
///
/// Model: top-1 = 76.13 − Σ_l s_l · [D(w_l) + D(a_l)] / 2, with D(b) = 0.1 · 2^(8 − b) points the drop of
/// a network quantized uniformly to b bits (weights and activations), and s_l the layer's share of the
/// network's sensitivity (Σ s_l = 1; the first convolution and the classifier count 4×, every other
/// layer 1×, following the common finding that the first and last layers are the most sensitive).
/// Calibration points: full precision 76.13 (torchvision), uniform INT8 76.03 (post-training INT8 loses
/// ≈ 0.1 point), uniform 4-bit 74.53 (4-bit quantization-aware training reports 74.2–76.7 depending on
/// the method; 74.5 is the middle of the 74–75 % the experiment assumes). 5–7 bits lie on the geometric
/// interpolation between them.
///
/// Hardware term (``top1(_:readout:)``): on an analog CiM macro the ADC quantizes every column partial
/// sum, which limits the resolution of the layer's output. ``ADCReadout`` turns ADC bits, rows summed per
/// conversion (min(array rows, C·R·S)) and operand slices into an operand-equivalent resolution b_eff,
/// and the layer's activation term becomes D(min(a_l, b_eff)) — the same drop curve, applied to the
/// weaker of operand and ADC resolution (the larger noise dominates). b_eff = 4 at the Sinangil silicon
/// point (64 rows, 4-bit ADC, 4-bit slices), so that point adds nothing beyond 4-bit operand quantization,
/// while 8-bit layers on it lose as much as 4-bit activations would.
///
/// What it can tell: the accuracy cost of lowering bits, layer by layer, on the same scale as published
/// uniform results, and the relative cost of too few ADC bits or too many rows per conversion, so a search
/// trades bits, ADC and array height against EDAP sensibly. What it cannot: the effect of a particular
/// training recipe, per-layer sensitivities beyond first/last (no Hessian or measured data), measured
/// partial-sum distributions, analog noise or mismatch, ADC-aware training, or anything below 4 operand
/// bits (the model refuses operand bits outside 4…16; the ADC model its own range, see ``ADCReadout``).
public struct ResNet50QuantizationAccuracy: Hashable, Sendable {
    /// torchvision ResNet50 (IMAGENET1K_V1) top-1, percent.
    public static let fullPrecisionTop1 = 76.13
    /// Uniform-INT8 drop, points.
    public static let int8Drop = 0.1
    /// Sensitivity weight of the first convolution and the classifier relative to other layers.
    public static let endLayerWeight = 4.0
    /// Bits the model is calibrated for.
    public static let supportedBits: ClosedRange<Int> = 4...16
    /// Identifies the model in caches.
    public static let version = "resnet50-quant-v2-adc"

    public init() {}

    /// Drop of a network quantized uniformly to `bits` (weights and activations), points.
    public static func uniformDrop(bits: Int) -> Double { uniformDrop(bits: Double(bits)) }

    /// ``uniformDrop(bits:)`` at a fractional (effective) resolution.
    public static func uniformDrop(bits: Double) -> Double { int8Drop * pow(2, 8 - bits) }

    /// Predicted top-1 for layers in network order (first = stem convolution, last = classifier), from
    /// their bits alone (an ideal, exact accumulation).
    /// - Throws: `Error` when a bit width lies outside ``supportedBits`` or there are no layers.
    public func top1(_ layers: [LayerWorkload]) throws(Error) -> Double {
        try top1(layers, readout: nil)
    }

    /// Predicted top-1 when the layers run on a CiM macro whose ADC reads the partial sums as `readout`
    /// describes (nil: exact accumulation, as ``top1(_:)``).
    /// - Throws: `Error` when a bit width lies outside ``supportedBits``, the ADC model refuses the readout
    ///   (``ADCReadout/effectiveBits(activeRows:inputBits:weightBits:)``), or there are no layers.
    /// - Complexity: O(layers).
    public func top1(_ layers: [LayerWorkload], readout: ADCReadout?) throws(Error) -> Double {
        guard !layers.isEmpty else { throw Error("no layers to predict accuracy for") }
        var weighted = 0.0, total = 0.0
        for (i, l) in layers.enumerated() {
            for b in [l.weightBits, l.inputBits] where !Self.supportedBits.contains(b) {
                throw Error("layer \(l.name): \(b)-bit quantization is outside the calibrated range 4…16")
            }
            var activationBits = Double(l.inputBits)
            if let readout {
                let shape = l.shape
                do throws(ADCReadout.Error) {
                    let adc = try readout.effectiveBits(activeRows: min(readout.rows, shape.C * shape.R * shape.S),
                                                        inputBits: l.inputBits, weightBits: l.weightBits)
                    activationBits = min(activationBits, adc)
                } catch {
                    throw Error("layer \(l.name): \(error.message)")
                }
            }
            let s = (i == 0 || i == layers.count - 1) ? Self.endLayerWeight : 1
            weighted += s * (Self.uniformDrop(bits: l.weightBits) + Self.uniformDrop(bits: activationBits)) / 2
            total += s
        }
        return Self.fullPrecisionTop1 - weighted / total
    }

    /// Why a prediction cannot be made.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}
