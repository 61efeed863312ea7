import CIMData
import CIMHardware
import DesignDB
import Foundation
import Testing

@Suite struct TechnologyStoreTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tech/small_32nm.csv").path

    @Test func importIsIdempotentAndVersionsBumpOnChange() throws {
        let db = try Database.inMemory()
        let store = TechnologyStore(db)
        let entries = try TechnologyCSV.read(path: Self.fixture)
        let first = try store.importTable(entries, name: "small_32nm", node_nm: 32, source: "fixture")
        #expect(first.created && first.technology.version == 1 && first.technology.parameterCount == 9)
        let again = try store.importTable(entries, name: "small_32nm", node_nm: 32, source: "fixture")
        #expect(!again.created && again.technology == first.technology)
        #expect(try db.scalar("SELECT count(*) FROM technology_parameter") == .integer(9))

        var changed = entries
        changed[0].value = 6500
        let second = try store.importTable(changed, name: "small_32nm", node_nm: 32, source: "fixture")
        #expect(second.created && second.technology.version == 2)
        #expect(second.technology.contentSHA256 != first.technology.contentSHA256)
        #expect(try store.entries(of: first.technology) == entries)
        #expect(try store.entries(of: second.technology) == changed)
        #expect(try store.version(name: "small_32nm", version: nil)?.version == 2)
        #expect(try store.list().map(\.label) == ["small_32nm@1", "small_32nm@2"])
    }

    @Test func exportThenImportIsANoOp() throws {
        let db = try Database.inMemory()
        let store = TechnologyStore(db)
        let entries = try TechnologyCSV.read(path: Self.fixture)
        let first = try store.importTable(entries, name: "t", node_nm: nil, source: "")
        let exported = TechnologyCSV.write(try store.entries(of: first.technology))
        let reparsed = try TechnologyCSV.parse(text: exported, file: "export.csv")
        #expect(try !store.importTable(reparsed, name: "t", node_nm: nil, source: "").created)
        #expect(TechnologyStore.contentHash(reparsed) == first.technology.contentSHA256)
    }

    @Test func storedVersionsAreImmutable() throws {
        let db = try Database.inMemory()
        let store = TechnologyStore(db)
        _ = try store.importTable([TechnologyEntry(component: "c", parameter: "p", value: 1, unit: "V")],
                                  name: "t", node_nm: nil, source: "")
        #expect(throws: DatabaseError.self) { try db.execute("UPDATE technology_parameter SET value = 2") }
        #expect(throws: DatabaseError.self) { try db.execute("UPDATE technology SET version = 5") }
    }

    @Test func referencesAndNodes() {
        #expect(TechnologyStore.parseReference("neurosim_32nm")! == ("neurosim_32nm", nil))
        #expect(TechnologyStore.parseReference("neurosim_32nm@3")! == ("neurosim_32nm", 3))
        #expect(TechnologyStore.parseReference("x@0") == nil)
        #expect(TechnologyStore.parseReference("@2") == nil)
        #expect(TechnologyStore.nodeFromName("neurosim_32nm") == 32)
        #expect(TechnologyStore.nodeFromName("rram_22.5nm_v2") == 22.5)
        #expect(TechnologyStore.nodeFromName("cacti") == nil)
    }
}
