import CIMAccuracy
import CIMData
import CIMHardware
import CIMWorkload
import Foundation
@testable import cimnas

/// The parsers that take outside input: CSV importers (libcsv path), keys, design JSON, space files, `--hw`, `--layer`.
enum FuzzTargets {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Slices of a CSV text (header plus a few consecutive rows) so inputs stay small and fast.
    static func slices(_ text: String, rows: Int, count: Int) -> [[UInt8]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        guard lines.count > 1 else { return [bytes(text)] }
        var out: [[UInt8]] = []
        let body = Array(lines.dropFirst())
        var start = 0
        while out.count < count && start < body.count {
            out.append(bytes(([lines[0]] + body[start..<min(body.count, start + rows)]).joined(separator: "\n") + "\n"))
            start += rows
        }
        return out
    }

    static func message(_ error: Error) -> String { "\(error)" }

    static func technologyCSV() throws -> FuzzTarget {
        var corpus = [try Data(contentsOf: fixtures.appendingPathComponent("tech/small_32nm.csv"))].map { [UInt8]($0) }
        for name in ["datasets/tech/cacti_32nm.csv", "datasets/tech/neurosim_32nm.csv"] {
            if let text = EmbeddedFiles.text(name) { corpus += slices(text, rows: 6, count: 6) }
        }
        return FuzzTarget(
            name: "technology-csv", corpus: corpus,
            tokens: ["component,parameter,value,unit,note", "rram_cell", "r_on", "ohm", "V", "F2", "pJ", "um2", "s", "\"a,b\"", "\"\"\""],
            locates: { $0.hasPrefix("tech.csv:") },
            run: { input in
                do {
                    let entries = try TechnologyCSV.parse(CSVReader.parse(input, file: "tech.csv"))
                    if let bad = entries.first(where: { !$0.value.isFinite || abs($0.value) > 1e300 }) {
                        return .violation("accepted non-finite value \(bad.value)")
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func workloadCSV() -> FuzzTarget {
        var corpus: [[UInt8]] = []
        if let text = EmbeddedFiles.text("datasets/workloads/resnet18.csv") { corpus += slices(text, rows: 4, count: 6) }
        return FuzzTarget(
            name: "workload-csv", corpus: corpus,
            tokens: ["conv", "pointwise", "depthwise", "linear", "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits", "16", "17", "1"],
            locates: { $0.hasPrefix("net.csv:") },
            run: { input in
                do {
                    let layers = try WorkloadTable.parse(String(decoding: input, as: UTF8.self), file: "net.csv")
                    for l in layers {
                        let s = l.shape
                        if [s.G, s.C, s.M, s.R, s.S, s.P, s.Q, s.N, s.stride].contains(where: { $0 <= 0 }) {
                            return .violation("accepted a non-positive size in \(s)")
                        }
                        if !(1...16).contains(l.inputBits) || !(1...16).contains(l.weightBits) {
                            return .violation("accepted bits \(l.inputBits)/\(l.weightBits)")
                        }
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func predictorCSV() throws -> FuzzTarget {
        let text = try String(contentsOf: fixtures.appendingPathComponent("reliability/predictor_sample.csv"), encoding: .utf8)
        return FuzzTarget(
            name: "predictor-csv", corpus: slices(text, rows: 1, count: 3) + [bytes(text)],
            tokens: ["apq_output", "depth1", "kernel21", "expand_index3", "pw_w_bits1", ",", "3", "7", "2.0", "-1"],
            locates: { $0.hasPrefix("train.csv:") },
            run: { input in
                do {
                    let data = try PredictorDataset.parse(csvBytes: input, name: "train.csv")
                    if let t = data.targets.first(where: { !$0.isFinite }) { return .violation("accepted target \(t)") }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static let smokeKey = "A_0.65_1_6e-09_32_32_16_16_128_32768_434344_555353737535735357355_684848466464846486644_864446446488688864466_644466664648666664646_886684444864664648864_2_4_3_0_5_7_1_0_10_2_4_20_17_3_22_9_13_25_48_44_0"

    static func cimnasKey() -> FuzzTarget {
        FuzzTarget(
            name: "cimnas-key", corpus: [bytes(smokeKey)],
            tokens: ["_", "A", "0.7", "4e-09", "128", "34", "888888888888888888888"],
            locates: { $0.hasPrefix("column ") },
            run: { input in
                do {
                    let key = try CIMNASKey(parsing: String(decoding: input, as: UTF8.self))
                    let hw = key.hardware
                    if !(hw.voltage_v.isFinite && hw.voltage_v > 0 && hw.baseLatency_s.isFinite && hw.baseLatency_s > 0) {
                        return .violation("accepted hardware \(hw)")
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func canonicalKey() throws -> FuzzTarget {
        let smoke = try CIMNASKey(parsing: smokeKey)
        let mbv2 = try Design.load(cimnasKey: smokeKey, designFile: nil)
        let resnet = Design(hardware: smoke.hardware, network: .fixed(name: "resnet50", overrides: [:]))
        return FuzzTarget(
            name: "canonical-key", corpus: [bytes(mbv2.canonicalKey), bytes(resnet.canonicalKey)],
            tokens: [";", "=", "_", "hw=", "cell=", "net=", "rram", "mobilenetv2", "resnet50", "d=", "k="],
            locates: { $0.hasPrefix("canonical key: ") },
            run: { input in
                do {
                    let d = try Design(canonicalKey: String(decoding: input, as: UTF8.self))
                    if !(d.hardware.voltage_v > 0 && d.hardware.voltage_v.isFinite) { return .violation("accepted \(d.hardware)") }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func designJSON() throws -> FuzzTarget {
        let mbv2 = try Design.load(cimnasKey: smokeKey, designFile: nil)
        let resnet = Design(hardware: mbv2.hardware, network: .fixed(name: "resnet50", overrides: [:]))
        let corpus = [DesignJSON.encode(mbv2), DesignJSON.encode(resnet), #"{"cimnas_key": "\#(smokeKey)"}"#].map(bytes)
        return FuzzTarget(
            name: "design-json", corpus: corpus,
            tokens: ["{", "}", "[", "]", ":", "\"", "null", "true", "1e999", "\"hardware\"", "\"subnet\"", "\"bits\"", "-0.0"],
            locates: { $0.hasPrefix("design.json") },
            run: { input in
                do {
                    let d = try DesignJSON.decode(String(decoding: input, as: UTF8.self), file: "design.json")
                    let h = d.hardware
                    if !(h.voltage_v > 0 && h.voltage_v.isFinite && h.rows > 0 && h.cols > 0 && h.glbDepth > 0) {
                        return .violation("accepted hardware \(h)")
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func hardwareOption() -> FuzzTarget {
        FuzzTarget(
            name: "hw-option", corpus: ["0.7,4,4e-9,128,128,8,16,16,16384", "0.5, 1, 1e-09, 32, 32, 1, 4, 4, 2048"].map(bytes),
            tokens: [",", "0.7", "4e-9", "128", "-3", " "],
            locates: { $0.hasPrefix("--hw: ") },
            run: { input in
                do {
                    let h = try EvaluationArguments.hardware(String(decoding: input, as: UTF8.self))
                    if !(h.voltage_v > 0 && h.voltage_v.isFinite && h.baseLatency_s > 0 && h.baseLatency_s.isFinite
                         && h.bitsPerCell > 0 && h.rows > 0 && h.cols > 0 && h.routerGroup > 0 && h.tilesPerChip > 0
                         && h.macrosPerTile > 0 && h.glbDepth > 0) {
                        return .violation("accepted \(h)")
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func layerOption() -> FuzzTarget {
        FuzzTarget(
            name: "layer-option",
            corpus: ["G=1,C=64,M=64,R=3,S=3,P=56,Q=56,N=1,stride=1", "C=32,M=16,P=7,Q=7,kind=pointwise",
                     "G=32,C=1,M=1,R=3,S=3,P=14,Q=14,kind=depthwise"].map(bytes),
            tokens: [",", "=", "G", "C", "M", "R", "S", "P", "Q", "N", "stride", "kind", "conv", "linear", "0"],
            locates: { $0.hasPrefix("--layer: ") || $0.hasPrefix("--input-bits") || $0.hasPrefix("--weight-bits") },
            run: { input in
                do {
                    let l = try EvaluationArguments.layer(String(decoding: input, as: UTF8.self), inputBits: 8, weightBits: 8)
                    let s = l.shape
                    if [s.G, s.C, s.M, s.R, s.S, s.P, s.Q, s.N, s.stride].contains(where: { $0 <= 0 }) {
                        return .violation("accepted a non-positive size in \(s)")
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func spaceJSON() -> FuzzTarget {
        let small = #"{"name": "x", "network": "resnet50", "knobs": [{"name": "rows", "range": {"from": 32, "to": 256, "factor": 2}}, "#
            + #"{"name": "technology", "values": ["cimnas_32nm", "a@1"]}], "fixed": {"adc_bits": 6}, "constraints": {"max_area_mm2": 300}}"#
        return FuzzTarget(
            name: "space-json", corpus: [bytes(small)] + [EmbeddedFiles.text("datasets/spaces/sram-resnet50-7nm.json")].compactMap { $0 }.map(bytes),
            tokens: ["{", "}", "[", "]", ":", ",", "\"", "\\u00e9", "null", "1e999", "\"range\"", "\"step\"", "\"factor\"", "0", "-1"],
            locates: { $0.hasPrefix("space.json:") },
            run: { input in
                do {
                    let space = try SearchSpace(json: String(decoding: input, as: UTF8.self), file: "space.json")
                    for k in space.knobs {
                        if k.values.isEmpty || k.values.count > 10_000 { return .violation("knob \(k.name) has \(k.values.count) values") }
                        if let bad = k.values.first(where: { $0.number.map { !$0.isFinite } ?? false }) { return .violation("accepted \(bad)") }
                    }
                    return .accepted
                } catch { return .rejected(message(error)) }
            })
    }

    static func all() throws -> [FuzzTarget] {
        [try technologyCSV(), workloadCSV(), try predictorCSV(), cimnasKey(), try canonicalKey(), try designJSON(),
         hardwareOption(), layerOption(), spaceJSON()]
    }
}
