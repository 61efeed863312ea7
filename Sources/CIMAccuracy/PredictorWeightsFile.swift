import Foundation

/// Reads and writes predictor weights: a small binary file with a JSON header.
///
/// Format (all integers and floats little-endian):
///
/// | bytes | content |
/// |---|---|
/// | 0–7 | magic `CIMNASPW` (ASCII) |
/// | 8–15 | header length `n` in bytes (UInt64) |
/// | 16 ..< 16+n | UTF-8 JSON header (below) |
/// | 16+n … | tensor data: float32, each tensor row-major in PyTorch's `[out, in]` layout |
///
/// Header: `{"format": "cimnas-predictor-weights", "format_version": 1, "hidden": H, "hidden_layers": L,
/// "tensors": [{"name", "shape", "dtype": "float32", "offset" (bytes from data start), "count"}],
/// "metadata": {"predictor_version", "feature_bits" ("real" | "forceEightBit"), "calibration" (object or null),
/// "provenance" (string → string)}}`, keys snake_case as in docs/glossary.md. Files written before that spell the
/// keys in camelCase (`formatVersion`, `predictorVersion`, `fourBitDrop_pct`, …); they are read as well. Tensor names are APQ's state_dict keys: `layers.0.0.weight` [H, 520],
/// `layers.0.0.bias` [H], `layers.k.0.weight` [H, H] and `.bias` for k = 1…L, `quantize_fc.weight` [H, 252],
/// `quantize_fc.bias` [H], `regressor.weight` [1, H], `regressor.bias` [1]. Loading is strict: every tensor
/// must be present with exactly that shape, and no other tensor may appear (like PyTorch's strict
/// `load_state_dict`).
public enum PredictorWeightsFile {
    /// The 8-byte magic at the start of every file.
    public static let magic = Array("CIMNASPW".utf8)
    /// The `format` string in the header.
    public static let formatName = "cimnas-predictor-weights"
    /// The header `formatVersion` this code reads and writes.
    public static let formatVersion = 1

