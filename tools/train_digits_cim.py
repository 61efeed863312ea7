#!/usr/bin/env python3
"""Train, quantize and export the small MobileNet-style network of docs/hardware-accuracy.md §6.

Data: scikit-learn's digits (1,797 8×8 images, 17 grey levels; ships inside the package, no download).
Network: conv 3×3 stem → depthwise 3×3 → pointwise → depthwise 3×3 stride 2 → pointwise → global average
pool → linear head; ReLU after every conv. Trained in float with numpy (hand-written backprop, Adam), then
quantized after training: signed per-tensor weights, unsigned activations, integer requantization
out = clamp((acc + bias)·mult + 2^(shift−1) >> shift, 0, 2^bits − 1). The Swift test
(Tests/CIMFunctionalTests/DigitsNetworkTests.swift) runs the same integer pipeline through FunctionalSimulator.

Usage (side environment, ignored by git):
    python3 -m venv tools/.venv && tools/.venv/bin/pip install numpy scikit-learn
    tools/.venv/bin/python tools/train_digits_cim.py --out Tests/Fixtures/digits/digits_mobilenet_q.json
    tools/.venv/bin/python tools/train_digits_cim.py --sensitivity   # per-layer noise sensitivity table
"""
import argparse
import json
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

INPUT_BITS = 4          # pixels 0…16 → codes 0…15 (16 → 15), scale 1/16
ACT_BITS = 8            # unsigned activations after ReLU
WEIGHT_BITS = 8         # signed weights, symmetric ±127
SHIFT = 16              # requantization multiplier precision

# (name, kind, in channels, out channels, kernel, stride); padding 1 for 3×3.
ARCH = [
    ("stem", "conv", 1, 8, 3, 1),
    ("dw1", "depthwise", 8, 8, 3, 1),
    ("pw1", "pointwise", 8, 16, 1, 1),
    ("dw2", "depthwise", 16, 16, 3, 2),
    ("pw2", "pointwise", 16, 32, 1, 1),
    ("head", "linear", 32, 10, 1, 1),
]


def pad(x, p):
    return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x


def conv_forward(x, w, b, kind, stride):
    """x: N×C×H×W; w: M×Cg×R×S; returns y and a cache for backward."""
    n, c, h, wd = x.shape
    r = w.shape[2]
    p = r // 2
    xp = pad(x, p)
    ho = (h + 2 * p - r) // stride + 1
    wo = (wd + 2 * p - r) // stride + 1
    # Patches: N × C × R × S × Ho × Wo
    patches = np.empty((n, c, r, r, ho, wo))
    for i in range(r):
        for j in range(r):
            patches[:, :, i, j] = xp[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride]
    if kind == "depthwise":
        y = np.einsum("ncrsij,crs->ncij", patches, w[:, 0])
    else:
        y = np.einsum("ncrsij,mcrs->nmij", patches, w)
    y += b[None, :, None, None]
    return y, (patches, x.shape, p)


def conv_backward(dy, w, kind, stride, cache):
    patches, xshape, p = cache
    n, c, h, wd = xshape
    r = w.shape[2]
    ho, wo = dy.shape[2], dy.shape[3]
    db = dy.sum(axis=(0, 2, 3))
    if kind == "depthwise":
        dw = np.einsum("ncrsij,ncij->crs", patches, dy)[:, None]
        dpatches = np.einsum("ncij,crs->ncrsij", dy, w[:, 0])
    else:
        dw = np.einsum("ncrsij,nmij->mcrs", patches, dy)
        dpatches = np.einsum("nmij,mcrs->ncrsij", dy, w)
    dxp = np.zeros((n, c, h + 2 * p, wd + 2 * p))
    for i in range(r):
        for j in range(r):
            dxp[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride] += dpatches[:, :, i, j]
    dx = dxp[:, :, p:p + h, p:p + wd] if p else dxp
    return dx, dw, db


def init_params(rng):
    params = []
    for name, kind, cin, cout, k, stride in ARCH:
        if kind == "linear":
            w = rng.normal(0, np.sqrt(1 / cin), (cout, cin))
        elif kind == "depthwise":
            w = rng.normal(0, np.sqrt(2 / (k * k)), (cout, 1, k, k))
        else:
            w = rng.normal(0, np.sqrt(2 / (cin * k * k)), (cout, cin, k, k))
        params.append([w, np.zeros(cout)])
    return params


