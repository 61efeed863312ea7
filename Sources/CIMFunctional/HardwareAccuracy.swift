#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CIMHardware

/// Top-1 of a network on a chip: the quantization-aware top-1 minus a drop driven by every layer's output
/// error (``LayerErrorModel``), as documented in docs/hardware-accuracy.md.
///
/// Sensitivity model: each layer's relative mean-square error adds to the network's error energy
/// E = Σ_l (ε²_adc + w_fixed·ε²_device) (independent relative errors add in variance; every layer kind weighs 1,
/// as measured on the digits network). The drop saturates at chance: drop = (top1 − chance)·(1 − exp(−E/E₀)),
/// with E₀ (``errorScale``) calibrated to a published anchor (docs/hardware-accuracy.md §3).
/// The drop is 0 exactly when every ε is 0 and never falls when any ε rises.
public struct HardwareAccuracy: Hashable, Sendable {
    /// Version of the sensitivity model and its calibration; part of cache keys of hardware-aware accuracy.
    public static let version = "hwacc-1"
    /// E₀ fitted to NeuroSim V1.4 Fig. 20 (docs/hardware-accuracy.md): VGG-8/CIFAR-10 loses 1 point at a 4-bit ADC.
    /// The digits network measures 0.703 end to end (§6); not switched on, see §3.
    public static let calibratedErrorScale = 1932.7
    /// Weight of the device part (a fixed per-chip error) in E: 1 in hwacc-1. The digits network measures 1.9–2.2
    /// (docs/hardware-accuracy.md §6); not switched on, see §3.
    public static let fixedErrorWeight = 1.0

    /// The memory device the chip's arrays are made of.
    public var device: DeviceParameters
    /// E₀: the network error energy at which 1 − 1/e of the accuracy above chance is lost.
    public var errorScale: Double
    /// Top-1 of a random guess, percent (ImageNet: 0.1).
    public var chanceTop1Percent: Double
    /// Input bits per DAC slice; nil = all in one slice (CIMNAS), 1 = bit-serial (NeuroSim).
    public var inputBitsPerSlice: Int?

    public init(device: DeviceParameters, errorScale: Double = calibratedErrorScale, chanceTop1Percent: Double = 0.1,
                inputBitsPerSlice: Int? = nil) {
        self.device = device
        self.inputBitsPerSlice = inputBitsPerSlice
        self.errorScale = errorScale
        self.chanceTop1Percent = chanceTop1Percent
    }

    /// Top-1 drop, points, of a network whose layers' squared relative errors sum to `errorEnergy`.
    @inlinable public func drop(top1IdealPercent: Double, errorEnergy: Double) -> Double {
        guard errorEnergy > 0 else { return 0 }
        let headroom = max(0, top1IdealPercent - chanceTop1Percent)
        return headroom * -expm1(-errorEnergy / errorScale)
    }

    /// One layer's error on the chip, split so that each part is monotone in its own knobs.
    public struct LayerError: Hashable, Sendable {
        /// The ADC's part: the error model on an ideal device with the chip's ADC (falls as ADC bits rise).
        public var adc: LayerErrorModel.Estimate
        /// The device's part: the error model with the device and a lossless ADC (rises with σ, read noise,
        /// drift and a lower on/off ratio).
        public var device: LayerErrorModel.Estimate

        /// ε² = ε²_adc + ε²_device: the two parts taken as independent. It leaves out dithering (device noise
        /// spreading values across ADC steps can lower the ADC's bias), so it never underestimates much.
        @inlinable public var relativeErrorSquared: Double {
            let a = adc.relativeRMSError, d = device.relativeRMSError
            return a * a + d * d
        }
        /// 10·log10(1/ε²); +∞ for an exact layer.
        @inlinable public var sqnr_db: Double {
            let e = relativeErrorSquared
            return e > 0 ? -10 * log10(e) : .infinity
        }
        /// The layer's share of the network error energy: ε²_adc + w_fixed·ε²_device (``fixedErrorWeight``).
        @inlinable public var weightedErrorSquared: Double {
            let a = adc.relativeRMSError, d = device.relativeRMSError
            return a * a + HardwareAccuracy.fixedErrorWeight * d * d
        }
        /// The smallest lossless ADC resolution for this layer.
        @inlinable public var adcBitsNeeded: Int { adc.adcBitsNeeded }
    }

