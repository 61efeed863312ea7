import CIMHardware
import CIMWorkload

/// The reference design the headline ratios are measured against (issue 6; docs/search.md, "Reference values").
public enum CIMNASBaseline {
    /// Standard MobileNetV2 (`SubnetSpec.standard`): depths [2,3,4,3,3,1], kernel 3, expand ratio 6, all 8-bit.
    public static let subnet = SubnetSpec.standard

    /// The baseline on the CIMNAS default hardware (0.7 V, 4 b/cell, 4 ns, 128×128, 8 routers, 16 tiles,
    /// 16 macros/tile, 16384-word GLB).
    public static let design = Design(hardware: .cimnasDefault, network: .mobileNetV2(subnet))
}

/// Improvement of a design over the baseline: the paper's headline metrics.
public struct BaselineRatios: Hashable, Sendable, Codable {
    /// Baseline EDAP ÷ design EDAP (`edap_reduction`, ×).
    public var edapReduction: Double
    /// Design TOPS/W ÷ baseline TOPS/W (×).
    public var topsPerW: Double
    /// Design TOPS/mm² ÷ baseline TOPS/mm² (×).
    public var topsPerMM2: Double

    public init(design: DesignResult, baseline: DesignResult) {
        edapReduction = design.edap_j_s_mm2 > 0 ? baseline.edap_j_s_mm2 / design.edap_j_s_mm2 : 0
        topsPerW = baseline.topsPerW > 0 ? design.topsPerW / baseline.topsPerW : 0
        topsPerMM2 = baseline.topsPerMM2 > 0 ? design.topsPerMM2 / baseline.topsPerMM2 : 0
    }
}
