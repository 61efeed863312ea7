/// SQL shown to users in help texts and messages, named once (a test runs each on a fresh database).
public enum ExampleSQL {
    /// Feasible stored designs (the `cimnas sql` example).
    public static let feasibleDesignCount = "SELECT count(*) FROM design WHERE feasible = 1"
    /// All stored designs.
    public static let designCount = "SELECT count(*) FROM design"
    /// Search run ids (for `cimnas report RUN_ID`).
    public static let searchRunIDs = "SELECT id FROM search_run"

    public static let all = [feasibleDesignCount, designCount, searchRunIDs]
}
