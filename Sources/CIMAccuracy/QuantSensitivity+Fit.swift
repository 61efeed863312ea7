import CIMWorkload

/// A measured or published ImageNet top-1 for a subnet at given bits (docs/accuracy.md, "Anchors for the top-1 calibration").
public struct AccuracyAnchor: Sendable {
    public var name: String
    public var spec: SubnetSpec
    public var top1_pct: Double
    public var source: String

    public init(name: String, spec: SubnetSpec, top1_pct: Double, source: String) {
        self.name = name
        self.spec = spec
        self.top1_pct = top1_pct
        self.source = source
    }
}

extension AccuracyAnchor {
    /// The CIMNAS searched network (`APQ/exps/test/arch`) at its mixed bits, after 30 epochs of QAT.
    public static let cimnasSearched = AccuracyAnchor(
        name: "CIMNAS searched net, mixed {4,6,8} bits, QAT",
        spec: SubnetSpec(depths: [3, 4, 4, 3, 4, 2],
                         kernels: [5, 3, 5, 5, 7, 3, 7, 7, 7, 5, 5, 5, 5, 5, 5, 7, 7, 5, 3, 3, 3],
                         expandIndices: [2, 3, 4, 1, 5, 9, 5, 6, 8, 11, 13, 18, 16, 22, 12, 6, 8, 45, 45, 22, 48],
                         pwWeightBits: [4, 6, 6, 4, 6, 6, 6, 6, 8, 6, 6, 4, 4, 4, 8, 4, 8, 4, 4, 6, 6],
                         pwActivationBits: [6, 8, 8, 8, 4, 4, 4, 8, 6, 4, 6, 4, 8, 8, 8, 4, 8, 6, 4, 4, 6],
                         dwWeightBits: [4, 4, 4, 4, 4, 4, 4, 8, 6, 4, 8, 8, 4, 6, 4, 8, 4, 4, 4, 6, 6],
                         dwActivationBits: [4, 6, 4, 4, 6, 6, 8, 6, 6, 6, 8, 4, 4, 6, 4, 6, 8, 6, 6, 4, 4]),
        top1_pct: 73.076, source: "CIMNAS repo APQ/exps/test/logs/valid_console.txt (best of 30 QAT epochs)")

    /// The smallest subnet (k3, e4, depth 2) with every searchable layer at 4 bits, after QAT.
    public static let smallestAllFourBit = AccuracyAnchor(
        name: "smallest subnet (k3, e4, d2), all 4-bit, QAT",
        spec: .uniform(kernel: 3, expandIndex: 0, bits: 4, depths: [2, 2, 2, 2, 2, 2]),
        top1_pct: 64.898, source: "CIMNAS repo real_accuracy/exps/test/acc (quant_aware.py)")

    /// The subnet of APQ's space closest to MobileNetV2-1.0: k3, e6, depths (2, 3, 4, 3, 3).
    public static let mobileNetV2LikeSpec: SubnetSpec = {
        var s = SubnetSpec.uniform(kernel: 3, expandIndex: 0, bits: 8, depths: [2, 3, 4, 3, 3, 2])
        s.expandIndices = APQEncoding.expandChoices.map { $0 - 1 }
        return s
    }()

    /// MobileNetV2-1.0 INT8: mid of 71.66 (torchvision QAT) and 71.9 (QE-Score table).
    public static let mobileNetV2Int8 = AccuracyAnchor(
        name: "MobileNetV2-like, 8-bit", spec: mobileNetV2LikeSpec, top1_pct: 71.78,
        source: "torchvision quantized mobilenet_v2 71.658; alibaba LightNAS configs/quant 71.90")

    /// MobileNetV2-1.0 4-bit W/A: mid of 67.98 (LSQ reproduction) and 68.9 (QE-Score table).
    public static let mobileNetV2FourBit = AccuracyAnchor(
        name: "MobileNetV2-like, 4-bit", spec: mobileNetV2LikeSpec.withUniformBits(4), top1_pct: 68.44,
        source: "ProhetTeam/cls_quant_config LSQ 67.98; alibaba LightNAS configs/quant 68.90")

