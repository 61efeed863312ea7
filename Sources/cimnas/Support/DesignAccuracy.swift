import CIMAccuracy
import CIMFunctional
import CIMHardware
import CIMSearch
import CIMWorkload
import Foundation

/// Both accuracies of a design whose network the predictor knows: quantization only and on its chip
/// (docs/hardware-accuracy.md), as `evaluate` prints them beside the cost.
struct DesignAccuracy {
    /// Top-1 on the chip, percent.
    var top1_percent: Double
    /// Quantization-only top-1, percent.
    var top1_ideal_percent: Double
    var hw_drop_points: Double
    /// The worst layer's ADC-only SQNR, dB (+∞ when every layer's ADC is lossless).
    var min_adc_sqnr_db: Double
    /// The layer with that SQNR.
    var worst_layer: String
    var hw_accuracy_version: String

    /// The accuracies of `design` on `hardware` with `device`, or nil when the predictor does not know its network
    /// (not a MobileNetV2 subnet, or weights without a top-1 calibration).
    static func of(_ design: Design, hardware: HardwareConfig, device: DeviceParameters) throws -> DesignAccuracy? {
        guard let subnet = design.network.subnet else { return nil }
        let predictor = try PredictorCommand.loadPredictor(nil)
        guard predictor.metadata.calibration != nil else { return nil }
        let ideal: Double
        do { ideal = try APQAccuracyModel(predictor: predictor).predict(subnet, mode: .default).top1_percent } catch {
            throw CLIError("accuracy predictor: \(error)")
        }
        let layers: [LayerWorkload]
        do { layers = try design.hardwareLayers(mode: .default) } catch { throw CLIError(error.description) }
        let model = HardwareAccuracy(device: device)
        var worst = (sqnr: Double.infinity, name: "")
        let result: HardwareAccuracy.Result
        do {
            result = try model.evaluate(layers, on: hardware, top1IdealPercent: ideal) { i, e in
                if e.adc.sqnr_db < worst.sqnr { worst = (e.adc.sqnr_db, layers[i].name) }
            }
        } catch { throw CLIError("hardware accuracy: \(error.description)") }
        return DesignAccuracy(top1_percent: result.top1_percent, top1_ideal_percent: result.top1_ideal_percent,
                              hw_drop_points: result.hw_drop_points, min_adc_sqnr_db: worst.sqnr, worst_layer: worst.name,
                              hw_accuracy_version: HardwareAccuracy.version)
    }

    /// JSON keys (docs/glossary.md); an infinite SQNR is null.
    var json: [String: Any] {
        ["top1_percent": top1_percent, "top1_ideal_percent": top1_ideal_percent, "hw_drop_points": hw_drop_points,
         "min_adc_sqnr_db": min_adc_sqnr_db.isFinite ? min_adc_sqnr_db as Any : NSNull(),
         "worst_layer": worst_layer, "hw_accuracy_version": hw_accuracy_version]
    }

    /// Table lines.
    var lines: [String] {
        let f = { (x: Double) in String(format: "%.3f", x) }
        return ["top1_percent         \(f(top1_percent))  (on the chip)",
                "top1_ideal_percent   \(f(top1_ideal_percent))  (quantization only; hw_drop_points \(f(hw_drop_points)))",
                "min_adc_sqnr_db      \(min_adc_sqnr_db.isFinite ? String(format: "%.2f", min_adc_sqnr_db) : "inf (every ADC lossless)")"
                    + (worst_layer.isEmpty ? "" : "  (worst layer \(worst_layer))")]
    }
}
