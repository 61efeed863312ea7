/// The indexed SQLite design-space database: schema migrations, caches and stored designs.
public enum DesignDB {
    /// Folder of the numbered migrations inside the embedded files.
    public static let schemaFolder = "schema"
}
