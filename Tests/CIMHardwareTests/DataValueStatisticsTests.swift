import CIMHardware
import Foundation
import Testing

/// AVERAGE_INPUT_VALUE / AVERAGE_WEIGHT_VALUE (docs/cost-model.md, "Data values") against CiMLoop's values.
@Suite struct DataValueStatisticsTests {
    /// Histograms of the shipped CiMLoop workloads (copied into Tests/Fixtures from mit-emze/cimloop).
    static func histograms() throws -> [String: (inputs: [Double], weights: [Double])] {
        let layers = (try Fixtures.json("cimloop_workload_histograms.json") as! [String: Any])["layers"] as! [String: [String: [Double]]]
        return layers.mapValues { ($0["inputs"]!, $0["weights"]!) }
    }

    /// Every golden run's `variables` (tolerance 1e-12 relative: same arithmetic as CiMLoop, other summation order).
    @Test func goldenRunVariables() throws {
        let hist = try Self.histograms()
        for (id, r) in try Fixtures.goldenRuns() {
            let h = hist["\(r["dnn"] as! String)/\(r["layer"] as! String)"]!
            let v = r["variables"] as! [String: Any]
            let bpc = Int((r["params"] as! [Double])[1])
            let a = try DataValueStatistics.averageInputValue(histogram: h.inputs, inputBits: r["input_bits"] as! Int)
            let w = try DataValueStatistics.averageWeightValue(histogram: h.weights, weightBits: r["weight_bits"] as! Int, bitsPerCell: bpc)
            #expect(isClose(a, v["AVERAGE_INPUT_VALUE"] as! Double, rel: 1e-12), "\(id) a = \(a)")
            #expect(isClose(w, v["AVERAGE_WEIGHT_VALUE"] as! Double, rel: 1e-12), "\(id) w = \(w)")
        }
    }

    /// resnet18/02 check values of docs/cost-model.md, "Data values", including the non-monotonic partial-slice values (tolerance 1e-4 abs,
    /// the spec prints 4 digits).
    @Test func resnet18Layer02BitsPerCellSweep() throws {
        let h = try Self.histograms()["resnet18/02"]!
        #expect(isClose(try DataValueStatistics.averageInputValue(histogram: h.inputs, inputBits: 8), 0.5662026062774267, rel: 1e-13))
        #expect(isClose(try DataValueStatistics.averageWeightValue(histogram: h.weights, weightBits: 8, bitsPerCell: 4), 0.4900320336536699, rel: 1e-13))
        let expected = [0.4983, 0.4949, 0.3974, 0.4900, 0.2971, 0.2529, 0.2430, 0.4822]
        for (i, want) in expected.enumerated() {
            let w = try DataValueStatistics.averageWeightValue(histogram: h.weights, weightBits: 8, bitsPerCell: i + 1)
            #expect(abs(w - want) < 1e-4, "bpc \(i + 1): \(w)")
        }
    }

    /// CiMLoop defaults (tutorial: a = 0.527669, w = 0.466667 for 8 b / 8 b, 8 bits per cell).
    @Test func defaultHistograms() throws {
        let a = try DataValueStatistics.averageInputValue(histogram: nil, inputBits: 8)
        let w = try DataValueStatistics.averageWeightValue(histogram: nil, weightBits: 8, bitsPerCell: 8)
        #expect(abs(a - 0.527669) < 1e-6)
        #expect(abs(w - 0.466667) < 1e-6)
        let layer = LayerWorkload(shape: LayerShape(C: 16, M: 16, P: 1, Q: 1), inputBits: 8, weightBits: 8)
        let both = try DataValueStatistics.averages(layer, bitsPerCell: 8)
        #expect(both.input == a && both.weight == w)
    }

    /// Hand-computed: [0, 1, 0] is code 01 with certainty. 2 bits in one slice: 1/3. 4 bits: bits 3 and 4 pad
    /// with the mean bit value 0.5 → (0·8 + 1·4 + 0.5·2 + 0.5·1)/15 = 5.5/15. Slices of 3 over 4 bits:
    /// slice 0 = bits 0,1,0.5 → (0 + 2 + 0.5)/7, partial slice 1 = bit 0.5·1/7 → mean (2.5 + 0.5)/7/2.
    @Test func paddingAndPartialSliceRule() throws {
        let h: [Double] = [0, 1, 0]
        #expect(isClose(try DataValueStatistics.averageSliceValue(histogram: h, totalBits: 2, bitsPerSlice: 2), 1.0 / 3, rel: 1e-14))
        #expect(isClose(try DataValueStatistics.averageSliceValue(histogram: h, totalBits: 4, bitsPerSlice: 4), 5.5 / 15, rel: 1e-14))
        #expect(isClose(try DataValueStatistics.averageSliceValue(histogram: h, totalBits: 4, bitsPerSlice: 3), 3.0 / 7 / 2, rel: 1e-14))
        // Fewer bits than the histogram: only the MSBs count. [0,0,0,0,0,0,1] = code 110; 1 bit → 1.
        #expect(try DataValueStatistics.averageSliceValue(histogram: [0, 0, 0, 0, 0, 0, 1], totalBits: 1, bitsPerSlice: 1) == 1)
    }

    @Test func rejectsBadHistograms() {
        #expect(throws: DataValueStatistics.HistogramError.self) { try DataValueStatistics.averageSliceValue(histogram: [1, 1], totalBits: 8, bitsPerSlice: 8) }
        #expect(throws: DataValueStatistics.HistogramError.self) { try DataValueStatistics.averageSliceValue(histogram: [0, 0, 0], totalBits: 8, bitsPerSlice: 8) }
        #expect(throws: DataValueStatistics.HistogramError.self) { try DataValueStatistics.averageSliceValue(histogram: [1, -1, 1], totalBits: 8, bitsPerSlice: 8) }
        #expect(throws: DataValueStatistics.HistogramError.self) { try DataValueStatistics.averageSliceValue(histogram: [1, 1, 1], totalBits: 0, bitsPerSlice: 8) }
    }
}
