import CIMHardware
import CIMSearch
import DesignDB
import Testing

/// SRAM searches store layer rows under the SRAM chip's own `hw_config` row (cell `sram`), the row their design
/// rows use, so the report joins a design to its layers; they were once registered under the RRAM cell name.
@Suite struct SRAMStorageTests {
    @Test func layerAndDesignRowsShareTheSRAMChipRow() throws {
        let db = try Database.inMemory()
        let store = try SQLiteEvaluationStore(db)
        let out = try SRAMExperiment.search(technology: SRAMTestTechnology.parameters,
                                            options: GAOptions(populationSize: 4, generations: 2, seed: 3), store: store)
        #expect(out.evaluations >= 4)
        let layerCells = try db.query("""
            SELECT DISTINCT h.cell FROM layer_eval e JOIN hw_config h ON h.id = e.hw_config_id
            """).map { $0[0].string ?? "" }
        let designCells = try db.query("""
            SELECT DISTINCT h.cell FROM design d JOIN hw_config h ON h.id = d.hw_config_id
            """).map { $0[0].string ?? "" }
        #expect(layerCells == ["sram"] && designCells == ["sram"])
        // No chip row of the RRAM cell was registered by the SRAM run.
        #expect(try db.scalar("SELECT count(*) FROM hw_config WHERE cell <> 'sram'") == .integer(0))
        // Every stored design's chip has its layer rows (54 ResNet50 layers, shared shapes collapse).
        let orphans = try db.scalar("""
            SELECT count(*) FROM design d WHERE d.feasible = 1
              AND NOT EXISTS (SELECT 1 FROM layer_eval e WHERE e.hw_config_id = d.hw_config_id)
            """)
        #expect(orphans == .integer(0))
        // One chip encoding: the stored key of the best design's chip is the first two fields of its design key.
        let chipKey = HardwareConfigStore.key(for: out.best.hardware, cell: "sram")
        #expect(out.best.canonicalKey.hasPrefix(chipKey + ";net=resnet50"))
        #expect(try db.scalar("SELECT count(*) FROM hw_config WHERE key = ?1", [.text(chipKey)]) == .integer(1))
    }
}
