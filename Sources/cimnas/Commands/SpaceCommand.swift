import ArgumentParser
import CIMWorkload
import DesignDB
import Foundation

/// `cimnas space`: the search spaces the binary carries.
struct SpaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "space", abstract: "List, show, check and start search spaces (built in: datasets/spaces/*.json; or your FILE.json).",
        subcommands: [List.self, Show.self, Validate.self, Init.self])

    /// `cimnas space list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in search spaces with their sizes.")
        @Option(help: "Output format: table, csv or json.")
        var format: OutputFormat = .table

        func run() throws {
            let spaces = try SearchSpace.builtInNames.map { try loadSpace($0) }
            if format == .table {
                for space in spaces {
                    print("\(space.name.padding(toLength: 26, withPad: " ", startingAt: 0))  \(space.knobs.count) knobs  \(space.sizeDescription)")
                }
                return
            }
            // Sizes up to 10^88 do not fit an integer: machine formats carry log10 of the point count.
            ResultPrinter.print(columns: ["name", "network", "knobs", "log10_points", "points"], rows: spaces.map {
                [.text($0.name), .text($0.network), .integer(Int64($0.knobs.count)), .real($0.log10Size), .text($0.sizeDescription)]
            }, format: format)
        }
    }

    /// `cimnas space show NAME|FILE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every knob of a space and its total size.")
        @Argument(help: "Space name (see `cimnas space list`) or a space FILE.json.")
        var name: String?
        @Option(help: "A space FILE.json (the same as giving it as the argument).")
        var space: String?
        @Option(help: "Output format: table, csv or json.")
        var format: OutputFormat = .table

        func validate() throws {
            if (name == nil) == (space == nil) { throw ValidationError("expected a space NAME or FILE.json, or --space FILE.json (one of them)") }
        }

        func run() throws {
            let space = try loadSpace(name ?? self.space!)
            switch format {
            case .table:
                print("\(space.name): \(space.description)")
                print("network \(space.network)")
                let width = space.knobs.map(\.name.count).max() ?? 0
                for (i, knob) in space.knobs.enumerated() {
                    let index = String(repeating: " ", count: 3 - min(3, "\(i)".count)) + "\(i)"
                    let count = String(repeating: " ", count: 2 - min(2, "\(knob.values.count)".count)) + "\(knob.values.count)"
                    print("\(index)  \(knob.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(count)  \(knob.values.map(\.description).joined(separator: " "))")
                }
                print("total size \(space.sizeDescription) (\(space.knobs.count) knobs, log10 \(String(format: "%.4f", space.log10Size)))")
            case .csv:
                print("index,name,count,values")
                for (i, knob) in space.knobs.enumerated() {
                    print("\(i),\(knob.name),\(knob.values.count),\(knob.values.map(\.description).joined(separator: " "))")
                }
            case .json:
                let object: [String: Any] = [
                    "name": space.name, "network": space.network, "size": space.sizeDescription, "log10_size": space.log10Size,
                    "knobs": space.knobs.map { ["name": $0.name, "values": $0.values.map(\.description)] as [String: Any] },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

extension SpaceCommand {
    /// `cimnas space validate FILE`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a space file: fields, knob names, types and values, with FILE:LINE:COLUMN of the first problem.",
            discussion: "Prints the space's name, network, knob count, size and SHA-256 (what runs and precompute jobs record) when it is valid.")
        @Argument(help: "A space FILE.json (or a built-in name).")
        var file: String

        func run() throws {
            let space = try loadSpace(file)
            let points = space.log10Size < 15 ? "\(Int(pow(10, space.log10Size).rounded()))" : space.sizeDescription
            print("\(file): valid space \(space.name), network \(space.network), \(space.knobs.count) knobs, \(points) points, sha256 \(space.sha256)")
        }
    }

    /// `cimnas space init --from NAME`.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a built-in space file as a starting point for your own (edit it, then use --space FILE.json).")
        @Option(help: "Built-in space to start from (see `cimnas space list`).")
        var from: String

        func run() throws {
            guard let text = SearchSpace.builtInText(from) else {
                throw CLIError.usage("--from: unknown search space '\(from)', expected one of \(SearchSpace.builtInNames.joined(separator: ", "))")
            }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

private func loadSpace(_ name: String) throws -> SearchSpace {
    do { return try SearchSpace.load(name) } catch { throw CLIError(error.description) }
}
