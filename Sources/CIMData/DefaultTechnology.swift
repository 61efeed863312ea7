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
                throw CSVError(file: f, line: 0, column: 0, message: "embedded technology table missing, expected it in EmbeddedFiles (run `make embed`)")
            }
            out += try TechnologyCSV.parse(text: text, file: f)
        }
        return out
    }

    /// The default 32 nm technology parameters.
    /// - Throws: `CSVError`; a model-level problem reads `FILE:LINE:1: technology entry component.parameter: …`.
    public static func parameters() throws -> TechnologyParameters {
        try build(defaultTables())
    }

    /// Technology parameters from parsed CSV tables; entries from all tables are combined.
    ///
    /// `baseTables` may be overridden: a row of `tables` with the same (component, parameter) as a base row
    /// replaces it. Within `tables` (and within the base) each pair must appear once. A `TechnologyError`
    /// tied to one row is reported as `FILE:LINE:1: technology entry …`.
    public static func build(_ tables: [CSVTable], over baseTables: [CSVTable] = []) throws -> TechnologyParameters {
        var entries: [TechnologyEntry] = []
        var index: [String: Int] = [:]
        var origin: [String: (file: String, line: Int)] = [:]
        for (isBase, list) in [(true, baseTables), (false, tables)] {
            var seenHere: Set<String> = []
            for table in list {
                let parsed = try TechnologyCSV.parse(table)
                for (row, entry) in zip(table.rows, parsed) {
                    let key = entry.component + "\u{0}" + entry.parameter
                    if !seenHere.insert(key).inserted, let first = origin[key] {
                        throw CSVError(file: table.file, line: row.line, column: 1,
                                       message: "duplicate (\(entry.component), \(entry.parameter)), expected each pair once (first in \(first.file):\(first.line))")
                    }
                    origin[key] = (table.file, row.line)
                    if !isBase, let i = index[key] {
                        entries[i] = entry
                    } else {
                        index[key] = entries.count
                        entries.append(entry)
                    }
                }
            }
        }
        do {
            return try TechnologyParameters(entries: entries)
        } catch let error as TechnologyError {
            if let at = origin[error.component + "\u{0}" + error.parameter] {
                throw CSVError(file: at.file, line: at.line, column: 1, message: error.description)
            }
            // A missing entry: point at the first row of the same component, else the first file's header.
            let sameComponent = entries.first { $0.component == error.component }
                .flatMap { origin[$0.component + "\u{0}" + $0.parameter] }
            let at = sameComponent ?? ((tables.first ?? baseTables.first)?.file ?? "technology", 1)
            throw CSVError(file: at.file, line: at.line, column: 1, message: error.description)
        }
    }

    /// The embedded default tables, parsed.
    public static func defaultTables() throws -> [CSVTable] {
        try files.map { f in
            guard let text = EmbeddedFiles.text(f) else {
                throw CSVError(file: f, line: 0, column: 0, message: "embedded technology table missing, expected it in EmbeddedFiles (run `make embed`)")
            }
            return try CSVReader.parse(text: text, file: f)
        }
    }

    /// Technology parameters from CSV files on disk (e.g. `--tech a.csv,b.csv`).
    ///
    /// With `overridingDefault` (the default) the files only need the rows they change: they are laid over
    /// the shipped 32 nm tables. Without it the files must hold a complete technology.
    public static func load(paths: [String], overridingDefault: Bool = true) throws -> TechnologyParameters {
        let user = try paths.map { try CSVReader.read(path: $0) }
        return try build(user, over: overridingDefault ? defaultTables() : [])
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
