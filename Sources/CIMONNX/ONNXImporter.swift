import CIMHardware
import CIMWorkload
import Foundation
import SwiftProtobuf

/// Reads an ONNX model's graph into a workload layer table (the format of `WorkloadTable`).
///
/// Shapes are inferred node by node from the data input's shape and the weights' dims (weight values are
/// never read), so files without `value_info` import; a file's `value_info` only fills in outputs of ops
/// without a shape rule here. Conv (any groups, strides, pads, dilations, auto_pad) becomes a conv,
/// pointwise or depthwise row; Gemm and MatMul by a constant become linear rows (N = rows of the input).
/// Compute the cost model cannot run (a MatMul of two activations as in attention, ConvTranspose,
/// recurrent cells, 1-D or 3-D convs, unequal strides) is listed in `warnings`, never dropped silently.
public enum ONNXImporter {
    /// A model that cannot be imported, as one line: `FILE: what is wrong, expected …`.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The imported table and what the caller must be told.
    public struct Result: Sendable {
        public var rows: [WorkloadTable.Row]
        /// Unsupported compute layers and assumptions (one line each, without a prefix).
        public var warnings: [String]
        /// The data input and the shape the import used for it.
        public var inputName: String
        public var inputShape: [Int]
    }

    /// Largest dimension accepted from a file (larger values are refused before any arithmetic).
    public static let maxDimension = 1 << 24

    /// Imports the model in `data`; `inputShape` replaces the shape of the first data input.
    public static func importModel(_ data: Data, file: String, inputShape: [Int]? = nil,
                                   bits: LayerBits = LayerBits(inputBits: 8, weightBits: 8)) throws(Error) -> Result {
        let model: Onnx_ModelProto
        do { model = try Onnx_ModelProto(serializedBytes: data) } catch {
            throw Error("\(file): not a readable ONNX model (protobuf: \(error)), expected an ONNX ModelProto file")
        }
        guard model.irVersion > 0, model.hasGraph, !model.graph.node.isEmpty else {
            throw Error("\(file): no ONNX graph with nodes in the file (ir_version \(model.irVersion)), expected an ONNX model")
        }
        var graph = GraphShapes(file: file, bits: bits)
        try graph.run(model.graph, inputShape: inputShape)
        guard !graph.rows.isEmpty else {
            throw Error("\(file): no Conv, Gemm or MatMul layer the cost model can run, expected at least one")
        }
        return Result(rows: graph.rows, warnings: graph.warnings, inputName: graph.inputName, inputShape: graph.inputShape)
    }
}

/// The walk over one graph: known shapes, constant integer tensors, and the rows found so far.
struct GraphShapes {
    typealias Error = ONNXImporter.Error
    let file: String
    let bits: LayerBits
    var shapes: [String: [Int]] = [:]
    /// Integer values of constant tensors (Reshape shapes, axes).
    var integers: [String: [Int]] = [:]
    /// Tensors whose values do not depend on the data input (weights, constants and what is computed from them).
    var constants: Set<String> = []
    /// Why a tensor's shape is unknown: the node (and op) after which inference stopped.
    var unknown: [String: String] = [:]
    /// Shapes the file states (value_info, outputs), used only where no rule applies.
    var stated: [String: [Int]] = [:]
    var rows: [WorkloadTable.Row] = []
    var names: Set<String> = []
    var warnings: [String] = []
    var inputName = ""
    var inputShape: [Int] = []

    init(file: String, bits: LayerBits) {
        self.file = file
        self.bits = bits
    }

