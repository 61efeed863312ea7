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

    /// Baseline: every layer stays weight-stationary (one pass), the chip holds ResNet50's 8-bit weights;
    /// operand accuracy is the INT8 calibration point, and the 4-bit ADC holds activations to 4-bit
    /// resolution: 76.13 − (0.1 + 1.6)/2 = 75.28 %.
    @Test func baselineEvaluation() throws {
        let r = try SRAMExperiment.evaluate(SRAMExperiment.baselineDesign, technology: SRAMTestTechnology.parameters)
        #expect(r.network.layers.count == 54)
        #expect(r.network.layers.allSatisfy { $0.passes == 1 })
        #expect(abs(r.operandTop1_percent - 76.03) < 1e-9)
        #expect(abs(r.top1_percent - 75.28) < 1e-9)
        #expect(abs(r.adcDrop_points - 0.75) < 1e-9)
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
        #expect(four.network.edap_j_s_mm2 < base.network.edap_j_s_mm2)
        #expect(four.network.topsPerW > base.network.topsPerW)
        #expect(abs(four.top1_percent - 74.53) < 1e-9)
    }

    /// Through the search's cached evaluator: same energy, latency and accuracy as the direct evaluation.
    @Test func evaluatorAgreesWithDirectEvaluation() throws {
        let evaluator = SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore())
        let record = try evaluator.evaluate([SRAMExperiment.baselineDesign])[0]
        let direct = try SRAMExperiment.evaluate(SRAMExperiment.baselineDesign, technology: SRAMTestTechnology.parameters)
        #expect(record.infeasibleReason == nil)
        #expect(abs(record.energy_j / direct.network.energy_j - 1) < 1e-9)
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
        #expect(out.ratios.edapReduction > 1)
        #expect(out.evaluations >= 8)
    }

    @Test func layerBitKnobsAreChecked() {
        let unknown = #"{"name": "x", "network": "resnet50", "knobs": [{"name": "layer_w.nope", "values": [4]}]}"#
        #expect(throws: SearchSpace.Error.self) { try SearchSpace(json: unknown, file: "x.json") }
        let zero = #"{"name": "x", "network": "resnet50", "knobs": [{"name": "layer_a.fc", "values": [0]}]}"#
        #expect(throws: SearchSpace.Error.self) { try SearchSpace(json: zero, file: "x.json") }
    }
}

/// The SRAM search's capacity rule (`SRAMCostModel.capacity`, `SRAMChip.capacity`) and ADC-aware accuracy.
@Suite struct SRAMCapacityAndADCSearchTests {
    let space = try! SearchSpace.named(SRAMExperiment.spaceName)

    /// 64 tiles × 64 macros = 4096 macros against the 49 816 Sinangil macros ResNet50's 8-bit weights take
    /// (Σ ⌈C·R·S/64⌉·⌈M/8⌉ over the 54 layers): short by 45 720 macros = 187 269 120 cells; placing layers
    /// in order, layer3.0.conv2 (1152 macros) is the first with 120 macros left without a place.
    @Test func infeasibleDesignNamesTheLayerAndShortfall() throws {
        var small = SRAMExperiment.baselineDesign
        small.hardware.tilesPerChip = 64
        let evaluator = SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore())
        let records = try evaluator.evaluate([small, SRAMExperiment.baselineDesign])
        #expect(records[0].capacityShortfallCells == 187_269_120)
        #expect(records[0].infeasibleReason == "SRAM capacity: does not fit: 49816 of 4096 SRAM macros (1216.2 %), short by 45720 macros (187269120 cells); layer layer3.0.conv2 is the first that does not fit (120 of its 1152 macros have no place)")
        // The baseline fits: 49 816 of 65 536 macros.
        #expect(records[1].infeasibleReason == nil && records[1].capacityShortfallCells == 49_816 * 4096 - 65_536 * 4096)
        let model = SRAMCostModel(technology: SRAMTestTechnology.parameters)
        let layers = try Workloads.layers(for: SRAMExperiment.baselineDesign)
        #expect(model.weightsFit(layers, on: SRAMExperiment.baselineDesign.hardware, mode: .default))
        #expect(!model.weightsFit(layers, on: small.hardware, mode: .default))
    }

    /// The problem's sampling rule asks the SRAM check, not the RRAM one.
    @Test func samplingUsesTheSRAMCheck() throws {
        let evaluator = SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore())
        let problem = CIMNASProblem(space: space, evaluator: evaluator, constraints: SRAMExperiment.defaultConstraints)
        var small = SRAMExperiment.baselineDesign
        small.hardware.tilesPerChip = 64
        #expect(problem.isAdmissibleSample(try space.encode(SRAMExperiment.baselineDesign).indices))
        #expect(!problem.isAdmissibleSample(try space.encode(small).indices))
    }

    /// With 8-bit layers and a 75.5 % floor a 4-bit ADC cannot pass (at best 75.45 % over 32 rows), so a
    /// seeded hardware-only GA must pay for ADC bits; tall arrays need more of them.
    @Test func bindingFloorBuysADCBits() throws {
        let floor = 75.5
        let evaluator = SRAMExperiment.evaluator(technology: SRAMTestTechnology.parameters, store: InMemoryEvaluationStore())
        let problem = CIMNASProblem(space: space, evaluator: evaluator, objective: .scalar(.ela_acc),
                                    constraints: SearchConstraints(minTop1_percent: floor),
                                    freeGenes: CIMNASProblem.hardwareGenes(of: space),
                                    template: try space.encode(SRAMExperiment.baselineDesign).indices)
        let result = try GeneticAlgorithm(problem: problem, options: GAOptions(populationSize: 10, generations: 4, seed: 3)).run()
        let best = try problem.design(for: result.best.genome)
        #expect(result.best.evaluation.isFeasible)
        #expect(best.hardware.adcBits > 4)
        for (genome, record) in problem.records where record.infeasibleReason == nil {
            let design = try space.decode(Genome(genome))
            if design.hardware.adcBits == 4 { #expect(record.top1_percent < floor) }
            // Same ADC, taller array: never more accurate (8-bit layers everywhere).
            var taller = design
            taller.hardware.rows = 256
            let t = try ResNet50AccuracyModel().fixedNetworkAccuracy("resnet50", overrides: [:], hardware: taller.hardware)!
            #expect(t.top1_percent <= record.top1_percent + 1e-12)
        }
        #expect(problem.records.count >= 10)
    }
}
