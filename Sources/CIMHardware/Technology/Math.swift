#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libm functions the component models use, without importing Foundation into the pure model.
@usableFromInline enum Math {
    @inlinable static func exp(_ x: Double) -> Double {
        #if canImport(Darwin)
        Darwin.exp(x)
        #else
        Glibc.exp(x)
        #endif
    }

    @inlinable static func log(_ x: Double) -> Double {
        #if canImport(Darwin)
        Darwin.log(x)
        #else
        Glibc.log(x)
        #endif
    }

    @inlinable static func log10(_ x: Double) -> Double {
        #if canImport(Darwin)
        Darwin.log10(x)
        #else
        Glibc.log10(x)
        #endif
    }

    @inlinable static func pow(_ x: Double, _ y: Double) -> Double {
        #if canImport(Darwin)
        Darwin.pow(x, y)
        #else
        Glibc.pow(x, y)
        #endif
    }
}