    mutating func run(_ graph: Onnx_GraphProto, inputShape override: [Int]?) throws(Error) {
        let initializerNames = Set(graph.initializer.map(\.name))
        for t in graph.initializer {
            shapes[t.name] = try dims(t.dims, of: "initializer '\(t.name)'")
            constants.insert(t.name)
            if let v = try integerValues(t) { integers[t.name] = v }
        }
        // Data inputs are the non-initializer inputs some node reads as its first operand; other inputs are weights.
        let firstOperands = Set(graph.node.compactMap(\.input.first))
        for info in graph.valueInfo + graph.output {
            if let s = staticShape(info) { stated[info.name] = s }
        }
        for info in graph.input where !initializerNames.contains(info.name) {
            let isData = firstOperands.contains(info.name)
            if isData && inputName.isEmpty {
                inputName = info.name
                if let override {
                    shapes[info.name] = override
                    inputShape = override
                    continue
                }
            }
            guard info.type.tensorType.hasShape else {
                if isData { throw Error("\(file): input '\(info.name)' has no shape, expected --input-shape N,C,H,W") }
                continue
            }
            var shape: [Int] = []
            for (axis, d) in info.type.tensorType.shape.dim.enumerated() {
                if case .dimValue(let v)? = d.value, v > 0 {
                    shape.append(try dimension(v, of: "input '\(info.name)'"))
                } else if isData && axis == 0 {
                    let label = d.dimParam.isEmpty ? "unknown" : "'\(d.dimParam)'"
                    warnings.append("input '\(info.name)' has a symbolic batch size (\(label)); imported with N = 1 (give --input-shape to choose)")
                    shape.append(1)
                } else {
                    throw Error("\(file): input '\(info.name)' dimension \(axis) is symbolic, expected a fixed size or --input-shape N,C,H,W")
                }
            }
            shapes[info.name] = shape
            if isData, info.name == inputName { inputShape = shape } else if !isData { constants.insert(info.name) }
        }
        guard !inputName.isEmpty else {
            throw Error("\(file): no data input (a graph input that is not an initializer and feeds a node), expected one")
        }
        for (index, node) in graph.node.enumerated() {
            try visit(node, index: index)
        }
    }

    // MARK: nodes

    mutating func visit(_ node: Onnx_NodeProto, index: Int) throws(Error) {
        let label = node.name.isEmpty ? (node.output.first ?? "node \(index)") : node.name
        let op = node.opType
        if node.domain != "" && node.domain != "ai.onnx" {
            return noRule(node, label, reason: "op \(node.domain).\(op) has no shape rule here")
        }
        if op == "Constant" {
            guard let out = node.output.first else { return }
            constants.insert(out)
            if let t = node.attribute.first(where: { $0.name == "value" }), t.hasT {
                shapes[out] = try dims(t.t.dims, of: "Constant '\(label)'")
                if let v = try integerValues(t.t) { integers[out] = v }
            } else if let a = node.attribute.first(where: { $0.name == "value_ints" }) {
                shapes[out] = [a.ints.count]
                integers[out] = try a.ints.map { (v) throws(Error) in try value(v, of: "Constant '\(label)'") }
            } else if let a = node.attribute.first(where: { $0.name == "value_int" }) {
                shapes[out] = []
                integers[out] = [try value(a.i, of: "Constant '\(label)'")]
            }
            return
        }
        let inputs = node.input
        // A node whose inputs are all constant computes a constant (e.g. a transposed weight).
        let allConstant = !inputs.isEmpty && inputs.allSatisfy { $0.isEmpty || constants.contains($0) }
        if allConstant && !Self.computeOps.contains(op) { node.output.forEach { constants.insert($0) } }
        // The first unknown input stops inference for this node.
        if let missing = inputs.first(where: { !$0.isEmpty && shapes[$0] == nil }) {
            if Self.computeOps.contains(op) || op == "MatMul" || op == "Gemm" {
                throw Error("\(file): node '\(label)' (\(op)): the shape of its input '\(missing)' is unknown (\(unknown[missing] ?? "no node produces it")), expected a file with value_info shapes (onnx.shape_inference.infer_shapes)")
            }
            let why = unknown[missing] ?? "'\(missing)' is produced by no earlier node"
            for out in node.output where !out.isEmpty {
                if let s = stated[out] { shapes[out] = s } else { unknown[out] = why }
            }
            return
        }
        func shape(_ i: Int) -> [Int] { i < inputs.count && !inputs[i].isEmpty ? shapes[inputs[i]]! : [] }
        let out: [Int]
        switch op {
        case "Conv":
            out = try conv(node, label, x: shape(0), w: shape(1))
        case "Gemm":
            out = try gemm(node, label, a: shape(0), b: shape(1))
        case "MatMul":
            out = try matMul(node, label, a: shape(0), b: shape(1), constantB: constants.contains(inputs[1]))
        case "Relu", "Clip", "BatchNormalization", "LeakyRelu", "PRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
             "Softmax", "LogSoftmax", "Dropout", "Identity", "Cast", "Erf", "Gelu", "Sqrt", "Neg", "Exp", "Abs", "Elu",
             "Selu", "Softplus", "Mish", "Swish", "LRN", "InstanceNormalization", "LayerNormalization", "Reciprocal":
            out = shape(0)
        case "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where", "Equal", "Less", "Greater":
            var s: [Int] = []
            for i in inputs.indices { s = try broadcast(s, shape(i), node: label, op: op) }
            out = s
        case "Concat":
            out = try concat(node, label, inputs.indices.map(shape))
        case "MaxPool", "AveragePool", "LpPool":
            out = try pool(node, label, x: shape(0))
        case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool":
            let x = shape(0)
            guard x.count >= 3 else { throw Error("\(file): node '\(label)' (\(op)): input rank \(x.count), expected N,C and spatial axes") }
            out = Array(x.prefix(2)) + Array(repeating: 1, count: x.count - 2)
        case "Flatten":
            let x = shape(0)
            let axis = try normalizedAxis(attribute(node, "axis")?.i ?? 1, rank: x.count, inclusiveEnd: true, node: label)
            out = [try product(x.prefix(axis), node: label), try product(x.dropFirst(axis), node: label)]
        case "Reshape":
            out = try reshape(node, label, x: shape(0))
        case "Transpose":
            let x = shape(0)
            let perm = try attribute(node, "perm").map { a throws(Error) in try a.ints.map { (v) throws(Error) in try value(v, of: "'\(label)' perm") } }
                ?? Array(x.indices.reversed())
            guard perm.sorted() == Array(x.indices) else {
                throw Error("\(file): node '\(label)' (Transpose): perm \(perm) for rank \(x.count), expected a permutation of 0..<\(x.count)")
            }
            out = perm.map { x[$0] }
        case "Squeeze", "Unsqueeze":
            out = try squeeze(node, label, x: shape(0), unsqueeze: op == "Unsqueeze")
        default:
            if Self.computeOps.contains(op) {
                unsupported(label, op, why: "the cost model has no \(op) layer")
            }
            return noRule(node, label, reason: "op \(op) has no shape rule here")
        }
        if let first = node.output.first { shapes[first] = out }
        // Secondary outputs (BatchNormalization's training statistics, Dropout's mask) are not used downstream.
        if op == "Dropout", node.output.count > 1 { shapes[node.output[1]] = out }
    }

