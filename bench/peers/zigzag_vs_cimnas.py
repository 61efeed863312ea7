#!/usr/bin/env python3
"""ZigZag (PyPI `zigzag-dse`, analog IMC example) and cimnas side by side on the same MobileNetV2 layers.

Usage: python3 bench/peers/zigzag_vs_cimnas.py [--layers N] [--cimnas PATH] [--json FILE] [--no-install]

* Creates bench/.venv (git-ignored) and installs zigzag-dse + six (an undeclared dependency) unless present;
  when installation fails the ZigZag side is skipped with a message, and cimnas still runs.
* Extracts the Conv/Gemm layers of the MobileNetV2 ONNX shipped with zigzag (loaded without its external
  weights, shapes from onnx.shape_inference), keeps the first N (default 5), runs zigzag on the graph
  truncated after the Nth layer (hardware aimc.yaml, mapping default_imc.yaml, in_memory_compute=True),
  and runs the built `cimnas evaluate --workload` on the same N layers written as a workload CSV.
* Reports seconds per layer for each tool and the ratio. The cimnas process time includes start-up, so
  the script also times a one-layer run and subtracts; the in-process per-layer figure comes from CIMBench
  (bench/results/latest.json, `layer_eval.1core`).

This is a speed comparison: the two tools model different chips (zigzag's aimc.yaml vs the CIMNAS default
chip), so their energies are printed for context only.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, "bench", ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")

REFERENCE_ROWS = [
    # (tool, figure, unit, source) — not re-run here.
    ("CiMLoop (CIMNAS configuration)", 45.0, "s per layer evaluation", "measured on a 2-core machine (issue 9)"),
    ("original CIMNAS", 21.0, "s per candidate design, 61 cores", "CIMNAS paper/issue 9"),
    ("CiMLoop paper", 83.0, "(mapping×layer) evaluations/s/core", "5000 mappings amortised"),
    ("NeuroSim (CiMLoop paper)", 0.07, "evaluations/s", "CiMLoop paper"),
]


def ensure_venv(no_install):
    """Re-executes inside bench/.venv with zigzag installed; returns False when zigzag is unavailable."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        try:
            import zigzag  # noqa: F401
            import onnx  # noqa: F401
            return True
        except ImportError as e:
            print(f"ZigZag skipped: the venv at {VENV} lacks a package ({e}); delete it and re-run to reinstall")
            return False
    if not os.path.exists(VENV_PY):
        if no_install:
            print(f"ZigZag skipped: no {VENV} and --no-install given")
            return False
        print(f"creating {VENV} and installing zigzag-dse (one time) …", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
            subprocess.run([VENV_PY, "-m", "pip", "install", "-q", "zigzag-dse", "six"], check=True)
        except (subprocess.CalledProcessError, OSError) as e:
            print(f"ZigZag skipped: could not install zigzag-dse from PyPI ({e})")
            return False
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__), *sys.argv[1:], "--in-venv"])


def onnx_layers(model):
    """Conv/Gemm layers in graph order: (node, row) with row in the cimnas workload CSV columns."""
    import onnx
    from onnx import numpy_helper  # noqa: F401

    shapes = {}
    for vi in list(model.graph.value_info) + list(model.graph.input) + list(model.graph.output):
        dims = [d.dim_value for d in vi.type.tensor_type.shape.dim]
        shapes[vi.name] = dims
    inits = {i.name: list(i.dims) for i in model.graph.initializer}
    rows = []
    for node in model.graph.node:
        if node.op_type not in ("Conv", "Gemm"):
            continue
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        w = inits[node.input[1]]
        out = shapes.get(node.output[0])
        name = node.name or node.output[0]
        if node.op_type == "Conv":
            m, c_per_g, kh, kw = w
            g = int(attrs.get("group", 1))
            stride = int(attrs.get("strides", [1, 1])[0])
            n, _, p, q = out
            if g > 1 and c_per_g == 1 and m == g:
                kind, G, C, M = "depthwise", g, 1, 1
            else:
                kind = "pointwise" if kh == 1 and kw == 1 and g == 1 else "conv"
                G, C, M = g, c_per_g, m // g
            rows.append((node, dict(name=name, kind=kind, G=G, C=C, M=M, R=kh, S=kw, P=p, Q=q, N=max(1, n),
                                    stride=stride, input_bits=8, weight_bits=8)))
        else:
            trans_b = int(attrs.get("transB", 0))
            m, c = (w[0], w[1]) if trans_b else (w[1], w[0])
            rows.append((node, dict(name=name, kind="linear", G=1, C=c, M=m, R=1, S=1, P=1, Q=1, N=1, stride=1,
                                    input_bits=8, weight_bits=8)))
    return rows


