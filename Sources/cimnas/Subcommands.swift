import ArgumentParser

extension CIMNAS {
    /// Every subcommand, one per line so that parallel work merges cleanly.
    static let allSubcommands: [ParsableCommand.Type] = [
        InfoCommand.self,
        WorkloadCommand.self,
        SpaceCommand.self,
        EvaluateCommand.self,
        SearchCommand.self,
        PredictorCommand.self,
        TechCommand.self,
        QueryCommand.self,
        SQLCommand.self,
        PrecomputeCommand.self,
        SRAMCommand.self,
        ReportCommand.self,
        MergeCommand.self,
        SimulateCommand.self,
    ]
}
