#!/usr/bin/env bash
# Compares a CIMBench JSON run with the recorded baseline and fails on any figure more than 30 % worse.
# usage: bench/check.sh [NEW.json [BASELINE.json]]   (defaults: bench/results/latest.json, bench/results/baseline.json)
# THRESHOLD=0.30 by default. Rates (higherIsBetter) fail below (1 − THRESHOLD) × baseline; latencies fail
# above baseline / (1 − THRESHOLD), i.e. when the rate they imply drops more than THRESHOLD. Not part of make test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
new="${1:-$here/results/latest.json}"
base="${2:-$here/results/baseline.json}"
for f in "$new" "$base"; do
  [ -f "$f" ] || { echo "bench/check.sh: $f: no such file, expected a CIMBench --json output" >&2; exit 2; }
done
THRESHOLD="${THRESHOLD:-0.30}" python3 - "$new" "$base" <<'PY'
import json, os, sys
new_path, base_path = sys.argv[1], sys.argv[2]
limit = float(os.environ["THRESHOLD"])
def load(p):
    try:
        with open(p) as f:
            return {r["name"]: r for r in json.load(f)["results"]}
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"bench/check.sh: {p}: {e}, expected a CIMBench --json output")
new, base = load(new_path), load(base_path)
failed = 0
print(f"{'benchmark':40} {'baseline':>14} {'new':>14} {'speed ratio':>12}  verdict")
for name, b in sorted(base.items()):
    n = new.get(name)
    if n is None:
        print(f"{name:40} {b['median']:14.6g} {'-':>14} {'-':>12}  not measured")
        continue
    # speed ratio > 1 means faster than the baseline, whatever the unit's direction
    ratio = n["median"] / b["median"] if b["higherIsBetter"] else b["median"] / n["median"]
    bad = ratio < 1 - limit
    failed += bad
    print(f"{name:40} {b['median']:14.6g} {n['median']:14.6g} {ratio:12.3f}  {'DROP > %d %%' % round(limit * 100) if bad else 'ok'}")
for name in sorted(set(new) - set(base)):
    print(f"{name:40} {'-':>14} {new[name]['median']:14.6g} {'-':>12}  new (no baseline)")
if failed:
    print(f"{failed} figure(s) dropped by more than {round(limit * 100)} % against {base_path}")
    sys.exit(1)
print("no drop over the threshold")
PY
