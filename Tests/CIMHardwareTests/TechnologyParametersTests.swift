import CIMHardware
import Testing

/// Building `TechnologyParameters` from table rows, and its errors.
@Suite struct TechnologyParametersTests {
    @Test func defaultTablesBuild() throws {
        let t = TestTechnology.parameters
        #expect(t.cell.rOn_ohm == 6000)
        #expect(isClose(t.cell.rowWireResistancePerCell_ohm, 2.120, rel: 1e-3))
        #expect(isClose(t.cell.columnWireResistancePerCell_ohm, 6.367, rel: 1e-3))
        #expect(t.neurosimNodes.nodes_nm == [7, 10, 14, 22, 32, 45, 65, 90, 130])
        #expect(t.cacti.rows.count == 7)
        #expect(t.router.readEnergy_pJ == 20.74)
    }

    @Test func missingEntryIsNamed() {
        let entries = TestTechnology.entries { $0.component == "rram_cell" && $0.parameter == "r_on" }
        #expect(throws: TechnologyError(component: "rram_cell", parameter: "r_on", reason: "missing, expected a value in ohm")) {
            try TechnologyParameters(entries: entries)
        }
    }

    @Test func wrongUnitUnknownUnitDuplicateAndUnknownEntry() {
        var e = TestTechnology.entries()
        let i = e.firstIndex { $0.component == "router" && $0.parameter == "read_energy" }!
        e[i].unit = "W"
        do {
            _ = try TechnologyParameters(entries: e)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "technology entry router.read_energy: unit 'W', expected 'pJ'")
        }
        var u = TestTechnology.entries()
        u[0].unit = "furlong"
        #expect(throws: TechnologyError.self) { try TechnologyParameters(entries: u) }
        let d = TestTechnology.entries() + [TechnologyEntry(component: "router", parameter: "area", value: 1, unit: "um2")]
        #expect(throws: TechnologyError(component: "router", parameter: "area", reason: "duplicate entry")) {
            try TechnologyParameters(entries: d)
        }
        let x = TestTechnology.entries() + [TechnologyEntry(component: "router", parameter: "aera", value: 1, unit: "um2")]
        #expect(throws: TechnologyError(component: "router", parameter: "aera", reason: "unknown entry (not used by any component model)")) {
            try TechnologyParameters(entries: x)
        }
        var n = TestTechnology.entries()
        let j = n.firstIndex { $0.component == "rram_cell" && $0.parameter == "v_read" }!
        n[j].value = -0.5
        #expect(throws: TechnologyError.self) { try TechnologyParameters(entries: n) }
    }
}
