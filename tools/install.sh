#!/usr/bin/env bash
# Installs a built cimnas and its datasets: PREFIX/bin/cimnas and PREFIX/share/cimnas/ (predictor weights,
# their training CSV, search spaces, technology tables, workloads), the layout DatasetLocator finds from
# the resolved executable path. Usage: tools/install.sh PREFIX [BINARY] (default .build/release/cimnas).
set -euo pipefail
[ $# -ge 1 ] && [ -n "$1" ] || { echo "install.sh: expected PREFIX [BINARY]" >&2; exit 2; }
prefix=$1
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${2:-$root/.build/release/cimnas}
[ -x "$binary" ] || { echo "install.sh: $binary: not an executable (build it first: make build)" >&2; exit 1; }
[ -r "$root/datasets/predictors/cimnas-default.weights" ] || {
  echo "install.sh: $root/datasets/predictors/cimnas-default.weights missing" >&2; exit 1; }
share=$prefix/share/cimnas
install -d "$prefix/bin" "$share"
# Replace the datasets as a whole so files removed upstream do not linger from an older install.
staging=$(mktemp -d "$prefix/share/.cimnas-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp -R "$root/datasets/." "$staging/"
chmod -R a+rX "$staging"
rm -rf "$share.old"
mv "$share" "$share.old"
mv "$staging" "$share"
rm -rf "$share.old"
install -m 0755 "$binary" "$prefix/bin/cimnas"
echo "installed $prefix/bin/cimnas and $share"
