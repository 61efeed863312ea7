import ArgumentParser
import CIMData
import CIMHardware
import CIMSearch
import CIMWorkload
import Foundation

/// `cimnas sram`: the SRAM CiM macros, an SRAM chip running ResNet50, and the SRAM experiment's search.
struct SRAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sram", abstract: "SRAM compute-in-memory macros, chips and the ResNet50 SRAM experiment.",
        subcommands: [Macros.self, Evaluate.self, Search.self])

    /// `cimnas sram macros`.
    struct Macros: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Metrics of the four published SRAM macros (defaults: each at its published operating point).")
        @Option(help: "Macro: \(SRAMMacroDesign.nameList) or a full name (\(SRAMMacroDesign.allCases.map(\.rawValue).joined(separator: ", "))) (default: all).")
        var macro: String?
        @Option(help: "Supply voltage, V.") var voltage: Double?
        @Option(name: .customLong("input-bits"), help: "Input bits.") var inputBits: Int?
        @Option(name: .customLong("weight-bits"), help: "Weight bits.") var weightBits: Int?
        @Option(help: "Technology node, nm (7–130; default: the macro's own).") var tech: Double?
        @Option(help: "Calibration: fitted (to every published point) or cimloop (CiMLoop's own laws).")
        var calibration: String = SRAMMacroCalibration.fitted.rawValue
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            guard let cal = SRAMMacroCalibration(rawValue: calibration) else {
                throw CLIError.usage("--calibration: unknown calibration '\(calibration)', expected fitted or cimloop")
            }
            let designs: [SRAMMacroDesign]
            if let macro {
                designs = [try parseMacro(macro)]
            } else {
                designs = SRAMMacroDesign.allCases
            }
            try checkTech(tech)
            if let voltage, !(0.3...1.5).contains(voltage) { throw CLIError.usage("--voltage: expected 0.3–1.5 V, got \(voltage)") }
            for (flag, bits) in [("--input-bits", inputBits), ("--weight-bits", weightBits)] {
                if let bits, !(1...16).contains(bits) { throw CLIError.usage("\(flag): expected 1–16, got \(bits)") }
            }
            var rows: [[String: Any]] = []
            for d in designs {
                var m = SRAMMacro.published(d)
                m.calibration = cal
                var p = m.referencePoint
                if let voltage { p.voltage_v = voltage }
                if let inputBits { p.inputBits = inputBits }
                if let weightBits { p.weightBits = weightBits }
                p.technology_nm = tech
                let e = m.evaluate(p)
                if m.weightsPerRow(weightBits: p.weightBits) < 1 {
                    throw CLIError("--weight-bits: \(p.weightBits)-bit weights do not fit a \(d.rawValue) row")
                }
                rows.append([
                    "macro": d.rawValue, "technology_nm": e.technology_nm, "voltage_v": p.voltage_v,
                    "input_bits": p.inputBits, "weight_bits": p.weightBits, "tops": e.tops, "tops_per_w": e.topsPerW,
                    "tops_per_mm2": e.topsPerMM2, "energy_per_mvm_j": e.energyPerMVM_pJ * 1e-12, "area_mm2": e.area_um2 * 1e-6,
                    "latency_per_mvm_s": e.latencyPerMVM_s,
                ])
            }
            let columns = ["macro", "technology_nm", "voltage_v", "input_bits", "weight_bits", "tops", "tops_per_w",
                           "tops_per_mm2", "energy_per_mvm_j", "area_mm2", "latency_per_mvm_s"]
            try printRows(rows, columns: columns, format: format)
        }
    }

    /// `cimnas sram evaluate`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "ResNet50 on an SRAM macro chip (default: the experiment's baseline), with ratios to the baseline.")
        @Option(help: "Technology node, nm (7–130). (default: 7)") var node: Double?
        @Option(help: TechnologyArgument.sramHelp) var tech: String?
        @OptionGroup var global: GlobalOptions
        @Option(help: "Supply voltage, V.") var voltage: Double = HardwareConfig.sramBaseline7nm.voltage_v
        @Option(help: "Macro rows.") var rows: Int = HardwareConfig.sramBaseline7nm.rows
        @Option(help: "Macro columns (bit lines).") var cols: Int = HardwareConfig.sramBaseline7nm.cols
        @Option(name: .customLong("adc-bits"), help: "ADC resolution, bits.") var adcBits: Int = HardwareConfig.sramBaseline7nm.adcBits
        @Option(name: .customLong("macros-per-tile"), help: "Macros per tile.") var macrosPerTile: Int = HardwareConfig.sramBaseline7nm.macrosPerTile
        @Option(help: "Tiles.") var tiles: Int = HardwareConfig.sramBaseline7nm.tilesPerChip
        @Option(name: .customLong("glb-depth"), help: "Global buffer depth, 2048-bit words.") var glbDepth: Int = HardwareConfig.sramBaseline7nm.glbDepth
        @Option(help: "Weight and activation bits of every layer (4–16).") var bits: Int = 8
        @Option(help: "Macro family: \(SRAMMacroDesign.nameList) or a full name. The baseline stays the Sinangil chip.")
        var macro = SRAMMacroDesign.sinangil.shortName
        @Flag(help: "Print every layer.") var layers = false
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let (nodeValue, technology) = try sramTechnology(tech, node: node, default: HardwareConfig.sramBaseline7nm.technology_nm,
                                                             databasePath: global.databasePath)
            let macroDesign = try parseMacro(macro)
            for (flag, v) in [("--rows", rows), ("--cols", cols), ("--adc-bits", adcBits), ("--macros-per-tile", macrosPerTile),
                              ("--tiles", tiles), ("--glb-depth", glbDepth)] where v < 1 {
                throw CLIError.usage("\(flag): expected a positive integer, got \(v)")
            }
            if cols % 4 != 0 { throw CLIError.usage("--cols: expected a multiple of 4 (4-cell CiM units), got \(cols)") }
            if !(0.3...1.5).contains(voltage) { throw CLIError.usage("--voltage: expected 0.3–1.5 V, got \(voltage)") }
            if !(4...16).contains(bits) { throw CLIError.usage("--bits: expected 4–16, got \(bits)") }
            var hw = HardwareConfig.sramBaseline7nm
            hw.technology_nm = nodeValue
            hw.voltage_v = voltage
            hw.rows = rows
            hw.cols = cols
            hw.adcBits = adcBits
            hw.macrosPerTile = macrosPerTile
            hw.tilesPerChip = tiles
            hw.glbDepth = glbDepth
            // The shared ranges (InputLimits), as a usage error naming this command's flag.
            if let problem = InputLimits.problem(hw) {
                let flags = ["rows": "--rows", "cols": "--cols", "adc_bits": "--adc-bits", "macros_per_tile": "--macros-per-tile",
                             "tiles_per_chip": "--tiles", "glb_depth": "--glb-depth", "technology_nm": "--node", "voltage_v": "--voltage"]
                throw CLIError.usage("\(flags[problem.field] ?? problem.field): \(problem.message)")
            }
            let overrides = Dictionary(uniqueKeysWithValues: ResNet50.layerNames.map { ($0, LayerBits(inputBits: bits, weightBits: bits)) })
            let design = Design(hardware: hw, network: .fixed(name: "resnet50", overrides: overrides), cellType: "sram")
            let r: SRAMExperiment.Result, base: SRAMExperiment.Result
            do {
                r = try SRAMExperiment.evaluate(design, technology: technology, macro: macroDesign)
                base = try SRAMExperiment.evaluate(SRAMExperiment.baselineDesign, technology: technology)
            } catch {
                throw CLIError("\(error)")
            }
            var out: [[String: Any]] = []
            if layers {
                for l in r.network.layers {
                    out.append(["name": l.name, "energy_j": l.energy_j, "latency_s": l.latency_s, "tops": l.tops,
                                "tops_per_w": l.topsPerW, "macros_per_copy": l.macrosPerCopy, "replicas": l.replicas,
                                "passes": l.passes, "utilization_percent": 100 * l.utilization])
                }
                try printRows(out, columns: ["name", "energy_j", "latency_s", "tops", "tops_per_w", "macros_per_copy",
                                             "replicas", "passes", "utilization_percent"], format: format)
                return
            }
            let n = r.network, b = base.network
            // The chip's row carries its gains over the baseline; accuracy compares as a difference in points.
            out.append(["design": "this", "energy_j": n.energy_j, "latency_s": n.latency_s, "area_mm2": n.area_mm2,
                        "edap_j_s_mm2": n.edap_j_s_mm2, "tops": n.tops, "tops_per_w": n.topsPerW, "tops_per_mm2": n.topsPerMM2,
                        "top1_percent": r.top1_percent, "adc_drop_points": r.adcDrop_points,
                        "edap_reduction": b.edap_j_s_mm2 / n.edap_j_s_mm2, "tops_per_w_gain": n.topsPerW / b.topsPerW,
                        "tops_per_mm2_gain": n.topsPerMM2 / b.topsPerMM2,
                        "top1_difference_points": r.top1_percent - base.top1_percent])
            out.append(["design": "baseline", "energy_j": b.energy_j, "latency_s": b.latency_s, "area_mm2": b.area_mm2,
                        "edap_j_s_mm2": b.edap_j_s_mm2, "tops": b.tops, "tops_per_w": b.topsPerW, "tops_per_mm2": b.topsPerMM2,
                        "top1_percent": base.top1_percent, "adc_drop_points": base.adcDrop_points,
                        "edap_reduction": 1.0, "tops_per_w_gain": 1.0, "tops_per_mm2_gain": 1.0, "top1_difference_points": 0.0])
            try printRows(out, columns: ["design", "energy_j", "latency_s", "area_mm2", "edap_j_s_mm2", "tops", "tops_per_w",
                                         "tops_per_mm2", "top1_percent", "adc_drop_points", "edap_reduction", "tops_per_w_gain",
                                         "tops_per_mm2_gain", "top1_difference_points"], format: format)
        }
    }

    /// `cimnas sram search`.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "GA over sram-resnet50-7nm (EDAP/accuracy, accuracy floor); reports gains over the baseline.")
        @Option(help: "Population size.") var population: Int = SRAMExperiment.defaultOptions.populationSize
        @Option(help: "Generations (counting the initial population).") var generations: Int = SRAMExperiment.defaultOptions.generations
        @Option(help: "Random seed.") var seed: UInt64 = SRAMExperiment.defaultOptions.seed
        @Option(name: .customLong("min-top1"), help: "Accuracy floor, top-1 %.") var minTop1: Double = SRAMExperiment.accuracyFloor_percent
        @Option(help: "Parallel evaluation workers.") var workers: Int = 1
        @Option(help: "Macro family: \(SRAMMacroDesign.nameList) or a full name. The baseline stays the Sinangil chip.")
        var macro = SRAMMacroDesign.sinangil.shortName
        @Option(help: TechnologyArgument.help) var tech: String?
        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table or json.") var format: SummaryFormat = .table

        func run() throws {
            // The counts of `cimnas search`, checked before anything runs.
            for (flag, v, range) in [("--population", population, SearchCommand.populationRange),
                                     ("--generations", generations, SearchCommand.generationRange),
                                     ("--workers", workers, SearchCommand.workerRange)] where !range.contains(v) {
                throw CLIError.usage("\(flag): \(v), expected \(range.lowerBound)…\(range.upperBound)")
            }
            let macroDesign = try parseMacro(macro)
            let technology = try TechnologyArgument.resolve(tech, databasePath: global.databasePath).parameters
            let out: SRAMSearchOutcome
            do {
                out = try SRAMExperiment.search(
                    technology: technology, options: GAOptions(populationSize: population, generations: generations, seed: seed),
                    constraints: SearchConstraints(minTop1_percent: minTop1), workers: workers, macro: macroDesign)
            } catch {
                throw CLIError("\(error)")
            }
            let b = out.baselineRecord, r = out.bestRecord, hw = out.best.hardware
            if format == .json {
                print(JSONOutput.render([
                    "space": SRAMExperiment.spaceName, "evaluations": out.evaluations, "seed": seed,
                    "sram_macro": macroDesign.rawValue, "baseline_macro": SRAMMacroDesign.sinangil.rawValue,
                    "best": ["design_key": out.best.canonicalKey, "feasible": out.feasible,
                             "metrics": SearchReport.metrics(r, objective: nil)] as [String: Any],
                    "baseline": ["design_key": SRAMExperiment.baselineDesign.canonicalKey,
                                 "metrics": SearchReport.metrics(b, objective: nil)] as [String: Any],
                    "ratios": SearchReport.ratios(out.ratios),
                ] as [String: Any]))
                return
            }
            print("space       \(SRAMExperiment.spaceName) (\(out.evaluations) evaluations, seed \(seed)), \(macroDesign.shortName) macros; baseline: Sinangil chip for every macro")
            print(String(format: "baseline    EDAP %.4e J·s·mm²  TOPS/W %.2f  TOPS/mm² %.3f  top-1 %.2f %%", b.edap_j_s_mm2, b.topsPerW, b.topsPerMM2, b.top1_percent))
            print(String(format: "best        EDAP %.4e J·s·mm²  TOPS/W %.2f  TOPS/mm² %.3f  top-1 %.2f %%%@", r.edap_j_s_mm2, r.topsPerW, r.topsPerMM2, r.top1_percent, out.feasible ? "" : "  (infeasible)"))
            print(String(format: "gains       EDAP reduction %.1f×  TOPS/W %.2f×  TOPS/mm² %.2f×", out.ratios.edapReduction, out.ratios.topsPerW, out.ratios.topsPerMM2))
            print("hardware    \(hw.rows)×\(hw.cols), ADC \(hw.adcBits) b, \(hw.voltage_v) V, \(hw.macrosPerTile) macros × \(hw.routerGroup * hw.tilesPerChip) tiles, glb depth \(hw.glbDepth), \(hw.technology_nm) nm")
            if case .fixed(_, let overrides) = out.best.network {
                let layers = ResNet50.layerNames
                let w = layers.map { String(overrides[$0]?.weightBits ?? 8) }.joined(separator: " ")
                let a = layers.map { String(overrides[$0]?.inputBits ?? 8) }.joined(separator: " ")
                print("weight bits \(w)")
                print("act bits    \(a)")
            }
        }
    }
}

