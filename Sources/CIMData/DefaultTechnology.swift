import CIMHardware

/// The shipped technology (datasets/tech/*.csv, embedded in the binary) and loading of user tables.
public enum DefaultTechnology {
    /// Embedded tables that together make the default 32 nm technology.
    public static let files = [
        "datasets/tech/neurosim_32nm.csv",
        "datasets/tech/cacti_32nm.csv",
        "datasets/tech/router_adc_32nm.csv",
    ]

    /// Rows of the embedded default tables.
    /// - Throws: `CSVError` (`FILE:LINE:COLUMN: …`) if an embedded table is missing or malformed.
    public static func entries() throws -> [TechnologyEntry] {
        var out: [TechnologyEntry] = []
        for f in files {
            guard let text = EmbeddedFiles.text(f) else {
                throw CSVError(file: f, line: 1, column: 1, message: "embedded technology table missing, expected it in EmbeddedFiles (run `make embed`)")
            }
            out += try TechnologyCSV.parse(text: text, file: f)
        }
        return out
    }

    /// The default 32 nm technology parameters.
    /// - Throws: `CSVError` or `TechnologyError` (with the file and line of the offending row when it has one).
    public static func parameters() throws -> TechnologyParameters {
        var tables: [CSVTable] = []
        for f in files {
            guard let text = EmbeddedFiles.text(f) else {
                throw CSVError(file: f, line: 1, column: 1, message: "embedded technology table missing, expected it in EmbeddedFiles (run `make embed`)")
            }
            tables.append(try CSVReader.parse(text: text, file: f))
        }
        return try build(tables)
    }

    /// Technology parameters from parsed CSV tables; entries from all tables are combined.
    ///
    /// A `TechnologyError` tied to one row is reported as `FILE:LINE:1: technology entry …`.
    public static func build(_ tables: [CSVTable]) throws -> TechnologyParameters {
        var entries: [TechnologyEntry] = []
        var origin: [String: (file: String, line: Int)] = [:]
        for table in tables {
            let file = table.file
            let parsed = try TechnologyCSV.parse(table)
            for (row, entry) in zip(table.rows, parsed) {
                let key = entry.component + "\u{0}" + entry.parameter
                if let first = origin[key] {
                    throw CSVError(file: file, line: row.line, column: 1,
                                   message: "duplicate (\(entry.component), \(entry.parameter)), expected each pair once (first in \(first.file):\(first.line))")
                }
                origin[key] = (file, row.line)
            }
            entries += parsed
        }
        do {
            return try TechnologyParameters(entries: entries)
        } catch {
            if let at = origin[error.component + "\u{0}" + error.parameter] {
                throw CSVError(file: at.file, line: at.line, column: 1, message: error.description)
            }
            // A missing entry: point at the first row of the same component, else the first file's header.
            let sameComponent = entries.firstIndex { $0.component == error.component }
                .flatMap { origin[entries[$0].component + "\u{0}" + entries[$0].parameter] }
            let at = sameComponent ?? (tables.first?.file ?? "technology", 1)
            throw CSVError(file: at.file, line: at.line, column: 1, message: error.description)
        }
    }

    /// Technology parameters from CSV files on disk (e.g. `--tech a.csv,b.csv`).
    public static func load(paths: [String]) throws -> TechnologyParameters {
        try build(paths.map { try CSVReader.read(path: $0) })
    }
}

extension TechnologyParameters {
    /// The shipped 32 nm technology (rram_neurosim_default cell, NeuroSim periphery, CACTI 32 nm, ISAAC router).
    public static func default32nm() throws -> TechnologyParameters { try DefaultTechnology.parameters() }
}

extension ComponentModel {
    /// The component model on the shipped 32 nm technology.
    public static func default32nm() throws -> ComponentModel {
        ComponentModel(technology: try DefaultTechnology.parameters())
    }
}
