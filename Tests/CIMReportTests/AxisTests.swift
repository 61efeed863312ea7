import CIMReport
import Foundation
import Testing

@Suite struct AxisTests {
    /// Data sets with assorted signs, magnitudes and spans.
    static let dataSets: [[Double]] = [
        [0, 97], [0.3, 0.7], [-12.5, 3, 44.1], [1.23e-4, 9.9e-4, 5.5e-4], [7, 7], [0, 0], [-3e-9, -1e-9],
        [2.5e-9, 3e-5, 1.1e-7], [1, 1000], [0.999, 1.001], [123456, 987654], [1e-12, 1e-3],
    ]

    @Test(arguments: dataSets)
    func domainContainsEveryValue(values: [Double]) {
        for choice in [ScaleChoice.auto, .linear, .log] {
            let axis = Axis(title: "energy (J)", values: values, scale: choice)
            for v in values {
                #expect(axis.contains(v), "\(choice) axis \(axis.domain) misses \(v)")
            }
            #expect(axis.lower < axis.upper)
            #expect(axis.ticks == axis.ticks.sorted())
            #expect(axis.ticks.count == axis.tickLabels.count)
            #expect(axis.ticks.count >= 2)
        for m in axis.minorTicks { #expect(axis.contains(m)) }
            for t in axis.ticks { #expect(axis.contains(t)) }
        }
    }

    @Test func linearTicksAreNiceSteps() {
        let axis = Axis(title: "x", values: [0, 97], scale: .linear)
        #expect(axis.scale == .linear)
        #expect(axis.ticks == [0, 20, 40, 60, 80, 100])
        #expect(axis.tickLabels == ["0", "20", "40", "60", "80", "100"])
        let small = Axis(title: "x", values: [0.31, 0.69], scale: .linear)
        #expect(small.tickLabels == ["0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    @Test func autoSwitchesToLogBeyondTwoDecades() {
        #expect(Axis(title: "x", values: [1, 99], scale: .auto).scale == .linear)
        #expect(Axis(title: "x", values: [1, 101], scale: .auto).scale == .log)
        #expect(Axis(title: "x", values: [2.5e-9, 3e-5], scale: .auto).scale == .log)
        // Log needs positive data: a forced log axis over zero falls back to linear.
        #expect(Axis(title: "x", values: [0, 1e6], scale: .log).scale == .linear)
        #expect(Axis(title: "x", values: [3, 4], scale: .log).scale == .log)
    }

    @Test(arguments: [[2.5e-9, 3e-5, 1.1e-7], [1.0, 1000], [0.04, 0.05], [1e-12, 1e-3], [3e-4, 3e-4]])
    func logTicksArePowersOfTenWithinRange(values: [Double]) {
        let axis = Axis(title: "latency (s)", values: values, scale: .log)
        #expect(axis.scale == .log)
        for t in axis.ticks {
            let e = log10(t)
            #expect(abs(e - e.rounded()) < 1e-9, "\(t) is not a power of ten")
            #expect(axis.contains(t))
        }
        for v in values { #expect(axis.contains(v)) }
        #expect(axis.ticks.count >= 2)
    }

    @Test func logDomainOfKnownData() {
        let axis = Axis(title: "t", values: [2.5e-9, 3e-5], scale: .auto)
        // Padded by 3 % of the 4.08-decade span on each side.
        let pad = 0.03 * (log10(3e-5) - log10(2.5e-9))
        #expect(isClose(axis.lower, pow(10, log10(2.5e-9) - pad), rel: 1e-9))
        #expect(isClose(axis.upper, pow(10, log10(3e-5) + pad), rel: 1e-9))
        #expect(axis.tickLabels == ["1e-8", "1e-7", "1e-6", "1e-5"])
        #expect(isClose(axis.fraction(axis.lower), 0, rel: 1e-9))
        #expect(isClose(axis.fraction(axis.upper), 1, rel: 1e-9))
        // Narrow forced-log data widen to whole decades so at least two ticks exist.
        let narrow = Axis(title: "t", values: [0.04, 0.05], scale: .log)
        #expect(isClose(narrow.lower, 0.01) && isClose(narrow.upper, 0.1))
        #expect(narrow.tickLabels == ["1e-2", "1e-1"])
        #expect(narrow.minorTicks.count == 8 && isClose(narrow.minorTicks[0], 0.02) && isClose(narrow.minorTicks[7], 0.09))
    }

    @Test func includeZeroExtendsLinearDomain() {
        let axis = Axis(title: "area (mm²)", values: [3, 9], scale: .linear, includeZero: true)
        #expect(axis.lower == 0)
        #expect(axis.upper >= 9)
    }

    @Test func smallMagnitudesUseOneNotationPerAxis() {
        let axis = Axis(title: "latency (s)", values: [1e-4, 3.4e-3], scale: .linear)
        #expect(axis.tickLabels.allSatisfy { $0 == "0" || $0.contains("e-") }, "\(axis.tickLabels)")
    }

    @Test func integerStepsForCounts() {
        let axis = Axis(title: "generation", values: [0, 1], scale: .linear, integerSteps: true)
        #expect(axis.ticks == [0, 1])
        #expect(axis.tickLabels == ["0", "1"])
    }

    @Test func shortNumbers() {
        #expect(NumberFormat.short(16384) == "16384")
        #expect(NumberFormat.short(0.7) == "0.7")
        #expect(NumberFormat.short(4e-9) == "4e-9")
        #expect(NumberFormat.short(1.2345e-4) == "1.23e-4")
        #expect(NumberFormat.short(2.5e7) == "2.5e7")
    }

    @Test func escapingCoversMarkupCharacters() {
        #expect(XMLText.escape("a<b & c>\"d\" 'e'") == "a&lt;b &amp; c&gt;&quot;d&quot; &apos;e&apos;")
        #expect(XMLText.escape("area (mm²)") == "area (mm²)")
    }
}