    /// The anchors the default calibration is fitted to.
    public static let calibrationSet: [AccuracyAnchor] = [cimnasSearched, smallestAllFourBit, mobileNetV2Int8, mobileNetV2FourBit]
}

extension QuantSensitivity {
    /// One anchor's fit residual.
    public struct AnchorResult: Sendable {
        public var name: String
        public var measured_pct: Double
        public var fitted_pct: Double
        /// Predicted with this anchor left out of the fit.
        public var leaveOneOut_pct: Double?
    }

    /// Least-squares fit of `intercept`, `slope` and `fourBitDrop` to anchors, given each anchor's 8-bit raw
    /// score; kind and position weights are the priors. Returns nil when the system is singular.
    ///
    /// - Complexity: O(anchors); a 3 × 3 normal-equation solve.
    public static func fit(anchors: [AccuracyAnchor], scores8: [Double],
                           kindWeights: [Double] = priorKindWeights,
                           positionWeights: [Double] = priorPositionWeights) -> QuantSensitivity? {
        let probe = QuantSensitivity(slope_pct: 0, intercept_pct: 0, fourBitDrop_pct: 1, kindWeights: kindWeights,
                                     positionWeights: positionWeights)
        // Columns: 1, score, −D.
        var ata = [[Double]](repeating: [0, 0, 0], count: 3)
        var atb = [0.0, 0.0, 0.0]
        for (a, s) in zip(anchors, scores8) {
            let row = [1, s, -probe.quantizationDegradation(a.spec)]
            for i in 0..<3 {
                atb[i] += row[i] * a.top1_pct
                for j in 0..<3 { ata[i][j] += row[i] * row[j] }
            }
        }
        guard let x = solve3(ata, atb) else { return nil }
        return QuantSensitivity(slope_pct: x[1], intercept_pct: x[0], fourBitDrop_pct: x[2],
                                kindWeights: kindWeights, positionWeights: positionWeights)
    }

    /// Fits on all anchors and reports each anchor's fitted and leave-one-out prediction.
    public static func fitWithLeaveOneOut(anchors: [AccuracyAnchor], scores8: [Double])
        -> (model: QuantSensitivity, results: [AnchorResult], leaveOneOutRMSE_pct: Double)? {
        guard var full = fit(anchors: anchors, scores8: scores8) else { return nil }
        var results: [AnchorResult] = []
        var se = 0.0, m = 0
        for k in anchors.indices {
            let rest = anchors.indices.filter { $0 != k }
            let loo = fit(anchors: rest.map { anchors[$0] }, scores8: rest.map { scores8[$0] })
            let looPred = loo?.top1_pct(score8: scores8[k], spec: anchors[k].spec)
            if let p = looPred { se += (p - anchors[k].top1_pct) * (p - anchors[k].top1_pct); m += 1 }
            results.append(AnchorResult(name: anchors[k].name, measured_pct: anchors[k].top1_pct,
                                        fitted_pct: full.top1_pct(score8: scores8[k], spec: anchors[k].spec),
                                        leaveOneOut_pct: looPred))
        }
        let rmse = m > 0 ? (se / Double(m)).squareRoot() : .nan
        full.leaveOneOutRMSE_pct = rmse
        return (full, results, rmse)
    }

    /// Gaussian elimination with partial pivoting; nil when (near-)singular.
    static func solve3(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, v = b
        let scale = m.flatMap { $0 }.map(abs).max() ?? 0
        for c in 0..<3 {
            guard let p = (c..<3).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[p][c]) > 1e-12 * max(scale, 1) else {
                return nil
            }
            m.swapAt(c, p); v.swapAt(c, p)
            for r in 0..<3 where r != c {
                let f = m[r][c] / m[c][c]
                for k in 0..<3 { m[r][k] -= f * m[c][k] }
                v[r] -= f * v[c]
            }
        }
        return (0..<3).map { v[$0] / m[$0][$0] }
    }
}
