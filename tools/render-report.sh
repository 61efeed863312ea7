#!/usr/bin/env bash
# Renders DIR/index.html of a `cimnas report` to a PNG with headless Chromium (visual check; not run by CI).
# Usage: tools/render-report.sh DIR OUT.png [WIDTH]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 DIR OUT.png [WIDTH]" >&2
  exit 2
fi
dir=$1
out=$2
width=${3:-1200}
[ -f "$dir/index.html" ] || { echo "$0: $dir/index.html: not found" >&2; exit 1; }
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "$0: chromium not found; install it with: apt-get install -y chromium" >&2
  exit 1
fi
# Page height: estimate from the SVG heights so the whole report fits in one screenshot.
height=$(grep -o '<svg [^>]*height="[0-9.]*"' "$dir/index.html" | sed 's/.*height="\([0-9.]*\)"/\1/' \
  | awk '{s += $1} END {printf "%d", s + 1400}')
page="file://$(cd "$dir" && pwd)/index.html"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$out_abs" "$page" >/dev/null 2>&1
[ -s "$out_abs" ] || { echo "$0: chromium wrote no image" >&2; exit 1; }
echo "$out_abs"