def truncated(model, last_node):
    """The graph up to and including `last_node`, whose output becomes the graph output."""
    import onnx

    m = onnx.ModelProto()
    m.CopyFrom(model)
    keep = []
    for node in m.graph.node:
        keep.append(node)
        if node.output[0] == last_node.output[0]:
            break
    del m.graph.node[:]
    m.graph.node.extend(keep)
    used = {i for n in keep for i in n.input}
    kept_inits = [i for i in m.graph.initializer if i.name in used]
    del m.graph.initializer[:]
    m.graph.initializer.extend(kept_inits)
    out = next(vi for vi in m.graph.value_info if vi.name == last_node.output[0])
    del m.graph.output[:]
    m.graph.output.extend([out])
    return m


def run_cimnas(binary, rows, tmp):
    path = os.path.join(tmp, "layers.csv")
    cols = ["name", "kind", "G", "C", "M", "R", "S", "P", "Q", "N", "stride", "input_bits", "weight_bits"]

    def write(p, subset):
        with open(p, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for r in subset:
                w.writerow(r)

    write(path, rows)
    one = os.path.join(tmp, "one.csv")
    write(one, rows[:1])

    def timed(p, reps=5):
        times, out = [], None
        for _ in range(reps):
            t0 = time.perf_counter()
            r = subprocess.run([binary, "evaluate", "--workload", p, "--format", "json"], capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if r.returncode != 0:
                raise RuntimeError(f"cimnas evaluate failed: {r.stderr.strip()}")
            out = json.loads(r.stdout)
        times.sort()
        return times[len(times) // 2], out

    t_all, out = timed(path)
    t_one, _ = timed(one)
    return t_all, t_one, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layers", type=int, default=5, help="first N Conv/Gemm layers of MobileNetV2 (default 5)")
    ap.add_argument("--cimnas", default=os.path.join(ROOT, ".build", "release", "cimnas"), help="cimnas binary")
    ap.add_argument("--json", help="write the figures as JSON")
    ap.add_argument("--no-install", action="store_true", help="never create the venv")
    ap.add_argument("--in-venv", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    have_zigzag = ensure_venv(args.no_install)
    results = {"layers": args.layers, "reference_rows_not_rerun": REFERENCE_ROWS}
    import platform
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?") \
        if os.path.exists("/proc/cpuinfo") else platform.processor()
    results["machine"] = {"cpu": cpu, "cores": os.cpu_count(), "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    print(f"machine: {cpu}, {os.cpu_count()} cores, {results['machine']['date']}")

    if not have_zigzag:
        print("cannot extract the MobileNetV2 layers without zigzag's ONNX; comparison skipped")
        return 0
    import onnx
    import zigzag
    from zigzag import api

    zdir = os.path.dirname(zigzag.__file__)
    model = onnx.load(os.path.join(zdir, "inputs", "workload", "mobilenetv2.onnx"), load_external_data=False)
    model = onnx.shape_inference.infer_shapes(model)
    layers = onnx_layers(model)
    n = max(1, min(args.layers, len(layers)))
    rows = [r for _, r in layers[:n]]
    print(f"MobileNetV2 (zigzag's ONNX): {len(layers)} Conv/Gemm layers; comparing the first {n}:")
    for r in rows:
        print("  " + ",".join(str(r[k]) for k in ["name", "kind", "G", "C", "M", "R", "S", "P", "Q", "stride"]))

    with tempfile.TemporaryDirectory() as tmp:
        # cimnas first (seconds), then zigzag (minutes)
        if not os.path.exists(args.cimnas):
            print(f"cimnas side skipped: {args.cimnas} not built (run `make build`)")
            t_all = t_one = None
        else:
            t_all, t_one, out = run_cimnas(args.cimnas, rows, tmp)
            per_layer_process = t_all / n
            per_layer_marginal = max(t_all - t_one, 0) / max(n - 1, 1)
            results["cimnas"] = {"process_s": t_all, "one_layer_process_s": t_one,
                                 "per_layer_incl_startup_s": per_layer_process,
                                 "energy_j": out.get("energy_j"), "latency_s": out.get("latency_s")}
            print(f"cimnas: {t_all:.4f} s for {n} layers in one process (median of 5), one-layer run {t_one:.4f} s")
        zig_model = truncated(model, layers[n - 1][0])
        dump = os.path.join(tmp, "zigzag-out")
        import logging
        logging.disable(logging.CRITICAL)
        t0 = time.perf_counter()
        res = api.get_hardware_performance_zigzag(
            workload=zig_model,
            accelerator=os.path.join(zdir, "inputs", "hardware", "aimc.yaml"),
            mapping=os.path.join(zdir, "inputs", "mapping", "default_imc.yaml"),
            in_memory_compute=True, dump_folder=dump, loma_show_progress_bar=False)
        t_zig = time.perf_counter() - t0
        logging.disable(logging.NOTSET)
        zig_energy = res[0]
        evaluated = len(res[-1]) if isinstance(res[-1], list) else None
        if evaluated is not None and evaluated != n:
            print(f"warning: zigzag reports {evaluated} layer results for {n} layers")
        results["zigzag"] = {"seconds": t_zig, "per_layer_s": t_zig / n, "energy_pJ": zig_energy,
                             "layer_results": evaluated,
                             "version": getattr(zigzag, "__version__", None)}
        print(f"zigzag: {t_zig:.1f} s for {n} layers ({t_zig / n:.2f} s/layer), energy {zig_energy:.4g} pJ (its aimc.yaml chip)")

    # in-process figure from the last CIMBench run
    inproc = None
    latest = os.path.join(ROOT, "bench", "results", "latest.json")
    if os.path.exists(latest):
        for r in json.load(open(latest))["results"]:
            if r["name"] == "layer_eval.1core":
                inproc = 1.0 / r["median"]
    print()
    print(f"{'tool':44} {'s per layer':>14} {'zigzag / tool':>14}")
    zl = t_zig / n
    print(f"{'zigzag ' + str(results['zigzag']['version'] or ''):44} {zl:14.4g} {1:14.3g}")
    if t_all is not None:
        print(f"{'cimnas process (incl. start-up)':44} {t_all / n:14.4g} {zl / (t_all / n):14.4g}")
        if n > 1 and t_all > t_one:
            m = (t_all - t_one) / (n - 1)
            results["cimnas"]["per_layer_marginal_s"] = m
            print(f"{'cimnas process, marginal (N − 1 layers)':44} {m:14.4g} {zl / m:14.4g}")
    if inproc:
        results["cimnas_in_process_per_layer_s"] = inproc
        print(f"{'cimnas in-process (CIMBench layer_eval.1core)':44} {inproc:14.4g} {zl / inproc:14.4g}")
    print()
    print("reference rows (not re-run):")
    for tool, v, unit, src in REFERENCE_ROWS:
        print(f"  {tool:36} {v:>8g} {unit}  ({src})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
