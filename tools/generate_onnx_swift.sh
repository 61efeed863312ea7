#!/bin/sh
# Regenerates Sources/CIMONNX/Generated/onnx.pb.swift from onnx.proto. Not run by make: building the
# protoc-gen-swift plugin takes minutes. Needs protoc (Debian: apt-get install protobuf-compiler) and the
# `onnx` PyPI package (for onnx.proto), e.g. in the ignored venv of tools/make_onnx_fixtures.py:
#   python3 -m venv bench/.venv-onnx && bench/.venv-onnx/bin/pip install onnx==1.23.2
# The plugin is built from the same swift-protobuf release as Package.swift's dependency (1.39.0):
#   git clone --depth 1 -b 1.39.0 https://github.com/apple/swift-protobuf /work/protoc-gen-swift-build/src
#   (cd /work/protoc-gen-swift-build/src && swift build --product protoc-gen-swift --scratch-path ../.build)
set -eu
cd "$(dirname "$0")/.."
PLUGIN=${PROTOC_GEN_SWIFT:-/work/protoc-gen-swift-build/.build/debug/protoc-gen-swift}
PROTO_DIR=${ONNX_PROTO_DIR:-$(bench/.venv-onnx/bin/python -c 'import onnx, os; print(os.path.dirname(onnx.__file__))')}
protoc --plugin=protoc-gen-swift="$PLUGIN" --proto_path="$PROTO_DIR" \
  --swift_opt=Visibility=Internal --swift_out=Sources/CIMONNX/Generated "$PROTO_DIR/onnx.proto"
echo "wrote Sources/CIMONNX/Generated/onnx.pb.swift from $PROTO_DIR/onnx.proto"