    /// The error of `layer` as the cost model maps it on `hardware` (CiMLoop's default value histograms where
    /// the layer has none).
    public func layerError(_ layer: LayerWorkload, on hardware: HardwareConfig) throws(FunctionalError) -> LayerError {
        var chip = FunctionalChip(hardware: hardware, device: device)
        chip.inputBitsPerSlice = inputBitsPerSlice
        if let problem = chip.problem(inputBits: layer.inputBits, weightBits: layer.weightBits) {
            throw FunctionalError("layer \(layer.name): \(problem)")
        }
        let (ideal, lossless) = Self.splitChips(chip)
        let adc = try LayerErrorModel(chip: ideal).estimate(layer, on: hardware)
        let analog = try LayerErrorModel(chip: lossless(adc.adcBitsNeeded)).estimate(layer, on: hardware)
        return LayerError(adc: adc, device: analog)
    }

    /// The error of a layer with K rows per group tiled into `arrays` arrays of at most `rowsPerArray` rows,
    /// with measured operand statistics, on `chip` (the same split as ``layerError(_:on:)``).
    public static func layerError(rows k: Int, arrays: Int, rowsPerArray: Int, input: OperandMoments,
                                  weight: OperandMoments, chip: FunctionalChip) -> LayerError {
        let (ideal, lossless) = splitChips(chip)
        let adc = LayerErrorModel(chip: ideal).estimate(rows: k, arrays: arrays, rowsPerArray: rowsPerArray, input: input, weight: weight)
        let analog = LayerErrorModel(chip: lossless(adc.adcBitsNeeded))
            .estimate(rows: k, arrays: arrays, rowsPerArray: rowsPerArray, input: input, weight: weight)
        return LayerError(adc: adc, device: analog)
    }

    /// The chip on an ideal device (the ADC part) and, for a resolution `needed`, the chip with its device
    /// and a lossless ADC (the device part).
    static func splitChips(_ chip: FunctionalChip) -> (ideal: FunctionalChip, lossless: (Int) -> FunctionalChip) {
        var idealChip = chip
        idealChip.device = .ideal
        idealChip.device.maxBitsPerCell = max(idealChip.device.maxBitsPerCell, chip.bitsPerCell)
        return (idealChip, { needed in
            var losslessChip = chip
            losslessChip.adcBits = max(chip.adcBits, needed)
            return losslessChip
        })
    }

    /// A network's accuracy on a chip.
    public struct Result: Hashable, Sendable {
        /// Hardware-aware top-1, percent.
        public var top1_percent: Double
        /// Quantization-only top-1, percent.
        public var top1_ideal_percent: Double
        /// top1_ideal_percent − top1_percent.
        public var hw_drop_points: Double
        /// Σ (ε²_adc + w_fixed·ε²_device) over the layers.
        public var errorEnergy: Double
    }

    /// Hardware-aware top-1 of `layers` on `hardware` given the quantization-only top-1; `each` sees every
    /// layer's estimate in order.
    public func evaluate(_ layers: [LayerWorkload], on hardware: HardwareConfig, top1IdealPercent: Double,
                         each: (Int, LayerError) -> Void = { _, _ in }) throws(FunctionalError) -> Result {
        var energy = 0.0
        for (i, layer) in layers.enumerated() {
            let e = try layerError(layer, on: hardware)
            let r = e.weightedErrorSquared
            energy += r.isFinite ? r : .infinity
            each(i, e)
        }
        let d = drop(top1IdealPercent: top1IdealPercent, errorEnergy: energy)
        return Result(top1_percent: top1IdealPercent - d, top1_ideal_percent: top1IdealPercent, hw_drop_points: d,
                      errorEnergy: energy)
    }
}
