import DesignDB
import Testing

@Suite struct SchemaFolderTests {
    @Test func schemaFolderName() {
        #expect(DesignDB.schemaFolder == "schema")
    }
}