    /// Compute ops without a layer in the cost model (listed as unsupported, never dropped silently).
    static let computeOps: Set<String> = [
        "Conv", "ConvTranspose", "ConvInteger", "QLinearConv", "QLinearMatMul", "MatMulInteger", "Gemm", "MatMul",
        "Attention", "MultiHeadAttention", "LSTM", "GRU", "RNN", "Einsum", "DeformConv",
    ]

    mutating func noRule(_ node: Onnx_NodeProto, _ label: String, reason: String) {
        for out in node.output where !out.isEmpty {
            if let s = stated[out] { shapes[out] = s } else { unknown[out] = "after node '\(label)': \(reason)" }
        }
    }

    mutating func unsupported(_ label: String, _ op: String, why: String) {
        warnings.append("node '\(label)' (\(op)) is not in the table: \(why)")
    }

    mutating func addRow(_ label: String, _ shape: LayerShape, dilation: Int) throws(Error) {
        var macs = 1
        for v in [shape.G, shape.C, shape.M, shape.R, shape.S, shape.P, shape.Q, shape.N] {
            let (m, overflow) = macs.multipliedReportingOverflow(by: v)
            guard !overflow, m <= 1 << 53 else { throw Error("\(file): node '\(label)': its MAC count overflows, expected a layer below 2^53 MACs") }
            macs = m
        }
        var name = label
        var k = 2
        while names.contains(name) {
            name = "\(label)_\(k)"
            k += 1
        }
        names.insert(name)
        rows.append(WorkloadTable.Row(layer: LayerWorkload(name: name, shape: shape, inputBits: bits.inputBits,
                                                            weightBits: bits.weightBits), dilation: dilation))
    }

    // MARK: compute layers

