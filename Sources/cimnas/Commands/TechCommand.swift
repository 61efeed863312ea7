import ArgumentParser
import CIMData
import CIMHardware
import DesignDB
import Foundation

/// `cimnas tech`: import, list, show and export versioned technology tables.
struct TechCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tech",
        abstract: "Import, list, show and export technology tables (component,parameter,value,unit[,note]).",
        subcommands: [Import.self, List.self, Show.self, Export.self, Diff.self, Vocabulary.self])

    /// Opens the database, mapping failures to one CLI line; reading commands (`mustExist`) never create it.
    static func open(_ global: GlobalOptions, mode: Database.Mode = .readWrite, mustExist: Bool = false) throws -> Database {
        if mustExist { try DatabaseAccess.requireExisting(global.databasePath) }
        return try DatabaseAccess.open(global.databasePath, mode: mode)
    }

    static func resolve(_ reference: String, in store: TechnologyStore) throws -> TechnologyVersion {
        guard let ref = TechnologyStore.parseReference(reference) else {
            throw CLIError.usage("technology '\(reference)': expected NAME or NAME@VERSION with VERSION ≥ 1")
        }
        guard let found = try store.version(name: ref.name, version: ref.version) else {
            let known = try store.list().map(\.label).joined(separator: ", ")
            throw CLIError("no technology \(reference); known: \(known.isEmpty ? "none (run cimnas tech import)" : known)")
        }
        return found
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a technology CSV as a new version (identical content is a no-op; nothing is written on error).",
            discussion: "Each row's component, parameter and unit must be one the cost models read (cimnas tech vocabulary); values are checked as --tech would use the table, laid over the shipped tables. With --defaults, imports the technology tables embedded in the binary (datasets/tech/*.csv).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "CSV file with header component,parameter,value,unit[,note].") var file: String?
        @Flag(help: "Import the embedded default tables (datasets/tech/*.csv) instead of a file.") var defaults = false
        @Option(help: "Technology name (default: the file name without .csv).") var name: String?
        @Option(name: .customLong("node-nm"), help: "Technology node in nm (default: digits before 'nm' in the name).")
        var nodeNM: Double?
        @Option(help: "Where the numbers come from (default: the file path).") var source: String?
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func validate() throws {
            if let nodeNM, !(nodeNM > 0 && nodeNM.isFinite) {
                throw ValidationError("--node-nm: expected a positive number of nanometres")
            }
            if defaults && file != nil { throw ValidationError("give FILE or --defaults, not both") }
            if !defaults && file == nil { throw ValidationError("expected a technology CSV FILE or --defaults") }
            if defaults && name != nil { throw ValidationError("--name: not allowed with --defaults (each table keeps its file name)") }
        }

        func run() throws {
            // Parse and check every table before touching the database.
            var tables: [(name: String, source: String, entries: [TechnologyEntry])] = []
            do {
                if let file {
                    let techName = name ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                    guard !techName.isEmpty, !techName.contains("@") else {
                        throw CLIError.usage("--name: '\(techName)' must not be empty or contain '@'")
                    }
                    // Vocabulary and values are checked as `--tech` would use the table (over the shipped ones);
                    // a header alone would store an empty version that overrides nothing.
                    let entries: [TechnologyEntry]
                    do { entries = try ComposedTechnology.checkedEntries(file: file) } catch let e as ComposedTechnology.Failure {
                        throw CLIError(e.message)
                    }
                    tables.append((techName, source ?? file, entries))
                } else {
                    for path in EmbeddedFiles.files.keys.sorted() where path.hasPrefix("datasets/tech/") && path.hasSuffix(".csv") {
                        let techName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                        tables.append((techName, source ?? "embedded:" + path,
                                       try TechnologyCSV.parse(text: EmbeddedFiles.text(path) ?? "", file: path)))
                    }
                    if tables.isEmpty { throw CLIError("--defaults: this binary embeds no datasets/tech/*.csv") }
                }
            } catch let error as CSVError {
                throw CLIError(error.description)
            }
            let db = try TechCommand.open(global)
            let store = TechnologyStore(db)
            let results = try db.transaction {
                try tables.map { t in
                    try store.importTable(t.entries, name: t.name,
                                          node_nm: nodeNM ?? TechnologyStore.nodeFromName(t.name), source: t.source)
                }
            }
            let rows: [[SQLValue]] = results.map { r in
                [.text(r.created ? "imported" : "unchanged"), .text(r.technology.label),
                 .integer(Int64(r.technology.parameterCount)), .text(r.technology.contentSHA256)]
            }
            ResultPrinter.print(columns: ["status", "technology", "parameters", "sha256"], rows: rows, format: format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored technology versions.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let db = try TechCommand.open(global, mustExist: true)
            let rows: [[SQLValue]] = try TechnologyStore(db).list().map { t in
                [.text(t.name), .integer(Int64(t.version)), t.node_nm.map(SQLValue.real) ?? .null,
                 .integer(Int64(t.parameterCount)), .text(t.importedAt), .text(String(t.contentSHA256.prefix(12))),
                 .text(t.source)]
            }
            ResultPrinter.print(columns: ["name", "version", "node_nm", "parameters", "imported_at", "sha256", "source"],
                                rows: rows, format: format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the parameters of NAME[@VERSION] (default: latest).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "NAME or NAME@VERSION.") var technology: String
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let db = try TechCommand.open(global, mustExist: true)
            let store = TechnologyStore(db)
            let t = try TechCommand.resolve(technology, in: store)
            if format == .table {
                print("\(t.label)  node_nm=\(t.node_nm.map { "\($0)" } ?? "-")  imported_at=\(t.importedAt)  sha256=\(t.contentSHA256)")
            }
            let rows: [[SQLValue]] = try store.entries(of: t).map {
                [.text($0.component), .text($0.parameter), .real($0.value), .text($0.unit), .text($0.note)]
            }
            ResultPrinter.print(columns: ["component", "parameter", "value", "unit", "note"], rows: rows, format: format)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write NAME[@VERSION] as CSV (to stdout or --output); importing it again is a no-op.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "NAME or NAME@VERSION.") var technology: String
        @Option(name: [.short, .long], help: "Write to this file instead of stdout.") var output: String?

        func run() throws {
            let db = try TechCommand.open(global, mustExist: true)
            let store = TechnologyStore(db)
            let text = TechnologyCSV.write(try store.entries(of: try TechCommand.resolve(technology, in: store)))
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw CLIError("--output \(output): cannot write (\(error.localizedDescription))")
                }
            } else {
                print(text, terminator: "")
            }
        }
    }
}

