import CIMSearch
import Testing

@Suite struct SettingsTests {
    @Test func paperPopulation() {
        #expect(CIMSearch.paperPopulation == 150)
    }
}
