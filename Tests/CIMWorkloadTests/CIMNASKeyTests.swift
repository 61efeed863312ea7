import CIMHardware
import CIMWorkload
import Foundation
import Testing

@Suite struct CIMNASKeyTests {
    @Test func pythonFloatRepr() {
        #expect(PythonFloat.repr(0.7) == "0.7")
        #expect(PythonFloat.repr(0.55) == "0.55")
        #expect(PythonFloat.repr(4e-9) == "4e-09")
        #expect(PythonFloat.repr(1e-8) == "1e-08")
        #expect(PythonFloat.repr(1.0) == "1.0")
        #expect(PythonFloat.repr(0.0001) == "0.0001")
        #expect(PythonFloat.repr(1.5e-5) == "1.5e-05")
        #expect(PythonFloat.repr(1e16) == "1e+16")
        #expect(PythonFloat.repr(123456.5) == "123456.5")
        #expect(PythonFloat.repr(-2.5e-10) == "-2.5e-10")
    }

    /// Every key of the original's constr8 results parses, prints back exactly and is a valid design.
    @Test func allConstr8KeysRoundTrip() throws {
        let results = try #require(Fixtures.json("cimnas_constr8_results.json") as? [String: Any])
        #expect(results.count == 306)
        let space = try SearchSpace.named("cimnas-rram-32nm")
        for text in results.keys {
            let key = try CIMNASKey(parsing: text)
            #expect(key.description == text)
            #expect(MobileNetV2Supernet.validate(key.subnet).isEmpty, "\(text)")
            let genome = try space.encode(key.design)
            #expect(try space.decode(genome) == key.design)
            #expect(try CIMNASKey(parsing: space.cimnasKey(for: genome)) == key)
        }
    }

    @Test func goldenKeysDecodeToTheirLists() throws {
        let golden = try #require(Fixtures.json("cimnas_golden_configs.json") as? [String: Any])
        let top1 = try #require(golden["example_top1"] as? [String: Any])
        let key = try CIMNASKey(parsing: try #require(top1["key"] as? String))
        #expect(key.subnet.depths == top1["d"] as? [Int])
        #expect(key.subnet.kernels == top1["ks"] as? [Int])
        #expect(key.subnet.pwWeightBits == top1["pw_w"] as? [Int])
        #expect(key.subnet.dwActivationBits == top1["dw_a"] as? [Int])
        let ratios = try #require(top1["e"] as? [Double])
        for (i, block) in MobileNetV2Supernet.blocks.enumerated() {
            #expect(abs(block.expandRatio(index: key.subnet.expandIndices[i]) - ratios[i]) < 1e-12)
        }
        let hw = try #require(top1["hw"] as? [Double])
        #expect([key.hardware.voltage_v, Double(key.hardware.bitsPerCell), key.hardware.baseLatency_s,
                 Double(key.hardware.rows), Double(key.hardware.cols), Double(key.hardware.routerGroup),
                 Double(key.hardware.tilesPerChip), Double(key.hardware.macrosPerTile),
                 Double(key.hardware.glbDepth)] == hw)
    }

    @Test func badKeysSayWhere() {
        func message(_ text: String) -> String {
            do { _ = try CIMNASKey(parsing: text); return "parsed" } catch { return error.description }
        }
        let good = Fixtures.smokeKey
        #expect(message(good.replacingOccurrences(of: "A_0.65_", with: "A_0.650_"))
                == "column 3: voltage '0.650' is not a number as Python prints it, expected e.g. 0.7 or 4e-09")
        #expect(message(good.replacingOccurrences(of: "_434344_", with: "_43434_"))
                == "column 38: depths '43434' is not 6 digits")
        #expect(message("B" + good.dropFirst()) == "column 1: key starts with 'B', expected 'A'")
        #expect(message(good + "_1").hasPrefix("column"))
    }
}