    mutating func conv(_ node: Onnx_NodeProto, _ label: String, x: [Int], w: [Int]) throws(Error) -> [Int] {
        guard x.count >= 3, w.count == x.count else {
            throw Error("\(file): node '\(label)' (Conv): input rank \(x.count) and weight rank \(w.count), expected equal ranks of at least 3")
        }
        let group = try value(attribute(node, "group")?.i ?? 1, of: "'\(label)' group")
        let (n, c, m) = (x[0], x[1], w[0])
        guard group >= 1, c % group == 0, m % group == 0, w[1] == c / group else {
            throw Error("\(file): node '\(label)' (Conv): weight \(w) with group \(group) on \(c) input channels, expected weight [M, C/group, kernel…] with C and M divisible by group")
        }
        let kernel = Array(w.dropFirst(2))
        let spatial = try window(node, label, input: Array(x.dropFirst(2)), kernel: kernel, ceil: false)
        let out = [n, m] + spatial.out
        guard kernel.count == 2 else {
            unsupported(label, "Conv", why: "a \(kernel.count)-D convolution (the cost model runs 2-D convolutions)")
            return out
        }
        guard spatial.strides[0] == spatial.strides[1], spatial.dilations[0] == spatial.dilations[1] else {
            unsupported(label, "Conv", why: "strides \(spatial.strides) and dilations \(spatial.dilations) differ between axes (the table has one stride and one dilation)")
            return out
        }
        let shape: LayerShape
        if group == 1 {
            let pointwise = kernel == [1, 1]
            shape = LayerShape(kind: pointwise ? .pointwise : .conv, C: c, M: m, R: kernel[0], S: kernel[1],
                               P: out[2], Q: out[3], N: n, stride: spatial.strides[0])
        } else if group == c && m == c {
            shape = LayerShape(kind: .depthwise, G: c, C: 1, M: 1, R: kernel[0], S: kernel[1], P: out[2], Q: out[3],
                               N: n, stride: spatial.strides[0])
        } else {
            shape = LayerShape(kind: .conv, G: group, C: c / group, M: m / group, R: kernel[0], S: kernel[1],
                               P: out[2], Q: out[3], N: n, stride: spatial.strides[0])
        }
        try addRow(label, shape, dilation: spatial.dilations[0])
        return out
    }

    mutating func gemm(_ node: Onnx_NodeProto, _ label: String, a: [Int], b: [Int]) throws(Error) -> [Int] {
        guard a.count == 2, b.count == 2 else {
            throw Error("\(file): node '\(label)' (Gemm): operand ranks \(a.count) and \(b.count), expected 2 and 2")
        }
        let ta = (attribute(node, "transA")?.i ?? 0) != 0, tb = (attribute(node, "transB")?.i ?? 0) != 0
        let (rows, k) = ta ? (a[1], a[0]) : (a[0], a[1])
        let (kb, cols) = tb ? (b[1], b[0]) : (b[0], b[1])
        guard k == kb else { throw Error("\(file): node '\(label)' (Gemm): inner sizes \(k) and \(kb) differ, expected equal") }
        if constants.contains(node.input[1]) {
            try addRow(label, LayerShape(kind: .linear, C: k, M: cols, P: 1, Q: 1, N: rows), dilation: 1)
        } else {
            unsupported(label, "Gemm", why: "both operands are activations (the cost model holds weights in the crossbars)")
        }
        return [rows, cols]
    }

    mutating func matMul(_ node: Onnx_NodeProto, _ label: String, a: [Int], b: [Int], constantB: Bool) throws(Error) -> [Int] {
        guard a.count >= 1, b.count >= 1 else { throw Error("\(file): node '\(label)' (MatMul): a scalar operand, expected tensors") }
        let a2 = a.count == 1 ? [1] + a : a, b2 = b.count == 1 ? b + [1] : b
        let k = a2[a2.count - 1], kb = b2[b2.count - 2]
        guard k == kb else { throw Error("\(file): node '\(label)' (MatMul): inner sizes \(k) and \(kb) differ, expected equal") }
        let batch = try broadcast(Array(a2.dropLast(2)), Array(b2.dropLast(2)), node: label, op: "MatMul")
        var out = batch + [a2[a2.count - 2], b2[b2.count - 1]]
        if a.count == 1 { out.remove(at: out.count - 2) }
        if b.count == 1 { out.removeLast() }
        if constantB && b.count == 2 {
            let rows = try product(a2.dropLast(), node: label)
            try addRow(label, LayerShape(kind: .linear, C: k, M: b2[1], P: 1, Q: 1, N: rows), dilation: 1)
        } else if constantB {
            unsupported(label, "MatMul", why: "a batched weight of rank \(b.count) (the table has one weight matrix per layer)")
        } else {
            unsupported(label, "MatMul", why: "both operands are activations, as in attention (the cost model holds weights in the crossbars)")
        }
        return out
    }

