/// A component of the CIM hierarchy that carries energy or area, in CiMLoop's names.
public enum CostComponent: String, Hashable, Sendable, Codable, CaseIterable {
    case cimUnit = "cim_unit"
    case rowDrivers = "row_drivers"
    case columnDrivers = "column_drivers"
    case adc
    case inputBuffer = "input_buffer"
    case outputBuffer = "output_buffer"
    case router
    case glb
}

/// One number per component (fixed storage; energies in J or areas in mm², as the owner says).
public struct ComponentValues: Hashable, Sendable, Codable {
    public var cimUnit: Double = 0
    public var rowDrivers: Double = 0
    public var columnDrivers: Double = 0
    public var adc: Double = 0
    public var inputBuffer: Double = 0
    public var outputBuffer: Double = 0
    public var router: Double = 0
    public var glb: Double = 0

    @inlinable public init() {}

    @inlinable public subscript(_ c: CostComponent) -> Double {
        get {
            switch c {
            case .cimUnit: cimUnit
            case .rowDrivers: rowDrivers
            case .columnDrivers: columnDrivers
            case .adc: adc
            case .inputBuffer: inputBuffer
            case .outputBuffer: outputBuffer
            case .router: router
            case .glb: glb
            }
        }
        set {
            switch c {
            case .cimUnit: cimUnit = newValue
            case .rowDrivers: rowDrivers = newValue
            case .columnDrivers: columnDrivers = newValue
            case .adc: adc = newValue
            case .inputBuffer: inputBuffer = newValue
            case .outputBuffer: outputBuffer = newValue
            case .router: router = newValue
            case .glb: glb = newValue
            }
        }
    }

    /// Sum over all components.
    @inlinable public var total: Double {
        cimUnit + rowDrivers + columnDrivers + adc + inputBuffer + outputBuffer + router + glb
    }

    /// Component-wise sum.
    @inlinable public static func + (a: ComponentValues, b: ComponentValues) -> ComponentValues {
        var r = ComponentValues()
        r.cimUnit = a.cimUnit + b.cimUnit
        r.rowDrivers = a.rowDrivers + b.rowDrivers
        r.columnDrivers = a.columnDrivers + b.columnDrivers
        r.adc = a.adc + b.adc
        r.inputBuffer = a.inputBuffer + b.inputBuffer
        r.outputBuffer = a.outputBuffer + b.outputBuffer
        r.router = a.router + b.router
        r.glb = a.glb + b.glb
        return r
    }
}
