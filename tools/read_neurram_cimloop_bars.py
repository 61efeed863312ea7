#!/usr/bin/env python3
"""CiMLoop's own NeuRRAM TOPS and TOPS/W, measured from the bar chart in its `_guide.ipynb` (pillow + numpy).

CiMLoop (mit-emze/cimloop, workspace/models/arch/1_macro/wan_nature_2022/_guide.ipynb) stores the output of
its `test_tops` as a PNG: for each of the 14 operating points a blue bar (the published value, known from
`_tests.py`) and an orange bar (CiMLoop's model). The pixel scale of each panel is the least-squares ratio of
the published values to the blue bar heights; the orange heights times that scale are CiMLoop's values.
Prints the worst residual of the scale fit (the read-out precision) and the values as JSON, in the order of
Tests/Fixtures/neurram_published.json's `tops_points`.
Usage: git -C CIMLOOP show HEAD:workspace/models/arch/1_macro/wan_nature_2022/_guide.ipynb > guide.ipynb
       tools/.venv/bin/python tools/read_neurram_cimloop_bars.py guide.ipynb Tests/Fixtures/neurram_published.json
"""
import base64, io, json, sys
import numpy as np
from PIL import Image

notebook, fixture = sys.argv[1], sys.argv[2]
points = json.load(open(fixture))["tops_points"]
pngs = [base64.b64decode(o["data"]["image/png"]) for c in json.load(open(notebook))["cells"]
        for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
# The test_tops figure is the one with two panels of 28 bars each.
for png in pngs:
    im = np.array(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    blue = np.abs(im - (31, 119, 180)).sum(axis=2) < 40
    orange = np.abs(im - (255, 127, 14)).sum(axis=2) < 40
    rows = np.where(blue.any(axis=1))[0]
    if len(rows) == 0:
        continue
    base = int(rows.max())  # bars stand on the x axis: the lowest blue row

    def bars(mask):
        cols = np.where(mask[base - 2])[0]
        runs, start = [], cols[0]
        for a, b in zip(cols, cols[1:]):
            if b != a + 1:
                runs.append((start, a)); start = b
        runs.append((start, cols[-1]))
        out = []
        for a, b in runs:
            mid, r = (a + b) // 2, base
            while mask[r - 1, mid]:
                r -= 1
            out.append((mid, base + 1 - r))
        return out

    b, o = bars(blue), bars(orange)
    if len(b) != 28 or len(o) != 28:
        continue
    width = im.shape[1]
    result = {}
    for name, left in (("tops", True), ("tops_per_w", False)):
        hb = np.array([h for x, h in b if (x < width / 2) == left], float)
        ho = np.array([h for x, h in o if (x < width / 2) == left], float)
        pub = np.array([p["published_" + name] for p in points])
        k = (hb @ pub) / (hb @ hb)
        print(f"{name}: scale-fit worst residual {100 * np.max(np.abs(hb * k / pub - 1)):.2f} %", file=sys.stderr)
        result["cimloop_" + name] = [round(float(h * k), 4) for h in ho]
    print(json.dumps(result))
    break
else:
    sys.exit("no two-panel 14-point bar chart found in " + notebook)
