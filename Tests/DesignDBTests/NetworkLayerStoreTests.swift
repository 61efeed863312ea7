import CIMHardware
import DesignDB
import Testing

/// `network_layer` (schema 005): a network × quantization policy × compat mode maps to ordered layers.
@Suite struct NetworkLayerStoreTests {
    @Test func storesOrderedLayersPerPolicyAndModeOnce() throws {
        let db = try Database(path: ":memory:")
        let shapes = try LayerShapeStore(db)
        let net = try NetworkStore(db).id(for: NetworkRecord(family: "mbv2", key: "net", layerCount: 3, macs: 1))
        let a = try shapes.id(for: LayerShape(kind: .conv, C: 3, M: 32, R: 3, S: 3, P: 112, Q: 112, stride: 2))
        let b = try shapes.id(for: LayerShape(kind: .pointwise, C: 32, M: 16, P: 112, Q: 112))
        let store = try NetworkLayerStore(db)
        let layers = [NetworkLayerRecord(layerShapeID: b, inputBits: 8, weightBits: 4, name: "00_b"),
                      NetworkLayerRecord(layerShapeID: a, inputBits: 8, weightBits: 8, name: "01_a"),
                      NetworkLayerRecord(layerShapeID: b, inputBits: 6, weightBits: 6, histogramKey: "i[1]w[]", name: "02_b")]
        #expect(try !store.contains(networkID: net, quantPolicyKey: "q", compatMode: "default"))
        try store.save(networkID: net, quantPolicyKey: "q", compatMode: "default", layers: layers)
        #expect(try store.layers(networkID: net, quantPolicyKey: "q", compatMode: "default") == layers)
        // Same key again: kept as it is. Another mode or policy is its own sequence.
        try store.save(networkID: net, quantPolicyKey: "q", compatMode: "default", layers: Array(layers.prefix(1)))
        #expect(try store.layers(networkID: net, quantPolicyKey: "q", compatMode: "default").count == 3)
        let swapped = layers.map { var l = $0; swap(&l.inputBits, &l.weightBits); return l }
        try store.save(networkID: net, quantPolicyKey: "q", compatMode: "cimnas", layers: swapped)
        #expect(try store.layers(networkID: net, quantPolicyKey: "q", compatMode: "cimnas") == swapped)
        #expect(try store.layers(networkID: net, quantPolicyKey: "other", compatMode: "default").isEmpty)
        #expect(try db.scalar("SELECT count(*) FROM network_layer")?.int64 == 6)
    }
}