extension SRAMCommand {
    /// Prints an SRAM chip's network cost (`cimnas evaluate` on a design whose cell type is `sram`).
    static func printNetwork(_ layers: [LayerWorkload], hardware: HardwareConfig, technology: TechnologyParameters,
                             perLayer: Bool, format: OutputFormat) throws {
        guard TechnologyScaling.supportedRange_nm.contains(hardware.technology_nm) else {
            throw CLIError.usage("--node: \(hardware.technology_nm), expected 7–130 nm for SRAM macros")
        }
        let chip = SRAMChipModel(chip: SRAMChip(hardware: hardware), technology: technology)
        let cost: SRAMNetworkCost
        do { cost = try chip.evaluate(network: layers) } catch { throw CLIError("\(error)") }
        if perLayer {
            let rows: [[String: Any]] = cost.layers.map { l in
                ["name": l.name, "energy_j": l.energy_j, "latency_s": l.latency_s, "tops": l.tops, "tops_per_w": l.topsPerW,
                 "passes": l.passes, "replicas": l.replicas, "utilization_percent": 100 * l.utilization]
            }
            try printRows(rows, columns: ["name", "energy_j", "latency_s", "tops", "tops_per_w", "passes", "replicas", "utilization_percent"],
                          format: format)
            return
        }
        let row: [String: Any] = ["cell": "sram", "technology_nm": hardware.technology_nm, "energy_j": cost.energy_j,
                                  "latency_s": cost.latency_s, "area_mm2": cost.area_mm2, "edap_j_s_mm2": cost.edap_j_s_mm2,
                                  "tops": cost.tops, "tops_per_w": cost.topsPerW, "tops_per_mm2": cost.topsPerMM2]
        try printRows([row], columns: ["cell", "technology_nm", "energy_j", "latency_s", "area_mm2", "edap_j_s_mm2", "tops",
                                       "tops_per_w", "tops_per_mm2"], format: format)
    }
}

