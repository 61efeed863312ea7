#!/usr/bin/env python3
"""Writes the small ONNX test graphs in Tests/Fixtures/onnx/ (no weights: weight tensors are graph inputs
with shapes only, so each file holds structure alone and stays a few kilobytes).

Not run by make or the tests. Regenerate with (the venv path is ignored by git):
    python3 -m venv bench/.venv-onnx && bench/.venv-onnx/bin/pip install onnx==1.23.2
    bench/.venv-onnx/bin/python tools/make_onnx_fixtures.py

Graphs:
  resnet50.onnx          torchvision ResNet50 at 224 (Conv, BatchNormalization, Relu, MaxPool, Add,
                         GlobalAveragePool, Flatten, Gemm); symbolic batch 'N'; no value_info.
  mobilenetv2.onnx       one MobileNetV2 supernet subnet (SUBNET below; Clip as ReLU6, residual Add, Reshape
                         with a constant shape, MatMul + Add classifier); shapes inferred by onnx into value_info.
  grouped.onnx           a grouped 3x3 conv (groups 4), a depthwise conv with multiplier 2, Concat, AveragePool.
  dilated.onnx           a 3x3 conv with dilation 2 and pads 2.
  unsupported.onnx       a conv, then self-attention (MatMul of two activations, Softmax), then a linear MatMul.
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "onnx")
OPSET = 17


class Graph:
    """Collects nodes; weights become graph inputs with shapes and no data."""

    def __init__(self, input_name, input_shape):
        self.nodes, self.weights, self.consts = [], [], []
        self.inputs = [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, input_shape)]
        self.count = 0

    def fresh(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def weight(self, name, shape):
        self.weights.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        return name

    def conv(self, name, x, cin, cout, k, stride=1, groups=1, dilation=1, pad=None):
        pad = (k // 2) * dilation if pad is None else pad
        w = self.weight(name + ".weight", [cout, cin // groups, k, k])
        y = self.fresh(name)
        self.nodes.append(helper.make_node("Conv", [x, w], [y], name=name, kernel_shape=[k, k], strides=[stride, stride],
                                           pads=[pad] * 4, group=groups, dilations=[dilation, dilation]))
        return y

    def op(self, op_type, inputs, **attrs):
        y = self.fresh(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [y], name=y, **attrs))
        return y

    def bn(self, name, x, c):
        params = [self.weight(f"{name}.{p}", [c]) for p in ("weight", "bias", "running_mean", "running_var")]
        return self.op("BatchNormalization", [x] + params)

    def const_i64(self, name, values):
        self.consts.append(helper.make_tensor(name, TensorProto.INT64, [len(values)], values))
        return name

    def save(self, filename, output, output_shape, infer=False):
        graph = helper.make_graph(self.nodes, os.path.splitext(filename)[0], self.inputs + self.weights,
                                  [helper.make_tensor_value_info(output, TensorProto.FLOAT, output_shape)],
                                  initializer=self.consts)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="tools/make_onnx_fixtures.py")
        model.ir_version = 8
        if infer:
            model = onnx.shape_inference.infer_shapes(model)
        onnx.checker.check_model(model)
        path = os.path.join(OUT, filename)
        onnx.save(model, path)
        print(f"{path}: {len(model.graph.node)} nodes, {os.path.getsize(path)} bytes")


def resnet50():
    g = Graph("input", ["N", 3, 224, 224])
    x = g.op("Relu", [g.bn("bn1", g.conv("conv1", "input", 3, 64, 7, stride=2, pad=3), 64)])
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    channels = 64
    for stage, (count, width) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512])):
        out = 4 * width
        for block in range(count):
            stride = 2 if block == 0 and stage > 0 else 1
            p = f"layer{stage + 1}.{block}."
            y = g.op("Relu", [g.bn(p + "bn1", g.conv(p + "conv1", x, channels, width, 1), width)])
            y = g.op("Relu", [g.bn(p + "bn2", g.conv(p + "conv2", y, width, width, 3, stride=stride), width)])
            y = g.bn(p + "bn3", g.conv(p + "conv3", y, width, out, 1), out)
            shortcut = x
            if block == 0:
                shortcut = g.bn(p + "downsample.1", g.conv(p + "downsample", x, channels, out, 1, stride=stride), out)
            x = g.op("Relu", [g.op("Add", [y, shortcut])])
            channels = out
    x = g.op("Flatten", [g.op("GlobalAveragePool", [x])], axis=1)
    fc_w, fc_b = g.weight("fc.weight", [1000, 2048]), g.weight("fc.bias", [1000])
    g.nodes.append(helper.make_node("Gemm", [x, fc_w, fc_b], ["logits"], name="fc", transB=1))
    g.save("resnet50.onnx", "logits", ["N", 1000])


# The MobileNetV2 subnet of mobilenetv2.onnx (CIMWorkloadTests/ONNXImportTests builds the same SubnetSpec).
SUBNET = dict(depths=[2, 3, 4, 2, 3, 4],
              kernels=[3, 5, 7, 3, 5, 7, 3, 5, 7, 3, 5, 7, 3, 5, 7, 3, 5, 7, 3, 5, 7],
              expand=[0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 7, 8])
WIDTHS = [32, 16, 24, 40, 80, 96, 192, 320, 1280]
STRIDES = [2, 2, 2, 1, 2, 1]


def mobilenetv2():
    g = Graph("image", [1, 3, 224, 224])
    n = [0]

    def name(s):
        label = f"{n[0]:02d}_{s}"
        n[0] += 1
        return label

    g.consts += [helper.make_tensor("relu6_min", TensorProto.FLOAT, [], [0.0]),
                 helper.make_tensor("relu6_max", TensorProto.FLOAT, [], [6.0])]

    def relu6(t):
        return g.op("Clip", [t, "relu6_min", "relu6_max"])

    x = relu6(g.bn("first_conv.bn", g.conv(name("first_conv"), "image", 3, 32, 3, stride=2), 32))
    x = relu6(g.bn("first_block.dw.bn", g.conv(name("first_block_dw"), x, 32, 32, 3, groups=32), 32))
    x = g.bn("first_block.project.bn", g.conv(name("first_block_project"), x, 32, 16, 1), 16)
    cin, index = 16, 0
    for stage in range(6):
        cout = WIDTHS[stage + 2]
        for position in range(4 if stage < 5 else 1):
            i = index
            index += 1
            if position >= SUBNET["depths"][stage]:
                continue
            stride = STRIDES[stage] if position == 0 else 1
            mid, k = 4 * cin + 8 * SUBNET["expand"][i], SUBNET["kernels"][i]
            y = relu6(g.bn(f"b{i}.expand.bn", g.conv(name(f"b{i}_expand"), x, cin, mid, 1), mid))
            y = relu6(g.bn(f"b{i}.dw.bn", g.conv(name(f"b{i}_dw"), y, mid, mid, k, stride=stride, groups=mid), mid))
            y = g.bn(f"b{i}.project.bn", g.conv(name(f"b{i}_project"), y, mid, cout, 1), cout)
            x = g.op("Add", [y, x]) if stride == 1 and cin == cout else y
            cin = cout
    x = relu6(g.bn("feature_mix.bn", g.conv(name("feature_mix"), x, 320, 1280, 1), 1280))
    x = g.op("Reshape", [g.op("GlobalAveragePool", [x]), g.const_i64("flat_shape", [1, -1])])
    w, b = g.weight("classifier.weight", [1280, 1000]), g.weight("classifier.bias", [1000])
    y = g.fresh("classifier")
    g.nodes.append(helper.make_node("MatMul", [x, w], [y], name=name("classifier")))
    g.nodes.append(helper.make_node("Add", [y, b], ["logits"], name="classifier_bias"))
    g.save("mobilenetv2.onnx", "logits", [1, 1000], infer=True)


def grouped():
    g = Graph("x", [1, 32, 56, 56])
    a = g.op("Relu", [g.conv("grouped3x3", "x", 32, 64, 3, groups=4)])
    b = g.conv("depthwise_x2", "x", 32, 64, 3, stride=1, groups=32)
    x = g.op("Concat", [a, b], axis=1)
    x = g.op("AveragePool", [x], kernel_shape=[2, 2], strides=[2, 2])
    x = g.conv("pointwise", x, 128, 16, 1)
    g.save("grouped.onnx", x, [1, 16, 28, 28])


def dilated():
    g = Graph("x", [1, 16, 32, 32])
    x = g.conv("dilated3x3", "x", 16, 32, 3, dilation=2)
    g.save("dilated.onnx", x, [1, 32, 32, 32])


def unsupported():
    g = Graph("x", [1, 8, 16, 16])
    x = g.conv("embed", "x", 8, 64, 4, stride=4, pad=0)  # 1x64x4x4
    x = g.op("Reshape", [x, g.const_i64("tokens_shape", [1, 64, 16])])
    x = g.op("Transpose", [x], perm=[0, 2, 1])  # 1x16x64 tokens
    q = g.op("MatMul", [x, g.weight("wq", [64, 64])])
    k = g.op("MatMul", [x, g.weight("wk", [64, 64])])
    kt = g.op("Transpose", [k], perm=[0, 2, 1])
    scores = g.op("Softmax", [g.op("MatMul", [q, kt])], axis=-1)  # attention: activation x activation
    g.nodes[-2].name = "attention_scores"
    y = g.op("MatMul", [scores, x])
    g.nodes[-1].name = "attention_values"
    y = g.op("MatMul", [y, g.weight("proj", [64, 10])])
    g.nodes[-1].name = "head"
    g.save("unsupported.onnx", y, [1, 16, 10])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print(f"onnx {onnx.__version__}", file=sys.stderr)
    resnet50()
    mobilenetv2()
    grouped()
    dilated()
    unsupported()
