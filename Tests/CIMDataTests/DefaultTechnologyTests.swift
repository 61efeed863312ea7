import CIMData
import CIMHardware
import Foundation
import Testing

/// The embedded default technology and loading technology tables from files.
@Suite struct DefaultTechnologyTests {
    @Test func defaultTechnologyBuildsFromEmbeddedTables() throws {
        let t = try TechnologyParameters.default32nm()
        #expect(t.cell.rOn_ohm == 6000)
        #expect(t.router.readEnergy_pJ == 20.74)
        #expect(t.surveyADC.adcsPerBank == 16)
        // The CIMNAS default chip's glb read (docs/cost-model.md, "Component energies"): 1778.45 pJ within 1e-5.
        let e = ComponentModel(technology: t).actionEnergies(.cimnasDefault, inputBits: 8, weightBits: 8,
                                                             averageInput: 0.5, averageWeight: 0.5)
        #expect(abs(e.glbRead_pJ - 1778.45) / 1778.45 < 1e-5)
    }

    @Test func errorsNameTheFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-tech-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for f in DefaultTechnology.files {
            let url = dir.appendingPathComponent(URL(fileURLWithPath: f).lastPathComponent)
            var text = EmbeddedFiles.text(f)!
            if f.hasSuffix("router_adc_32nm.csv") {
                text = text.replacingOccurrences(of: "router,read_energy,20.74,pJ", with: "router,read_energy,20.74,W")
            }
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        do {
            _ = try DefaultTechnology.load(paths: paths, overridingDefault: false)
            Issue.record("expected an error")
        } catch let error as CSVError {
            #expect(error.file.hasSuffix("router_adc_32nm.csv"))
            #expect(error.line == 3)
            #expect(error.description.contains("router.read_energy: unit 'W', expected 'pJ'"))
        }
        // Dropping a required row names the entry.
        let cut = paths[0]
        let text = try String(contentsOfFile: cut, encoding: .utf8).replacingOccurrences(of: "rram_cell,r_on,6000.0,ohm,rram_neurosim_default low-resistance state\n", with: "")
        try text.write(toFile: cut, atomically: true, encoding: .utf8)
        do {
            _ = try DefaultTechnology.load(paths: paths, overridingDefault: false)
            Issue.record("expected an error")
        } catch let error as CSVError {
            #expect(error.description.hasSuffix("neurosim_32nm.csv:2:1: technology entry rram_cell.r_on: missing, expected a value in ohm"), "\(error)")
        }
    }

    /// A partial table overrides the shipped values; a pair twice in the user's files is an error.
    @Test func partialTableOverridesDefault() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cimnas-tech-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "component,parameter,value,unit,note\nrouter,read_energy,41.48,pJ,doubled\n".write(to: url, atomically: true, encoding: .utf8)
        let t = try DefaultTechnology.load(paths: [url.path])
        #expect(t.router.readEnergy_pJ == 41.48)
        #expect(t.cell.rOn_ohm == 6000)
        #expect(throws: CSVError.self) { try DefaultTechnology.load(paths: [url.path], overridingDefault: false) }
        #expect(throws: CSVError.self) { try DefaultTechnology.load(paths: [url.path, url.path]) }
    }
}
