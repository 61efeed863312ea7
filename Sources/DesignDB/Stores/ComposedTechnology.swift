import CIMData
import CIMHardware
import Foundation

/// The technology a command runs on: the shipped tables with `--tech` items laid over them, left to right.
///
/// An item is `cimnas_32nm` (the shipped tables: no change), a CSV file (it ends in `.csv` or contains `/`)
/// or `NAME[@VERSION]` of a table imported into the database (latest version without `@`). A row of a later item replaces the row with the same
/// (component, parameter) of the shipped tables or of an earlier item; rows no earlier table has are added.
/// The result is identified by the SHA-256 of its merged canonical CSV (`sha256`): the same content reached
/// through other files or names is the same technology, with the same cache rows.
public struct ComposedTechnology: Sendable {
    /// Name under which the shipped tables are recorded in `technology` (`DefaultTechnology.files`, merged).
    public static let shippedName = "cimnas_32nm"

    /// The `--tech` items as given ("" for the shipped tables alone).
    public var spec: String
    /// `cimnas_32nm`, or `cimnas_32nm+ITEM+…` (files by their stem, stored tables as `NAME.vVERSION`).
    public var name: String
    /// Merged rows: the shipped rows in their order (values replaced), then added rows sorted by key.
    public var entries: [TechnologyEntry]
    public var parameters: TechnologyParameters
    /// SHA-256 of `TechnologyCSV.write(entries)`, as `technology.content_sha256` stores it.
    public var sha256: String

    /// Whether the content is exactly the shipped tables'.
    public var isShipped: Bool { sha256 == (try? Self.shippedTables.get().sha256) }

    /// The cache-key part of the technology: "" for the shipped tables (their results predate this type),
    /// else the first 16 hex digits of `sha256`.
    public var cacheTag: String { isShipped ? "" : String(sha256.prefix(16)) }

    /// A composition problem that is not tied to a CSV position.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The merged shipped tables and their content hash.
    public static let shippedTables: Result<(entries: [TechnologyEntry], sha256: String), any Error> = Result {
        let entries = try DefaultTechnology.entries()
        return (entries, TechnologyStore.contentHash(entries))
    }

    /// The shipped tables alone.
    public static func shipped() throws -> ComposedTechnology {
        try compose(spec: "", items: [])
    }

    /// Resolves `--tech` (comma-separated items; nil or empty: the shipped tables). `database` is opened
    /// only when an item names a stored table.
    /// - Throws: `CSVError` (`FILE:LINE:COLUMN: …`) for a file, `Failure` for a stored table or a reference.
    public static func resolve(_ spec: String?, database: () throws -> Database) throws -> ComposedTechnology {
        let items = (spec ?? "").split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if spec == nil || spec!.isEmpty { return try shipped() }
        var store: TechnologyStore?
        var loaded: [Item] = []
        for item in items {
            guard !item.isEmpty else { throw Failure("--tech: empty item in '\(spec!)', expected FILE.csv or NAME[@VERSION] separated by commas") }
            if item == shippedName {
                continue // the shipped tables are always the base
            } else if isFile(item) {
                loaded.append(try Item(file: item))
            } else {
                guard let ref = TechnologyStore.parseReference(item) else {
                    throw Failure("--tech: '\(item)' is neither a .csv file nor NAME[@VERSION] with VERSION ≥ 1")
                }
                if store == nil { store = TechnologyStore(try database()) }
                guard let found = try store!.version(name: ref.name, version: ref.version) else {
                    let known = try store!.list().map(\.label).joined(separator: ", ")
                    throw Failure("--tech: no technology \(item) in the database; known: \(known.isEmpty ? "none (run cimnas tech import)" : known)")
                }
                loaded.append(Item(label: found.label, name: "\(found.name).v\(found.version)", entries: try store!.entries(of: found)))
            }
        }
        return try compose(spec: spec!, items: loaded)
    }

    /// The rows of a table file, checked against the models' vocabulary (component, parameter, unit) and,
    /// laid over the shipped tables, against the models' value rules (`tech import`).
    /// - Throws: `CSVError` naming `FILE:LINE:COLUMN` and the valid names, or `Failure`.
    public static func checkedEntries(file: String) throws -> [TechnologyEntry] {
        let item = try Item(file: file)
        _ = try compose(spec: file, items: [item])
        return item.entries
    }

