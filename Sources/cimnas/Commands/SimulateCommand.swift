import ArgumentParser
import CIMData
import CIMFunctional
import CIMHardware
import DesignDB
import Foundation

/// `cimnas simulate`: execute a layer on the modelled analog chip and compare with the closed-form error model.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Functional simulation of CIM layers (ADC precision and device non-idealities).",
        subcommands: [Layer.self, Network.self])

    /// The catalogue device `name`, its σ overridden by `variation`; bad input is one usage line.
    static func device(named name: String, variation: Double?) throws -> DeviceParameters {
        let devices = try DeviceCatalogue.devices()
        guard var chosen = devices.first(where: { $0.name == name })?.device else {
            throw CLIError.usage("--device: '\(name)', expected one of \(devices.map(\.name).joined(separator: ", "))")
        }
        if let variation {
            guard variation.isFinite, (0...1).contains(variation) else {
                throw CLIError.usage("--variation: \(variation), expected a relative σ in 0…1")
            }
            chosen.sigmaD2D = variation
        }
        return chosen
    }

    struct Layer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one layer through the functional simulator and the per-layer error model.",
            discussion: """
            Operands are drawn (seeded) from the layer's value histograms (CiMLoop's defaults unless given); the layer \
            is tiled into arrays as the cost model's mapping tiles it on --hw. Prints relative_rms_error and sqnr_db \
            (simulated), analytic_sqnr_db and analytic_relative_rms_error (error model), adc_bits_needed and exact \
            (every output equals the integer reference). sqnr_db is null when the output is exact. Devices: \
            \(DeviceCatalogue.idealName), \(DeviceCatalogue.defaultName) and the rows of \(DeviceCatalogue.file).
            """)

        @Option(help: "Hardware in the CIMNAS order: V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH.")
        var hw: String
        @Option(help: "The layer: G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1 (optional kind=conv|pointwise|depthwise|linear).")
        var layer: String
        @Option(name: .customLong("input-bits"), help: "Input (activation) bits, 2…16.")
        var inputBits: Int
        @Option(name: .customLong("weight-bits"), help: "Weight bits, 2…16.")
        var weightBits: Int
        @Option(name: .customLong("adc-bits"), help: "ADC resolution, bits (default: the chip's, 8).")
        var adcBits: Int?
        @Option(help: "Memory device by name (default rram_neurosim; 'ideal' has no variation, noise, drift or off current).")
        var device: String = DeviceCatalogue.defaultName
        @Option(help: "Device-to-device relative σ, overriding the device's (e.g. 0.05).")
        var variation: Double?
        @Option(name: .customLong("read-noise"), help: "Read-noise relative σ per conversion, overriding the device's.")
        var readNoise: Double?
        @Option(name: .customLong("on-off-ratio"), help: "R_off / R_on, overriding the device's (> 1).")
        var onOffRatio: Double?
        @Option(name: .customLong("input-bits-per-slice"), help: "Temporal DAC slice width (default: all input bits, CIMNAS).")
        var inputBitsPerSlice: Int?
        @Option(name: .customLong("adc-full-scale"), help: "ADC full scale as a fraction of the possible column range, (0, 1] (default 1, NeuroSim's).")
        var adcFullScale: Double = 1
        @Option(name: .customLong("read-time"), help: "Seconds after programming at which the array is read (drift; default 1).")
        var readTime: Double = 1
        @Option(name: .customLong("input-histogram"), help: "Input value histogram: 2^k − 1 comma-separated bins (default: CiMLoop's).")
        var inputHistogram: String?
        @Option(name: .customLong("weight-histogram"), help: "Weight value histogram: 2^k − 1 comma-separated bins (default: CiMLoop's).")
        var weightHistogram: String?
        @Option(help: "Operands from a JSON file {\"positions\": N, \"inputs\": [positions·G·C·R·S], \"weights\": [G·M·C·R·S], \"unsigned_inputs\": bool} instead of histogram draws.")
        var operands: String?
        @Option(help: "Output positions simulated (operand samples), 1…65536; capped at the layer's P·Q·N.")
        var samples: Int = 64
        @Option(help: "Seed of the operand and device draws.")
        var seed: UInt64 = 1
        @Option(help: "Output format: table, csv or json.")
        var format: OutputFormat = .table

        func run() throws {
            let hardware = try EvaluationArguments.hardware(hw)
            var parsed = try EvaluationArguments.layer(layer, inputBits: inputBits, weightBits: weightBits)
            guard (2...16).contains(inputBits) else { throw CLIError.usage("--input-bits: \(inputBits), expected 2…16") }
            guard (2...16).contains(weightBits) else { throw CLIError.usage("--weight-bits: \(weightBits), expected 2…16") }
            parsed.inputHistogram = try inputHistogram.map { try EvaluationArguments.histogram($0, flag: "--input-histogram") }
            parsed.weightHistogram = try weightHistogram.map { try EvaluationArguments.histogram($0, flag: "--weight-histogram") }
            guard (1...65_536).contains(samples) else { throw CLIError.usage("--samples: \(samples), expected 1…65536") }
            var chosen = try SimulateCommand.device(named: device, variation: variation)
            if let readNoise {
                guard readNoise.isFinite, (0...1).contains(readNoise) else {
                    throw CLIError.usage("--read-noise: \(readNoise), expected a relative σ in 0…1")
                }
                chosen.readNoiseSigma = readNoise
            }
            if let onOffRatio {
                guard onOffRatio.isFinite, onOffRatio > 1, onOffRatio <= 1e12 else {
                    throw CLIError.usage("--on-off-ratio: \(onOffRatio), expected a ratio > 1 and ≤ 1e12")
                }
                chosen.rOff_ohm = chosen.rOn_ohm * onOffRatio
            }
            var chip = FunctionalChip(hardware: hardware, device: chosen, readTime_s: readTime)
            if let adcBits { chip.adcBits = adcBits }
            chip.inputBitsPerSlice = inputBitsPerSlice
            chip.adcFullScale = adcFullScale
            if let problem = chip.problem(inputBits: inputBits, weightBits: weightBits) {
                throw CLIError.usage("simulate layer: \(problem)")
            }
            let shape = parsed.shape
            let g = shape.G, c = shape.C, m = shape.M
            guard g * c * shape.R * shape.S <= 1 << 16, g * m <= 1 << 14, g * m * c * shape.R * shape.S <= 1 << 24 else {
                throw CLIError.usage("--layer: G·C·R·S \(g * c * shape.R * shape.S) and G·M \(g * m) too large to simulate, expected ≤ 65536 and ≤ 16384")
            }
            let positions = min(samples, shape.P * shape.Q * shape.N)
            let tiling = RowTiling(shape: shape, weightBits: weightBits, hardware: hardware)
            let inputMoments: OperandMoments, weightMoments: OperandMoments
            let stats: OutputErrorStatistics
            var simulatedPositions = positions
            do {
                let quantized = try operands.map { try Self.load($0, shape: shape, inputBits: inputBits, weightBits: weightBits) }
                    ?? QuantizedLayer.sampled(
                        groups: g, C: c, M: m, R: shape.R, S: shape.S, positions: positions, inputBits: inputBits,
                        weightBits: weightBits, inputHistogram: parsed.inputHistogram, weightHistogram: parsed.weightHistogram, seed: seed)
                let out = try FunctionalSimulator(chip: chip).run(quantized, tiling: tiling, seed: seed &+ 1)
                stats = OutputErrorStatistics(simulated: out, reference: quantized.referenceOutput())
                inputMoments = OperandMoments(histogram: try OperandHistogram(parsed.inputHistogram ?? DataValueStatistics.defaultInputHistogram),
                                              slicing: chip.inputSlicing(inputBits: inputBits), signed: !quantized.unsignedInputs)
                simulatedPositions = quantized.positions
                weightMoments = OperandMoments(histogram: try OperandHistogram(parsed.weightHistogram ?? DataValueStatistics.defaultWeightHistogram),
                                               slicing: chip.weightSlicing(weightBits: weightBits))
            } catch let error as FunctionalError {
                throw CLIError.usage("simulate layer: \(error.description)")
            }
            let model = LayerErrorModel(chip: chip).estimate(rows: c * shape.R * shape.S, arrays: tiling.arrays.count,
                                                             rowsPerArray: tiling.rowsPerArray, input: inputMoments, weight: weightMoments)
            func real(_ x: Double) -> SQLValue { x.isFinite ? .real(x) : .null }
            let columns = ["device", "adc_bits", "adc_bits_needed", "rows_per_array", "arrays", "positions_simulated",
                           "relative_rms_error", "sqnr_db", "analytic_relative_rms_error", "analytic_sqnr_db", "exact"]
            let row: [SQLValue] = [.text(device), .integer(Int64(chip.adcBits)), .integer(Int64(model.adcBitsNeeded)),
                                   .integer(Int64(tiling.rowsPerArray)), .integer(Int64(tiling.arrays.count)), .integer(Int64(simulatedPositions)),
                                   .real(stats.relativeRMSError), real(stats.sqnr_db), .real(model.relativeRMSError),
                                   real(model.sqnr_db), .integer(stats.exact ? 1 : 0)]
            if format == .json {
                let fields = zip(columns, row).map { name, value in
                    SQLValue.jsonString(name) + ": " + (name == "exact" ? (stats.exact ? "true" : "false") : value.json)
                }
                print("{" + fields.joined(separator: ", ") + "}")
            } else {
                ResultPrinter.print(columns: columns, rows: [row], format: format)
            }
        }

        /// Operands of --operands: the layer's integers, validated by `QuantizedLayer`.
        static func load(_ path: String, shape: LayerShape, inputBits: Int, weightBits: Int) throws -> QuantizedLayer {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError.usage("--operands \(path): cannot read the file, expected a JSON object")
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let positions = object["positions"] as? Int, let inputs = object["inputs"] as? [Int],
                  let weights = object["weights"] as? [Int] else {
                throw CLIError.usage("--operands \(path): expected an object with integer \"positions\" and integer arrays \"inputs\" and \"weights\"")
            }
            guard (inputs + weights).allSatisfy({ Int(Int32.min) <= $0 && $0 <= Int(Int32.max) }) else {
                throw CLIError.usage("--operands \(path): an operand is outside the 32-bit range")
            }
            do {
                return try QuantizedLayer(groups: shape.G, C: shape.C, M: shape.M, R: shape.R, S: shape.S, positions: positions,
                                          inputBits: inputBits, weightBits: weightBits, inputs: inputs.map { Int32($0) },
                                          weights: weights.map { Int32($0) }, unsignedInputs: object["unsigned_inputs"] as? Bool ?? false)
            } catch {
                throw CLIError.usage("--operands \(path): \(error.description)")
            }
        }
    }
}
