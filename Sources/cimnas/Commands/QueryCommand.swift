import ArgumentParser
import DesignDB
import Foundation

/// `cimnas query`: run a shipped named query with bound parameters.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a named query from queries/ (see --list) with bound parameters.",
        discussion: "Example: cimnas query best_edap_under_constraints --param max_area_mm2=500 --param min_accuracy_percent=70")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "List the named queries with their parameters, types and defaults.") var list = false
    @Argument(help: "Query name.") var name: String?
    @Option(name: .customLong("param"), help: "A parameter as KEY=VALUE (repeatable).") var params: [String] = []
    @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

    func validate() throws {
        if !list && name == nil { throw ValidationError("Missing query name; run 'cimnas query --list' to see them.") }
    }

    func run() throws {
        if list {
            // `--list NAME` shows that query only (an unknown NAME is the usual usage error).
            if let name {
                do { _ = try NamedQuery.named(name) } catch let problem as NamedQuery.Problem {
                    throw problem.isUsage ? CLIError.usage(problem.message) : CLIError(problem.message)
                }
            }
            var rows: [[SQLValue]] = []
            for q in try NamedQuery.shipped() where name == nil || q.name == name {
                let params = q.parameters.map { p -> String in
                    let shown: String
                    switch p.defaultValue {
                    case .real(let v): shown = String(format: "%g", v)
                    case .text(let t): shown = "'" + t + "'"
                    default: shown = p.defaultValue.description
                    }
                    return "\(p.name) \(p.type.rawValue) = \(shown)"
                }.joined(separator: "; ")
                // A terminal table keeps one line per query: the description up to its first sentence (at most
                // 100 characters); `--list NAME`, CSV and JSON give it whole.
                let description = format == .table && name == nil ? Self.brief(q.description) : q.description
                rows.append([.text(q.name), .text(description), .text(params)])
            }
            ResultPrinter.print(columns: ["name", "description", "parameters"], rows: rows, format: format)
            return
        }
        var arguments: [String: String] = [:]
        for p in params {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw CLIError.usage("--param \(p): expected KEY=VALUE")
            }
            let key = String(p[..<eq])
            if arguments[key] != nil { throw CLIError.usage("--param \(key): given twice, expected each parameter once") }
            arguments[key] = String(p[p.index(after: eq)...])
        }
        do {
            let query = try NamedQuery.named(name ?? "")
            _ = try query.values(arguments) // usage errors before the database is opened
            let db = try SQLCommand.open(global)
            let result = try query.run(db, arguments: arguments)
            ResultPrinter.print(columns: result.columns, rows: result.rows, format: format)
            if !query.archiveExact, let note = try Self.archiveNote(db, query: query.name) {
                FileHandle.standardError.write(Data("cimnas: note: \(note)\n".utf8))
            }
        } catch let problem as NamedQuery.Problem {
            throw problem.isUsage ? CLIError.usage(problem.message) : CLIError(problem.message)
        } catch let error as DatabaseError {
            throw CLIError(error.description)
        }
    }
}

extension QueryCommand {
    /// Why `query`'s answer may be incomplete: the database holds Pareto archives (`precompute --store pareto`)
    /// and no full sweep, and the query reads rows an archive does not keep. nil when the answer is complete.
    static func archiveNote(_ db: Database, query: String) throws -> String? {
        let archives = try db.scalar("SELECT count(*) FROM precompute_job WHERE store = 'pareto'")?.int64 ?? 0
        let full = try db.scalar("SELECT count(*) FROM precompute_job WHERE store = 'full'")?.int64 ?? 0
        guard archives > 0 && full == 0 else { return nil }
        let exact = try NamedQuery.shipped().filter(\.archiveExact).map(\.name).joined(separator: ", ")
        return "\(db.path) holds Pareto archives (precompute --store pareto) and no full sweep: \(query) needs full rows, "
            + "so it saw only the archived designs (exact on archives: \(exact))"
    }

