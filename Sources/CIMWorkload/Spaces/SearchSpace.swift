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
/// Knobs a space leaves out keep the CIMNAS defaults (`HardwareConfig.cimnasDefault`, cell `rram`); a
/// `mobilenetv2` space lists all its network knobs or none (standard MobileNetV2, `SubnetSpec.standard`).
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
    /// Bounds a search over the space applies unless its flags set them.
    public var constraints: Constraints
    /// SHA-256 of the space file's text ("" for a space built in code); stored with runs and precomputed rows.
    public var sha256: String

    /// Bounds on a design (`constraints` of a space file); nil leaves a bound to the command.
    public struct Constraints: Hashable, Sendable, Codable {
        public var max_area_mm2: Double?
        public var min_top1_percent: Double?
        public var max_latency_s: Double?
        public var max_energy_j: Double?

        public init(max_area_mm2: Double? = nil, min_top1_percent: Double? = nil, max_latency_s: Double? = nil,
                    max_energy_j: Double? = nil) {
            self.max_area_mm2 = max_area_mm2
            self.min_top1_percent = min_top1_percent
            self.max_latency_s = max_latency_s
            self.max_energy_j = max_energy_j
        }

        /// The field names a space file may use.
        public static let names = ["max_area_mm2", "min_top1_percent", "max_latency_s", "max_energy_j"]
    }

    /// An error in a space file or a genome/design that does not fit the space; one line even when it
    /// quotes hostile input.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message.escapingControlCharacters }
        public var description: String { message }
    }

    /// Names of the spaces the binary carries, and of the space files in the datasets folder's `spaces/`
    /// (`DatasetLocator`, e.g. `$CIMNAS_DATASETS/spaces/NAME.json`).
    public static var builtInNames: [String] {
        var names = Set(EmbeddedFiles.files.keys.filter { $0.hasPrefix("datasets/spaces/") && $0.hasSuffix(".json") }
            .map { String($0.dropFirst("datasets/spaces/".count).dropLast(".json".count)) })
        if let dir = DatasetLocator.datasetsDirectory()?.appendingPathComponent("spaces"),
           let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) {
            for f in files where f.hasSuffix(".json") { names.insert(String(f.dropLast(".json".count))) }
        }
        return names.sorted()
    }

    /// The text and path of a named space: the embedded file, else `spaces/NAME.json` in the datasets folder.
    static func namedText(_ name: String) -> (text: String, path: String)? {
        let path = "datasets/spaces/\(name).json"
        if let text = EmbeddedFiles.text(path) { return (text, path) }
        guard !name.isEmpty, !name.contains("/"), let dir = DatasetLocator.datasetsDirectory() else { return nil }
        let url = dir.appendingPathComponent("spaces/\(name).json")
        return (try? String(contentsOf: url, encoding: .utf8)).map { ($0, url.path) }
    }

    /// The text of a built-in (or datasets-folder) space file, or nil.
    public static func builtInText(_ name: String) -> String? { namedText(name)?.text }

    /// Loads a space by name: built in, or `spaces/NAME.json` in the datasets folder.
    public static func named(_ name: String) throws(Error) -> SearchSpace {
        guard let found = namedText(name) else {
            throw Error("unknown search space '\(name)', expected one of \(builtInNames.joined(separator: ", ")) or a FILE.json")
        }
        return try SearchSpace(json: found.text, file: found.path)
    }

    /// Whether `--space` names a file (it ends in `.json` or contains `/`) rather than a built-in space.
    public static func isFile(_ reference: String) -> Bool {
        reference.lowercased().hasSuffix(".json") || reference.contains("/")
    }

    /// A built-in space by name, or a space file (`isFile`).
    public static func load(_ reference: String) throws(Error) -> SearchSpace {
        guard isFile(reference) else { return try named(reference) }
        guard let data = FileManager.default.contents(atPath: reference) else {
            throw Error("\(reference): cannot read the file, expected a search-space JSON file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Error("\(reference): not UTF-8 text, expected a search-space JSON file")
        }
        return try SearchSpace(json: text, file: reference)
    }

    public init(name: String, description: String = "", network: String, knobs: [Knob],
                constraints: Constraints = Constraints()) throws(Error) {
        self.name = name
        self.description = description
        self.network = network
        self.knobs = knobs
        self.constraints = constraints
        sha256 = ""
        if let p = problem() { throw Error(p.message) }
    }

    /// Fields of a space file.
    static let fields = ["name", "description", "network", "knobs", "fixed", "constraints"]
    /// Largest number of values a `range` may expand to.
    static let maxRangeValues = 10_000

    /// Parses a space file strictly: unknown fields, unknown knob names, empty or mistyped value lists fail
    /// with `FILE:LINE:COLUMN` of the offending key or value and what was expected.
    ///
    /// A knob is `{"name": N, "values": [..]}` or `{"name": N, "range": {"from": a, "to": b, "step": s}}`
    /// (or `"factor": f` for a geometric range); `"fixed": {"knob": value, …}` adds one-value knobs;
    /// `"constraints"` takes `max_area_mm2`, `min_top1_percent`, `max_latency_s`, `max_energy_j`.
    public init(json text: String, file: String) throws(Error) {
        let root: JSONNode
        do { root = try PositionedJSON.parse(text) } catch {
            throw Error("\(file):\(error.line):\(error.column): not valid JSON (\(error.message)), expected a search-space object")
        }
        func at(_ line: Int, _ column: Int, _ message: String) -> Error { Error("\(file):\(line):\(column): \(message)") }
        func at(_ node: JSONNode, _ message: String) -> Error { at(node.line, node.column, message) }
        guard let members = root.members else {
            throw at(root, "top level is \(root.kind), expected {\"name\", \"network\", \"knobs\"}")
        }
        var seen: [String: JSONNode.Member] = [:]
        for m in members {
            guard Self.fields.contains(m.key) else {
                throw at(m.keyLine, m.keyColumn, "unknown field '\(m.key)', expected one of \(Self.fields.joined(separator: ", "))")
            }
            guard seen[m.key] == nil else { throw at(m.keyLine, m.keyColumn, "field '\(m.key)' appears twice") }
            seen[m.key] = m
        }
        func string(_ key: String, required: Bool) throws(Error) -> String? {
            guard let m = seen[key] else {
                if required { throw at(root, "\(key): missing, expected a string") }
                return nil
            }
            guard let s = m.value.string else { throw at(m.value, "\(key) is \(m.value.kind), expected a string") }
            return s
        }
        let name = try string("name", required: true)!
        let network = try string("network", required: true)!
        let description = try string("description", required: false) ?? ""
        guard let knobsMember = seen["knobs"] else { throw at(root, "knobs: missing, expected an array of knobs") }
        guard let list = knobsMember.value.elements else {
            throw at(knobsMember.value, "knobs is \(knobsMember.value.kind), expected an array of {\"name\", \"values\"} objects")
        }
        var knobs: [Knob] = []
        // Where each knob's name and values are, for messages about what they mean.
        var namePositions: [JSONNode] = []
        var valuePositions: [[JSONNode]] = []
        func parseValue(_ v: JSONNode, knob: String) throws(Error) -> KnobValue {
            if let s = v.string { return .text(s) }
            if let x = v.number { return .number(x) }
            throw at(v, "knob '\(knob)': value is \(v.kind), expected a number or a string")
        }
        for item in list {
            guard let fields = item.members else { throw at(item, "knob is \(item.kind), expected {\"name\": string, \"values\": [..]}") }
            var byKey: [String: JSONNode] = [:]
            for f in fields {
                guard ["name", "values", "range"].contains(f.key), byKey[f.key] == nil else {
                    throw at(f.keyLine, f.keyColumn, "unknown or repeated knob field '\(f.key)', expected name and one of values, range")
                }
                byKey[f.key] = f.value
            }
            guard let nameNode = byKey["name"], let kname = nameNode.string else {
                throw at(byKey["name"] ?? item, "knob name: missing or not a string, expected {\"name\": string, …}")
            }
            var values: [KnobValue] = []
            var positions: [JSONNode] = []
            switch (byKey["values"], byKey["range"]) {
            case (let v?, nil):
                guard let elements = v.elements else { throw at(v, "knob '\(kname)': values is \(v.kind), expected an array") }
                for e in elements { values.append(try parseValue(e, knob: kname)); positions.append(e) }
            case (nil, let r?):
                values = try Self.range(r, knob: kname, at: at)
                positions = Array(repeating: r, count: values.count)
            default:
                throw at(item, "knob '\(kname)': expected exactly one of values (a list) or range ({\"from\", \"to\", \"step\" or \"factor\"})")
            }
            knobs.append(Knob(name: kname, values: values))
            namePositions.append(nameNode)
            valuePositions.append(positions)
        }
        if let fixed = seen["fixed"] {
            guard let entries = fixed.value.members else { throw at(fixed.value, "fixed is \(fixed.value.kind), expected {\"knob\": value, …}") }
            for e in entries {
                knobs.append(Knob(name: e.key, values: [try parseValue(e.value, knob: e.key)]))
                namePositions.append(JSONNode(value: .string(e.key), line: e.keyLine, column: e.keyColumn))
                valuePositions.append([e.value])
            }
        }
        var constraints = Constraints()
        if let c = seen["constraints"] {
            guard let entries = c.value.members else { throw at(c.value, "constraints is \(c.value.kind), expected {\"max_area_mm2\": number, …}") }
            for e in entries {
                guard Constraints.names.contains(e.key) else {
                    throw at(e.keyLine, e.keyColumn, "unknown constraint '\(e.key)', expected one of \(Constraints.names.joined(separator: ", "))")
                }
                guard let x = e.value.number, x > 0 || (e.key == "min_top1_percent" && x >= 0) else {
                    throw at(e.value, "constraint \(e.key) must be a positive number")
                }
                if e.key == "min_top1_percent", x > 100 { throw at(e.value, "constraint min_top1_percent is a percentage, expected 0…100") }
                switch e.key {
                case "max_area_mm2": constraints.max_area_mm2 = x
                case "min_top1_percent": constraints.min_top1_percent = x
                case "max_latency_s": constraints.max_latency_s = x
                default: constraints.max_energy_j = x
                }
            }
        }
        self.name = name
        self.description = description
        self.network = network
        self.knobs = knobs
        self.constraints = constraints
        sha256 = SHA256.hex(text)
        if let p = problem() {
            guard let k = p.knob else { throw at(knobsMember.keyLine, knobsMember.keyColumn, p.message) }
            let node = p.value.map { valuePositions[k][$0] } ?? namePositions[k]
            throw at(node, p.message)
        }
    }

    /// The values of a `range` knob: from, from+step, … ≤ to (or from, from·factor, … ≤ to).
    private static func range(_ r: JSONNode, knob: String,
                              at: (JSONNode, String) -> Error) throws(Error) -> [KnobValue] {
        guard let fields = r.members else { throw at(r, "knob '\(knob)': range is \(r.kind), expected {\"from\", \"to\", \"step\"}") }
        var v: [String: Double] = [:]
        for f in fields {
            guard ["from", "to", "step", "factor"].contains(f.key), let x = f.value.number else {
                throw at(f.value, "knob '\(knob)': range field '\(f.key)' must be one of from, to, step, factor with a number")
            }
            v[f.key] = x
        }
        guard let from = v["from"], let to = v["to"], from <= to, (v["step"] == nil) != (v["factor"] == nil) else {
            throw at(r, "knob '\(knob)': range needs from ≤ to and exactly one of step (> 0) or factor (> 1)")
        }
        var out: [KnobValue] = []
        var x = from
        var i = 0
        while x <= to * (1 + 1e-12) {
            out.append(.number(x))
            guard out.count <= maxRangeValues else { throw at(r, "knob '\(knob)': range has more than \(maxRangeValues) values") }
            i += 1
            if let step = v["step"] {
                guard step > 0 else { throw at(r, "knob '\(knob)': step must be > 0") }
                x = from + Double(i) * step
            } else {
                guard let factor = v["factor"], factor > 1 else { throw at(r, "knob '\(knob)': factor must be > 1") }
                x *= factor
            }
        }
        return out
    }

    /// The first thing wrong with the knobs: which knob and value, and what was expected.
    private func problem() -> (knob: Int?, value: Int?, message: String)? {
        var seen: Set<String> = []
        for (k, knob) in knobs.enumerated() {
            guard seen.insert(knob.name).inserted else { return (k, nil, "knob '\(knob.name)' appears twice") }
            guard !knob.values.isEmpty else { return (k, nil, "knob '\(knob.name)' has no values") }
            guard let role = KnobRole(knob.name) else {
                return (k, nil, "unknown knob '\(knob.name)', expected one of \(KnobRole.validNames)")
            }
            for (j, value) in knob.values.enumerated() {
                if let problem = role.problem(with: value) { return (k, j, "knob '\(knob.name)': \(problem)") }
            }
            if role.isSoftware, network != "mobilenetv2" {
                return (k, nil, "knob '\(knob.name)' needs network mobilenetv2, the space's network is \(network)")
            }
            if role.isLayerBits {
                guard network != "mobilenetv2" else {
                    return (k, nil, "knob '\(knob.name)' sets one layer's bits of a fixed network, the space's network is mobilenetv2")
                }
                if network == "resnet50", case .layerW(let l) = role, !ResNet50.layerNames.contains(l) {
                    return (k, nil, "knob '\(knob.name)': resnet50 has no layer '\(l)'")
                }
                if network == "resnet50", case .layerA(let l) = role, !ResNet50.layerNames.contains(l) {
                    return (k, nil, "knob '\(knob.name)': resnet50 has no layer '\(l)'")
                }
            }
        }
        if network == "mobilenetv2" {
            // All 132 MobileNetV2 knobs, or none (then the space evaluates standard MobileNetV2, `SubnetSpec.standard`).
            let missing = KnobRole.mobileNetV2Names.filter { !seen.contains($0) }
            if let first = missing.first, missing.count < KnobRole.mobileNetV2Names.count {
                return (nil, nil, "network mobilenetv2 needs all 132 MobileNetV2 knobs or none (standard MobileNetV2), '\(first)' is missing")
            }
        }
        return nil
    }

    /// The space as a space file (what `SearchSpace(json:file:)` reads back to the same knobs).
    public var jsonText: String {
        func value(_ v: KnobValue) -> String {
            if case .text(let t) = v { return DesignJSON.jsonString(t) }
            return v.description
        }
        var lines = ["{", "  \"name\": \(DesignJSON.jsonString(name)),", "  \"description\": \(DesignJSON.jsonString(description)),",
                     "  \"network\": \(DesignJSON.jsonString(network)),"]
        let bounds: [(String, Double?)] = [("max_area_mm2", constraints.max_area_mm2), ("min_top1_percent", constraints.min_top1_percent),
                                           ("max_latency_s", constraints.max_latency_s), ("max_energy_j", constraints.max_energy_j)]
        let given = bounds.compactMap { b in b.1.map { "\"\(b.0)\": \(KnobValue.number($0).description)" } }
        if !given.isEmpty { lines.append("  \"constraints\": {\(given.joined(separator: ", "))},") }
        lines.append("  \"knobs\": [")
        lines.append(knobs.map { k in
            "    {\"name\": \(DesignJSON.jsonString(k.name)), \"values\": [\(k.values.map(value).joined(separator: ", "))]}"
        }.joined(separator: ",\n"))
        lines += ["  ]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A space over `network`'s per-layer bits (`layer_w.L`, `layer_a.L` ∈ `bits`) and this space's
    /// hardware knobs (network knobs dropped), named `NAME+NETWORK`.
    public func withFixedNetwork(_ network: String, layers: [String], bits: [Int] = [4, 6, 8]) throws(Error) -> SearchSpace {
        var list = knobs.filter { k in KnobRole(k.name).map { !$0.isSoftware && !$0.isLayerBits } ?? false }
        let values = bits.map { KnobValue.number(Double($0)) }
        list += layers.map { Knob(name: KnobRole.layerWeightPrefix + $0, values: values) }
        list += layers.map { Knob(name: KnobRole.layerActivationPrefix + $0, values: values) }
        return try SearchSpace(name: name + "+" + network, description: "\(name)'s hardware knobs with \(network)'s per-layer bits",
                               network: network, knobs: list, constraints: constraints)
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
