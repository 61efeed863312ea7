#!/usr/bin/env python3
"""Convert APQ's accuracy predictor (acc_quant.pt) into CIMNAS's predictor weights format.

Usage:
  export_apq_predictor.py acc_quant.pt OUT.weights [--version NAME]
      Converts a bare state_dict (keys layers.{0,1,2}.0.{weight,bias}, quantize_fc.*, regressor.*;
      docs/accuracy.md, "Network") into the format documented in docs/accuracy.md, "Predictor weights format".
  export_apq_predictor.py --random-init --seed N OUT.weights --golden apq_golden_vectors.json --outputs OUT.json
      Writes an APQ-size (400 × 3) model initialised like PyTorch's default nn.Linear and the model's
      outputs on the golden vectors' feature sets (as called and with real bits), for the Swift fixture test.
      Uses PyTorch when importable; otherwise a numpy re-implementation of the same init and forward pass,
      and the metadata says so ("numpy reference, torch unavailable").

File format: b"CIMNASPW", uint64 LE header length, UTF-8 JSON header, float32 LE tensor data ([out, in],
row-major). The JSON header lists each tensor's name, shape, dtype, byte offset and count, plus metadata.
"""
import argparse
import json
import struct
import sys

import numpy as np

ARCH, QUANT = 520, 252
MAGIC = b"CIMNASPW"


def tensor_shapes(hidden, hidden_layers):
    out = [("layers.0.0.weight", [hidden, ARCH]), ("layers.0.0.bias", [hidden])]
    for k in range(1, hidden_layers + 1):
        out += [(f"layers.{k}.0.weight", [hidden, hidden]), (f"layers.{k}.0.bias", [hidden])]
    out += [("quantize_fc.weight", [hidden, QUANT]), ("quantize_fc.bias", [hidden]),
            ("regressor.weight", [1, hidden]), ("regressor.bias", [1])]
    return out


def write_weights(path, tensors, hidden, hidden_layers, metadata):
    """tensors: name -> float32 numpy array in PyTorch layout."""
    entries, blobs, offset = [], [], 0
    for name, shape in tensor_shapes(hidden, hidden_layers):
        if name not in tensors:
            sys.exit(f"export_apq_predictor: missing tensor '{name}' of shape {shape}")
        a = np.ascontiguousarray(tensors[name], dtype="<f4")
        if list(a.shape) != shape:
            sys.exit(f"export_apq_predictor: tensor '{name}' has shape {list(a.shape)}, expected {shape}")
        if not np.all(np.isfinite(a)):
            sys.exit(f"export_apq_predictor: tensor '{name}' holds non-finite values")
        entries.append({"name": name, "shape": shape, "dtype": "float32", "offset": offset, "count": int(a.size)})
        blobs.append(a.tobytes())
        offset += a.nbytes
    extra = set(tensors) - {n for n, _ in tensor_shapes(hidden, hidden_layers)}
    if extra:
        sys.exit(f"export_apq_predictor: unexpected tensors {sorted(extra)} (expected APQ's 10 keys)")
    header = {"format": "cimnas-predictor-weights", "format_version": 1, "hidden": hidden,
              "hidden_layers": hidden_layers, "tensors": entries, "metadata": metadata}
    hjson = json.dumps(header, sort_keys=True).encode("utf-8")
    with open(path, "wb") as f:
        f.write(MAGIC + struct.pack("<Q", len(hjson)) + hjson + b"".join(blobs))


def forward_numpy(t, x):
    """APQ MLP forward pass in float32 (docs/accuracy.md, "Network"); x: [N, 772]."""
    x = x.astype(np.float32)
    h = np.maximum(x[:, :ARCH] @ t["layers.0.0.weight"].T + t["layers.0.0.bias"], 0)
    h = h + (x[:, ARCH:] @ t["quantize_fc.weight"].T + t["quantize_fc.bias"])
    k = 1
    while f"layers.{k}.0.weight" in t:
        h = np.maximum(h @ t[f"layers.{k}.0.weight"].T + t[f"layers.{k}.0.bias"], 0)
        k += 1
    return (h @ t["regressor.weight"].T + t["regressor.bias"])[:, 0]


