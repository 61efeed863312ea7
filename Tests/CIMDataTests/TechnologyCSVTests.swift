import CIMData
import CIMHardware
import Foundation
import Testing

@Suite struct TechnologyCSVTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tech")

    let good = """
        component,parameter,value,unit,note
        rram_cell,r_on,6000,ohm,low-resistance state
        rram_cell,wire_width,4e-08,m,
        adc,coefficient,-2.5,1,negative is fine for a dimensionless number

        """

    func failure(_ text: String) -> CSVError? {
        do { _ = try TechnologyCSV.parse(text: text, file: "tech.csv"); return nil } catch let e as CSVError {
            return e
        } catch { return nil }
    }

    @Test func goodFixtureParses() throws {
        let entries = try TechnologyCSV.read(path: Self.fixtures.appendingPathComponent("small_32nm.csv").path)
        #expect(entries.count == 9)
        #expect(entries[0] == TechnologyEntry(component: "rram_cell", parameter: "r_on", value: 6000, unit: "ohm",
                                              note: "low-resistance state"))
        #expect(entries[3].note == "cell area, in squared feature sizes")
        #expect(entries[7].value == -2.829126)
    }

    @Test func noteColumnIsOptional() throws {
        let entries = try TechnologyCSV.parse(text: "component,parameter,value,unit\nc,p,1.5,V\n", file: "t")
        #expect(entries == [TechnologyEntry(component: "c", parameter: "p", value: 1.5, unit: "V")])
    }

    @Test func writeThenParseRoundTrips() throws {
        let entries = try TechnologyCSV.parse(text: good, file: "t")
        let again = try TechnologyCSV.parse(text: TechnologyCSV.write(entries), file: "t")
        #expect(again == entries)
        let tricky = [TechnologyEntry(component: "c", parameter: "p", value: 0.1 + 0.2, unit: "pJ", note: "a, \"b\" ")]
        #expect(try TechnologyCSV.parse(text: TechnologyCSV.write(tricky), file: "t") == tricky)
    }

    /// Each class of bad input and the exact position reported.
    @Test(arguments: [
        ("rram_cell,r_on,6000,ohm\n", 1, 1, "missing header"),
        ("component,parameter,value\nc,p,1\n", 1, 26, "missing header column 'unit'"),
        ("component,parameter,value,units\nc,p,1,V\n", 1, 27, "unknown header column 'units'"),
        ("component,parameter,value,unit,note,extra\nc,p,1,V,n,x\n", 1, 37, "unknown header column 'extra'"),
        ("component,parameter,value,unit\nc,p,abc,V\n", 2, 5, "'abc' is not a number"),
        ("component,parameter,value,unit\nc,p,nan,V\n", 2, 5, "'nan' is not a number"),
        ("component,parameter,value,unit\nc,p,1e309,V\n", 2, 5, "out of range"),
        ("component,parameter,value,unit\nc,p,1,furlong\n", 2, 7, "unknown unit 'furlong'"),
        ("component,parameter,value,unit\nc,p,1,V\nd,q,2,V\nc,p,3,V\n", 4, 1, "duplicate (c, p)"),
        ("component,parameter,value,unit\ncell,r_on,-5,ohm\n", 2, 11, "resistance -5 ohm is physically impossible"),
        ("component,parameter,value,unit\nwire,width,0,nm\n", 2, 12, "length 0 nm is physically impossible"),
        ("component,parameter,value,unit\nbuf,read,-0.1,pJ\n", 2, 10, "energy -0.1 pJ is physically impossible"),
        ("component,parameter,value,unit\nrouter,width,2.5,bits\n", 2, 14, "not a whole number"),
        ("component,parameter,value,unit\n,p,1,V\n", 2, 1, "empty component"),
        ("component,parameter,value,unit\nc,p q,1,V\n", 2, 3, "parameter 'p q' has invalid characters"),
        ("component,parameter,value,unit\nc,p,1,V,extra\n", 2, 9, "row has 5 fields, expected 4"),
    ])
    func badInputIsLocated(text: String, line: Int, column: Int, fragment: String) {
        let e = failure(text)
        #expect(e?.line == line, "\(e?.description ?? "no error")")
        #expect(e?.column == column, "\(e?.description ?? "no error")")
        #expect(e?.message.contains(fragment) == true, "\(e?.description ?? "no error")")
        #expect(e?.message.contains("expected") == true)
    }

    @Test func everyUnitHasARule() {
        for unit in ["V", "s", "ns", "ps", "ohm", "kohm", "Mohm", "F2", "nm", "um", "um2", "mm2", "pJ", "fJ", "J",
                     "W", "uW", "mW", "pW", "bits", "count", "ratio", "1", "Hz", "dB", "ohm*m", "m"] {
            #expect(TechnologyCSV.units[unit] != nil, "\(unit)")
        }
    }
}
