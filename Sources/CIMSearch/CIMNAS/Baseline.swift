import CIMHardware
import CIMWorkload

/// The reference design the headline ratios are measured against (issue 6; docs/search.md, "Reference values").
public enum CIMNASBaseline {
    /// Standard MobileNetV2: stage depths [2,3,4,3,3,1] (the last stage has one block, so the gene is
    /// stored as 2, which has the same effect), kernel 3, expand ratio 6 (last grid index), all 8-bit.
    public static let subnet: SubnetSpec = {
        var s = SubnetSpec.uniform(depth: 2, kernel: 3, expandIndex: .largest, bits: 8)
        s.depths = [2, 3, 4, 3, 3, 2]
        return s
    }()

    /// The baseline on the CIMNAS default hardware (0.7 V, 4 b/cell, 4 ns, 128×128, 8 routers, 16 tiles,
    /// 16 macros/tile, 16384-word GLB).
    public static let design = Design(hardware: .cimnasDefault, network: .mobileNetV2(subnet))
}

/// Improvement of a design over the baseline: the paper's headline metrics.
public struct BaselineRatios: Hashable, Sendable, Codable {
    /// Baseline EDAP ÷ design EDAP (EDAP reduction, ×).
    public var edap: Double
    /// Design TOPS/W ÷ baseline TOPS/W (×).
    public var topsPerW: Double
    /// Design TOPS/mm² ÷ baseline TOPS/mm² (×).
    public var topsPerMM2: Double

    public init(design: DesignResult, baseline: DesignResult) {
        edap = design.edap > 0 ? baseline.edap / design.edap : 0
        topsPerW = baseline.topsPerW > 0 ? design.topsPerW / baseline.topsPerW : 0
        topsPerMM2 = baseline.topsPerMM2 > 0 ? design.topsPerMM2 / baseline.topsPerMM2 : 0
    }
}
