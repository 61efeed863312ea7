import CIMData
import CIMHardware
import Foundation

/// The design JSON format (docs/user-guide.md, "Design JSON"): read strictly, written with a fixed key order.
public enum DesignJSON {
    /// A problem in a design file: `FILE: path.to.field: what is wrong, expected …`.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message.escapingControlCharacters }
    }

    static let hardwareFields = ["voltage_v", "bits_per_cell", "base_latency_s", "rows", "cols", "router_group",
                                 "tiles_per_chip", "macros_per_tile", "glb_depth", "adc_bits", "technology_nm",
                                 "read_pulse_width_s", "adc_model", "stock_voltage_scaling", "cell_type"]
    static let requiredHardware = Array(hardwareFields.prefix(9))
    static let subnetFields = ["depths", "kernels", "expand_indices", "pw_w", "pw_a", "dw_w", "dw_a"]

    /// Parses a design; `file` prefixes every error.
    public static func decode(_ text: String, file: String) throws(Error) -> Design {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw Error(syntaxMessage(error, text: text, file: file) + ", expected a design object")
        }
        func fail(_ path: String, _ what: String) -> Error { Error("\(file): \(path): \(what)") }
        guard let root = object as? [String: Any] else { throw Error("\(file): top level is not an object, expected a design object") }
        func unknown(_ dict: [String: Any], _ allowed: [String], _ path: String) throws(Error) {
            if let extra = dict.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw fail(path.isEmpty ? extra : path + "." + extra, "unknown field, expected one of \(allowed.joined(separator: ", "))")
            }
        }
        if let key = root["cimnas_key"] {
            try unknown(root, ["cimnas_key"], "")
            guard let text = key as? String else { throw fail("cimnas_key", "not a string, expected an A_… key") }
            do { return try CIMNASKey(parsing: text).design } catch { throw fail("cimnas_key", error.description) }
        }
        try unknown(root, ["hardware", "network", "subnet", "bits"], "")
        guard let hw = root["hardware"] as? [String: Any] else { throw fail("hardware", "missing or not an object") }
        try unknown(hw, hardwareFields, "hardware")
        for field in requiredHardware where hw[field] == nil { throw fail("hardware.\(field)", "missing") }
        func number(_ dict: [String: Any], _ name: String, _ path: String) throws(Error) -> Double {
            guard let n = dict[name] as? NSNumber, n.doubleValue.isFinite, n.doubleValue > 0, n.doubleValue <= 1e300 else {
                throw fail("\(path).\(name)", "\(show(dict[name])) is not a positive number")
            }
            return n.doubleValue
        }
        func integer(_ dict: [String: Any], _ name: String, _ path: String) throws(Error) -> Int {
            let x = try number(dict, name, path)
            guard x == x.rounded(), x < 1e12 else { throw fail("\(path).\(name)", "\(show(dict[name])) is not a positive integer") }
            return Int(x)
        }
        var config = HardwareConfig(
            voltage_v: try number(hw, "voltage_v", "hardware"), bitsPerCell: try integer(hw, "bits_per_cell", "hardware"),
            baseLatency_s: try number(hw, "base_latency_s", "hardware"), rows: try integer(hw, "rows", "hardware"),
            cols: try integer(hw, "cols", "hardware"), routerGroup: try integer(hw, "router_group", "hardware"),
            tilesPerChip: try integer(hw, "tiles_per_chip", "hardware"), macrosPerTile: try integer(hw, "macros_per_tile", "hardware"),
            glbDepth: try integer(hw, "glb_depth", "hardware"))
        if hw["adc_bits"] != nil { config.adcBits = try integer(hw, "adc_bits", "hardware") }
        if hw["technology_nm"] != nil { config.technology_nm = try number(hw, "technology_nm", "hardware") }
        if hw["read_pulse_width_s"] != nil { config.readPulseWidth_s = try number(hw, "read_pulse_width_s", "hardware") }
        if let model = hw["adc_model"] {
            guard let s = model as? String, let m = ADCModel(rawValue: s) else {
                throw fail("hardware.adc_model", "\(show(model)) is not an ADC model, expected neurosim or survey")
            }
            config.adcModel = m
        }
        if let flag = hw["stock_voltage_scaling"] {
            guard let b = flag as? Bool else { throw fail("hardware.stock_voltage_scaling", "expected true or false") }
            config.stockVoltageScaling = b
        }
        var cell = "rram"
        if let c = hw["cell_type"] {
            guard let s = c as? String, !s.isEmpty else { throw fail("hardware.cell_type", "expected a cell name such as \"rram\"") }
            cell = s
        }
        guard let network = root["network"] as? String, !network.isEmpty else {
            throw fail("network", "missing or not a string, expected mobilenetv2, resnet50 or a workload name")
        }
        if network == "mobilenetv2" {
            if root["bits"] != nil { throw fail("bits", "not used by mobilenetv2, whose bits are in subnet") }
            guard let sub = root["subnet"] as? [String: Any] else { throw fail("subnet", "missing or not an object (mobilenetv2 needs it)") }
            try unknown(sub, subnetFields, "subnet")
            var lists: [String: [Int]] = [:]
            for field in subnetFields {
                guard let raw = sub[field] as? [Any] else { throw fail("subnet.\(field)", "missing or not an array of integers") }
                var values: [Int] = []
                for (i, v) in raw.enumerated() {
                    guard let n = v as? NSNumber, n.doubleValue == n.doubleValue.rounded(), abs(n.doubleValue) < 1e9 else {
                        throw fail("subnet.\(field)[\(i)]", "\(show(v)) is not an integer")
                    }
                    values.append(n.intValue)
                }
                lists[field] = values
            }
            let spec = SubnetSpec(depths: lists["depths"]!, kernels: lists["kernels"]!, expandIndices: lists["expand_indices"]!,
                                  pwWeightBits: lists["pw_w"]!, pwActivationBits: lists["pw_a"]!,
                                  dwWeightBits: lists["dw_w"]!, dwActivationBits: lists["dw_a"]!)
            if let problem = MobileNetV2Supernet.validate(spec).first { throw fail("subnet", problem) }
            return Design(hardware: config, network: .mobileNetV2(spec), cellType: cell)
        }
        if root["subnet"] != nil { throw fail("subnet", "only mobilenetv2 takes a subnet") }
        var overrides: [String: LayerBits] = [:]
        if let bits = root["bits"] {
            guard let dict = bits as? [String: Any] else { throw fail("bits", "not an object of layer name → {input_bits, weight_bits}") }
            for name in dict.keys.sorted() {
                guard let entry = dict[name] as? [String: Any] else { throw fail("bits.\(name)", "not an object") }
                try unknown(entry, ["input_bits", "weight_bits"], "bits.\(name)")
                for f in ["input_bits", "weight_bits"] where entry[f] == nil { throw fail("bits.\(name).\(f)", "missing") }
                var pair: [Int] = []
                for f in ["input_bits", "weight_bits"] {
                    let v = try integer(entry, f, "bits.\(name)")
                    // The cost model's range, as `cimnas evaluate --input-bits/--weight-bits` takes it.
                    guard (1...16).contains(v) else { throw fail("bits.\(name).\(f)", "\(v) is outside 1…16") }
                    pair.append(v)
                }
                overrides[name] = LayerBits(inputBits: pair[0], weightBits: pair[1])
            }
        }
        // Name and layer errors belong to this file: check them now rather than when the design is evaluated.
        let layerNames: Set<String>
        do { layerNames = Set(try Workloads.layers(network: network).map(\.name)) } catch {
            throw fail("network", "\(error.description)")
        }
        if let bad = overrides.keys.sorted().first(where: { !layerNames.contains($0) }) {
            throw fail("bits.\(bad)", "not a layer of \(network), expected a layer name from cimnas workload show \(network)")
        }
        return Design(hardware: config, network: .fixed(name: network, overrides: overrides), cellType: cell)
    }

    /// `FILE:LINE:COLUMN: not valid JSON (detail)` from Foundation's "around character N" message.
    static func syntaxMessage(_ error: Swift.Error, text: String, file: String) -> String {
        var detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
        guard let range = detail.range(of: " around character "),
              let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) else {
            return "\(file): not valid JSON (\(detail))"
        }
        detail = String(detail[..<range.lowerBound])
        var line = 1, column = 1
        for (i, byte) in text.utf8.enumerated() {
            if i >= offset { break }
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return "\(file):\(line):\(column): not valid JSON (\(detail))"
    }

    private static func show(_ value: Any?) -> String {
        guard let value else { return "missing value" }
        if let s = value as? String { return "\"\(s)\"" }
        return "\(value)"
    }

    /// The design as JSON, keys in documentation order, all hardware fields written.
    public static func encode(_ design: Design) -> String {
        let h = design.hardware
        func num(_ x: Double) -> String { KnobValue.number(x).description }
        var lines = ["{", "  \"hardware\": {"]
        let hwPairs: [(String, String)] = [
            ("voltage_v", num(h.voltage_v)), ("bits_per_cell", "\(h.bitsPerCell)"), ("base_latency_s", num(h.baseLatency_s)),
            ("rows", "\(h.rows)"), ("cols", "\(h.cols)"), ("router_group", "\(h.routerGroup)"),
            ("tiles_per_chip", "\(h.tilesPerChip)"), ("macros_per_tile", "\(h.macrosPerTile)"), ("glb_depth", "\(h.glbDepth)"),
            ("adc_bits", "\(h.adcBits)"), ("technology_nm", num(h.technology_nm)), ("read_pulse_width_s", num(h.readPulseWidth_s)),
            ("adc_model", "\"\(h.adcModel.rawValue)\""), ("stock_voltage_scaling", h.stockVoltageScaling ? "true" : "false"),
            ("cell_type", jsonString(design.cellType)),
        ]
        lines.append(hwPairs.map { "    \"\($0.0)\": \($0.1)" }.joined(separator: ",\n"))
        lines.append("  },")
        switch design.network {
        case .mobileNetV2(let s):
            lines.append("  \"network\": \"mobilenetv2\",")
            lines.append("  \"subnet\": {")
            let lists: [(String, [Int])] = [("depths", s.depths), ("kernels", s.kernels), ("expand_indices", s.expandIndices),
                                             ("pw_w", s.pwWeightBits), ("pw_a", s.pwActivationBits),
                                             ("dw_w", s.dwWeightBits), ("dw_a", s.dwActivationBits)]
            lines.append(lists.map { "    \"\($0.0)\": [\($0.1.map(String.init).joined(separator: ", "))]" }.joined(separator: ",\n"))
            lines.append("  }")
        case .fixed(let name, let overrides):
            lines.append("  \"network\": \(jsonString(name))" + (overrides.isEmpty ? "" : ","))
            if !overrides.isEmpty {
                lines.append("  \"bits\": {")
                lines.append(overrides.keys.sorted().map {
                    "    \(jsonString($0)): {\"input_bits\": \(overrides[$0]!.inputBits), \"weight_bits\": \(overrides[$0]!.weightBits)}"
                }.joined(separator: ",\n"))
                lines.append("  }")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
