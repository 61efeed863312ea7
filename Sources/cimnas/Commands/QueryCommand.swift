import ArgumentParser
import DesignDB
import Foundation

/// `cimnas query`: run a shipped named query with bound parameters.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a named query from queries/ (see --list) with bound parameters.",
        discussion: "Example: cimnas query best_edap_under_constraints --param max_area_mm2=500 --param min_top1_percent=70")

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
        let jobs = try DatabaseSummary.precomputeJobs(db)
        guard jobs.pareto > 0 && jobs.full == 0 else { return nil }
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
        discussion: """
        Example: cimnas sql "\(ExampleSQL.feasibleDesignCount)" --format csv. Rows are printed as \
        they are read (a table sets its column widths from its first 1000 rows). A statement stops with one line \
        on stderr when it exceeds --timeout-s or --max-memory-mb, or on SIGINT/SIGTERM (exit 130/143); a --write \
        batch that fails is rolled back and changes nothing.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "One or more SQL statements; - reads them from standard input.") var sql: String
    @Flag(help: "Allow statements that change the database.") var write = false
    @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table
    @Option(help: "Print at most this many rows per statement (1…2^53), then stop it and say so.") var limit: Int?
    @Option(name: .customLong("timeout-s"), help: "Stop a statement that runs longer than this, seconds (0.001…604800; default none).")
    var timeout_s: Double?
    @Option(name: .customLong("max-memory-mb"), help: "Memory SQLite may use, MiB (16…65536; default 2048).")
    var maxMemory_mb: Int = 2048

    static let limitRange = 1...(1 << 53)
    static let timeoutRange_s = 0.001...604_800.0
    static let memoryRange_mb = 16...65_536

    func validate() throws {
        if let limit, !Self.limitRange.contains(limit) { throw ValidationError("--limit: \(limit), expected 1…2^53 rows") }
        if let timeout_s, !(timeout_s.isFinite && Self.timeoutRange_s.contains(timeout_s)) {
            throw ValidationError("--timeout-s: \(timeout_s), expected 0.001…604800 seconds")
        }
        if !Self.memoryRange_mb.contains(maxMemory_mb) {
            throw ValidationError("--max-memory-mb: \(maxMemory_mb), expected 16…65536 MiB")
        }
    }

    /// Opens the database, mapping failures to one CLI line: read-only (nothing created, migrated or switched
    /// to WAL; works in a read-only folder) unless `writable` (`sql --write`, which creates a missing file).
    static func open(_ global: GlobalOptions, writable: Bool = false) throws -> Database {
        if !writable { try DatabaseAccess.requireExisting(global.databasePath) }
        return try DatabaseAccess.open(global.databasePath, mode: writable ? .readWrite : .readOnly)
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
        StopRequest.shared.install()
        Database.limitHeap(bytes: Int64(maxMemory_mb) << 20)
        let db = try Self.open(global, writable: write)
        let start = DispatchTime.now().uptimeNanoseconds
        let budget_ns = timeout_s.map { UInt64($0 * 1e9) }
        db.interrupt(when: {
            if StopRequest.shared.requested != nil { return true }
            guard let budget_ns else { return false }
            return DispatchTime.now().uptimeNanoseconds - start > budget_ns
        })
        let undone = write ? "; the batch was rolled back, nothing was changed" : ""
        do {
            try runStatements(db)
        } catch let error as DatabaseError where error.isNotAuthorized {
            throw CLIError("sql: the statement changes the database; pass --write to allow it")
        } catch let error as DatabaseError where error.isInterrupted {
            if let signal = StopRequest.shared.requested {
                throw CLIError("sql: interrupted by \(StopRequest.name(signal))\(undone)", exitCode: 128 + signal)
            }
            throw CLIError("sql: --timeout-s \(timeout_s ?? 0): the statement ran longer and was stopped\(undone)")
        } catch let error as DatabaseError where error.isOutOfMemory {
            throw CLIError("sql: --max-memory-mb \(maxMemory_mb): the statement needed more memory and was stopped\(undone)")
        } catch let error as DatabaseError {
            throw CLIError(error.description + undone)
        }
    }

    private func runStatements(_ db: Database) throws {
        // Belt and braces: refuse writing statements up front, and make the connection query-only.
        if !write { try db.restrictToReads() }
        var rest = Statement.stripComments(try sqlText())
        var ran = 0
        // CSV and JSON are one document: at most one statement may return rows.
        let oneDocument = format != .table
        var rowStatements = 0
        var changed = 0
        // "(N rows changed)" and a --write batch's rows are printed only once the batch has committed.
        var changeLines: [String] = []
        let held: HeldOutput? = write ? HeldOutput() : nil
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
                    try stream(stmt, held: held)
                } else {
                    try stmt.run()
                    changed += db.changes
                    changeLines.append("(\(db.changes) row\(db.changes == 1 ? "" : "s") changed)")
                }
            }
        }
        if write { try db.transaction(body) } else { try body() }
        if let held { print(held.text, terminator: "") }
        if ran == 0 { throw CLIError.usage("sql: no statement given, expected SQL such as \"\(ExampleSQL.designCount)\"") }
        if format == .table {
            for line in changeLines { print(line) }
        } else if rowStatements == 0 {
            ResultPrinter.print(columns: ["rows_changed"], rows: [[.integer(Int64(changed))]], format: format)
        }
    }

    /// Output of a --write batch, held until it commits (a rolled-back batch prints nothing), up to a cap.
    final class HeldOutput {
        static let cap_bytes = 64 << 20
        var text = ""
        var overflow = false
        func add(_ s: String) {
            if text.utf8.count + s.utf8.count > Self.cap_bytes { overflow = true } else { text += s }
        }
    }

    /// Prints a statement's rows as they are stepped (held until commit with --write), stopping at --limit.
    private func stream(_ stmt: Statement, held: HeldOutput?) throws {
        defer { stmt.reset() }
        let rows = RowStream(columns: stmt.columnNames, format: format) { text in
            if let held { held.add(text) } else { print(text, terminator: "") }
        }
        let n = Int32(stmt.columnCount)
        var stopped = false
        while try stmt.step() {
            if let limit, rows.count >= limit { stopped = true; break }
            rows.add((0..<n).map(stmt.value))
            if held?.overflow == true {
                throw CLIError("sql --write: the rows of a --write batch are held until it commits, and these pass 64 MiB; "
                               + "expected --limit or the query run without --write")
            }
        }
        let note = stopped ? "stopped at --limit \(limit ?? 0)" : nil
        rows.finish(note: note)
        if let note, format != .table { FileHandle.standardError.write(Data("cimnas: note: \(note) rows\n".utf8)) }
    }
}
