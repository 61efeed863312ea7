import ArgumentParser
import CIMAccuracy
import CIMData
import CIMFunctional
import CIMHardware
import CIMSearch
import CIMWorkload
import DesignDB
import Foundation

/// `cimnas predictor`: train, evaluate and query the quantization-aware accuracy predictor.
struct PredictorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predictor", abstract: "Train, evaluate and query the accuracy predictor.",
        subcommands: [Train.self, Evaluate.self, Predict.self])

    enum ModelSize: String, ExpressibleByArgument, CaseIterable {
        /// APQ's size: 400 hidden units, 3 ReLU layers.
        case apq
        /// The default: 128 hidden units, 3 ReLU layers.
        case small
        var hidden: Int { self == .apq ? 400 : 128 }
    }

    enum FeatureBits: String, ExpressibleByArgument, CaseIterable {
        case eight, real
        var mode: APQEncoding.BitMode { self == .eight ? .forceEightBit : .real }
    }

    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    static func readData(_ path: String, target: String) throws -> PredictorDataset {
        do { return try PredictorDataset.read(csv: URL(fileURLWithPath: path), targetColumn: target) } catch {
            throw CLIError("\(error)")
        }
    }

    static func loadPredictor(_ path: String?) throws -> AccuracyPredictor {
        do {
            if let path { return try AccuracyPredictor.load(from: URL(fileURLWithPath: path)) }
            return try AccuracyPredictor.loadDefault()
        } catch { throw CLIError("\(error)") }
    }

    static func f(_ x: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)f", x) }

    /// `cimnas predictor train`.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a predictor on a CSV (docs/accuracy.md, \"Predictor CSV format\") and write a weights file.",
            discussion: """
            Holds out --held-out of the rows (seeded) for the final report, early-stops on --validation of \
            the rest, then fits the score → top-1 calibration and bit sensitivity to the built-in anchors \
            (unless --no-calibrate). Progress goes to stderr; the report to stdout.
            """)

        @Option(help: "Training CSV.") var data: String
        @Option(help: "Output weights file (written atomically).") var out: String
        @Option(help: "Model size: apq (400 hidden) or small (128 hidden).") var model: ModelSize = .small
        @Option(help: "Hidden units (overrides --model).") var hidden: Int?
        @Option(help: "Random seed (split, init, shuffling).") var seed: UInt64 = 1
        @Option(help: "Maximum epochs.") var epochs: Int = 300
        @Option(help: "Early-stopping patience in epochs.") var patience: Int = 30
        @Option(name: .customLong("batch-size"), help: "Mini-batch size.") var batchSize: Int = 64
        @Option(name: .customLong("learning-rate"), help: "Adam learning rate.") var learningRate: Float = 1e-3
        @Option(name: .customLong("weight-decay"), help: "L2 penalty on weights.") var weightDecay: Float = 0
        @Option(name: .customLong("held-out"), help: "Fraction of rows held out for the report.") var heldOut: Double = 0.2
        @Option(help: "Fraction of the remaining rows used for early stopping.") var validation: Double = 0.1
        @Option(help: "Target column.") var target: String = "apq_output"
        @Option(name: .customLong("feature-bits"), help: "Bit one-hots fed to the MLP: eight (as APQ/CIMNAS call it) or real.")
        var featureBits: FeatureBits = .eight
        @Flag(name: .customLong("no-calibrate"), help: "Do not fit the top-1 calibration and bit sensitivity.")
        var noCalibrate = false
        @Option(name: .customLong("predictor-version"), help: "predictorVersion string to record.")
        var predictorVersion: String?

        func validate() throws {
            if !(0..<1).contains(heldOut) { throw ValidationError("--held-out must be in [0, 1), got \(heldOut)") }
            if !(0..<1).contains(validation) { throw ValidationError("--validation must be in [0, 1), got \(validation)") }
            if epochs < 1 || patience < 1 || batchSize < 1 { throw ValidationError("--epochs, --patience and --batch-size must be ≥ 1") }
            if let h = hidden, h < 1 { throw ValidationError("--hidden must be ≥ 1, got \(h)") }
        }

        /// Fails before training (which takes a while) when `path` cannot be written: missing or read-only
        /// folder, or a folder in its place.
        static func checkWritable(_ path: String) throws {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CLIError("--out \(path): is a folder, expected a weights file path")
            }
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError("--out \(path): folder \(folder) does not exist, expected a path in an existing folder")
            }
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw CLIError("--out \(path): folder \(folder) is not writable")
            }
        }

        func run() throws {
            let data = try readData(self.data, target: target)
            try Self.checkWritable(out)
            let split = data.split(heldOutFraction: heldOut, seed: seed)
            let trainAll = data.subset(split.train)
            let inner = trainAll.split(heldOutFraction: validation, seed: seed &+ 1)
            let fit = trainAll.subset(inner.train), val = trainAll.subset(inner.heldOut)
            guard fit.count >= 2 else { throw CLIError("--data: only \(fit.count) training rows after the splits, expected at least 2") }
            let h = hidden ?? model.hidden
            var mlp = PredictorMLP(hidden: h, hiddenLayers: 2, seed: seed)
            var options = PredictorTrainer.Options()
            options.epochs = epochs
            options.patience = patience
            options.batchSize = batchSize
            options.learningRate = learningRate
            options.weightDecay = weightDecay
            options.seed = seed
            let bits = featureBits.mode
            stderr("training \(h)-unit MLP on \(fit.count) rows, validating on \(val.count), holding out \(split.heldOut.count)")
            let started = Date()
            let report = PredictorTrainer.train(
                &mlp, features: fit.features(bits: bits), targets: fit.targets,
                validation: val.count > 0 ? (val.features(bits: bits), val.targets) : nil, options: options,
                clock: { Date().timeIntervalSinceReferenceDate }) { p in
                stderr("epoch \(p.epoch)  train RMSE \(f(p.trainMSE.squareRoot(), 6))  val RMSE \(p.validationMSE.map { f($0.squareRoot(), 6) } ?? "-")  \(Int(p.samplesPerSecond)) samples/s")
            }
            let seconds = Date().timeIntervalSince(started)
            stderr("stopped after \(report.epochsRun) epochs; best epoch \(report.bestEpoch); \(f(seconds, 1)) s")

            var provenance: [String: String] = [
                "data": (self.data as NSString).lastPathComponent, "rows": "\(data.count)", "target": target,
                "seed": "\(seed)", "heldOutFraction": "\(heldOut)", "validationFraction": "\(validation)",
                "hidden": "\(h)", "epochsRun": "\(report.epochsRun)", "bestEpoch": "\(report.bestEpoch)",
                "trainedWith": "cimnas predictor train (Adam lr \(learningRate), batch \(batchSize), MSE, patience \(patience), weight decay \(weightDecay))",
            ]
            if split.heldOut.count >= 2 {
                let held = data.subset(split.heldOut)
                let m = RegressionMetrics(predicted: mlp.predict(held.features(bits: bits)).map(Double.init), actual: held.targets)
                print("held-out rows \(m.count): RMSE \(f(m.rmse, 6))  MAE \(f(m.mae, 6))  Spearman \(f(m.spearman, 4))  Kendall \(f(m.kendall, 4))")
                provenance["heldOutRMSE"] = f(m.rmse, 7)
                provenance["heldOutSpearman"] = f(m.spearman, 5)
                provenance["heldOutKendall"] = f(m.kendall, 5)
            }
            var calibration: QuantSensitivity?
            if !noCalibrate {
                let anchors = AccuracyAnchor.calibrationSet
                let scores = anchors.map { Double(mlp.predict(indices: (try? APQEncoding.activeIndices($0.spec, bits: .forceEightBit)) ?? [])) }
                guard let fitted = QuantSensitivity.fitWithLeaveOneOut(anchors: anchors, scores8: scores) else {
                    throw CLIError("calibration: the anchor system is singular for this model, expected distinct scores")
                }
                calibration = fitted.model
                print("calibration: top1 = \(f(fitted.model.intercept_pct, 3)) + \(f(fitted.model.slope_pct, 3)) · score8 − \(f(fitted.model.fourBitDrop_pct, 3)) · D(bits)")
                for (r, s) in zip(fitted.results, scores) {
                    print("  \(r.name): score8 \(f(s, 5))  measured \(f(r.measured_pct, 3))  fitted \(f(r.fitted_pct, 3))  leave-one-out \(r.leaveOneOut_pct.map { f($0, 3) } ?? "-")")
                }
                print("  leave-one-out RMSE \(f(fitted.leaveOneOutRMSE_pct, 3)) %")
            }
            let version = predictorVersion ?? "cimnas-mlp\(h)-seed\(seed)"
            let meta = PredictorMetadata(predictorVersion: version, featureBits: bits.rawValue,
                                         calibration: calibration, provenance: provenance)
            do { try PredictorWeightsFile.write(mlp, metadata: meta, to: URL(fileURLWithPath: out)) } catch {
                throw CLIError("--out \(out): cannot write (\(error.localizedDescription))")
            }
            print("wrote \(out) (\(version))")
        }
    }

    /// `cimnas predictor evaluate`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "RMSE, MAE, Spearman and Kendall of a predictor's raw score on a CSV.")

        @Option(help: "CSV with a target column.") var data: String
        @Option(help: "Weights file (default: the shipped predictor).") var model: String?
        @Option(help: "Target column.") var target: String = "apq_output"
        @Flag(name: .customLong("held-out-only"), help: "Only the rows the model's training run held out (split seed and fraction from its provenance).")
        var heldOutOnly = false
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let predictor = try loadPredictor(model)
            var data = try readData(self.data, target: target)
            if heldOutOnly {
                let p = predictor.metadata.provenance
                guard let seed = p["seed"].flatMap(UInt64.init), let frac = p["heldOutFraction"].flatMap(Double.init) else {
                    throw CLIError("--held-out-only: the model's provenance has no seed/heldOutFraction")
                }
                data = data.subset(data.split(heldOutFraction: frac, seed: seed).heldOut)
            }
            guard data.count >= 2 else { throw CLIError("--data: \(data.count) rows, expected at least 2") }
            let raw = predictor.model.predict(data.features(bits: predictor.featureBits)).map(Double.init)
            let m = RegressionMetrics(predicted: raw, actual: data.targets)
            if format != .table {
                ResultPrinter.print(columns: ["predictor_version", "rows", "rmse", "mae", "spearman", "kendall"],
                                    rows: [[.text(predictor.predictorVersion), .integer(Int64(m.count)), .real(m.rmse),
                                            .real(m.mae), .real(m.spearman), .real(m.kendall)]], format: format)
                return
            }
            print("predictor \(predictor.predictorVersion)")
            print("rows      \(m.count)")
            print("RMSE      \(f(m.rmse, 7))")
            print("MAE       \(f(m.mae, 7))")
            print("Spearman  \(f(m.spearman, 5))")
            print("Kendall   \(f(m.kendall, 5))")
        }
    }

    /// `cimnas predictor predict`.
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predicted ImageNet top-1 (%) and raw APQ-style score of one design's network.")

        @OptionGroup var source: DesignOptions
        @Option(help: "Weights file (default: the shipped predictor).") var model: String?
        @Option(help: "default (calibrated, quantization-aware) or cimnas (raw score with 8-bit features).")
        var compat: CompatMode = .default
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("no-cache"), help: "Skip the prediction cache in --db (neither read nor written).")
        var noCache = false
        @Option(help: "Hardware in the CIMNAS order, overriding the design's: V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH.")
        var hw: String?
        @Option(name: .customLong("adc-bits"), help: "ADC resolution, bits (default: the design's, 8).")
        var adcBits: Int?
        @Option(help: "Memory device by name (default rram_neurosim).")
        var device: String?
        @Option(help: "Technology whose device rows (rram_cell: r_on, r_off, sigma_d2d, read noise, drift, bits per cell) set the on-chip accuracy, as search --tech does: comma-separated CSV files and/or NAME[@VERSION] of tables imported into --db, over the shipped tables. Not with --device.")
        var tech: String?
        @Flag(name: .customLong("per-layer"), help: "Also print each layer's sqnr_db and adc_bits_needed on the chip.")
        var perLayer = false

        func validate() throws {
            if (source.cimnasKey == nil) == (source.design == nil) {
                throw ValidationError("give exactly one of --cimnas-key or --design")
            }
            if device != nil, tech != nil {
                throw ValidationError("--device and --tech both set the memory device, expected one of them")
            }
            try TechnologyArgument.validate(tech)
        }

        /// The device of the on-chip accuracy and its name: `--tech`'s rows, `--device`, or the default device.
        func chipDevice() throws -> (DeviceParameters, String) {
            if let tech {
                let technology = try TechnologyArgument.resolve(tech, databasePath: global.databasePath)
                return (technology.parameters.device, technology.name)
            }
            let name = device ?? DeviceCatalogue.defaultName
            return (try SimulateCommand.device(named: name, variation: nil), name)
        }

        /// The design's top-1 on its chip (docs/hardware-accuracy.md), with each layer's error.
        func hardwareAccuracy(_ design: Design, top1: Double, device: DeviceParameters) throws -> (HardwareAccuracy.Result, [(String, HardwareAccuracy.LayerError)]) {
            var hardware = try hw.map(EvaluationArguments.hardware) ?? design.hardware
            if let adcBits { hardware.adcBits = adcBits }
            let model = HardwareAccuracy(device: device)
            let layers: [LayerWorkload]
            do { layers = try design.hardwareLayers(mode: .default) } catch { throw CLIError(error.description) }
            var perLayer: [(String, HardwareAccuracy.LayerError)] = []
            do {
                let result = try model.evaluate(layers, on: hardware, top1IdealPercent: top1) { i, e in perLayer.append((layers[i].name, e)) }
                return (result, perLayer)
            } catch { throw CLIError.usage("predictor predict: \(error.description)") }
        }

        func run() throws {
            let design = try source.load()
            let (deviceParameters, deviceName) = try chipDevice()
            guard let subnet = design.network.subnet else {
                throw CLIError("the design's network is \(design.network.name), expected a MobileNetV2 subnet of APQ's space")
            }
            let predictor = try loadPredictor(model)
            let accuracy = APQAccuracyModel(predictor: predictor)
            // The search's predictions per mode: `cimnas` holds the raw 8-bit-feature score, `default` the
            // calibrated top-1 (when the weights file has a calibration).
            let calibrated = predictor.metadata.calibration != nil && !compat.feedsPredictorEightBitFeatures
            let modes: [CompatMode] = calibrated ? [.cimnas, .default] : [.cimnas]
            var cache = PredictionCacheUse()
            let results: [AccuracyPrediction]
            do {
                results = try noCache ? modes.map { try accuracy.predict(subnet, mode: $0) }
                    : cachedPredictions(design, modes: modes, accuracy: accuracy, use: &cache)
            } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
            let raw8 = results[0].score
            let top1 = calibrated ? results[1].top1_percent : nil
            let onChip = try top1.map { try hardwareAccuracy(design, top1: $0, device: deviceParameters) }
            // top1_percent is on the chip whenever one is known; top1_ideal_percent is quantization only.
            let top1OnChip = onChip.map { $0.0.top1_percent } ?? top1
            // The requested mode's accuracy score: the raw score in compat mode, else the search's top-1 (on the
            // chip) as a fraction.
            let score = compat.feedsPredictorEightBitFeatures || top1OnChip == nil ? raw8 : top1OnChip! / 100
            let status = noCache ? "off" : cache.status
            switch format {
            case .json:
                var object: [String: Any] = [
                    "predictor_version": predictor.predictorVersion, "top1_percent": top1OnChip as Any,
                    "top1_ideal_percent": top1 as Any,
                    "accuracy_score": score, "quant_policy_key": subnet.quantPolicyKey, "compat": compat.rawValue,
                    "cache": JSONOutput.cache(status: status, prediction: (cache.hits, cache.misses)),
                    "cimnas": ["acc": raw8],
                ]
                if let (r, layers) = onChip {
                    object["hw_drop_points"] = r.hw_drop_points
                    object["device"] = deviceName
                    if tech != nil { object["technology"] = deviceName }
                    object["hw_accuracy_version"] = HardwareAccuracy.version
                    if perLayer {
                        object["layers"] = layers.map { name, e -> [String: Any] in
                            ["layer": name, "sqnr_db": e.sqnr_db, "adc_sqnr_db": e.adc.sqnr_db, "adc_bits_needed": e.adcBitsNeeded]
                        }
                    }
                }
                print(JSONOutput.render(object))
            case .csv:
                let row: [SQLValue] = [.text(predictor.predictorVersion), top1OnChip.map(SQLValue.real) ?? .null,
                                       top1.map(SQLValue.real) ?? .null,
                                       onChip.map { SQLValue.real($0.0.hw_drop_points) } ?? .null, .real(score),
                                       .real(raw8), .text(subnet.quantPolicyKey), .text(compat.rawValue), .text(status),
                                       .integer(Int64(cache.hits)), .integer(Int64(cache.misses))]
                ResultPrinter.print(columns: ["predictor_version", "top1_percent", "top1_ideal_percent", "hw_drop_points",
                                             "accuracy_score", "cimnas_acc", "quant_policy_key",
                                             "compat", "cache_status", "prediction_hits", "prediction_misses"], rows: [row], format: .csv)
            case .table:
                print("predictor     \(predictor.predictorVersion)")
                print("top-1 (%)     \(top1.map { f($0, 3) } ?? "-")  (quantization only)")
                if let (r, layers) = onChip {
                    print("top-1 chip    \(f(r.top1_percent, 3))  (on the chip, \(deviceName); hw_drop_points \(f(r.hw_drop_points, 3)))")
                    if perLayer {
                        for (name, e) in layers {
                            print("  \(name)  sqnr_db \(e.sqnr_db.isFinite ? f(e.sqnr_db, 2) : "inf")  adc_bits_needed \(e.adcBitsNeeded)")
                        }
                    }
                }
                print("raw score     \(f(raw8, 6))  (8-bit features, as APQ/CIMNAS call it)")
                print("quant policy  \(subnet.quantPolicyKey)")
                print("cache         \(noCache ? "off" : "\(cache.status) (\(cache.hits) of \(cache.hits + cache.misses) predictions from the database)")")
            }
        }

        /// Predictions through the database's `prediction` cache, keyed as the search keys them (network ×
        /// quantization policy × predictor version with mode); new ones are stored.
        func cachedPredictions(_ design: Design, modes: [CompatMode], accuracy: APQAccuracyModel,
                               use: inout PredictionCacheUse) throws -> [AccuracyPrediction] {
            let path = global.databasePath
            let store: SQLiteEvaluationStore
            do { store = try SQLiteEvaluationStore(path: path) } catch {
                throw CLIError(DatabaseAccess.message(path: path, error: error))
            }
            let key = design.canonicalKey
            let lookups = modes.map { mode in
                DesignLookup(cacheKey: mode.rawValue, canonicalKey: key, design: design, modelVersion: "",
                             predictorVersion: DesignEvaluator.predictorVersion(accuracy.version, mode: mode), mode: mode)
            }
            let known: [String: AccuracyPrediction]
            do { known = try store.predictions(for: lookups) } catch { throw CLIError("--db \(path): \(error)") }
            var out: [AccuracyPrediction] = []
            var fresh: [(DesignLookup, AccuracyPrediction)] = []
            for l in lookups {
                if let p = known[l.cacheKey] {
                    out.append(p)
                    use.hits += 1
                } else {
                    let p = try accuracy.predict(l.design.network.subnet!, mode: l.mode)
                    out.append(p)
                    fresh.append((l, p))
                    use.misses += 1
                }
            }
            do { try store.savePredictions(fresh) } catch { throw CLIError("--db \(path): \(error)") }
            FileHandle.standardError.write(Data("prediction cache: \(use.status) (\(use.hits) of \(use.hits + use.misses) predictions) in \(path)\n".utf8))
            return out
        }
    }

    /// Predictions served from the database and computed.
    struct PredictionCacheUse {
        var hits = 0
        var misses = 0
        var status: String { misses == 0 ? "hit" : (hits == 0 ? "miss" : "partial") }
    }
}
