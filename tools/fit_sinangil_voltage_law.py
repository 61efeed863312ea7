#!/usr/bin/env python3
"""Fit of the Sinangil JSSC'21 macro's energy model to every published point (numpy + scipy).

Model (SRAMMacro+Sinangil.swift): E(V, out) = [F + I*a + M*a*w] * (V/0.8)^beta_F|D with a = w = 0.25*sqrt(out);
F is the data-independent part (ADC read-out), I*a the input path (counter, word lines), M*a*w the capacitors.
Calibration points (the only ones read): Fig. 13(a) (9 energies, 0.8 V), Fig. 13(b) (8 worst-case energies,
0.65-1 V), Table I TOPS/W (2048 / E: 0.8 V at outputs 15, 6, 0; 1 V at outputs 15, 0). The prediction points
of the split in docs/sram-macros.md are never read: Table I TOPS, and Table I 1 V / output 6 (no model with
the Fig. 13(a) output shape can put it within 10 % together with the 1 V output-0 and output-15 entries,
SinangilMacroTests.tableOneOneVoltOutputSixIsInconsistent).

Fit: lexicographic minimax of the signed relative errors (energy: model/published - 1; TOPS/W likewise),
solved as LPs for fixed exponents (the bounds are linear in F, I, M) and bisection on the error level:
  1. the smallest achievable worst error t1 (set by Fig. 13(b) 1 V vs Table I 1 V / output 15, which report the
     same quantity 21 % apart: t1 = 1 - sqrt(10.819 / 13.125) = 9.21 % whatever the law);
  2. with those two points held at t1, the smallest worst error t2 over the other 20 points, over the exponents;
  3. with both bounds held, the smallest worst error over Fig. 13(a) (the output-value shape);
  4. with all three bounds held, least squares over the 22 points picks F, I, M inside the optimal set.
Usage: python3 tools/fit_sinangil_voltage_law.py [fixture.json] [--survey]   (--survey: exponent grids, minutes)
"""
import json, math, sys
import numpy as np
from scipy.optimize import linprog, minimize

args = [a for a in sys.argv[1:] if not a.startswith("--")]
d = json.load(open(args[0] if args else "Tests/Fixtures/sram_macros_published.json"))["sinangil_jssc_2021"]
pts = []  # (voltage, output, kind E|W, published value, label)
f = d["fig13a_energy_vs_output_0p8V_pJ"]
pts += [(0.8, o, "E", e, f"13a out {o:g}") for o, e in zip(f["output"], f["energy_pJ"])]
f = d["fig13b_worstcase_energy_vs_voltage_pJ"]
pts += [(v, 15, "E", e, f"13b {v:.2f} V") for v, e in zip(f["voltage_v"], f["energy_pJ"])]
t = d["table1"]  # only its tops_per_w column, and not the 1 V / output-6 entry (a prediction point)
pts += [(v, o, "W", w, f"T1 {v:.1f} V out {o:g}") for v, o, w in zip(t["voltage_v"], t["output"], t["tops_per_w"])
        if not (v == 1.0 and o == 6)]
MACS2 = 2.0 * 64 * 16
PAIR = {"13b 1.00 V", "T1 1.0 V out 15"}
used = pts

def coeffs(v, o, bf, bd):
    a, s = 0.25 * math.sqrt(o), v / 0.8
    return np.array([s ** bf, a * s ** bd, a * a * s ** bd])

def bounds(kind, val, tol):
    return ((1 - tol) * val, (1 + tol) * val) if kind == "E" else (MACS2 / (val * (1 + tol)), MACS2 / (val * (1 - tol)))

def feasible(bf, bd, tol_of):
    A, b = [], []
    for v, o, k, val, name in used:
        c = coeffs(v, o, bf, bd); lo, hi = bounds(k, val, tol_of(name))
        A += [c, -c]; b += [hi, -lo]
    r = linprog(np.zeros(3), A_ub=np.array(A), b_ub=np.array(b), bounds=[(0, None)] * 3, method="highs")
    return r.x if r.status == 0 else None

def smallest(pred, lo=0.0, hi=0.6):
    for _ in range(40):
        m = (lo + hi) / 2
        lo, hi = (lo, m) if pred(m) else (m, hi)
    return hi

def errors(x, bf, bd, which=pts):
    out = []
    for v, o, k, val, name in which:
        e = coeffs(v, o, bf, bd) @ x
        out.append((name, e / val - 1 if k == "E" else MACS2 / (e * val) - 1))
    return out

def fit(bf, bd):
    t1 = smallest(lambda tt: feasible(bf, bd, lambda n: tt) is not None)
    t2 = smallest(lambda tt: feasible(bf, bd, lambda n: t1 if n in PAIR else tt) is not None)
    return t1, t2

def refine(bf, bd, t1, t2):
    tol3 = lambda t3: (lambda n: t1 if n in PAIR else (min(t2, t3) if n.startswith("13a") else t2))
    t3 = smallest(lambda tt: feasible(bf, bd, tol3(tt)) is not None)
    tol = lambda n: tol3(t3)(n) + 1e-6
    cons = []
    for v, o, k, val, name in used:
        c = coeffs(v, o, bf, bd); lo, hi = bounds(k, val, tol(name))
        cons += [{"type": "ineq", "fun": (lambda x, c=c, hi=hi: hi - c @ x)},
                 {"type": "ineq", "fun": (lambda x, c=c, lo=lo: c @ x - lo)}]
    x0 = feasible(bf, bd, tol)
    r = minimize(lambda x: sum(e * e for _, e in errors(x, bf, bd, used)), x0, constraints=cons, method="SLSQP",
                 options={"ftol": 1e-14, "maxiter": 500})
    return r.x

if __name__ == "__main__":
    print("law                         worst   2nd worst")
    for a in (1.7, 1.8, 1.9):
        r = fit(a, a); print(f"single exponent {a:.2f}          {r[0]:.4f}  {r[1]:.4f}")
    if "--survey" in sys.argv:
        grid = np.arange(1.40, 2.401, 0.01)
        single = min(((fit(a, a), a) for a in grid), key=lambda r: (round(r[0][0], 5), r[0][1]))
        print(f"best single exponent {single[1]:.2f}     {single[0][0]:.4f}  {single[0][1]:.4f}")
        two = min(((fit(bf, bd), bf, bd) for bf in np.arange(0.6, 2.61, 0.05) for bd in np.arange(1.2, 3.21, 0.05)),
                  key=lambda r: (round(r[0][0], 5), r[0][1]))
        print(f"two exponents F {two[1]:.2f}, data {two[2]:.2f}  {two[0][0]:.4f}  {two[0][1]:.4f}")
        cv2 = min(((fit(bf, 2.0), bf) for bf in np.arange(0.6, 2.61, 0.01)), key=lambda r: (round(r[0][0], 5), r[0][1]))
        print(f"CV^2 data part, F {cv2[1]:.2f}        {cv2[0][0]:.4f}  {cv2[0][1]:.4f}")
    alpha = 1.8
    t1, t2 = fit(alpha, alpha)
    x = refine(alpha, alpha, t1, t2)
    print(f"\nchosen: exponent {alpha}, F = {x[0]:.6f} pJ, I = {x[1]:.6f} pJ, M = {x[2]:.6f} pJ (64x64 array, 0.8 V)")
    for name, e in errors(x, alpha, alpha):
        print(f"  {name:18s} {e:+.4f}")
