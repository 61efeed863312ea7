import CIMData
import CIMHardware
import Foundation

/// A search space as data: an ordered list of knobs, each with its value list (`datasets/spaces/*.json`).
///
/// A genome holds one index per knob, in knob order. Hardware knob names are the `HardwareConfig`
/// fields in snake case (`voltage_v`, `bits_per_cell`, `base_latency_s`, `rows`, `cols`, `router_group`,
/// `tiles_per_chip`, `macros_per_tile`, `glb_depth`, `adc_bits`, `technology_nm`, `read_pulse_width_s`,
/// `adc_model`) plus `cell_type`; MobileNetV2 knobs are `depth.0…5` and, per block `i` in 0…20,
/// `kernel.i`, `pw_w.i`, `pw_a.i`, `dw_w.i`, `dw_a.i` and `expand.i` (expanded width in channels).
/// Fixed networks take per-layer bits as `layer_w.<layer>` / `layer_a.<layer>` (unset layers: 8 bits).
/// Knobs a space leaves out keep the CIMNAS defaults (`HardwareConfig.cimnasDefault`, cell `rram`).
public struct SearchSpace: Hashable, Sendable {
    /// One searchable variable.
    public struct Knob: Hashable, Sendable {
        public var name: String
        public var values: [KnobValue]

        public init(name: String, values: [KnobValue]) {
            self.name = name
            self.values = values
        }
    }

    public var name: String
    public var description: String
    /// `mobilenetv2` (then all 132 MobileNetV2 knobs are required) or a fixed network name.
    public var network: String
    public var knobs: [Knob]

    /// An error in a space file or a genome/design that does not fit the space.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Names of the spaces the binary carries.
    public static var builtInNames: [String] {
        EmbeddedFiles.files.keys.filter { $0.hasPrefix("datasets/spaces/") && $0.hasSuffix(".json") }
            .map { String($0.dropFirst("datasets/spaces/".count).dropLast(".json".count)) }.sorted()
    }

    /// Loads a built-in space by name.
    public static func named(_ name: String) throws(Error) -> SearchSpace {
        let path = "datasets/spaces/\(name).json"
        guard let text = EmbeddedFiles.text(path) else {
            throw Error("unknown search space '\(name)', expected one of \(builtInNames.joined(separator: ", "))")
        }
        return try SearchSpace(json: text, file: path)
    }

    public init(name: String, description: String = "", network: String, knobs: [Knob]) throws(Error) {
        self.name = name
        self.description = description
        self.network = network
        self.knobs = knobs
        try check()
    }

