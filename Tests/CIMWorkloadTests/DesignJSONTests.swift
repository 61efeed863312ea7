import CIMHardware
import CIMWorkload
import Testing

@Suite struct DesignJSONTests {
    @Test func roundTripsMobileNetAndFixedDesigns() throws {
        let smoke = try CIMNASKey(parsing: Fixtures.smokeKey).design
        #expect(try DesignJSON.decode(DesignJSON.encode(smoke), file: "d.json") == smoke)
        var resnet = Design(hardware: .cimnasDefault, network: .fixed(name: "resnet50",
                            overrides: ["fc": LayerBits(inputBits: 6, weightBits: 4)]))
        resnet.hardware.adcModel = .survey
        resnet.hardware.technology_nm = 22
        #expect(try DesignJSON.decode(DesignJSON.encode(resnet), file: "d.json") == resnet)
        #expect(try DesignJSON.decode(#"{"cimnas_key": "\#(Fixtures.smokeKey)"}"#, file: "d.json") == smoke)
    }

    @Test func strictErrorsNameTheField() throws {
        func message(_ text: String) -> String {
            do { _ = try DesignJSON.decode(text, file: "d.json"); return "parsed" } catch { return error.description }
        }
        let hw = #""hardware": {"voltage_v": 0.7, "bits_per_cell": 4, "base_latency_s": 4e-09, "rows": 128, "cols": 128, "router_group": 8, "tiles_per_chip": 16, "macros_per_tile": 16, "glb_depth": 16384}"#
        #expect(message("{\(hw), \"network\": \"resnet50\"}") == "parsed")
        #expect(message("{\(hw), \"network\": \"resnet50\", \"color\": 1}")
                == "d.json: color: unknown field, expected one of hardware, network, subnet, bits")
        #expect(message("{\(hw.replacingOccurrences(of: "\"rows\": 128", with: "\"rows\": \"128\"")), \"network\": \"resnet50\"}")
                == "d.json: hardware.rows: \"128\" is not a positive number")
        #expect(message("{\(hw.replacingOccurrences(of: "\"rows\": 128", with: "\"rows\": 12.5")), \"network\": \"resnet50\"}")
                == "d.json: hardware.rows: 12.5 is not a positive integer")
        #expect(message("{\(hw), \"network\": \"mobilenetv2\"}") == "d.json: subnet: missing or not an object (mobilenetv2 needs it)")
        #expect(message("{\(hw), \"network\": \"resnet50\", \"bits\": {\"fc\": {\"input_bits\": 8}}}")
                == "d.json: bits.fc.weight_bits: missing")
        #expect(message(#"{"cimnas_key": "A_0.7"}"#).hasPrefix("d.json: cimnas_key: column"))
        #expect(message("{\n  \"network\": \"resnet50\",\n  \"hardware\": {\"rows\": 12,,}\n}\n")
                == "d.json:3:27: not valid JSON (Invalid value), expected a design object")
        let sub = #""subnet": {"depths": [2,2,2,2,2,2], "kernels": [9,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3], "expand_indices": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], "pw_w": [8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8], "pw_a": [8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8], "dw_w": [8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8], "dw_a": [8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8]}"#
        #expect(message("{\(hw), \"network\": \"mobilenetv2\", \(sub)}") == "d.json: subnet: kernels[0] = 9 is not one of [3, 5, 7]")
        #expect(message("{\(hw), \"network\": \"mobilenetv2\", \(sub.replacingOccurrences(of: "[9,", with: "[3,"))}") == "parsed")
    }

    @Test func canonicalKeyIgnoresDeadGenes() throws {
        let key = try CIMNASKey(parsing: Fixtures.smokeKey)
        var other = key.subnet
        // Block 3 is inactive (depths[0] = 4 → active; use stage 1: depths[1] = 3 → block 7 inactive).
        #expect(!other.isActive(block: 7))
        other.kernels[7] = 7
        other.pwWeightBits[7] = 4
        other.depths[5] = 2
        let a = key.design, b = Design(hardware: key.hardware, network: .mobileNetV2(other))
        #expect(a.canonicalKey == b.canonicalKey)
        other.kernels[6] = other.kernels[6] == 3 ? 5 : 3
        #expect(Design(hardware: key.hardware, network: .mobileNetV2(other)).canonicalKey != a.canonicalKey)
        #expect(a.canonicalKey.hasPrefix("hw=0.65_1_6e-09_32_32_16_16_128_32768_8_32_1e-08_neurosim_cimnas;cell=rram;net=mobilenetv2;d=43434;k="))
        var c = a
        c.hardware.adcBits = 6
        #expect(c.canonicalKey != a.canonicalKey)
    }
}

@Suite struct DocsDesignJSONTests {
    /// The "Design JSON" example of docs/user-guide.md is the smoke architecture and parses.
    @Test func userGuideExampleParses() throws {
        let readme = try String(contentsOf: Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/user-guide.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Design JSON").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(try DesignJSON.decode(block, file: "docs/user-guide.md") == CIMNASKey(parsing: Fixtures.smokeKey).design)
    }
}

@Suite struct CanonicalKeyParseTests {
    @Test func canonicalKeysParseBack() throws {
        let space = try SearchSpace.named("cimnas-rram-extended")
        var rng = SplitMix(seed: 3)
        for _ in 0..<100 {
            let design = try space.decode(space.randomGenome(using: &rng))
            let parsed = try Design(canonicalKey: design.canonicalKey)
            #expect(parsed.canonicalKey == design.canonicalKey)
            #expect(parsed.network.subnet == design.network.subnet?.normalized)
            #expect(parsed.hardware == design.hardware)
        }
        let resnet = Design(hardware: .cimnasDefault, network: .fixed(name: "resnet50", overrides: ["fc": LayerBits(inputBits: 6, weightBits: 4)]))
        #expect(try Design(canonicalKey: resnet.canonicalKey) == resnet)
        #expect(throws: DesignJSON.Error("canonical key: must start with hw=…;cell=…;net=…")) { try Design(canonicalKey: "net=x") }
    }
}
