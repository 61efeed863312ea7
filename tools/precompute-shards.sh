#!/usr/bin/env bash
# Runs one precompute sweep as N local shards in parallel and merges them into OUT (docs/scale.md).
# Usage: tools/precompute-shards.sh N OUT.sqlite PRECOMPUTE-OPTIONS…   (e.g. --space cimnas-rram-extended
#        --network standard-mbv2 --store pareto). Shards run with GNU parallel when it is installed, else with
#        xargs -P N; each writes OUT.shard-K.sqlite, and re-running resumes unfinished shards. $CIMNAS names the
#        binary (default: cimnas on PATH).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 N OUT.sqlite PRECOMPUTE-OPTIONS…" >&2
  exit 2
fi
n=$1 out=$2
shift 2
case $n in ''|*[!0-9]*) echo "$0: N: '$n' is not a positive integer" >&2; exit 2 ;; esac
if [ "$n" -lt 1 ] || [ "$n" -gt 4096 ]; then echo "$0: N: $n is not in 1…4096" >&2; exit 2; fi
cimnas=${CIMNAS:-cimnas}
export cimnas out n
run_shard() { "$cimnas" precompute --db "$out.shard-$1.sqlite" --shard "$1/$n" --workers 1 --quiet "${@:2}"; }
export -f run_shard
if command -v parallel >/dev/null 2>&1; then
  seq 1 "$n" | parallel --halt now,fail=1 run_shard {} "$@"
else
  seq 1 "$n" | xargs -P "$n" -I{} bash -c 'run_shard "$@"' _ {} "$@"
fi
shards=()
for k in $(seq 1 "$n"); do shards+=("$out.shard-$k.sqlite"); done
"$cimnas" merge "$out" "${shards[@]}"
