#!/usr/bin/env bash
# Fills Triton's model repository for the compose profile `remote-models`: copies the model the inference worker
# ships (or a model folder of yours, with manifest.json, as `vigil train` writes it) into version 1 of its entry.
# The worker must read the same manifest (inference.model.dir), so that its features match what Triton serves.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="${1:-$here/../../inference-worker/src/main/resources/org/vigil/inference/model/vigil-context-lr}"
model_file="$(sed -n 's/.*"model" *: *"\([^"]*\)".*/\1/p' "$source_dir/manifest.json")"
target="$here/models/vigil-context-lr/1"
mkdir -p "$target"
cp "$source_dir/${model_file:-model.onnx}" "$target/model.onnx"
echo "Triton model repository ready: $target/model.onnx"
