import CIMAccuracy
import CIMData
import CIMHardware
import CIMWorkload
import Foundation
import Testing
@testable import cimnas

/// Hostile values at every input boundary: rejected with one line naming the place, or — for BOM, CRLF
/// and a missing final newline — accepted with exactly the same result as the plain file (the
/// CSVReader policy, which all three CSV importers share).
@Suite struct InputBoundaryTests {
    static let hostileNumbers = ["nan", "NaN", "inf", "-inf", "+inf", "infinity", "1e308", "-1e308", "1e309", "0x10"]

    static func rejection(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    /// A rejection: one non-empty line starting with `prefix` (file:line:column or the flag).
    static func expectRejected(_ prefix: String, _ comment: String, _ body: () throws -> Void) {
        guard let m = rejection(body) else {
            Issue.record("accepted \(comment)")
            return
        }
        #expect(m.hasPrefix(prefix), "\(comment): \(m)")
        #expect(!m.contains("\n") && m.count > prefix.count + 5, "\(comment): \(m)")
    }

    /// The plain file's bytes in the three accepted variants.
    static func variants(_ plain: String) -> [(String, [UInt8])] {
        let bytes = Array(plain.utf8)
        return [("BOM", [0xEF, 0xBB, 0xBF] + bytes),
                ("CRLF", Array(plain.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
                ("no final newline", Array(bytes.dropLast()))]
    }

    // MARK: technology CSV

    static let tech = "component,parameter,value,unit\nrram_cell,r_on,6000.0,ohm\nrram_cell,v_read,0.5,V\n"

    @Test func technologyCSVBoundaries() throws {
        let plain = try TechnologyCSV.parse(text: Self.tech, file: "t.csv")
        #expect(plain.count == 2)
        for (name, bytes) in Self.variants(Self.tech) {
            #expect(try TechnologyCSV.parse(CSVReader.parse(bytes, file: "t.csv")) == plain, "\(name)")
        }
        for v in Self.hostileNumbers + ["-6000", "0"] {
            Self.expectRejected("t.csv:2:16: ", "r_on = \(v)") {
                _ = try TechnologyCSV.parse(text: Self.tech.replacingOccurrences(of: "6000.0", with: v), file: "t.csv")
            }
        }
        Self.expectRejected("t.csv:1:1: ", "an empty file") { _ = try TechnologyCSV.parse(text: "", file: "t.csv") }
        Self.expectRejected("t.csv:1:1: ", "a BOM alone") { _ = try TechnologyCSV.parse(CSVReader.parse([0xEF, 0xBB, 0xBF], file: "t.csv")) }
        let long = String(repeating: "x", count: 5_000)
        Self.expectRejected("t.csv:2:1: field is 5000 bytes long", "a 5000-byte field") {
            _ = try TechnologyCSV.parse(text: Self.tech.replacingOccurrences(of: "rram_cell,r_on", with: "\(long),r_on"), file: "t.csv")
        }
        Self.expectRejected("t.csv:2:", "a quoted newline in a name") {
            _ = try TechnologyCSV.parse(text: Self.tech.replacingOccurrences(of: "rram_cell,r_on", with: "\"rram\ncell\",r_on"), file: "t.csv")
        }
    }

    // MARK: workload CSV

    static let workload = "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\nconv1,conv,1,3,64,7,7,112,112,1,2,8,8\n"

    @Test func workloadCSVBoundaries() throws {
        let plain = try WorkloadTable.parse(Self.workload, file: "n.csv")
        #expect(plain.count == 1 && plain[0].shape.M == 64)
        for (name, bytes) in Self.variants(Self.workload) {
            #expect(try WorkloadTable.parse(String(decoding: bytes, as: UTF8.self), file: "n.csv") == plain, "\(name)")
        }
        for v in Self.hostileNumbers + ["0", "-64", "64.5", "99999999999999999999"] {
            Self.expectRejected("n.csv:2:", "M = \(v)") {
                _ = try WorkloadTable.parse(Self.workload.replacingOccurrences(of: ",64,", with: ",\(v),"), file: "n.csv")
            }
        }
        Self.expectRejected("n.csv:2:", "input bits 17") {
            _ = try WorkloadTable.parse(Self.workload.replacingOccurrences(of: "2,8,8", with: "2,17,8"), file: "n.csv")
        }
        Self.expectRejected("n.csv:1:1: ", "an empty file") { _ = try WorkloadTable.parse("", file: "n.csv") }
        Self.expectRejected("n.csv:2:1: ", "a 5000-byte name") {
            _ = try WorkloadTable.parse(Self.workload.replacingOccurrences(of: "conv1", with: String(repeating: "c", count: 5_000)), file: "n.csv")
        }
    }

    // MARK: predictor training CSV

    static let predictorSample = FuzzTargets.fixtures.appendingPathComponent("reliability/predictor_sample.csv")

    @Test func predictorCSVBoundaries() throws {
        let text = try String(contentsOf: Self.predictorSample, encoding: .utf8)
        let plain = try PredictorDataset.parse(csv: text, name: "p.csv")
        #expect(plain.count == 3)
        for (name, bytes) in Self.variants(text) {
            let d = try PredictorDataset.parse(csvBytes: bytes, name: "p.csv")
            #expect(d.specs == plain.specs && d.targets == plain.targets, "\(name)")
        }
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let depth = try #require(header.firstIndex(of: "depth1")), target = try #require(header.firstIndex(of: "apq_output"))
        func replacing(_ column: Int, with value: String) -> String {
            var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[column] = value
            return ([lines[0], fields.joined(separator: ",")] + lines.dropFirst(2)).joined(separator: "\n") + "\n"
        }
        // Integers: inf, NaN and huge values used to trap converting to Int.
        for v in Self.hostileNumbers + ["1e300", "2.5", "-1", ""] {
            Self.expectRejected("p.csv:2:", "depth1 = \(v)") { _ = try PredictorDataset.parse(csv: replacing(depth, with: v), name: "p.csv") }
        }
        for v in Self.hostileNumbers {
            Self.expectRejected("p.csv:2:", "apq_output = \(v)") { _ = try PredictorDataset.parse(csv: replacing(target, with: v), name: "p.csv") }
        }
        Self.expectRejected("p.csv:1:1: ", "an empty file") { _ = try PredictorDataset.parse(csv: "", name: "p.csv") }
        Self.expectRejected("p.csv:2:1: ", "a header alone") { _ = try PredictorDataset.parse(csv: lines[0] + "\n", name: "p.csv") }
        Self.expectRejected("p.csv:2:", "a 5000-byte field") {
            _ = try PredictorDataset.parse(csv: replacing(target, with: String(repeating: "1", count: 5_000)), name: "p.csv")
        }
    }

    // MARK: --hw, --layer, design JSON

    @Test func hardwareOptionBoundaries() throws {
        let valid = "0.7,4,4e-9,128,128,8,16,16,16384"
        #expect(try EvaluationArguments.hardware(valid).rows == 128)
        for v in Self.hostileNumbers + ["0", "-0.7", ""] {
            Self.expectRejected("--hw: V ", "V = \(v)") { _ = try EvaluationArguments.hardware(valid.replacingOccurrences(of: "0.7,", with: "\(v),")) }
        }
        for v in ["0", "-128", "1e308", "128.5", "nan"] {
            Self.expectRejected("--hw: ROWS ", "ROWS = \(v)") {
                _ = try EvaluationArguments.hardware(valid.replacingOccurrences(of: ",128,128,", with: ",\(v),128,"))
            }
        }
        Self.expectRejected("--hw: got 1 values", "an empty --hw") { _ = try EvaluationArguments.hardware("") }
        Self.expectRejected("--hw: ", "a newline in a value") { _ = try EvaluationArguments.hardware(valid.replacingOccurrences(of: "4e-9", with: "4e-9\n")) }
    }

    @Test func layerOptionBoundaries() throws {
        let valid = "G=1,C=64,M=64,R=3,S=3,P=56,Q=56"
        #expect(try EvaluationArguments.layer(valid, inputBits: 8, weightBits: 8).shape.C == 64)
        for v in Self.hostileNumbers + ["0", "-64", "64.0", "99999999999999999999"] {
            Self.expectRejected("--layer: C=", "C = \(v)") {
                _ = try EvaluationArguments.layer(valid.replacingOccurrences(of: "C=64", with: "C=\(v)"), inputBits: 8, weightBits: 8)
            }
        }
        Self.expectRejected("--input-bits: ", "input bits 0") { _ = try EvaluationArguments.layer(valid, inputBits: 0, weightBits: 8) }
        Self.expectRejected("--layer: C missing", "no C") { _ = try EvaluationArguments.layer("M=1,P=1,Q=1", inputBits: 8, weightBits: 8) }
    }

    @Test func designJSONBoundaries() throws {
        let hw = #""voltage_v": 0.7, "bits_per_cell": 4, "base_latency_s": 4e-09, "rows": 128, "cols": 128, "router_group": 8, "tiles_per_chip": 16, "macros_per_tile": 16, "glb_depth": 16384"#
        let valid = "{\"hardware\": {\(hw)}, \"network\": \"resnet50\"}"
        #expect(try DesignJSON.decode(valid, file: "d.json").hardware.rows == 128)
        for v in ["1e308", "-0.7", "0", "1e999", "NaN", "\"0.7\"", "null"] {
            Self.expectRejected("d.json", "voltage \(v)") {
                _ = try DesignJSON.decode(valid.replacingOccurrences(of: "\"voltage_v\": 0.7", with: "\"voltage_v\": \(v)"), file: "d.json")
            }
        }
        for v in ["0", "-128", "128.5", "1e308"] {
            Self.expectRejected("d.json: hardware.rows: ", "rows \(v)") {
                _ = try DesignJSON.decode(valid.replacingOccurrences(of: "\"rows\": 128", with: "\"rows\": \(v)"), file: "d.json")
            }
        }
        Self.expectRejected("d.json", "an empty file") { _ = try DesignJSON.decode("", file: "d.json") }
        // Like the CSV reader, a UTF-8 BOM and CRLF line ends are accepted with the same result.
        let plain = try DesignJSON.decode(valid, file: "d.json")
        #expect(try DesignJSON.decode("\u{FEFF}" + valid, file: "d.json") == plain)
        #expect(try DesignJSON.decode(valid.replacingOccurrences(of: ", ", with: ",\r\n") + "\r\n", file: "d.json") == plain)
        for v in ["-0.5", "0.0", "-4e-09"] {
            Self.expectRejected("column 3: voltage '\(v)' is not positive", "a key with voltage \(v)") {
                _ = try CIMNASKey(parsing: FuzzTargets.smokeKey.replacingOccurrences(of: "A_0.65_", with: "A_\(v)_"))
            }
        }
        Self.expectRejected("column ", "a key with a 1e308 voltage") {
            _ = try CIMNASKey(parsing: FuzzTargets.smokeKey.replacingOccurrences(of: "A_0.65_", with: "A_1e+308_"))
        }
    }
}
