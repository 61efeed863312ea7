/// A convolution or fully connected layer in Timeloop's dimension names.
///
/// P and Q are output sizes. Depthwise layers are written as `G = channels, C = M = 1`;
/// fully connected layers have `P = Q = R = S = 1`.
public struct LayerShape: Hashable, Sendable, Codable {
    public var kind: LayerKind
    public var G: Int
    public var C: Int
    public var M: Int
    public var R: Int
    public var S: Int
    public var P: Int
    public var Q: Int
    public var N: Int
    public var stride: Int

    public init(kind: LayerKind = .conv, G: Int = 1, C: Int, M: Int, R: Int = 1, S: Int = 1,
                P: Int, Q: Int, N: Int = 1, stride: Int = 1) {
        self.kind = kind
        self.G = G
        self.C = C
        self.M = M
        self.R = R
        self.S = S
        self.P = P
        self.Q = Q
        self.N = N
        self.stride = stride
    }

    /// Multiply-accumulates of the layer: G·C·M·R·S·P·Q·N.
    @inlinable public var macs: Int { G * C * M * R * S * P * Q * N }
}

/// What a layer is, for reporting, histogram defaults and sensitivity models.
public enum LayerKind: String, Hashable, Sendable, Codable, CaseIterable {
    case conv
    case pointwise
    case depthwise
    case linear
}

/// One layer to evaluate: its shape, its operand precisions and, optionally, its value histograms.
public struct LayerWorkload: Hashable, Sendable, Codable {
    public var name: String
    public var shape: LayerShape
    public var inputBits: Int
    public var weightBits: Int
    /// Normalised input histogram with 2^k − 1 bins (centre bin = value 0); nil → CiMLoop default.
    public var inputHistogram: [Double]?
    /// Normalised weight histogram; nil → CiMLoop default (15 equal bins).
    public var weightHistogram: [Double]?

    public init(name: String = "", shape: LayerShape, inputBits: Int, weightBits: Int,
                inputHistogram: [Double]? = nil, weightHistogram: [Double]? = nil) {
        self.name = name
        self.shape = shape
        self.inputBits = inputBits
        self.weightBits = weightBits
        self.inputHistogram = inputHistogram
        self.weightHistogram = weightHistogram
    }
}