extension TechCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the rows in which two technologies differ (each a --tech value: files and/or NAME[@VERSION]).",
            discussion: "Both sides are composed as --tech composes them (over the shipped tables), so the rows shown are the ones a model would see differently; a value missing on one side is empty.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "First technology (--tech syntax).") var a: String
        @Argument(help: "Second technology (--tech syntax).") var b: String
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let left = try TechnologyArgument.resolve(a, databasePath: global.databasePath)
            let right = try TechnologyArgument.resolve(b, databasePath: global.databasePath)
            if format == .table {
                print("a: \(a)  sha256=\(left.sha256)\nb: \(b)  sha256=\(right.sha256)")
            }
            let rows: [[SQLValue]] = left.differences(from: right).map { d in
                [.text(d.component), .text(d.parameter), .text(d.unit), d.a.map(SQLValue.real) ?? .null, d.b.map(SQLValue.real) ?? .null]
            }
            ResultPrinter.print(columns: ["component", "parameter", "unit", "a", "b"], rows: rows, format: format)
        }
    }

    struct Vocabulary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the component, parameter and unit of every row the cost models read (what tech import accepts).",
            discussion: "A parameter NAME<number> is a family (voltage or node points): a table may add members in the family's unit.")
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let vocabulary: TechnologyVocabulary
            do { vocabulary = try TechnologyVocabulary.shipped() } catch { throw CLIError("\(error)") }
            let rows: [[SQLValue]] = vocabulary.terms.map { [.text($0.component), .text($0.parameter), .text($0.unit)] }
            ResultPrinter.print(columns: ["component", "parameter", "unit"], rows: rows, format: format)
        }
    }
}