def forward(params, x, keep=False):
    caches, acts = [], []
    for (name, kind, cin, cout, k, stride), (w, b) in zip(ARCH, params):
        if kind == "linear":
            pooled = x.mean(axis=(2, 3))
            caches.append((pooled, x.shape))
            logits = pooled @ w.T + b
            return logits, caches, acts
        y, cache = conv_forward(x, w, b, kind, stride)
        caches.append(cache)
        x = np.maximum(y, 0)
        acts.append(x)
    raise AssertionError("no head")


def backward(params, caches, acts, dlogits):
    grads = [None] * len(ARCH)
    w, b = params[-1]
    pooled, xshape = caches[-1]
    grads[-1] = (dlogits.T @ pooled, dlogits.sum(0))
    dx = (dlogits @ w) [:, :, None, None] * np.ones(xshape) / (xshape[2] * xshape[3])
    for li in range(len(ARCH) - 2, -1, -1):
        name, kind, cin, cout, k, stride = ARCH[li]
        dy = dx * (acts[li] > 0)
        dx, dw, db = conv_backward(dy, params[li][0], kind, stride, caches[li])
        grads[li] = (dw, db)
    return grads


def train(xtr, ytr, seed, epochs=150, lr=1e-2, batch=32):
    rng = np.random.default_rng(seed)
    params = init_params(rng)
    m = [[np.zeros_like(a) for a in p] for p in params]
    v = [[np.zeros_like(a) for a in p] for p in params]
    t = 0
    for epoch in range(epochs):
        order = rng.permutation(len(xtr))
        for start in range(0, len(xtr), batch):
            idx = order[start:start + batch]
            logits, caches, acts = forward(params, xtr[idx])
            z = logits - logits.max(1, keepdims=True)
            prob = np.exp(z) / np.exp(z).sum(1, keepdims=True)
            prob[np.arange(len(idx)), ytr[idx]] -= 1
            grads = backward(params, caches, acts, prob / len(idx))
            t += 1
            step = lr * (0.5 * (1 + np.cos(np.pi * epoch / epochs)))
            for li, g in enumerate(grads):
                for j in range(2):
                    gj = g[j] + (1e-4 * params[li][j] if j == 0 else 0)
                    m[li][j] = 0.9 * m[li][j] + 0.1 * gj
                    v[li][j] = 0.999 * v[li][j] + 0.001 * gj * gj
                    mh = m[li][j] / (1 - 0.9 ** t)
                    vh = v[li][j] / (1 - 0.999 ** t)
                    params[li][j] -= step * mh / (np.sqrt(vh) + 1e-8)
    return params


def quantize(params, xcal):
    """Per-tensor symmetric weights, activation scales from the 99.9th percentile on calibration data."""
    _, _, acts = forward(params, xcal)
    s_in = 1 / 16
    layers = []
    qmax_w = (1 << (WEIGHT_BITS - 1)) - 1
    amax = (1 << ACT_BITS) - 1
    for li, ((name, kind, cin, cout, k, stride), (w, b)) in enumerate(zip(ARCH, params)):
        s_w = np.abs(w).max() / qmax_w
        wq = np.clip(np.round(w / s_w), -qmax_w, qmax_w).astype(np.int64)
        bias = np.round(b / (s_in * s_w)).astype(np.int64)
        layer = {"name": name, "kind": kind, "in_channels": cin, "out_channels": cout, "kernel": k, "stride": stride,
                 "padding": k // 2, "weight_bits": WEIGHT_BITS,
                 "input_bits": INPUT_BITS if li == 0 else ACT_BITS,
                 "weights": wq.reshape(-1).tolist(), "bias": bias.tolist()}
        if kind != "linear":
            s_out = np.percentile(acts[li], 99.9) / amax
            mult = int(round(s_in * s_w / s_out * (1 << SHIFT)))
            layer.update({"multiplier": mult, "shift": SHIFT, "output_bits": ACT_BITS})
            s_in = s_out
        layers.append(layer)
    return layers


