import ArgumentParser
import CIMData
import CIMHardware
import CIMWorkload
import Foundation

/// `cimnas evaluate`: energy, latency, area and throughput of one layer or a whole design on one chip.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a layer or a design with the CiMLoop-faithful cost model.",
        discussion: """
        One layer: --hw V,BPC,BASE_LATENCY,ROWS,COLS,SRG,TIC,MIT,GLB_DEPTH --layer G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1 \
        --input-bits 8 --weight-bits 8 (P and Q are output sizes). A whole network: --cimnas-key KEY or --design FILE \
        (--hw then overrides the design's hardware), or --workload FILE.csv (columns \
        name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits) on --hw or the CIMNAS default chip. Layers without a legal mapping are reported as infeasible \
        with the reason (exit 0). Model version: \(CostModel.version).
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
    @Option(help: "A network from a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits), on --hw or the CIMNAS default chip.")
    var workload: String?
    @Option(help: "Technology tables: comma-separated CSV files whose rows override the shipped 32 nm tables.")
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

    func validate() throws {
        if workload != nil && (layer != nil || source.isGiven) {
            throw ValidationError("give one of --workload, --layer or a design (--cimnas-key/--design)")
        }
        if layer != nil && source.isGiven {
            throw ValidationError("give either --layer or a design (--cimnas-key/--design), not both")
        }
        if layer == nil && !source.isGiven && workload == nil {
            throw ValidationError("nothing to evaluate, expected --layer (with --hw), --cimnas-key/--design or --workload")
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
                throw CLIError("--workload \(workload): cannot read the file, expected a workload CSV")
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
        }
        try applyKnobs(to: &hardware)
        let model = CostModel(components: ComponentModel(technology: try technology()))
        let cost = model.evaluate(network: layers, on: hardware, options: compat.evaluationOptions)
        print(render(cost, isNetwork: isNetwork))
    }

    func applyKnobs(to hardware: inout HardwareConfig) throws {
        if let node {
            guard node.isFinite, node > 0 else { throw CLIError.usage("--node: \(node), expected a positive number of nm") }
            hardware.technology_nm = node
        }
        if let adcBits {
            guard (1...16).contains(adcBits) else { throw CLIError.usage("--adc-bits: \(adcBits), expected 1…16") }
            hardware.adcBits = adcBits
        }
        if let adcModel {
            guard let m = ADCModel(rawValue: adcModel) else {
                throw CLIError.usage("--adc-model: '\(adcModel)', expected neurosim or survey")
            }
            hardware.adcModel = m
        }
        if let readPulseWidth {
            guard readPulseWidth.isFinite, readPulseWidth > 0 else {
                throw CLIError.usage("--read-pulse-width: \(readPulseWidth), expected a positive number of seconds")
            }
            hardware.readPulseWidth_s = readPulseWidth
        }
        if stockVoltageScaling { hardware.stockVoltageScaling = true }
    }

    func technology() throws -> TechnologyParameters {
        do {
            if let tech {
                return try DefaultTechnology.load(paths: tech.split(separator: ",").map(String.init))
            }
            return try DefaultTechnology.parameters()
        } catch {
            throw CLIError("\(error)")
        }
    }

    func render(_ cost: NetworkCost, isNetwork: Bool) -> String {
        switch format {
        case .json:
            var object = isNetwork ? CostReport.network(cost, perLayer: perLayer)
                : CostReport.layer(cost.layers[0], area: cost.chipArea)
            object["model_version"] = CostModel.version
            return (try? CostReport.json(object)) ?? "{}"
        case .csv:
            var lines = [CostReport.csvHeader.joined(separator: ",")]
            if !isNetwork || perLayer {
                for l in cost.layers {
                    lines.append(CostReport.csvRow(
                        name: l.name, feasible: l.feasible, energy: l.energy_j, latency: l.latency_s, cycles: l.cycles,
                        macs: l.macs, area: l.area_mm2, utilization: l.utilization_percent, tops: l.tops,
                        tpw: l.tops_per_w, tpm: l.tops_per_mm2, components: l.components_j, reason: l.infeasibleReason))
                }
            }
            if isNetwork {
                lines.append(CostReport.csvRow(
                    name: "total", feasible: cost.feasible, energy: cost.energy_j, latency: cost.latency_s,
                    cycles: cost.cycles, macs: cost.macs, area: cost.area_mm2, utilization: cost.utilization_percent,
                    tops: cost.tops, tpw: cost.tops_per_w, tpm: cost.tops_per_mm2, components: cost.components_j,
                    reason: cost.infeasibleReason))
            }
            return lines.joined(separator: "\n")
        case .table:
            return table(cost, isNetwork: isNetwork)
        }
    }

    func table(_ cost: NetworkCost, isNetwork: Bool) -> String {
        let f = CostReport.format
        var out: [String] = []
        if isNetwork {
            out.append("network: \(cost.layers.count) layers, model \(CostModel.version)")
        } else {
            let l = cost.layers[0]
            let m = l.mapping
            out.append("layer: G=\(m.dims.G) C=\(m.dims.C) M=\(m.dims.M) R=\(m.dims.R) S=\(m.dims.S) P=\(m.dims.P) Q=\(m.dims.Q) N=\(m.dims.N), model \(CostModel.version)")
            if l.feasible {
                out.append("mapping: row \(m.row.summary) | column \(m.column.summary) | macro \(m.macroInTile.summary) | tile \(m.tileInChip.summary) | router group \(m.routerGroup.summary) | temporal \(DimFactors(P: m.temporal.P, Q: m.temporal.Q, N: m.temporal.N).summary)")
            }
        }
        out.append("feasible             \(cost.feasible ? "yes" : "no")")
        if let reason = isNetwork ? cost.infeasibleReason : cost.layers[0].infeasibleReason {
            out.append("infeasible_reason    \(reason)")
        }
        out.append("energy_j             \(f(cost.energy_j))")
        out.append("latency_s            \(f(cost.latency_s))")
        out.append("cycles               \(cost.cycles)")
        out.append("macs                 \(f(cost.macs))")
        out.append("area_mm2             \(f(cost.area_mm2))")
        out.append("utilization_percent  \(f(isNetwork ? cost.utilization_percent : cost.layers[0].utilization_percent))")
        out.append("tops                 \(f(cost.tops))")
        out.append("tops_per_w           \(f(cost.tops_per_w))")
        out.append("tops_per_mm2         \(f(cost.tops_per_mm2))")
        if isNetwork {
            out.append("edap_j_s_mm2         \(f(cost.edap_j_s_mm2))")
            let m = cost.cimnas
            out.append("cimnas               e=\(f(m.e)) a=\(f(m.a)) cm² l=\(f(m.l)) a_tpw=\(f(m.a_tpw)) a_tpm=\(f(m.a_tpm)) m_tpw=\(f(m.m_tpw)) m_tpm=\(f(m.m_tpm)) tp=\(f(m.tp)) u=\(f(m.u))")
        }
        out.append("")
        let energy = cost.components_j, area = cost.chipArea.components_mm2, actions = cost.componentActions
        out.append(CostReport.table(["component", "energy_j", "area_mm2", "actions"], CostComponent.allCases.map {
            [$0.rawValue, f(energy[$0]), f(area[$0]), f(actions[$0])]
        }))
        if isNetwork && perLayer {
            out.append("")
            out.append(CostReport.table(
                ["#", "name", "feasible", "energy_j", "latency_s", "cycles", "util_%", "tops_per_w", "tops_per_mm2"],
                cost.layers.enumerated().map { i, l in
                    ["\(i)", l.name, l.feasible ? "yes" : "no", f(l.energy_j), f(l.latency_s), "\(l.cycles)",
                     f(l.utilization_percent), f(l.tops_per_w), f(l.tops_per_mm2)]
                }))
        }
        return out.joined(separator: "\n")
    }
}
