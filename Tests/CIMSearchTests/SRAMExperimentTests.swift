import CIMData
import CIMHardware
import CIMSearch
import CIMWorkload
import Testing

/// The shipped 32 nm technology tables (the SRAM chip uses their CACTI grid and router entry).
enum SRAMTestTechnology {
    static let parameters: TechnologyParameters = {
        var entries: [TechnologyEntry] = []
        for f in ["datasets/tech/neurosim_32nm.csv", "datasets/tech/cacti_32nm.csv", "datasets/tech/router_adc_32nm.csv"] {
            entries += try! TechnologyCSV.parse(text: EmbeddedFiles.text(f)!, file: f)
        }
        return try! TechnologyParameters(entries: entries)
    }()
}

@Suite struct SRAMExperimentTests {
    let space = try! SearchSpace.named(SRAMExperiment.spaceName)

    @Test func spaceHoldsHardwareKnobsAndEveryLayersBits() throws {
        #expect(space.network == "resnet50")
        for knob in ["rows", "cols", "adc_bits", "macros_per_tile", "tiles_per_chip", "voltage_v", "glb_depth"] {
            #expect(space.knobIndex(knob) != nil, "\(knob)")
        }
        for layer in ResNet50.layerNames {
            #expect(space.knobIndex("layer_w." + layer) != nil && space.knobIndex("layer_a." + layer) != nil)
        }
        #expect(space.knobs.count == 11 + 2 * 54)
    }

    @Test func baselineEncodesAndDecodesBack() throws {
        let genome = try space.encode(SRAMExperiment.baselineDesign)
        let back = try space.decode(genome)
        #expect(back.hardware == SRAMExperiment.baselineDesign.hardware)
        #expect(back.cellType == "sram")
        let layers = try Workloads.layers(for: back)
        #expect(layers.allSatisfy { $0.inputBits == 8 && $0.weightBits == 8 })
    }

    @Test func perLayerBitsDecodeIntoOverrides() throws {
        var genome = try space.encode(SRAMExperiment.baselineDesign)
        let w = space.knobIndex("layer_w.layer3.2.conv2")!, a = space.knobIndex("layer_a.fc")!
        genome.indices[w] = space.knobs[w].values.firstIndex(of: .number(4))!
        genome.indices[a] = space.knobs[a].values.firstIndex(of: .number(6))!
        let layers = try Workloads.layers(for: space.decode(genome))
        let byName = Dictionary(uniqueKeysWithValues: layers.map { ($0.name, $0) })
        #expect(byName["layer3.2.conv2"]!.weightBits == 4 && byName["layer3.2.conv2"]!.inputBits == 8)
        #expect(byName["fc"]!.inputBits == 6 && byName["fc"]!.weightBits == 8)
        #expect(try space.encode(space.decode(genome)) == genome)
    }

    /// Baseline: every layer stays weight-stationary (one pass), the chip holds ResNet50's 8-bit weights,
    /// accuracy is the INT8 calibration point.
    @Test func baselineEvaluation() throws {
        let r = try SRAMExperiment.evaluate(SRAMExperiment.baselineDesign, technology: SRAMTestTechnology.parameters)
        #expect(r.network.layers.count == 54)
        #expect(r.network.layers.allSatisfy { $0.passes == 1 })
        #expect(abs(r.top1_percent - 76.03) < 1e-9)
        #expect(abs(r.network.macs - 4.0899e9) / 4.0899e9 < 0.01)
        // A chip of macros cannot exceed the macro's own 8-bit efficiency.
        let mvm = SRAMMacro.sinangil.evaluate(SRAMOperatingPoint(voltage_v: 0.8, inputBits: 8, weightBits: 8))
        #expect(r.network.topsPerW < mvm.topsPerW && r.network.topsPerW > 0.2 * mvm.topsPerW)
    }

    /// 4-bit layers on the same chip: less energy and latency, lower accuracy — the search's trade-off.
    @Test func fourBitDesignTradesAccuracyForEDAP() throws {
        var genome = try space.encode(SRAMExperiment.baselineDesign)
        for (i, k) in space.knobs.enumerated() where k.name.hasPrefix("layer_") {
            genome.indices[i] = k.values.firstIndex(of: .number(4))!
        }
        let four = try SRAMExperiment.evaluate(space.decode(genome), technology: SRAMTestTechnology.parameters)
        let base = try SRAMExperiment.evaluate(SRAMExperiment.baselineDesign, technology: SRAMTestTechnology.parameters)
        #expect(four.network.edap < base.network.edap)
        #expect(four.network.topsPerW > base.network.topsPerW)
        #expect(abs(four.top1_percent - 74.53) < 1e-9)
    }

    /// Through the search's cached evaluator: same energy, latency and accuracy as the direct evaluation.
    @Test func evaluatorAgreesWithDirectEvaluation() throws {
        let evaluator = SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore())
        let record = try evaluator.evaluate([SRAMExperiment.baselineDesign])[0]
        let direct = try SRAMExperiment.evaluate(SRAMExperiment.baselineDesign, technology: SRAMTestTechnology.parameters)
        #expect(record.infeasibleReason == nil)
        #expect(abs(record.energy_j / direct.network.energy_J - 1) < 1e-9)
        #expect(abs(record.latency_s / direct.network.latency_s - 1) < 1e-9)
        #expect(abs(record.area_mm2 / direct.network.area_mm2 - 1) < 1e-9)
        #expect(abs(record.top1_percent - direct.top1_percent) < 1e-9)
    }
}

@Suite struct SRAMSearchTests {
    /// A small GA run: the best design meets the accuracy floor and beats the baseline's EDAP.
    @Test func smallSearchBeatsBaseline() throws {
        let out = try SRAMExperiment.search(technology: SRAMTestTechnology.parameters,
                                            options: GAOptions(populationSize: 8, generations: 3, seed: 7))
        #expect(out.feasible)
        #expect(out.bestRecord.top1_percent >= 75.0)
        #expect(out.ratios.edap > 1)
        #expect(out.evaluations >= 8)
    }

    @Test func layerBitKnobsAreChecked() {
        let unknown = #"{"name": "x", "network": "resnet50", "knobs": [{"name": "layer_w.nope", "values": [4]}]}"#
        #expect(throws: SearchSpace.Error.self) { try SearchSpace(json: unknown, file: "x.json") }
        let zero = #"{"name": "x", "network": "resnet50", "knobs": [{"name": "layer_a.fc", "values": [0]}]}"#
        #expect(throws: SearchSpace.Error.self) { try SearchSpace(json: zero, file: "x.json") }
    }
}