def random_init(seed, hidden=400, hidden_layers=2):
    """PyTorch default nn.Linear init; returns (tensors, forward, generator-description)."""
    try:
        import torch
        import torch.nn as nn

        class MLP(nn.Module):  # APQ utils/accuracy_predictor.py MLP(quantize=True), same key names
            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList(
                    [nn.Sequential(nn.Linear(ARCH if i == 0 else hidden, hidden), nn.ReLU(inplace=True))
                     for i in range(hidden_layers + 1)])
                self.quantize_fc = nn.Linear(QUANT, hidden)
                self.regressor = nn.Linear(hidden, 1)

            def forward(self, x):
                h = self.layers[0](x[:, :ARCH]) + self.quantize_fc(x[:, ARCH:])
                for layer in self.layers[1:]:
                    h = layer(h)
                return self.regressor(h).squeeze(-1)

        torch.manual_seed(seed)
        model = MLP().eval()
        tensors = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}

        def forward(x):
            with torch.no_grad():
                return model(torch.from_numpy(x.astype(np.float32))).numpy()
        return tensors, forward, f"PyTorch {torch.__version__} (torch.manual_seed({seed}), default nn.Linear init)"
    except ImportError:
        rng = np.random.default_rng(seed)
        tensors = {}
        for name, shape in tensor_shapes(hidden, hidden_layers):
            fan_in = ARCH if name.startswith("layers.0.") else QUANT if name.startswith("quantize_fc") else hidden
            bound = 1.0 / np.sqrt(fan_in)
            tensors[name] = rng.uniform(-bound, bound, size=shape).astype(np.float32)
        return tensors, lambda x: forward_numpy(tensors, x), \
            f"numpy reference, torch unavailable (numpy {np.__version__} default_rng({seed}), U(-1/sqrt(fan_in), 1/sqrt(fan_in)))"


def dense(indices):
    x = np.zeros(ARCH + QUANT, dtype=np.float32)
    x[list(indices)] = 1
    return x


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", help="acc_quant.pt OUT.weights, or OUT.weights with --random-init")
    p.add_argument("--random-init", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--golden", help="apq_golden_vectors.json (with --random-init)")
    p.add_argument("--outputs", help="where to write the reference outputs JSON (with --random-init)")
    p.add_argument("--version", default=None, help="predictor_version string to record")
    a = p.parse_args()

    if a.random_init:
        if len(a.paths) != 1 or not a.golden or not a.outputs:
            sys.exit("export_apq_predictor: --random-init needs OUT.weights, --golden FILE and --outputs FILE")
        tensors, forward, generator = random_init(a.seed)
        version = a.version or f"apq-random-init-seed{a.seed}"
        write_weights(a.paths[0], tensors, 400, 2, {
            "predictor_version": version, "feature_bits": "real", "calibration": None,
            "provenance": {"generator": generator, "seed": str(a.seed),
                           "command": "tools/export_apq_predictor.py --random-init --seed %d" % a.seed}})
        golden = json.load(open(a.golden))
        rows = []
        for v in golden["vectors"]:
            rows.append(("as_called", v["feature_nonzero_indices_as_called"]))
            rows.append(("real_bits", v["feature_nonzero_indices_real_bits"]))
        x = np.stack([dense(ix) for _, ix in rows])
        y = forward(x)
        ref = forward_numpy(tensors, x)
        json.dump({"generator": generator, "seed": a.seed, "weights": a.paths[0].split("/")[-1],
                   "max_abs_diff_vs_numpy_forward": float(np.max(np.abs(y - ref))),
                   "samples": [{"set": s, "indices": ix, "output": float(o)} for (s, ix), o in zip(rows, y)]},
                  open(a.outputs, "w"), indent=1)
        print(f"wrote {a.paths[0]} and {a.outputs} ({generator})")
        return

    if len(a.paths) != 2:
        sys.exit("export_apq_predictor: expected acc_quant.pt OUT.weights")
    try:
        import torch
    except ImportError:
        sys.exit("export_apq_predictor: converting a .pt file needs PyTorch (pip install torch)")
    sd = torch.load(a.paths[0], map_location="cpu", weights_only=True)
    if isinstance(sd, dict) and "state_dict" in sd and isinstance(sd["state_dict"], dict):
        sd = sd["state_dict"]
    sd = {k[7:] if k.startswith("module.") else k: v for k, v in sd.items()}
    tensors = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in sd.items()}
    if "layers.0.0.weight" not in tensors:
        sys.exit(f"{a.paths[0]}: no 'layers.0.0.weight' tensor; keys are {sorted(tensors)[:12]}")
    hidden = tensors["layers.0.0.weight"].shape[0]
    hidden_layers = sum(1 for k in tensors if k.startswith("layers.") and k.endswith(".0.weight")) - 1
    write_weights(a.paths[1], tensors, hidden, hidden_layers, {
        "predictor_version": a.version or "apq-acc_quant", "feature_bits": "forceEightBit", "calibration": None,
        "provenance": {"source": a.paths[0], "generator": f"PyTorch {torch.__version__} state_dict export",
                       "note": "APQ/CIMNAS call this model with 8-bit features (docs/accuracy.md, "How APQ and CIMNAS call it")"}})
    print(f"wrote {a.paths[1]}: hidden {hidden}, {hidden_layers} hidden layers")


if __name__ == "__main__":
    main()