    // MARK: shape rules

    /// Output sizes of a sliding window (Conv, pools) per ONNX's pads / auto_pad / ceil_mode rules.
    func window(_ node: Onnx_NodeProto, _ label: String, input: [Int], kernel: [Int], ceil: Bool)
        throws(Error) -> (out: [Int], strides: [Int], dilations: [Int]) {
        let n = input.count
        func list(_ name: String, _ fallback: Int, count: Int) throws(Error) -> [Int] {
            guard let a = attribute(node, name) else { return Array(repeating: fallback, count: count) }
            guard a.ints.count == count else {
                throw Error("\(file): node '\(label)' (\(node.opType)): \(name) has \(a.ints.count) values, expected \(count)")
            }
            return try a.ints.map { (v) throws(Error) in try value(v, of: "'\(label)' \(name)") }
        }
        let strides = try list("strides", 1, count: n), dilations = try list("dilations", 1, count: n)
        let pads = try list("pads", 0, count: 2 * n)
        if let k = attribute(node, "kernel_shape"), k.ints.map(Int.init) != kernel {
            throw Error("\(file): node '\(label)' (\(node.opType)): kernel_shape \(k.ints) differs from the weight's \(kernel), expected equal")
        }
        guard strides.allSatisfy({ $0 >= 1 }), dilations.allSatisfy({ $0 >= 1 }) else {
            throw Error("\(file): node '\(label)' (\(node.opType)): strides \(strides), dilations \(dilations), expected positive values")
        }
        let autoPad = attribute(node, "auto_pad").map { String(decoding: $0.s, as: UTF8.self) } ?? "NOTSET"
        var out: [Int] = []
        for i in 0..<n {
            let extent = (kernel[i] - 1) * dilations[i] + 1
            let size: Int
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                size = (input[i] + strides[i] - 1) / strides[i]
            case "VALID":
                size = input[i] >= extent ? (input[i] - extent) / strides[i] + 1 : 0
            case "NOTSET", "":
                let span = input[i] + pads[i] + pads[i + n] - extent
                size = span < 0 ? 0 : (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1
            default:
                throw Error("\(file): node '\(label)' (\(node.opType)): auto_pad '\(autoPad)', expected NOTSET, SAME_UPPER, SAME_LOWER or VALID")
            }
            guard size >= 1 else {
                throw Error("\(file): node '\(label)' (\(node.opType)): a kernel of extent \(extent) does not fit input size \(input[i]), expected a positive output size")
            }
            out.append(size)
        }
        return (out, strides, dilations)
    }

    func pool(_ node: Onnx_NodeProto, _ label: String, x: [Int]) throws(Error) -> [Int] {
        guard x.count >= 3, let k = attribute(node, "kernel_shape") else {
            throw Error("\(file): node '\(label)' (\(node.opType)): input rank \(x.count) without kernel_shape, expected N,C,spatial… and kernel_shape")
        }
        let kernel = try k.ints.map { (v) throws(Error) in try value(v, of: "'\(label)' kernel_shape") }
        guard kernel.count == x.count - 2 else {
            throw Error("\(file): node '\(label)' (\(node.opType)): kernel_shape \(kernel) for \(x.count - 2) spatial axes, expected one size per axis")
        }
        let ceil = (attribute(node, "ceil_mode")?.i ?? 0) != 0
        return Array(x.prefix(2)) + (try window(node, label, input: Array(x.dropFirst(2)), kernel: kernel, ceil: ceil).out)
    }

