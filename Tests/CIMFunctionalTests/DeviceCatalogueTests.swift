import CIMData
import CIMHardware
import Testing

/// The device rows: the default technology's cell, the published devices and their overlay onto the cost model.
@Suite struct DeviceCatalogueTests {
    @Test func catalogueHoldsTheShippedDevices() throws {
        let names = try DeviceCatalogue.devices().map(\.name)
        #expect(names == ["fefet_neurosim", "ideal", "neurram_rram", "pcm_joshi2020", "rram_neurosim", "sram_8t"])
        let neurosim = try #require(try DeviceCatalogue.device(named: "rram_neurosim"))
        // The cost model's cell and the device are the same rows.
        let tech = try DefaultTechnology.parameters()
        #expect(neurosim.rOn_ohm == tech.cell.rOn_ohm && neurosim.rOff_ohm == tech.cell.rOff_ohm)
        #expect(neurosim.onOffRatio == 150 && neurosim.maxBitsPerCell == 8)
        #expect(DeviceParameters.ideal.offsetLevels(bitsPerCell: 4) == 0)
        #expect(abs(neurosim.offsetLevels(bitsPerCell: 4) - 15.0 / 149) < 1e-15)
    }

    /// A device overlaid on the default technology changes the cost model's cell (cost and accuracy read the same rows).
    @Test func overlayMakesTheDeviceTheChipsCell() throws {
        let overlay = try DeviceCatalogue.technologyOverlay(named: "pcm_joshi2020")
        #expect(overlay.count == DeviceParameters.tableParameters.count)
        var entries = try DefaultTechnology.entries()
        for row in overlay {
            let i = try #require(entries.firstIndex { $0.component == row.component && $0.parameter == row.parameter })
            entries[i] = row
        }
        let tech = try TechnologyParameters(entries: entries)
        #expect(tech.cell.rOn_ohm == 40_000 && tech.device.driftNu == 0.03 && tech.device.rOff_ohm == tech.cell.rOff_ohm)
    }

    /// A catalogue row with a bad value is one error naming the entry.
    @Test func badDeviceRowIsNamed() throws {
        var entries = try DeviceCatalogue.entries()
        let i = try #require(entries.firstIndex { $0.component == "cell.sram_8t" && $0.parameter == "r_off" })
        entries[i].value = 1
        #expect(throws: TechnologyError.self) { try DeviceParameters.catalogue(entries: entries) }
        do { _ = try DeviceParameters.catalogue(entries: entries) } catch {
            #expect(error.description.hasPrefix("technology entry cell.sram_8t.r_off:"))
        }
    }
}