    /// Rows that differ between two technologies: (component, parameter, unit, value in self, value in other);
    /// a row only one side has has nil on the other.
    public func differences(from other: ComposedTechnology) -> [(component: String, parameter: String, unit: String, a: Double?, b: Double?)] {
        func key(_ e: TechnologyEntry) -> String { e.component + "\u{0}" + e.parameter }
        let theirs = Dictionary(other.entries.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let mine = Set(entries.map(key))
        var out: [(component: String, parameter: String, unit: String, a: Double?, b: Double?)] = []
        for e in entries {
            let o = theirs[key(e)]
            if o?.value != e.value || o?.unit != e.unit { out.append((e.component, e.parameter, e.unit, e.value, o?.value)) }
        }
        for o in other.entries where !mine.contains(key(o)) { out.append((o.component, o.parameter, o.unit, nil, o.value)) }
        return out
    }

    /// Whether a `--tech` item names a file rather than a stored table.
    public static func isFile(_ item: String) -> Bool {
        item.lowercased().hasSuffix(".csv") || item.contains("/")
    }

    /// One `--tech` item: its rows and where each row comes from (for error positions).
    struct Item {
        var label: String
        var name: String
        var entries: [TechnologyEntry]
        /// `FILE:LINE` of each entry, or nil for stored tables.
        var origins: [String]?
        var table: CSVTable?

        init(label: String, name: String, entries: [TechnologyEntry]) {
            self.label = label
            self.name = name
            self.entries = entries
        }

        init(file: String) throws {
            let table = try CSVReader.read(path: file)
            entries = try TechnologyCSV.parse(table)
            if entries.isEmpty {
                throw CSVError(file: file, line: 2, column: 1, message: "no parameters, expected at least one row after the header")
            }
            label = file
            name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            origins = table.rows.map { "\(table.file):\($0.line)" }
            self.table = table
        }
    }

    static func compose(spec: String, items: [Item]) throws -> ComposedTechnology {
        let base = try shippedTables.get().entries
        let vocabulary = TechnologyVocabulary(entries: base)
        var merged = base
        var index: [String: Int] = [:]
        var origin: [String: String] = [:]
        for (i, e) in base.enumerated() { index[e.component + "\u{0}" + e.parameter] = i }
        var added: [String: TechnologyEntry] = [:]
        for item in items {
            if let table = item.table {
                try vocabulary.check(table)
            } else {
                for e in item.entries where vocabulary.unit(component: e.component, parameter: e.parameter) != e.unit {
                    throw Failure("--tech \(item.label): entry \(e.component).\(e.parameter) [\(e.unit)] is not in the models' vocabulary (docs/technologies-and-spaces.md); re-import a corrected table")
                }
            }
            for (j, e) in item.entries.enumerated() {
                let key = e.component + "\u{0}" + e.parameter
                origin[key] = item.origins?[j] ?? "--tech \(item.label)"
                // A row restating a value (whatever its note) leaves the table, and so its digest, unchanged.
                if let at = index[key] {
                    if merged[at].value != e.value || merged[at].unit != e.unit { merged[at] = e }
                } else if added[key].map({ $0.value != e.value || $0.unit != e.unit }) ?? true {
                    added[key] = e
                }
            }
        }
        merged += added.keys.sorted().map { added[$0]! }
        let parameters: TechnologyParameters
        do {
            parameters = try TechnologyParameters(entries: merged)
        } catch let error as TechnologyError {
            let at = origin[error.component + "\u{0}" + error.parameter]
            if let at, at.hasPrefix("--tech ") { throw Failure("\(at): \(error)") }
            if let at { throw Failure("\(at):1: \(error)") }
            throw Failure("--tech \(spec): \(error)")
        }
        let name = ([shippedName] + items.map(\.name)).joined(separator: "+")
        return ComposedTechnology(spec: spec, name: name, entries: merged, parameters: parameters,
                                  sha256: TechnologyStore.contentHash(merged))
    }

    /// `name@version` of a stored table with exactly this content, importing the merged table under
    /// `name` when none has it (in the caller's transaction, if any).
    public func register(in db: Database) throws -> String {
        if let row = try db.scalar(
            "SELECT name || '@' || version FROM technology WHERE content_sha256 = ?1 ORDER BY id LIMIT 1",
            [.text(sha256)])?.string {
            return row
        }
        let source = spec.isEmpty ? "embedded:" + DefaultTechnology.files.joined(separator: "+") : "--tech " + spec
        return try TechnologyStore(db).importTable(entries, name: name, node_nm: 32, source: source).technology.label
    }

    /// The `technology` label recorded for results whose model version carries `#tech=TAG`: the oldest
    /// stored table whose content digest starts with TAG, or nil.
    public static func label(forCacheTag tag: String, in db: Database) throws -> String? {
        try db.scalar("SELECT name || '@' || version FROM technology WHERE substr(content_sha256, 1, ?2) = ?1 ORDER BY id LIMIT 1",
                      [.text(tag), .integer(Int64(tag.count))])?.string
    }

    /// The `#tech=` tag of a model version, or nil.
    public static func cacheTag(ofModelVersion version: String) -> String? {
        let tag = ModelVersion(parsing: version).technologyTag
        return tag.isEmpty ? nil : tag
    }
}