    /// The first sentence of `text`, cut to `limit` characters with "…".
    static func brief(_ text: String, limit: Int = 100) -> String {
        var first = text
        if let end = text.range(of: ". ") { first = String(text[..<end.lowerBound]) + "." }
        guard first.count > limit else { return first }
        return String(first.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}

/// `cimnas sql`: run SQL against the database, read-only unless --write.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL on the design database; read-only unless --write is given.",
        discussion: "Example: cimnas sql \"SELECT count(*) FROM design WHERE feasible = 1\" --format csv")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "One or more SQL statements; - reads them from standard input.") var sql: String
    @Flag(help: "Allow statements that change the database.") var write = false
    @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

    /// Opens (migrating if needed) the database, mapping failures to one CLI line. Only `mustExist: false`
    /// (`sql --write`) creates a missing file; reading a mistyped path must not leave an empty database behind.
    static func open(_ global: GlobalOptions, mustExist: Bool = true) throws -> Database {
        if mustExist { try DatabaseAccess.requireExisting(global.databasePath) }
        return try DatabaseAccess.open(global.databasePath)
    }

    /// The SQL argument, or standard input for `-` (`cimnas sql - < script.sql`).
    func sqlText() throws -> String {
        guard sql == "-" else { return sql }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.usage("sql -: standard input is not UTF-8 text, expected SQL")
        }
        return text
    }

    func run() throws {
        let db = try Self.open(global, mustExist: !write)
        do {
            // Belt and braces: refuse writing statements up front, and make the connection query-only.
            if !write { try db.restrictToReads() }
            var rest = Statement.stripComments(try sqlText())
            var ran = 0
            // CSV and JSON are one document: at most one statement may return rows, and output waits until the
            // whole batch succeeded (a failing --write batch is rolled back and prints nothing).
            let oneDocument = format != .table
            var rowStatements = 0
            var document: String?
            var changed = 0
            func tooManyResults() -> CLIError {
                CLIError.usage("--format \(format.rawValue): more than one statement returns rows, expected at most one "
                               + "(run them separately or use --format table)")
            }
            if !write {
                // Check every statement before running any, so nothing is printed for a refused batch.
                var probe = rest
                while !probe.isEmpty {
                    let stmt = try db.prepare(probe)
                    probe = stmt.trailingSQL
                    if !stmt.isReadOnly {
                        throw CLIError("sql: the statement changes the database; pass --write to allow it")
                    }
                    if stmt.columnCount > 0 { rowStatements += 1 }
                }
                if oneDocument && rowStatements > 1 { throw tooManyResults() }
                rowStatements = 0
            }
            // Writes run in one transaction, so a failing statement leaves nothing behind.
            let body = {
                while !rest.isEmpty {
                    let stmt = try db.prepare(rest)
                    rest = stmt.trailingSQL
                    if !write && !stmt.isReadOnly {
                        throw CLIError("sql: the statement changes the database; pass --write to allow it")
                    }
                    ran += 1
                    if stmt.columnCount > 0 {
                        rowStatements += 1
                        if oneDocument && rowStatements > 1 { throw tooManyResults() }
                        let rows = try stmt.allRows()
                        let text = ResultPrinter.render(columns: stmt.columnNames, rows: rows, format: format)
                        if oneDocument { document = text } else { print(text, terminator: "") }
                    } else {
                        try stmt.run()
                        changed += db.changes
                        if format == .table { print("(\(db.changes) row\(db.changes == 1 ? "" : "s") changed)") }
                    }
                }
            }
            if write { try db.transaction(body) } else { try body() }
            if oneDocument && ran > 0 {
                print(document ?? ResultPrinter.render(columns: ["rows_changed"], rows: [[.integer(Int64(changed))]],
                                                       format: format), terminator: "")
            }
            if ran == 0 { throw CLIError.usage("sql: no statement given, expected SQL such as \"SELECT count(*) FROM design\"") }
        } catch let error as DatabaseError where error.isNotAuthorized {
            throw CLIError("sql: the statement changes the database; pass --write to allow it")
        } catch let error as DatabaseError {
            throw CLIError(error.description)
        }
    }
}