    func concat(_ node: Onnx_NodeProto, _ label: String, _ parts: [[Int]]) throws(Error) -> [Int] {
        guard var out = parts.first else { return [] }
        let axis = try normalizedAxis(attribute(node, "axis")?.i ?? 0, rank: out.count, inclusiveEnd: false, node: label)
        for p in parts.dropFirst() {
            guard p.count == out.count, p.indices.allSatisfy({ $0 == axis || p[$0] == out[$0] }) else {
                throw Error("\(file): node '\(label)' (Concat): shapes \(parts) differ off axis \(axis), expected equal")
            }
            out[axis] = try checkedDimension(out[axis] + p[axis], node: label)
        }
        return out
    }

    func reshape(_ node: Onnx_NodeProto, _ label: String, x: [Int]) throws(Error) -> [Int] {
        guard node.input.count >= 2, let target = integers[node.input[1]] else {
            throw Error("\(file): node '\(label)' (Reshape): its shape '\(node.input.count > 1 ? node.input[1] : "")' is not a constant, expected an initializer or Constant")
        }
        let allowZero = (attribute(node, "allowzero")?.i ?? 0) != 0
        let total = try product(x[...], node: label)
        var out: [Int] = []
        var inferred: Int? = nil
        for (i, v) in target.enumerated() {
            if v == -1, inferred == nil { inferred = i; out.append(1) }
            else if v == 0, !allowZero, i < x.count { out.append(x[i]) }
            else if v >= 1 { out.append(try checkedDimension(v, node: label)) }
            else { throw Error("\(file): node '\(label)' (Reshape): shape \(target), expected positive sizes, 0 or one -1") }
        }
        let known = try product(out[...], node: label)
        if let i = inferred {
            guard known > 0, total % known == 0 else {
                throw Error("\(file): node '\(label)' (Reshape): \(x) cannot become \(target), expected a shape of \(total) elements")
            }
            out[i] = total / known
        } else if known != total {
            throw Error("\(file): node '\(label)' (Reshape): \(x) cannot become \(target), expected a shape of \(total) elements")
        }
        return out
    }

    func squeeze(_ node: Onnx_NodeProto, _ label: String, x: [Int], unsqueeze: Bool) throws(Error) -> [Int] {
        var axes: [Int]? = try attribute(node, "axes").map { a throws(Error) in try a.ints.map { (v) throws(Error) in try signed(v, of: "'\(label)' axes") } }
        if axes == nil, node.input.count >= 2, !node.input[1].isEmpty {
            guard let v = integers[node.input[1]] else {
                throw Error("\(file): node '\(label)' (\(node.opType)): axes '\(node.input[1])' are not constant, expected an initializer or Constant")
            }
            axes = v
        }
        if unsqueeze {
            guard let axes else { throw Error("\(file): node '\(label)' (Unsqueeze): no axes, expected axes") }
            let rank = x.count + axes.count
            let normal = try axes.map { (a) throws(Error) in try normalizedAxis(Int64(a), rank: rank, inclusiveEnd: false, node: label) }.sorted()
            var out = x
            for a in normal { out.insert(1, at: a) }
            return out
        }
        guard let axes else { return x.filter { $0 != 1 } }
        let normal = try Set(axes.map { (a) throws(Error) in try normalizedAxis(Int64(a), rank: x.count, inclusiveEnd: false, node: label) })
        return x.indices.filter { !normal.contains($0) }.map { x[$0] }
    }

    func broadcast(_ a: [Int], _ b: [Int], node: String, op: String) throws(Error) -> [Int] {
        let n = max(a.count, b.count)
        let pa = Array(repeating: 1, count: n - a.count) + a, pb = Array(repeating: 1, count: n - b.count) + b
        return try (0..<n).map { (i) throws(Error) -> Int in
            if pa[i] == pb[i] || pb[i] == 1 { return pa[i] }
            if pa[i] == 1 { return pb[i] }
            throw Error("\(file): node '\(node)' (\(op)): shapes \(a) and \(b) do not broadcast, expected equal sizes or 1")
        }
    }

    // MARK: checked integers from the file

    func attribute(_ node: Onnx_NodeProto, _ name: String) -> Onnx_AttributeProto? {
        node.attribute.first { $0.name == name }
    }

    func dims(_ dims: [Int64], of what: String) throws(Error) -> [Int] {
        try dims.map { (d) throws(Error) in try dimension(d, of: what) }
    }