    /// A malformed or incompatible weights file.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    struct TensorEntry: Codable {
        var name: String
        var shape: [Int]
        var dtype: String
        var offset: Int
        var count: Int
    }

    struct Header: Codable {
        var format: String
        var formatVersion: Int
        var hidden: Int
        var hiddenLayers: Int
        var tensors: [TensorEntry]
        var metadata: PredictorMetadata

        enum CodingKeys: String, CodingKey {
            case format, hidden, tensors, metadata
            case formatVersion = "format_version", hiddenLayers = "hidden_layers"
        }
    }

    /// The camelCase header keys of files written before the keys were snake_case, and their names now.
    static let legacyKeys: [(old: String, new: String)] = [
        ("formatVersion", "format_version"), ("hiddenLayers", "hidden_layers"), ("predictorVersion", "predictor_version"),
        ("featureBits", "feature_bits"), ("fourBitDrop_pct", "four_bit_drop_pct"), ("kindWeights", "kind_weights"),
        ("positionWeights", "position_weights"), ("leaveOneOutRMSE_pct", "leave_one_out_rmse_pct"),
    ]

    /// A header of the old form (it has `"formatVersion"`) with its keys renamed as text, so every number is read
    /// from the bytes as written; a snake_case header is returned unchanged.
    static func snakeCased(_ json: Data) -> Data {
        var text = String(decoding: json, as: UTF8.self)
        guard text.contains("\"formatVersion\"") else { return json }
        for (old, new) in legacyKeys { text = text.replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\"") }
        return Data(text.utf8)
    }

    /// The tensor names and PyTorch shapes of a model with `hidden` units and `hiddenLayers` extra layers.
    public static func tensorShapes(hidden h: Int, hiddenLayers: Int) -> [(name: String, shape: [Int])] {
        var out: [(String, [Int])] = [("layers.0.0.weight", [h, PredictorMLP.archInputs]), ("layers.0.0.bias", [h])]
        for k in 1...max(hiddenLayers, 1) where k <= hiddenLayers {
            out.append(("layers.\(k).0.weight", [h, h]))
            out.append(("layers.\(k).0.bias", [h]))
        }
        out.append(("quantize_fc.weight", [h, PredictorMLP.quantInputs]))
        out.append(("quantize_fc.bias", [h]))
        out.append(("regressor.weight", [1, h]))
        out.append(("regressor.bias", [1]))
        return out
    }

    /// Serialises `model` and `metadata`.
    public static func encode(_ model: PredictorMLP, metadata: PredictorMetadata) throws -> Data {
        var entries: [TensorEntry] = []
        var payload: [Float] = []
        for (name, shape) in tensorShapes(hidden: model.hidden, hiddenLayers: model.hiddenLayers) {
            let values = model.tensor(named: name)
            entries.append(TensorEntry(name: name, shape: shape, dtype: "float32", offset: payload.count * 4,
                                       count: values.count))
            payload.append(contentsOf: values)
        }
        let header = Header(format: formatName, formatVersion: formatVersion, hidden: model.hidden,
                            hiddenLayers: model.hiddenLayers, tensors: entries, metadata: metadata)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var data = Data(magic)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.reserveCapacity(data.count + payload.count * 4)
        for v in payload { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Writes atomically to `url`.
    public static func write(_ model: PredictorMLP, metadata: PredictorMetadata, to url: URL) throws {
        try encode(model, metadata: metadata).write(to: url, options: .atomic)
    }

    /// Parses a weights file; `name` is used in error messages.
    public static func decode(_ data: Data, name: String) throws -> (model: PredictorMLP, metadata: PredictorMetadata) {
        func fail(_ s: String) -> FormatError { FormatError(description: "\(name): \(s)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            throw fail("not a predictor weights file, expected the magic bytes 'CIMNASPW' at offset 0")
        }
        var n: UInt64 = 0
        for k in 0..<8 { n |= UInt64(bytes[8 + k]) << (8 * UInt64(k)) }
        guard n <= UInt64(bytes.count - 16) else {
            throw fail("header length \(n) exceeds the file size \(bytes.count)")
        }
        let headerEnd = 16 + Int(n)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: snakeCased(Data(bytes[16..<headerEnd])))
        } catch {
            throw fail("malformed JSON header (\(error)), expected the fields documented in PredictorWeightsFile")
        }
        guard header.format == formatName else {
            throw fail("format is '\(header.format)', expected '\(formatName)'")
        }
        guard header.formatVersion == formatVersion else {
            throw fail("formatVersion is \(header.formatVersion), expected \(formatVersion)")
        }
        guard header.hidden > 0, header.hiddenLayers >= 0, header.hidden <= 1 << 14, header.hiddenLayers <= 64 else {
            throw fail("hidden \(header.hidden) / hiddenLayers \(header.hiddenLayers) out of range")
        }
        var model = PredictorMLP(hidden: header.hidden, hiddenLayers: header.hiddenLayers)
        let expected = tensorShapes(hidden: header.hidden, hiddenLayers: header.hiddenLayers)
        let byName = Dictionary(header.tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if byName.count != header.tensors.count { throw fail("duplicate tensor names") }
        let expectedNames = Set(expected.map(\.name))
        if let extra = header.tensors.first(where: { !expectedNames.contains($0.name) }) {
            throw fail("unexpected tensor '\(extra.name)', expected only \(expected.map(\.name).joined(separator: ", "))")
        }
        let dataStart = headerEnd
        for (tname, shape) in expected {
            guard let t = byName[tname] else { throw fail("missing tensor '\(tname)' of shape \(shape)") }
            guard t.shape == shape else { throw fail("tensor '\(tname)' has shape \(t.shape), expected \(shape)") }
            guard t.dtype == "float32" else { throw fail("tensor '\(tname)' has dtype '\(t.dtype)', expected 'float32'") }
            let count = shape.reduce(1, *)
            guard t.count == count, t.offset >= 0, t.offset % 4 == 0,
                  dataStart + t.offset + 4 * count <= bytes.count else {
                throw fail("tensor '\(tname)' (offset \(t.offset), count \(t.count)) lies outside the data section")
            }
            var values = [Float](repeating: 0, count: count)
            let base = dataStart + t.offset
            for k in 0..<count {
                let o = base + 4 * k
                let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
                values[k] = Float(bitPattern: bits)
                if !values[k].isFinite { throw fail("tensor '\(tname)' holds a non-finite value at element \(k)") }
            }
            model.setTensor(named: tname, values)
        }
        return (model, header.metadata)
    }

    /// Loads a weights file.
    public static func read(from url: URL) throws -> (model: PredictorMLP, metadata: PredictorMetadata) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FormatError(description: "\(url.path): cannot read the predictor weights file")
        }
        return try decode(data, name: url.path)
    }
}

