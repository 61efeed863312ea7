import ArgumentParser
import CIMData
import CIMHardware
import CIMWorkload
import DesignDB
import Foundation

/// `cimnas evaluate`: energy, latency, area and throughput of one layer or a whole design on one chip.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a layer or a design with the CiMLoop-faithful cost model.",
        discussion: """
        One layer: --hw V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH --layer G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1 \
        --input-bits 8 --weight-bits 8 (P and Q are output sizes). A whole network: --cimnas-key KEY or --design FILE \
        (--hw then overrides the design's hardware), or --network FILE.csv (columns \
        name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits) on --hw or the CIMNAS default chip. Layers without a legal mapping are reported as infeasible \
        with the reason (exit 0). Results go through the layer_eval cache of --db (keyed by chip, layer shape, bits, \
        histograms and model version; hits are reported on stderr and in the output); --no-cache skips it. \
        Model version: \(CostModel.version).
        """)

    @Option(help: "Hardware in the CIMNAS order: V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH.")
    var hw: String?
    @Option(help: "One layer: G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1 (optional kind=conv|pointwise|depthwise|linear).")
    var layer: String?
    @Option(name: .customLong("input-bits"), help: "Input (activation) bits of --layer.")
    var inputBits: Int = 8
    @Option(name: .customLong("weight-bits"), help: "Weight bits of --layer.")
    var weightBits: Int = 8
    @Option(name: .customLong("input-histogram"), help: "Input value histogram of --layer: 2^k − 1 comma-separated bins (default: CiMLoop's).")
    var inputHistogram: String?
    @Option(name: .customLong("weight-histogram"), help: "Weight value histogram of --layer: 2^k − 1 comma-separated bins (default: CiMLoop's).")
    var weightHistogram: String?
    @OptionGroup var source: DesignOptions
    @Option(name: [.customLong("network"), .customLong("workload")],
            help: "A network from a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits), on --hw or the CIMNAS default chip; the same flag and reader as precompute and search --network (--workload is the old name).")
    var workload: String?
    @Option(help: TechnologyArgument.help)
    var tech: String?
    @Option(name: .customLong("node"), help: "Technology node, nm (default 32).")
    var node: Double?
    @Option(name: .customLong("adc-bits"), help: "ADC resolution, bits (default 8).")
    var adcBits: Int?
    @Option(name: .customLong("adc-model"), help: "ADC estimator: neurosim (CIMNAS) or survey (stock CiMLoop).")
    var adcModel: String?
    @Option(name: .customLong("read-pulse-width"), help: "RRAM read pulse width, seconds (default 1e-8).")
    var readPulseWidth: Double?
    @Flag(name: .customLong("stock-voltage-scaling"), help: "Stock CiMLoop voltage scaling of latency and ADC energy.")
    var stockVoltageScaling = false
    @Option(help: "Reproduce the original's quirks: default or cimnas (stride 1 for input traffic, bits swapped).")
    var compat: CompatMode = .default
    @Flag(name: .customLong("per-layer"), help: "Print every layer of a network.")
    var perLayer = false
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("no-cache"), help: "Skip the layer_eval cache in --db (neither read nor written).")
    var noCache = false

    func validate() throws {
        try TechnologyArgument.validate(tech)
        if workload != nil && (layer != nil || source.isGiven) {
            throw ValidationError("give one of --network (--workload), --layer or a design (--cimnas-key/--design)")
        }
        if layer != nil && source.isGiven {
            throw ValidationError("give either --layer or a design (--cimnas-key/--design), not both")
        }
        if layer == nil && !source.isGiven && workload == nil {
            throw ValidationError("nothing to evaluate, expected --layer (with --hw), --cimnas-key/--design or --network FILE.csv")
        }
        if layer == nil && (inputHistogram != nil || weightHistogram != nil) {
            throw ValidationError("--input-histogram/--weight-histogram apply to --layer only")
        }
        if layer != nil && hw == nil { throw ValidationError("--layer needs --hw V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH") }
    }

    func run() throws {
        var hardware: HardwareConfig
        let layers: [LayerWorkload]
        let isNetwork: Bool
        var designForAccuracy: Design?
        if let layerText = layer {
            hardware = try EvaluationArguments.hardware(hw!)
            var parsed = try EvaluationArguments.layer(layerText, inputBits: inputBits, weightBits: weightBits)
            parsed.inputHistogram = try inputHistogram.map { try EvaluationArguments.histogram($0, flag: "--input-histogram") }
            parsed.weightHistogram = try weightHistogram.map { try EvaluationArguments.histogram($0, flag: "--weight-histogram") }
            layers = [compat.hardwareView(of: parsed)]
            isNetwork = false
        } else if let workload {
            hardware = try hw.map(EvaluationArguments.hardware) ?? .cimnasDefault
            let text: String
            do { text = try String(contentsOfFile: workload, encoding: .utf8) } catch {
                throw CLIError("--network/--workload \(workload): \(CSVError.unreadableReason(workload)), expected a workload CSV")
            }
            do { layers = compat.hardwareView(of: try WorkloadTable.parse(text, file: workload)) } catch {
                throw CLIError(error.description)
            }
            isNetwork = true
        } else {
            let design = try source.load()
            hardware = try hw.map(EvaluationArguments.hardware) ?? design.hardware
            do { layers = try design.hardwareLayers(mode: compat) } catch { throw CLIError(error.description) }
            isNetwork = true
            designForAccuracy = design
            if design.cellType == "sram" {
                // SRAM CiM macro chips have their own model (`SRAMChipModel`); --node moves them across 7–130 nm.
                try applyKnobs(to: &hardware)
                try SRAMCommand.printNetwork(layers, hardware: hardware, technology: try technology().parameters,
                                             perLayer: perLayer, format: format)
                return
            }
        }
        try applyKnobs(to: &hardware)
        let technology = try technology()
        let model = CostModel(components: ComponentModel(technology: technology.parameters))
        // Chips the model rejects have no cache rows (their knobs would not pass the hw_config checks).
        let report: EvaluationReport
        if noCache || model.components.invalidKnob(hardware) != nil {
            let cost = model.evaluate(network: layers, on: hardware, options: compat.evaluationOptions)
            report = EvaluationReport(fresh: cost, of: layers, isNetwork: isNetwork, cache: .off)
        } else {
            report = try evaluateThroughCache(layers, hardware: hardware, model: model, technologyTag: technology.cacheTag,
                                              isNetwork: isNetwork)
        }
        var printed = report
        if let design = designForAccuracy, compat == .default {
            // Both accuracies when the predictor knows the network, on this chip and the technology's cell.
            printed.accuracy = try DesignAccuracy.of(design, hardware: hardware, device: technology.parameters.device)
        }
        print(printed.render(format, perLayer: perLayer))
    }

    func applyKnobs(to hardware: inout HardwareConfig) throws {
        if let node {
            let range = TechnologyScaling.supportedRange_nm
            guard node.isFinite, range.contains(node) else {
                throw CLIError.usage("--node: \(node), expected \(Int(range.lowerBound))–\(Int(range.upperBound)) nm")
            }
            hardware.technology_nm = node
        }
        if let adcBits {
            if let problem = InputLimits.problem(bits: adcBits, field: "adc_bits") { throw CLIError.usage("--adc-bits: \(problem.message)") }
            hardware.adcBits = adcBits
        }
        if let adcModel {
            guard let m = ADCModel(rawValue: adcModel) else {
                throw CLIError.usage("--adc-model: '\(adcModel)', expected neurosim or survey")
            }
            hardware.adcModel = m
        }
        if let readPulseWidth { hardware.readPulseWidth_s = readPulseWidth }
        if stockVoltageScaling { hardware.stockVoltageScaling = true }
        // The knobs together, in the shared ranges (a --read-pulse-width of 1 s, a design's 500 nm).
        try EvaluationArguments.checkLimits(hardware, flag: "hardware (--hw, --node, --adc-bits, --read-pulse-width)")
    }

    /// The shipped tables with the `--tech` items laid over them.
    func technology() throws -> ComposedTechnology {
        try TechnologyArgument.resolve(tech, databasePath: global.databasePath)
    }
}
