import CIMHardware

/// One point of the joint space: hardware, network and quantization policy.
public struct Design: Hashable, Sendable, Codable {
    public var hardware: HardwareConfig
    public var network: NetworkChoice
    /// Memory cell model name (`rram` is the NeuroSim RRAM cell CIMNAS uses).
    public var cellType: String

    public init(hardware: HardwareConfig, network: NetworkChoice, cellType: String = "rram") {
        self.hardware = hardware
        self.network = network
        self.cellType = cellType
    }
}

/// Bit widths of one layer: activation (input) and weight precision.
public struct LayerBits: Hashable, Sendable, Codable {
    public var inputBits: Int
    public var weightBits: Int

    public init(inputBits: Int, weightBits: Int) {
        self.inputBits = inputBits
        self.weightBits = weightBits
    }
}

/// Which network a design runs, with its quantization policy.
public enum NetworkChoice: Hashable, Sendable, Codable {
    /// A MobileNetV2 subnet of the APQ supernet; its bits are in the spec.
    case mobileNetV2(SubnetSpec)
    /// A fixed network (`resnet50` built in, or `datasets/workloads/NAME.csv`), with per-layer bit
    /// overrides keyed by layer name.
    case fixed(name: String, overrides: [String: LayerBits])

    /// Short name: `mobilenetv2` or the fixed network's name.
    public var name: String {
        switch self {
        case .mobileNetV2: return "mobilenetv2"
        case .fixed(let name, _): return name
        }
    }

    /// The MobileNetV2 subnet, when this is one.
    public var subnet: SubnetSpec? {
        if case .mobileNetV2(let spec) = self { return spec }
        return nil
    }
}
