/// A MobileNetV2 subnet of the APQ/OFA ProxylessNAS supernet with its per-block quantization policy.
///
/// This is the software part of the CIMNAS genome (132 genes): 6 stage depths, and per searchable block
/// (21 slots) a kernel size, an expand-grid index and four bit widths. Block `i` is active iff
/// `i % 4 < depths[i / 4]`; genes of inactive blocks are kept but have no effect.
public struct SubnetSpec: Hashable, Sendable, Codable {
    /// Blocks kept per stage, each in {2, 3, 4}. `depths[5]` has no effect (stage 6 has one block).
    public var depths: [Int]
    /// Depthwise kernel size per block, each in {3, 5, 7}.
    public var kernels: [Int]
    /// Index into the block's expand grid (expanded widths, multiples of 8, from 4·Cin to 6·Cin).
    public var expandIndices: [Int]
    /// Pointwise (expand and project) weight bits per block, each in {4, 6, 8}.
    public var pwWeightBits: [Int]
    /// Pointwise activation bits per block.
    public var pwActivationBits: [Int]
    /// Depthwise weight bits per block.
    public var dwWeightBits: [Int]
    /// Depthwise activation bits per block.
    public var dwActivationBits: [Int]

    public init(depths: [Int], kernels: [Int], expandIndices: [Int], pwWeightBits: [Int],
                pwActivationBits: [Int], dwWeightBits: [Int], dwActivationBits: [Int]) {
        self.depths = depths
        self.kernels = kernels
        self.expandIndices = expandIndices
        self.pwWeightBits = pwWeightBits
        self.pwActivationBits = pwActivationBits
        self.dwWeightBits = dwWeightBits
        self.dwActivationBits = dwActivationBits
    }

    /// Number of searchable blocks.
    public static let blockCount = 21
    /// Number of stages with a searchable depth.
    public static let stageCount = 6

    /// Whether block `i` is part of the subnet.
    @inlinable public func isActive(block i: Int) -> Bool { i % 4 < depths[i / 4] }
}
