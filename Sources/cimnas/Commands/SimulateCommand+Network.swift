import ArgumentParser
import CIMData
import CIMFunctional
import CIMHardware
import CIMWorkload
import DesignDB
import Foundation

extension SimulateCommand {
    /// `cimnas simulate network`: the error model for every layer of a design on its chip.
    struct Network: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-layer SQNR, relative RMS error and adc_bits_needed of a design on its chip (error model).",
            discussion: """
            Every layer of the design (--cimnas-key or --design) is tiled as the cost model maps it on the design's \
            chip (or --hw) and evaluated with the closed-form error model of docs/functional-simulation.md, with the \
            layer's value histograms (CiMLoop's defaults). lossy = 1 when the ADC has fewer bits than adc_bits_needed.
            """)

        @OptionGroup var source: DesignOptions
        @Option(help: "Hardware in the CIMNAS order, overriding the design's: V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH.")
        var hw: String?
        @Option(name: .customLong("adc-bits"), help: "ADC resolution, bits (default: the design's, 8).")
        var adcBits: Int?
        @Option(help: "Memory device by name (default rram_neurosim).")
        var device: String = DeviceCatalogue.defaultName
        @Option(help: "Device-to-device relative σ, overriding the device's.")
        var variation: Double?
        @Option(help: "Output format: table, csv or json.")
        var format: OutputFormat = .table
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if (source.cimnasKey == nil) == (source.design == nil) {
                throw ValidationError("give exactly one of --cimnas-key or --design")
            }
        }

        func run() throws {
            let design = try source.load()
            var hardware = try hw.map(EvaluationArguments.hardware) ?? design.hardware
            if let adcBits { hardware.adcBits = adcBits }
            let layers: [LayerWorkload]
            do { layers = try design.hardwareLayers(mode: .default) } catch { throw CLIError(error.description) }
            let chosen = try SimulateCommand.device(named: device, variation: variation)
            let chip = FunctionalChip(hardware: hardware, device: chosen)
            var rows: [[SQLValue]] = []
            for layer in layers {
                if let problem = chip.problem(inputBits: layer.inputBits, weightBits: layer.weightBits) {
                    throw CLIError.usage("simulate network: layer \(layer.name): \(problem)")
                }
                let s = layer.shape, row = SpatialMapping.allocate(s, weightBits: layer.weightBits, on: hardware).row
                let arrays = ceilDivide(s.C, row.C) * ceilDivide(s.R, row.R) * ceilDivide(s.S, row.S)
                let e: LayerErrorModel.Estimate
                do { e = try LayerErrorModel(chip: chip).estimate(layer, on: hardware) } catch {
                    throw CLIError("layer \(layer.name): \(error.description)")
                }
                rows.append([.text(layer.name), .text(s.kind.rawValue), .integer(Int64(layer.inputBits)), .integer(Int64(layer.weightBits)),
                             .integer(Int64(row.C * row.R * row.S)), .integer(Int64(arrays)), .integer(Int64(chip.adcBits)),
                             .integer(Int64(e.adcBitsNeeded)), .integer(chip.adcBits < e.adcBitsNeeded ? 1 : 0),
                             e.sqnr_db.isFinite ? .real(e.sqnr_db) : .null, .real(e.relativeRMSError)])
            }
            ResultPrinter.print(columns: ["layer", "kind", "input_bits", "weight_bits", "rows_per_array", "arrays", "adc_bits",
                                          "adc_bits_needed", "lossy", "sqnr_db", "relative_rms_error"], rows: rows, format: format)
        }

        private func ceilDivide(_ a: Int, _ b: Int) -> Int { (a + max(1, b) - 1) / max(1, b) }
    }
}
