#!/usr/bin/env python3
"""Outside check of CIMNAS's functional simulator against NeuroSim V1.4's inference code.

Runs NeuroSim's own QConv2d (Inference_pytorch/modules/quantization_cpu_np_infer.py, hardware path) and
`cimnas simulate layer --operands` on the same 1x1 layer data (C=256 -> M=64, 8x8 positions, 8-bit unsigned
inputs applied bit-serially, 8-bit weights, 128-row sub-arrays) and compares the relative RMS error that
conductance variation and the ADC leave.

NeuroSim draws its conductance variation afresh for every input bit and weight slice, so it is compared with
CIMNAS's read noise (fresh per conversion), not with its device-to-device variation (drawn once).
wl_activate=-1 leaves NeuroSim's output unclipped and unquantized (WAGEQuantizer_f skips both).
NeuroSim's code is used unmodified; only torch.full(device='cuda') is redirected to the CPU.

usage: python neurosim_check.py NEUROSIM_DIR CIMNAS_BINARY
  NEUROSIM_DIR: a checkout of neurosim/DNN_NeuroSim_V1.4 (the directory holding Inference_pytorch/)
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import torch

neurosim_dir, cimnas = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(neurosim_dir, "Inference_pytorch"))
_full = torch.full
torch.full = lambda *a, **k: _full(*a, **{**k, "device": "cpu"} if k.get("device") == "cuda" else k)
from modules.quantization_cpu_np_infer import QConv2d  # noqa: E402  (NeuroSim's code, unmodified)

C, M, H, W, BITS = 256, 64, 8, 8, 8
torch.manual_seed(0)
inputs = torch.randint(0, 2 ** BITS, (1, C, H, W)).float() / (2 ** BITS - 1)   # NeuroSim: inputs in [0, 1]
weights = torch.randint(-127, 128, (M, C, 1, 1)).float() / 128                 # multiples of 2^-7 in (-1, 1)


def neurosim(cell_bits, adc_bits, onoff, vari, seed):
    torch.manual_seed(seed)
    layer = QConv2d(C, M, 1, wl_input=BITS, wl_weight=BITS, wl_activate=-1, inference=1, onoffratio=onoff, cellBit=cell_bits,
                    subArray=128, ADCprecision=adc_bits, vari=vari, model="VGG8")
    layer.weight.data = weights.clone()
    layer.scale = 1.0
    with torch.no_grad():
        return layer(inputs).double().flatten()


def cimnas_rel_rms(cell_bits, adc_bits, onoff, read_noise, seed):
    # The same integers NeuroSim maps: u = round(255 x), X = round(127.5 (w + 1)); signed weight X - 128.
    u = torch.round((2 ** BITS - 1) * inputs[0]).long()                  # C x H x W
    x_dec = torch.round((2 ** BITS - 1) / 2 * (weights[:, :, 0, 0] + 1)).long()
    ops = {"positions": H * W, "unsigned_inputs": True,
           "inputs": u.permute(1, 2, 0).reshape(-1).tolist(), "weights": (x_dec - 128).reshape(-1).tolist()}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(ops, f)
    args = [cimnas, "simulate", "layer", "--hw", f"0.7,{cell_bits},1e-9,128,128,1,1,1,2048",
            "--layer", f"C={C},M={M},P={H},Q={W}", "--input-bits", str(BITS), "--weight-bits", str(BITS),
            "--input-bits-per-slice", "1", "--adc-bits", str(adc_bits), "--device", "ideal",
            "--on-off-ratio", str(onoff), "--read-noise", str(read_noise), "--seed", str(seed),
            "--operands", f.name, "--format", "json"]
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    os.unlink(f.name)
    return out["relative_rms_error"]


def rel(a, ref):
    return math.sqrt(float(((a - ref) ** 2).mean()) / float((ref ** 2).mean()))


print("| check | cell bits | ADC bits | on/off | sigma | NeuroSim rel. RMS | CIMNAS rel. RMS | ratio |")
print("|---|---|---|---|---|---|---|---|")
for cell_bits, onoff, sigma in [(1, 100, 0.05), (2, 10, 0.1), (4, 17, 0.05)]:
    ideal = neurosim(cell_bits, 16, onoff, 0.0, 1)
    noisy = [rel(neurosim(cell_bits, 16, onoff, sigma, s), ideal) for s in (2, 3)]
    ours = [cimnas_rel_rms(cell_bits, 24, onoff, sigma, s) for s in (2, 3)]
    ns, cs = sum(noisy) / 2, sum(ours) / 2
    print(f"| variation (ADC lossless) | {cell_bits} | 16 / 24 | {onoff} | {sigma} | {ns:.4f} | {cs:.4f} | {cs / ns:.3f} |")
for cell_bits, adc_bits in [(1, 5), (2, 7), (4, 8)]:
    ns = rel(neurosim(cell_bits, adc_bits, 100, 0.0, 1), neurosim(cell_bits, 16, 100, 0.0, 1))
    cs = cimnas_rel_rms(cell_bits, adc_bits, 100, 0.0, 1)
    print(f"| ADC only | {cell_bits} | {adc_bits} | 100 | 0 | {ns:.4f} | {cs:.4f} | {cs / ns:.3f} |")
