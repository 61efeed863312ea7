import CIMReport
import Testing

@Suite struct NamespaceTests {
    @Test func svgNamespace() {
        #expect(CIMReport.svgNamespace.hasSuffix("/svg"))
    }
}
