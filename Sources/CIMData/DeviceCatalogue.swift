import CIMHardware

/// The named memory devices: `ideal`, the default technology's cell (`rram_neurosim`) and the published
/// devices of datasets/devices/devices.csv (components `cell.NAME`, the same parameters as `rram_cell`).
public enum DeviceCatalogue {
    /// The embedded catalogue table.
    public static let file = "datasets/devices/devices.csv"
    /// Name of the default technology's own cell.
    public static let defaultName = "rram_neurosim"
    /// Name of the device without variation, noise, drift or off-state conductance.
    public static let idealName = "ideal"

    /// Rows of the embedded catalogue.
    /// - Throws: `CSVError` (`FILE:LINE:COLUMN: …`) when the embedded table is missing or malformed.
    public static func entries() throws -> [TechnologyEntry] {
        guard let text = EmbeddedFiles.text(file) else {
            throw CSVError(file: file, line: 1, column: 1, message: "embedded device catalogue missing, expected it in EmbeddedFiles (run `make embed`)")
        }
        return try TechnologyCSV.parse(text: text, file: file)
    }

    /// Every named device, sorted by name.
    /// - Throws: `CSVError` naming the catalogue row (or the default technology's row) that is wrong.
    public static func devices() throws -> [(name: String, device: DeviceParameters)] {
        let rows = try entries()
        let table: [String: DeviceParameters]
        do {
            table = try DeviceParameters.catalogue(entries: rows)
        } catch {
            let line = (rows.firstIndex { $0.component == error.component && $0.parameter == error.parameter } ?? -1) + 2
            throw CSVError(file: file, line: max(line, 1), column: 1, message: error.description)
        }
        var all = table
        all[defaultName] = try DefaultTechnology.parameters().device
        all[idealName] = .ideal
        return all.keys.sorted().map { ($0, all[$0]!) }
    }

    /// The device called `name`, or nil.
    public static func device(named name: String) throws -> DeviceParameters? {
        try devices().first { $0.name == name }?.device
    }

    /// The catalogue rows of device `name` rewritten as `rram_cell` rows: a technology overlay that makes the
    /// device the chip's cell for the cost model and the accuracy model alike. Empty for `ideal` and unknown names.
    public static func technologyOverlay(named name: String) throws -> [TechnologyEntry] {
        let component = DeviceParameters.catalogueComponentPrefix + name
        return try entries().filter { $0.component == component }.map {
            TechnologyEntry(component: "rram_cell", parameter: $0.parameter, value: $0.value, unit: $0.unit, note: $0.note)
        }
    }
}
