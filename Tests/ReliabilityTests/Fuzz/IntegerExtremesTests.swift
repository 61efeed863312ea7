import CIMData
import CIMHardware
import CIMWorkload
import Foundation
import Testing
@testable import cimnas

/// Every numeric field of every parser of outside input, set to each integer extreme: 0, −1, 2^31, 2^53,
/// 2^63 − 1 (and neighbours that overflow a product). Each must be refused with one line naming where, or
/// accepted inside InputLimits — and an accepted layer must evaluate without trapping.
@Suite struct IntegerExtremesTests {
    static let extremes = ["0", "-1", "2147483648", "9007199254740992", "9223372036854775807", "9223372036854775808",
                           "-9223372036854775808", "3037000500", "100000", "99999999999"]

    static func oneLine(_ error: Error) -> String? {
        let text = "\(error)"
        return text.isEmpty || text.contains("\n") ? nil : text
    }

    @Test func hardwareOptionFields() throws {
        let base = "0.7,4,4e-9,128,128,8,16,16,16384".split(separator: ",").map(String.init)
        for field in base.indices {
            for value in Self.extremes {
                var parts = base
                parts[field] = value
                do {
                    let hw = try EvaluationArguments.hardware(parts.joined(separator: ","))
                    #expect(InputLimits.problem(hw) == nil, "accepted \(hw)")
                } catch {
                    let line = try #require(Self.oneLine(error))
                    #expect(line.hasPrefix("--hw: "), "\(line)")
                }
            }
        }
    }

    @Test func layerOptionAndWorkloadColumns() throws {
        let keys = ["G", "C", "M", "R", "S", "P", "Q", "N", "stride"]
        let model = try #require(FuzzTargets.model)
        for key in keys {
            for value in Self.extremes {
                var fields = ["G": "1", "C": "64", "M": "64", "R": "3", "S": "3", "P": "7", "Q": "7", "N": "1", "stride": "1"]
                fields[key] = value
                let text = keys.map { "\($0)=\(fields[$0]!)" }.joined(separator: ",")
                do {
                    let layer = try EvaluationArguments.layer(text, inputBits: 8, weightBits: 8)
                    #expect(InputLimits.problem(layer.shape) == nil)
                    _ = FuzzTargets.modelLock.withLock { model.evaluate(network: [layer], on: .cimnasDefault, options: EvaluationOptions()) }
                } catch {
                    let line = try #require(Self.oneLine(error))
                    #expect(line.hasPrefix("--layer: "), "\(line)")
                }
                let csv = "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\nl,conv,"
                    + keys.map { fields[$0]! }.joined(separator: ",") + ",8,8\n"
                do {
                    let layers = try WorkloadTable.parse(csv, file: "w.csv")
                    #expect(layers.allSatisfy { InputLimits.problem($0.shape) == nil })
                } catch {
                    let line = try #require(Self.oneLine(error))
                    #expect(line.hasPrefix("w.csv:2:"), "\(line)")
                }
            }
        }
        for (column, value) in [("input_bits", "0"), ("weight_bits", "9223372036854775807")] {
            let csv = "name,kind,G,C,M,R,S,P,Q,N,stride,input_bits,weight_bits\nl,conv,1,1,1,1,1,1,1,1,1,"
                + (column == "input_bits" ? "\(value),8" : "8,\(value)") + "\n"
            #expect(throws: WorkloadTable.Error.self) { try WorkloadTable.parse(csv, file: "w.csv") }
        }
    }

    @Test func designJSONAndKeyHardwareFields() throws {
        let fields = ["voltage_v", "bits_per_cell", "base_latency_s", "rows", "cols", "router_group", "tiles_per_chip",
                      "macros_per_tile", "glb_depth", "adc_bits", "technology_nm", "read_pulse_width_s"]
        let good: [String: String] = ["voltage_v": "0.7", "bits_per_cell": "4", "base_latency_s": "4e-9", "rows": "128",
                                      "cols": "128", "router_group": "8", "tiles_per_chip": "16", "macros_per_tile": "16",
                                      "glb_depth": "16384", "adc_bits": "8", "technology_nm": "32", "read_pulse_width_s": "1e-8"]
        for field in fields {
            for value in Self.extremes {
                var hw = good
                hw[field] = value
                let json = HostileInputTests.designJSON(hw)
                do {
                    let d = try DesignJSON.decode(json, file: "d.json")
                    #expect(InputLimits.problem(d.hardware) == nil, "accepted \(d.hardware)")
                } catch {
                    let line = try #require(Self.oneLine(error))
                    #expect(line.hasPrefix("d.json: hardware.\(field): "), "\(line)")
                }
            }
        }
        let key = CLIFuzzTests.smokeKey.split(separator: "_").map(String.init)
        for i in 1...9 {
            for value in Self.extremes {
                var parts = key
                parts[i] = value
                do {
                    let parsed = try CIMNASKey(parsing: parts.joined(separator: "_"))
                    #expect(InputLimits.problem(parsed.hardware) == nil, "accepted \(parsed.hardware)")
                } catch {
                    #expect(Self.oneLine(error) != nil)
                }
            }
        }
    }

    /// The bounds the arithmetic relies on (InputLimits' comment): the largest accepted layer and chip.
    @Test func largestAcceptedValuesCannotOverflow() throws {
        let biggest = LayerShape(kind: .conv, G: 1, C: 1, M: 1, R: 64, S: 64, P: 16_384, Q: 16_384, N: 1024, stride: 64)
        #expect(InputLimits.problem(biggest) == nil)
        #expect(biggest.macs == InputLimits.maxLayerMACs)
        // Every accepted window (P − 1)·stride + R stays below 2^21.
        #expect((InputLimits.outputSide.upperBound - 1) * InputLimits.stride.upperBound + InputLimits.kernel.upperBound < 1 << 21)
        var over = biggest
        over.G = 2
        #expect(InputLimits.problem(over)?.message.contains("2^50") == true)
        let wide = LayerShape(kind: .conv, G: 65_536, C: 65_536, M: 65_536, R: 64, S: 64, P: 16_384, Q: 16_384, N: 1024, stride: 64)
        #expect(InputLimits.problem(wide) != nil, "each dimension in range, the product far above Int.max")
        var chip = HardwareConfig.cimnasDefault
        (chip.routerGroup, chip.tilesPerChip, chip.macrosPerTile, chip.rows, chip.cols) = (1, 1024, 4096, 4096, 4096)
        #expect(InputLimits.problem(chip) == nil)
        let (cells, overflow) = chip.macroCount.multipliedReportingOverflow(by: chip.rows * chip.cols)
        #expect(!overflow && cells == 1 << 46)
        chip.tilesPerChip = 4096
        #expect(InputLimits.problem(chip)?.field == "macros_per_tile")
    }
}
