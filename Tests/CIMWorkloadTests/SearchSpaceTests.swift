import CIMHardware
import CIMWorkload
import Foundation
import Testing

@Suite struct SearchSpaceTests {
    @Test func originalSpaceHasTheCodeListsAndSize() throws {
        let space = try SearchSpace.named("cimnas-rram-32nm")
        #expect(space.knobs.count == 141)
        #expect(space.knobs.prefix(9).map(\.values.count) == [8, 8, 6, 5, 4, 6, 5, 6, 7])
        #expect(space.knobs[0].values.map(\.description) == ["0.5", "0.55", "0.6", "0.65", "0.7", "0.75", "0.8", "0.85"])
        #expect(space.knobs[2].values.map(\.description) == ["1e-09", "2e-09", "4e-09", "6e-09", "8e-09", "1e-08"])
        #expect(space.knobs[8].values.map(\.description) == ["2048", "4096", "8192", "16384", "32768", "65536", "131072"])
        #expect(space.knobs[120...].map(\.values.count) == MobileNetV2Supernet.expandChoiceCounts)
        #expect(space.sizeDescription == "6.80×10^85")
        // hw 9,676,800 × software 7.028×10^78 (docs/search.md, "Reference values").
        #expect(abs(space.log10Size - (log10(9_676_800) + log10(7.028e78))) < 1e-3)
    }

    @Test func paperSpaceGivesThePapersSize() throws {
        let space = try SearchSpace.named("cimnas-rram-32nm-paper")
        #expect(space.sizeDescription == "9.92×10^85")
        #expect(space.knobs[4].values.last?.description == "512")
        #expect(space.knobs[7].values.last?.description == "256")
    }

    @Test func extendedSpaceAddsTechnologyKnobs() throws {
        let space = try SearchSpace.named("cimnas-rram-extended")
        let names = Set(space.knobs.map(\.name))
        #expect(names.isSuperset(of: ["technology_nm", "adc_bits", "adc_model", "cell_type", "read_pulse_width_s"]))
        var rng = SplitMix(seed: 7)
        for _ in 0..<50 {
            let genome = space.randomGenome(using: &rng)
            let design = try space.decode(genome)
            #expect(try space.encode(design) == genome)
        }
        #expect(SearchSpace.builtInNames.contains("cimnas-rram-extended"))
    }

    @Test func genomeOrderIsTheOriginals() throws {
        let space = try SearchSpace.named("cimnas-rram-32nm")
        let key = try CIMNASKey(parsing: Fixtures.smokeKey)
        let genome = try space.encode(key.design)
        // x[0..8]: 0.65 → 3, bpc 1 → 0, 6e-09 → 3, rows 32 → 0, cols 32 → 0, srg 16 → 4, tiles 16 → 2, macros 128 → 5, glb 32768 → 4
        #expect(Array(genome.indices.prefix(9)) == [3, 0, 3, 0, 0, 4, 2, 5, 4])
        #expect(Array(genome.indices[9..<15]) == [2, 1, 2, 1, 2, 2])   // depths 4,3,4,3,4,4
        #expect(Array(genome.indices[120...]) == key.subnet.expandIndices)
        #expect(try space.cimnasKey(for: genome) == Fixtures.smokeKey)
    }

    @Test func badGenomesAndDesignsAreRejected() throws {
        let space = try SearchSpace.named("cimnas-rram-32nm")
        #expect(throws: SearchSpace.Error("genome has 3 genes, space cimnas-rram-32nm has 141 knobs")) {
            try space.decode(Genome([0, 0, 0]))
        }
        var genes = Array(repeating: 0, count: 141)
        genes[4] = 4
        #expect(throws: SearchSpace.Error("gene cols = 4 is outside 0..<4")) { try space.decode(Genome(genes)) }
        var design = try CIMNASKey(parsing: Fixtures.smokeKey).design
        design.hardware.cols = 512
        #expect(throws: SearchSpace.Error("cols = 512 is not in space cimnas-rram-32nm's list [32, 64, 128, 256]")) {
            try space.encode(design)
        }
        design.hardware.cols = 32
        design.hardware.technology_nm = 22
        #expect(throws: SearchSpace.Error("design sets technology_nm away from the default, but space cimnas-rram-32nm does not search it")) {
            try space.encode(design)
        }
    }

    @Test func spaceFilesAreParsedStrictly() {
        func message(_ json: String) -> String {
            do { _ = try SearchSpace(json: json, file: "s.json"); return "parsed" } catch { return error.description }
        }
        #expect(message(#"{"name": "x", "network": "resnet50", "knobs": [{"name": "rows", "values": [32, 64]}]}"#) == "parsed")
        #expect(message(#"{"name": "x", "network": "resnet50", "knobs": [], "extra": 1}"#)
                == "s.json:1:51: unknown field 'extra', expected one of name, description, network, knobs, fixed, constraints")
        #expect(message(#"{"name": "x", "network": "resnet50", "knobs": [{"name": "rowz", "values": [32]}]}"#).hasPrefix("s.json:1:57: unknown knob 'rowz', expected one of voltage_v,"))
        #expect(message(#"{"name": "x", "network": "resnet50", "knobs": [{"name": "rows", "values": []}]}"#)
                == "s.json:1:57: knob 'rows' has no values")
        #expect(message(#"{"name": "x", "network": "resnet50", "knobs": [{"name": "adc_model", "values": ["flash"]}]}"#)
                == "s.json:1:81: knob 'adc_model': value flash is not an ADC model, expected one of neurosim, survey")
        #expect(message(#"{"name": "x", "network": "mobilenetv2", "knobs": [{"name": "rows", "values": [32]}]}"#)
                == "parsed")
        #expect(message(#"{"name": "x", "network": "mobilenetv2", "knobs": [{"name": "depth.1", "values": [2]}]}"#)
                == "s.json:1:41: network mobilenetv2 needs all 132 MobileNetV2 knobs or none (standard MobileNetV2), 'depth.0' is missing")
        #expect(message(#"{"name": "x", "network": "resnet50", "knobs": [{"name": "rows", "values": [32.5]}]}"#)
                == "s.json:1:76: knob 'rows': value 32.5 is not a positive integer")
        // Real-valued knobs beyond Int's range (found by `make fuzz`, space-json target) are range errors, not traps.
        for value in ["1e300", "9.3e18", "1e19"] {
            for knob in ["voltage_v", "base_latency_s", "technology_nm", "read_pulse_width_s"] {
                let json = #"{"name": "x", "network": "resnet50", "knobs": [{"name": "\#(knob)", "values": [\#(value)]}]}"#
                let text = message(json)
                #expect(text.hasPrefix("s.json:1:") && text.contains("knob '\(knob)'") && !text.contains("\n"), "\(knob)=\(value): \(text)")
            }
        }
    }
}

/// A small deterministic generator for tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
