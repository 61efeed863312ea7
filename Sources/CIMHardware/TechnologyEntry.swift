/// One row of a technology table: `component,parameter,value,unit[,note]`.
///
/// Technology CSVs (datasets/tech/) are parsed by CIMData into these rows; the cost model builds its
/// constants from them, so no constant lives as a literal scattered through the code.
public struct TechnologyEntry: Hashable, Sendable, Codable {
    public var component: String
    public var parameter: String
    public var value: Double
    public var unit: String
    public var note: String

    public init(component: String, parameter: String, value: Double, unit: String, note: String = "") {
        self.component = component
        self.parameter = parameter
        self.value = value
        self.unit = unit
        self.note = note
    }
}