    func dimension(_ v: Int64, of what: String) throws(Error) -> Int {
        guard v >= 1, v <= Int64(ONNXImporter.maxDimension) else {
            throw Error("\(file): \(what) has size \(v), expected 1 to \(ONNXImporter.maxDimension)")
        }
        return Int(v)
    }

    func checkedDimension(_ v: Int, node: String) throws(Error) -> Int {
        guard v >= 1, v <= ONNXImporter.maxDimension else {
            throw Error("\(file): node '\(node)': size \(v), expected 1 to \(ONNXImporter.maxDimension)")
        }
        return v
    }

    /// A non-negative attribute value (group, strides, pads, perm) within the dimension bound.
    func value(_ v: Int64, of what: String) throws(Error) -> Int {
        guard v >= 0, v <= Int64(ONNXImporter.maxDimension) else {
            throw Error("\(file): \(what) is \(v), expected 0 to \(ONNXImporter.maxDimension)")
        }
        return Int(v)
    }

    /// A signed value (Reshape sizes, axes) within the dimension bound.
    func signed(_ v: Int64, of what: String) throws(Error) -> Int {
        guard abs(v) <= Int64(ONNXImporter.maxDimension) else {
            throw Error("\(file): \(what) is \(v), expected -\(ONNXImporter.maxDimension) to \(ONNXImporter.maxDimension)")
        }
        return Int(v)
    }

    func normalizedAxis(_ axis: Int64, rank: Int, inclusiveEnd: Bool, node: String) throws(Error) -> Int {
        let limit = rank + (inclusiveEnd ? 1 : 0)
        guard axis >= -Int64(rank), axis < Int64(limit) else {
            throw Error("\(file): node '\(node)': axis \(axis) for rank \(rank), expected -\(rank) to \(limit - 1)")
        }
        return axis < 0 ? Int(axis) + rank : Int(axis)
    }

    func product(_ values: ArraySlice<Int>, node: String) throws(Error) -> Int {
        var p = 1
        for v in values {
            let (m, overflow) = p.multipliedReportingOverflow(by: v)
            guard !overflow, m <= 1 << 53 else { throw Error("\(file): node '\(node)': a tensor of more than 2^53 elements, expected fewer") }
            p = m
        }
        return p
    }

    /// INT64 / INT32 values of a small tensor with data (shapes and axes), or nil for other tensors.
    func integerValues(_ t: Onnx_TensorProto) throws(Error) -> [Int]? {
        let what = "tensor '\(t.name)'"
        switch Onnx_TensorProto.DataType(rawValue: Int(t.dataType)) {
        case .int64?:
            if !t.int64Data.isEmpty { return try t.int64Data.map { (v) throws(Error) in try signed(v, of: what) } }
            guard !t.rawData.isEmpty, t.rawData.count % 8 == 0, t.rawData.count <= 8 * 64 else { return nil }
            let bytes = [UInt8](t.rawData)
            return try stride(from: 0, to: bytes.count, by: 8).map { (o) throws(Error) -> Int in
                var v: UInt64 = 0
                for b in (0..<8).reversed() { v = v << 8 | UInt64(bytes[o + b]) }
                return try signed(Int64(bitPattern: v), of: what)
            }
        case .int32?:
            if !t.int32Data.isEmpty { return try t.int32Data.map { (v) throws(Error) in try signed(Int64(v), of: what) } }
            guard !t.rawData.isEmpty, t.rawData.count % 4 == 0, t.rawData.count <= 4 * 64 else { return nil }
            let bytes = [UInt8](t.rawData)
            return try stride(from: 0, to: bytes.count, by: 4).map { (o) throws(Error) -> Int in
                var v: UInt32 = 0
                for b in (0..<4).reversed() { v = v << 8 | UInt32(bytes[o + b]) }
                return try signed(Int64(Int32(bitPattern: v)), of: what)
            }
        default:
            return nil
        }
    }

    /// A value_info's shape when every dimension is fixed.
    func staticShape(_ info: Onnx_ValueInfoProto) -> [Int]? {
        guard info.type.tensorType.hasShape else { return nil }
        var out: [Int] = []
        for d in info.type.tensorType.shape.dim {
            guard case .dimValue(let v)? = d.value, v >= 1, v <= Int64(ONNXImporter.maxDimension) else { return nil }
            out.append(Int(v))
        }
        return out
    }
}
