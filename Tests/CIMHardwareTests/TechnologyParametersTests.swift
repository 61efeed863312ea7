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
            #expect("\(error)" == "technology entry router.read_energy: unit 'W', expected 'pJ'")
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

/// Voltage-table interpolation and the two extrapolation rules.
@Suite struct VoltageTableTests {
    @Test func interpolationAndExtrapolation() {
        let q = VoltageTable(voltages_v: [0.5, 0.6], values: [1.0, 2.0])
        #expect(q.value(at: 0.5) == 1 && q.value(at: 0.6) == 2)
        #expect(isClose(q.value(at: 0.55), 1.5, rel: 1e-12))
        #expect(isClose(q.value(at: 1.2), 2.0 * 4, rel: 1e-12))   // (1.2/0.6)²
        #expect(isClose(q.value(at: 0.25), 1.0 / 4, rel: 1e-12))  // (0.25/0.5)²
        let l = VoltageTable(voltages_v: [0.5, 0.6], values: [1.0, 2.0], extrapolation: .linear)
        #expect(isClose(l.value(at: 0.7), 3.0, rel: 1e-12))
        #expect(isClose(l.value(at: 0.45), 0.5, rel: 1e-12))
    }
}