def int_conv(x, layer, weights=None):
    """Integer conv/depthwise of codes x (N×C×H×W, int64) → accumulators (int64)."""
    k, stride, pd = layer["kernel"], layer["stride"], layer["padding"]
    cin, cout = layer["in_channels"], layer["out_channels"]
    wv = np.array(layer["weights"], dtype=np.int64) if weights is None else weights
    if layer["kind"] == "depthwise":
        w = wv.reshape(cout, 1, k, k)
    else:
        w = wv.reshape(cout, cin, k, k)
    n, c, h, wd = x.shape
    xp = pad(x, pd)
    ho = (h + 2 * pd - k) // stride + 1
    wo = (wd + 2 * pd - k) // stride + 1
    out = np.zeros((n, cout, ho, wo), dtype=w.dtype)
    for i in range(k):
        for j in range(k):
            patch = xp[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride]
            if layer["kind"] == "depthwise":
                out += patch * w[None, :, 0, i, j, None, None]
            else:
                out += np.einsum("ncij,mc->nmij", patch, w[:, :, i, j])
    return out


def requantize(acc, layer):
    b = np.array(layer["bias"], dtype=np.int64)[None, :, None, None]
    y = ((acc + b) * layer["multiplier"] + (1 << (layer["shift"] - 1))) >> layer["shift"]
    return np.clip(y, 0, (1 << layer["output_bits"]) - 1)


