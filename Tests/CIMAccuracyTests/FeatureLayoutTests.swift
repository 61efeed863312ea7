import CIMAccuracy
import Testing

@Suite struct FeatureLayoutTests {
    @Test func featureLength() {
        // 63 kernel + 457 expand one-hots, then 4 × 63 bit one-hots (apq-predictor.md §2.3).
        #expect(CIMAccuracy.featureCount == 63 + 457 + 4 * 63)
    }
}