    /// Parses a space file strictly: unknown fields, unknown knob names, empty or mistyped value lists fail.
    public init(json text: String, file: String) throws(Error) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw Error(DesignJSON.syntaxMessage(error, text: text, file: file) + ", expected a search-space object")
        }
        guard let root = object as? [String: Any] else { throw Error("\(file): top level is not an object, expected {\"name\", \"network\", \"knobs\"}") }
        let allowed: Set<String> = ["name", "description", "network", "knobs"]
        if let extra = root.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Error("\(file): unknown field '\(extra)', expected one of name, description, network, knobs")
        }
        guard let name = root["name"] as? String else { throw Error("\(file): name: missing or not a string") }
        guard let network = root["network"] as? String else { throw Error("\(file): network: missing or not a string, expected e.g. \"mobilenetv2\"") }
        guard let list = root["knobs"] as? [Any] else { throw Error("\(file): knobs: missing or not an array") }
        var knobs: [Knob] = []
        for (i, item) in list.enumerated() {
            guard let knob = item as? [String: Any], let kname = knob["name"] as? String,
                  let values = knob["values"] as? [Any], knob.count == 2 else {
                throw Error("\(file): knobs[\(i)]: expected {\"name\": string, \"values\": [..]}")
            }
            var parsed: [KnobValue] = []
            for (j, v) in values.enumerated() {
                if let s = v as? String { parsed.append(.text(s)) }
                else if let n = v as? NSNumber { parsed.append(.number(n.doubleValue)) }
                else { throw Error("\(file): knobs[\(i)] (\(kname)) values[\(j)]: expected a number or a string") }
            }
            knobs.append(Knob(name: kname, values: parsed))
        }
        do {
            try self.init(name: name, description: root["description"] as? String ?? "", network: network, knobs: knobs)
        } catch {
            throw Error("\(file): \(error.message)")
        }
    }

    private func check() throws(Error) {
        var seen: Set<String> = []
        for knob in knobs {
            guard seen.insert(knob.name).inserted else { throw Error("knob '\(knob.name)' appears twice") }
            guard !knob.values.isEmpty else { throw Error("knob '\(knob.name)' has no values") }
            guard let role = KnobRole(knob.name) else {
                throw Error("unknown knob '\(knob.name)', expected a hardware field (voltage_v, rows, …) or depth.N, kernel.N, pw_w.N, pw_a.N, dw_w.N, dw_a.N, expand.N")
            }
            for value in knob.values {
                if let problem = role.problem(with: value) { throw Error("knob '\(knob.name)': \(problem)") }
                // Each hardware value alone on a one-macro chip, against the shared ranges.
                var hw = HardwareConfig.cimnasDefault
                (hw.routerGroup, hw.tilesPerChip, hw.macrosPerTile) = (1, 1, 1)
                if role.setHardware(value, on: &hw), let problem = InputLimits.problem(hw) {
                    throw Error("knob '\(knob.name)': \(problem.message)")
                }
            }
            if role.isSoftware, network != "mobilenetv2" {
                throw Error("knob '\(knob.name)' needs network mobilenetv2, the space's network is \(network)")
            }
            if role.isLayerBits {
                guard network != "mobilenetv2" else {
                    throw Error("knob '\(knob.name)' sets one layer's bits of a fixed network, the space's network is mobilenetv2")
                }
                if network == "resnet50", case .layerW(let l) = role, !ResNet50.layerNames.contains(l) {
                    throw Error("knob '\(knob.name)': resnet50 has no layer '\(l)'")
                }
                if network == "resnet50", case .layerA(let l) = role, !ResNet50.layerNames.contains(l) {
                    throw Error("knob '\(knob.name)': resnet50 has no layer '\(l)'")
                }
            }
        }
        // The largest chip the space can build must be in range too (macro count).
        var largest = HardwareConfig.cimnasDefault
        for knob in knobs {
            guard let role = KnobRole(knob.name), [.routerGroup, .tiles, .macros].contains(role),
                  let top = knob.values.max(by: { ($0.number ?? 0) < ($1.number ?? 0) }) else { continue }
            _ = role.setHardware(top, on: &largest)
        }
        if let problem = InputLimits.problem(largest) { throw Error("knobs router_group, tiles_per_chip, macros_per_tile: \(problem.message)") }
        if network == "mobilenetv2" {
            let missing = KnobRole.mobileNetV2Names.filter { !seen.contains($0) }
            if let first = missing.first {
                throw Error("network mobilenetv2 needs all 132 MobileNetV2 knobs, '\(first)' is missing")
            }
        }
    }

    /// Number of points: Π value counts, as log10.
    public var log10Size: Double { knobs.reduce(0) { $0 + log10(Double($1.values.count)) } }

    /// Size as mantissa and decimal exponent (6.80, 85).
    public var size: (mantissa: Double, exponent: Int) {
        let l = log10Size
        var exponent = Int(l.rounded(.down))
        var mantissa = pow(10, l - Double(exponent))
        if mantissa >= 9.995 { mantissa /= 10; exponent += 1 }
        return (mantissa, exponent)
    }

    /// Size as `6.80×10^85`.
    public var sizeDescription: String {
        let (m, e) = size
        return String(format: "%.2f×10^%d", m, e)
    }

    /// Index of a knob by name.
    public func knobIndex(_ name: String) -> Int? { knobs.firstIndex { $0.name == name } }
}

/// One value of a knob: a number or a name.
public enum KnobValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)

    /// The number, or nil for a name.
    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }

    /// Integers without a decimal point, other numbers as Python prints them, names as they are.
    public var description: String {
        switch self {
        case .text(let s): return s
        case .number(let x):
            if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
            return PythonFloat.repr(x)
        }
    }
}
