import CIMAccuracy
import Testing

@Suite struct FeatureLayoutTests {
    @Test func featureLength() {
        // 63 kernel + 457 expand one-hots, then 4 × 63 bit one-hots (docs/accuracy.md, "Encoding layout").
        #expect(CIMAccuracy.featureCount == 63 + 457 + 4 * 63)
    }
}
