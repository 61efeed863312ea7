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

/// One value per component (fixed storage): energies in J or areas in mm² (``ComponentValues``), or a
/// component's action counts and energies (``CostLedger``).
public struct PerComponent<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public var cimUnit: Value
    public var rowDrivers: Value
    public var columnDrivers: Value
    public var adc: Value
    public var inputBuffer: Value
    public var outputBuffer: Value
    public var router: Value
    public var glb: Value

    @inlinable public init(repeating v: Value) {
        cimUnit = v; rowDrivers = v; columnDrivers = v; adc = v
        inputBuffer = v; outputBuffer = v; router = v; glb = v
    }

    @inlinable public subscript(_ c: CostComponent) -> Value {
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

    /// `transform` applied to every component, in `CostComponent` order.
    @inlinable public func map<T>(_ transform: (Value) -> T) -> PerComponent<T> {
        var r = PerComponent<T>(repeating: transform(cimUnit))
        r.rowDrivers = transform(rowDrivers)
        r.columnDrivers = transform(columnDrivers)
        r.adc = transform(adc)
        r.inputBuffer = transform(inputBuffer)
        r.outputBuffer = transform(outputBuffer)
        r.router = transform(router)
        r.glb = transform(glb)
        return r
    }
}

/// One number per component (energies in J or areas in mm², as the owner says).
public typealias ComponentValues = PerComponent<Double>

extension PerComponent where Value == Double {
    @inlinable public init() { self.init(repeating: 0) }

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
