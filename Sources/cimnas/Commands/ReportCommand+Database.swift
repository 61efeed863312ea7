import CIMReport

extension ReportCommand {
    /// Builds the report from the design database (run id or named query).
    func databaseReport() throws -> HTMLReport {
        throw CLIError("--db \(global.databasePath): the design database is not available in this build; use --demo")
    }
}