/// `--tech` of `sram evaluate`: a technology (files and/or stored tables), or a plain number, the node
/// (the old spelling of `--node`). Returns the node and the composed technology's parameters.
private func sramTechnology(_ tech: String?, node: Double?, default defaultNode: Double,
                            databasePath: String) throws -> (node: Double, technology: TechnologyParameters) {
    var nodeValue = node ?? defaultNode
    var spec = tech
    if let tech, let n = Double(tech) {
        if node != nil { throw CLIError.usage("--tech: \(tech) is a node, and --node is given too; expected one of them") }
        try checkTech(n)
        nodeValue = n
        spec = nil
    }
    if !TechnologyScaling.supportedRange_nm.contains(nodeValue) {
        throw CLIError.usage("--node: expected a node in 7–130 nm, got \(nodeValue)")
    }
    return (nodeValue, try TechnologyArgument.resolve(spec, databasePath: databasePath).parameters)
}

/// The macro family `--macro` names (short or full name).
func parseMacro(_ name: String) throws -> SRAMMacroDesign {
    guard let d = SRAMMacroDesign(name: name) else {
        throw CLIError.usage("--macro: unknown macro '\(name)', expected \(SRAMMacroDesign.nameList) or a full name (\(SRAMMacroDesign.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return d
}

private func checkTech(_ tech: Double?) throws {
    if let tech, !TechnologyScaling.supportedRange_nm.contains(tech) {
        throw CLIError.usage("--tech: expected a node in 7–130 nm, got \(tech)")
    }
}

/// Prints rows as an aligned table, CSV or JSON.
func printRows(_ rows: [[String: Any]], columns: [String], format: OutputFormat) throws {
    func text(_ v: Any?) -> String {
        switch v {
        case let d as Double: return d == d.rounded() && abs(d) < 1e6 ? String(format: "%.0f", d) : String(format: "%.4g", d)
        case let i as Int: return String(i)
        case let s as String: return s
        default: return ""
        }
    }
    switch format {
    case .json:
        print(JSONOutput.render(rows.map { r in JSONOutput.Object(pairs: columns.map { ($0, r[$0] ?? NSNull()) }) }))
    case .csv:
        print(columns.joined(separator: ","))
        for r in rows { print(columns.map { text(r[$0]) }.joined(separator: ",")) }
    case .table:
        let cells = [columns] + rows.map { r in columns.map { text(r[$0]) } }
        let widths = columns.indices.map { i in cells.map { $0[i].count }.max() ?? 0 }
        for row in cells {
            print(row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}
