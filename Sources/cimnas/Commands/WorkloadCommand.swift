import ArgumentParser
import CIMData
import CIMHardware
import CIMWorkload
import DesignDB
import Foundation

/// `cimnas workload`: the layers a network or design evaluates.
struct WorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload", abstract: "Show the layer tables of networks and designs.",
        subcommands: [Show.self, List.self, Import.self])

    /// `cimnas workload list`: the networks known by name.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the networks known by name.")
        @Option(help: "Output format: table (one name a line), csv or json.")
        var format: OutputFormat = .table

        func run() throws {
            if format == .table {
                for name in Workloads.networkNames { print(name) }
                return
            }
            ResultPrinter.print(columns: ["name"], rows: Workloads.networkNames.map { [.text($0)] }, format: format)
        }
    }

    /// `cimnas workload show`: one network's layers with MACs and totals.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a network's layer table with MACs and totals.",
            discussion: """
            Give a network name (resnet50, resnet18, any datasets/workloads/NAME.csv) or the path of a workload \
            CSV of your own (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits), an original CIMNAS \
            key with --cimnas-key, or a design JSON file with --design (see docs/user-guide.md, "Design JSON"). \
            Designs also print the crossbar capacity check.
            """)

        @Argument(help: "Network name (see `cimnas workload list`) or a workload CSV file (PATH.csv).")
        var name: String?
        @OptionGroup var source: DesignOptions
        @Option(help: "Reproduce the original's quirks: default or cimnas.")
        var compat: CompatMode = .default
        @Option(help: "Output format: table, csv or json.")
        var format: OutputFormat = .table

        func validate() throws {
            let given = [name != nil, source.cimnasKey != nil, source.design != nil].filter { $0 }.count
            if given != 1 { throw ValidationError("give exactly one of NAME, --cimnas-key or --design") }
        }

        func run() throws {
            var hardware: HardwareConfig?
            let layers: [LayerWorkload]
            var dilations: [Int]? = nil
            let title: String
            if source.isGiven {
                let design = try source.load()
                hardware = design.hardware
                layers = try workloadLayers(design)
                title = source.cimnasKey.map { "mobilenetv2 subnet of \($0)" } ?? "\(design.network.name) (\(source.design!))"
            } else if let name, name.hasSuffix(".csv") || name.contains("/") {
                // A workload CSV of one's own (the format of datasets/workloads/*.csv), as `evaluate --workload` reads it.
                let text: String
                do { text = try String(contentsOfFile: name, encoding: .utf8) } catch {
                    throw CLIError("\(name): \(CSVError.unreadableReason(name)), expected a workload CSV (name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits)")
                }
                // The dilation column is shown here; the cost-model paths (evaluate, search) refuse dilation above 1.
                let rows: [WorkloadTable.Row]
                do { rows = try WorkloadTable.rows(text, file: name) } catch { throw CLIError(error.description) }
                layers = rows.map(\.layer)
                if rows.contains(where: { $0.dilation != 1 }) { dilations = rows.map(\.dilation) }
                title = name
            } else {
                do { layers = try Workloads.layers(network: name!) } catch {
                    let text = error.description
                    throw CLIError(text.hasPrefix("unknown network") ? text + ", or a workload CSV file (PATH.csv)" : text)
                }
                title = name!
            }
            print(render(layers, title: title, hardware: hardware, dilations: dilations))
        }

        func workloadLayers(_ design: Design) throws -> [LayerWorkload] {
            do { return try Workloads.layers(for: design, mode: compat) } catch { throw CLIError(error.description) }
        }

        func render(_ layers: [LayerWorkload], title: String, hardware: HardwareConfig?, dilations: [Int]? = nil) -> String {
            let totalMACs = layers.reduce(0) { $0 + $1.shape.macs }
            let capacity = hardware.map { CapacityCheck.check(layers, on: $0, mode: compat) }
            let header = WorkloadTable.columns + ["macs"] + (dilations == nil ? [] : [WorkloadTable.dilationColumn])
            let rows: [[String]] = layers.enumerated().map { i, l in
                let s = l.shape
                return [l.name, s.kind.rawValue, "\(s.G)", "\(s.C)", "\(s.M)", "\(s.R)", "\(s.S)", "\(s.P)", "\(s.Q)",
                        "\(s.N)", "\(s.stride)", "\(l.inputBits)", "\(l.weightBits)", "\(s.macs)"] + (dilations.map { ["\($0[i])"] } ?? [])
            }
            switch format {
            case .csv:
                return ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n")
            case .json:
                var object: [String: Any] = [
                    "network": title, "compat": compat.rawValue, "layer_count": layers.count, "macs": totalMACs,
                    "layers": rows.map { row in
                        JSONOutput.Object(pairs: zip(header, row).map { k, v in (k, Int(v).map { $0 as Any } ?? v as Any) })
                    },
                ]
                if let capacity {
                    object["capacity"] = ["formula": capacity.formula.rawValue, "required_cells": capacity.requiredCells,
                                          "available_cells": capacity.availableCells, "fits": capacity.fits,
                                          "failing_layer": capacity.firstFailingLayer?.name ?? NSNull()] as [String: Any]
                }
                return JSONOutput.render(object)
            case .table:
                let all = [header] + rows
                let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
                func line(_ r: [String]) -> String {
                    r.enumerated().map { c, v in c < 2 ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[c] - v.count) + v }.joined(separator: "  ")
                }
                var out = ["\(title)", line(header)] + rows.map(line)
                out.append("total  \(layers.count) layers  \(totalMACs) MACs (\(String(format: "%.1f", Double(totalMACs) / 1e6)) M)")
                if let capacity { out.append("capacity (\(capacity.formula.rawValue) formula)  " + capacity.summary) }
                return out.joined(separator: "\n")
            }
        }
    }
}