def integer_forward(layers, codes, noise=None, rng=None, fixed=None, measured=None):
    """The integer pipeline. `noise` = (layer indices, relative RMS ε) adds fresh Gaussian noise to those
    layers' accumulators (RMS relative to the accumulators' RMS); `fixed` = (layer indices, σ) multiplies
    their weights once by 1 + σ·z (a fixed, device-variation-like error). `measured` collects each noisy
    layer's realised relative error ε² (against the exact accumulators of the same inputs)."""
    x = codes
    for li, layer in enumerate(layers):
        hit = noise is not None and li in noise[0]
        weights = None
        if fixed is not None and li in fixed[0]:
            w0 = np.array(layer["weights"], dtype=float)
            weights = w0 * (1 + fixed[1] * rng.standard_normal(w0.shape))
        if layer["kind"] == "linear":
            pooled = (x.sum(axis=(2, 3)) + (x.shape[2] * x.shape[3]) // 2) // (x.shape[2] * x.shape[3])
            w = np.array(layer["weights"], dtype=np.int64).reshape(layer["out_channels"], layer["in_channels"])
            acc = pooled @ w.T
            exact = acc
            if weights is not None:
                acc = pooled @ weights.reshape(w.shape).T
            if hit:
                acc = acc + noise[1] * np.sqrt(np.mean(acc.astype(float) ** 2)) * rng.standard_normal(acc.shape)
            if measured is not None and (hit or weights is not None):
                measured.append(np.mean((acc - exact) ** 2) / np.mean(exact.astype(float) ** 2))
            return acc + np.array(layer["bias"])[None, :]
        acc = int_conv(x, layer)
        if hit or weights is not None:
            exact = acc
            if weights is not None:
                acc = int_conv(x, layer, weights)
            accf = acc + (noise[1] * np.sqrt(np.mean(acc.astype(float) ** 2)) * rng.standard_normal(acc.shape) if hit else 0)
            if measured is not None:
                measured.append(np.mean((accf - exact) ** 2) / np.mean(exact.astype(float) ** 2))
            b = np.array(layer["bias"])[None, :, None, None]
            y = np.floor((accf + b) * layer["multiplier"] / (1 << layer["shift"]) + 0.5)
            x = np.clip(y, 0, (1 << layer["output_bits"]) - 1).astype(np.int64)
        else:
            x = requantize(acc, layer)
    raise AssertionError("no head")


def load():
    digits = load_digits()
    x = digits.images.astype(np.int64)
    y = digits.target.astype(np.int64)
    return train_test_split(x, y, test_size=0.5, random_state=0, stratify=y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", help="fixture JSON to write")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sensitivity", metavar="FIXTURE",
                    help="print the per-layer noise sensitivity table of an exported fixture (no training)")
    args = ap.parse_args()
    xtr, xte, ytr, yte = load()
    ctr = np.minimum(xtr, 15)[:, None]
    cte = np.minimum(xte, 15)[:, None]
    if args.sensitivity:
        with open(args.sensitivity) as f:
            layers = json.load(f)["layers"]
        top1 = (integer_forward(layers, cte).argmax(1) == yte).mean() * 100
        sensitivity(layers, cte, yte, top1)
        return
    params = train(ctr / 16.0, ytr, args.seed)
    float_top1 = (forward(params, cte / 16.0)[0].argmax(1) == yte).mean() * 100
    layers = quantize(params, ctr / 16.0)
    logits = integer_forward(layers, cte)
    pred = logits.argmax(1)
    top1 = (pred == yte).mean() * 100
    print(f"float top-1 {float_top1:.2f} %, quantized (W{WEIGHT_BITS}/A{ACT_BITS}, input {INPUT_BITS} b) top-1 "
          f"{top1:.2f} % on {len(yte)} test images", file=sys.stderr)
    if args.out:
        fixture = {
            "source": "scikit-learn load_digits, train_test_split(test_size=0.5, random_state=0, stratify=y); "
                      "tools/train_digits_cim.py --seed %d" % args.seed,
            "input_bits": INPUT_BITS, "activation_bits": ACT_BITS, "weight_bits": WEIGHT_BITS,
            "float_top1_percent": round(float_top1, 4), "quantized_top1_percent": round(top1, 4),
            "layers": layers,
            "test_images_hex": ["".join("%x" % v for v in img.reshape(-1)) for img in cte[:, 0]],
            "test_labels": yte.tolist(),
            "quantized_predictions": pred.tolist(),
        }
        with open(args.out, "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")


def sensitivity(layers, cte, yte, top1, draws=8):
    """Gaussian noise of relative RMS ε on one layer's accumulators at a time (the others exact): mean drop
    over `draws` draws ± its standard error, and per layer the fitted E_l of drop = (top1 − 10)·(1 − exp(−ε²/E_l))
    (least squares in the drop over the ε grid) with the fit's RMS residual."""
    rng = np.random.default_rng(1)
    grid = (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5)
    print(f"quantized top-1 {top1:.2f} %, {len(yte)} images, {draws} draws per cell")
    fits = []
    print("| layer | kind | " + " | ".join(f"drop at ε={e}" for e in grid) + " | fitted E_l | residual (pt) |")
    print("|---|---|" + "---|" * (len(grid) + 2))
    for li, layer in enumerate(layers):
        means, row = [], []
        for eps in grid:
            drops = [top1 - (integer_forward(layers, cte, ([li], eps), rng).argmax(1) == yte).mean() * 100
                     for _ in range(draws)]
            means.append(np.mean(drops))
            row.append(f"{np.mean(drops):.2f} ± {np.std(drops) / np.sqrt(draws):.2f}")
        eps2 = np.array(grid) ** 2
        best = None
        for e0 in np.exp(np.linspace(np.log(1e-3), np.log(1e3), 2001)):
            pred = (top1 - 10) * (1 - np.exp(-eps2 / e0))
            res = np.sqrt(np.mean((pred - np.array(means)) ** 2))
            if best is None or res < best[1]:
                best = (e0, res)
        print(f"| {layer['name']} | {layer['kind']} | " + " | ".join(row) + f" | {best[0]:.3g} | {best[1]:.2f} |")
        fits.append(best[0])
    scale = len(layers) / sum(1 / e for e in fits)
    print(f"\nnetwork E0 if every layer weighs 1: {scale:.3g} (= L / Σ 1/E_l)")
    print("\n| noise | setting | measured Σε² | simulated drop (pt) | drop from Σε² with E0 (pt) |")
    print("|---|---|---|---|---|")
    everything = list(range(len(layers)))
    for label, kw in ([(f"fresh, every layer, ε={e}", {"noise": (everything, e)}) for e in (0.05, 0.1, 0.2, 0.3)]
                      + [(f"fixed weights, every layer, σ={sg}", {"fixed": (everything, sg)}) for sg in (0.02, 0.05, 0.1, 0.2)]):
        drops, energies = [], []
        for _ in range(draws):
            measured = []
            drops.append(top1 - (integer_forward(layers, cte, rng=rng, measured=measured, **kw).argmax(1) == yte).mean() * 100)
            energies.append(sum(measured))
        e = np.mean(energies)
        print(f"| {label.split(',')[0]} | {label} | {e:.3g} | {np.mean(drops):.2f} ± {np.std(drops) / np.sqrt(draws):.2f} "
              f"| {(top1 - 10) * (1 - np.exp(-e / scale)):.2f} |")


if __name__ == "__main__":
    main()
