/// Quantization-aware accuracy prediction for MobileNetV2 subnets (APQ-compatible).
public enum CIMAccuracy {
    /// Feature length of APQ's encoding: 520 architecture + 252 quantization dims.
    public static let featureCount = 772
}