extension PredictorMLP {
    /// The PyTorch-layout (`[out, in]`, row-major) values of the tensor `name` (see `PredictorWeightsFile`).
    public func tensor(named name: String) -> [Float] {
        let l = layout, h = hidden
        func transposed(_ start: Int, inputs: Int) -> [Float] {
            var out = [Float](repeating: 0, count: inputs * h)
            for i in 0..<inputs { for o in 0..<h { out[o * inputs + i] = parameters[start + i * h + o] } }
            return out
        }
        switch name {
        case "layers.0.0.weight": return transposed(l.arch, inputs: Self.archInputs)
        case "layers.0.0.bias": return Array(parameters[l.archBias..<(l.archBias + h)])
        case "quantize_fc.weight": return transposed(l.quant, inputs: Self.quantInputs)
        case "quantize_fc.bias": return Array(parameters[l.quantBias..<(l.quantBias + h)])
        case "regressor.weight": return Array(parameters[l.regressor..<(l.regressor + h)])
        case "regressor.bias": return [parameters[l.regressorBias]]
        default:
            let parts = name.split(separator: ".")
            guard parts.count == 4, parts[0] == "layers", let k = Int(parts[1]), k >= 1, k <= hiddenLayers else {
                preconditionFailure("unknown tensor \(name)")
            }
            if parts[3] == "weight" { return transposed(l.weight(k - 1), inputs: h) }
            return Array(parameters[l.bias(k - 1)..<(l.bias(k - 1) + h)])
        }
    }

    /// Sets the tensor `name` from PyTorch-layout values (shape already checked).
    public mutating func setTensor(named name: String, _ values: [Float]) {
        let l = layout, h = hidden
        func setTransposed(_ start: Int, inputs: Int) {
            for i in 0..<inputs { for o in 0..<h { parameters[start + i * h + o] = values[o * inputs + i] } }
        }
        func setPlain(_ start: Int) { for (k, v) in values.enumerated() { parameters[start + k] = v } }
        switch name {
        case "layers.0.0.weight": setTransposed(l.arch, inputs: Self.archInputs)
        case "layers.0.0.bias": setPlain(l.archBias)
        case "quantize_fc.weight": setTransposed(l.quant, inputs: Self.quantInputs)
        case "quantize_fc.bias": setPlain(l.quantBias)
        case "regressor.weight": setPlain(l.regressor)
        case "regressor.bias": setPlain(l.regressorBias)
        default:
            let parts = name.split(separator: ".")
            guard parts.count == 4, parts[0] == "layers", let k = Int(parts[1]), k >= 1, k <= hiddenLayers else {
                preconditionFailure("unknown tensor \(name)")
            }
            if parts[3] == "weight" { setTransposed(l.weight(k - 1), inputs: h) } else { setPlain(l.bias(k - 1)) }
        }
    }
}
