import DesignDB
import Testing

/// Stored versions are built from declared fields and parsed back field by field.
@Suite struct ModelVersionTests {
    @Test func encodingRoundTrips() {
        let v = ModelVersion(build: "cimloop-cimnas/2", optionsDigest: "0badcafe", technologyTag: "0123456789abcdef",
                             mode: "default")
        #expect(v.encoded == "cimloop-cimnas/2#0badcafe#tech=0123456789abcdef;mode=default")
        #expect(ModelVersion(parsing: v.encoded) == v)
        #expect(v.withoutMode.encoded == "cimloop-cimnas/2#0badcafe#tech=0123456789abcdef")
        let sram = ModelVersion(parsing: "sram-sinangil_jssc_2021-v4;mode=cimnas")
        #expect(sram == ModelVersion(build: "sram-sinangil_jssc_2021-v4", mode: "cimnas"))
        #expect(ModelVersion(parsing: "resnet50-quant-v2-adc-wang_vlsi_2022").mode == nil)
        // The tag is a field, found wherever it stands among the `#` fields.
        #expect(ModelVersion(parsing: "m/1#tech=ab#0badcafe").technologyTag == "ab")
        #expect(ComposedTechnology.cacheTag(ofModelVersion: "m/1#0badcafe;mode=default") == nil)
        #expect(ComposedTechnology.cacheTag(ofModelVersion: "m/1#0badcafe#tech=ab;mode=default") == "ab")
    }
}
