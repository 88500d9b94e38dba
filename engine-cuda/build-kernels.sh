#!/usr/bin/env bash
# Compiles src/main/cuda/scatter.cu into the fatbin the CUDA backend loads (a jar resource):
# sm_90 machine code (H100) plus compute_75 PTX that the driver JIT-compiles for any other GPU of
# compute capability 7.5 or newer. Run by Maven (exec-maven-plugin, generate-resources).
#
# The fatbin is committed (src/main/resources/.../scatter.fatbin, with the SHA-256 of the source it
# came from beside it), so that builds without nvcc still package the kernels. This script only
# recompiles when the source's hash differs from the recorded one, so a build with nvcc spends
# nothing when the kernels did not change. Without nvcc it says so and leaves the committed file.
#   NVCC=/path/to/nvcc  chooses the compiler;  FORCE=1  recompiles regardless.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src/main/cuda/scatter.cu"
out_dir="$here/src/main/resources/org/scatterstream/engine/backend/cuda"
out="$out_dir/scatter.fatbin"
stamp="$out.sha256"

hash="$(sha256sum "$src" | cut -d' ' -f1)"
fresh=""
[ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && fresh=1
if [ -z "${FORCE:-}" ] && [ -n "$fresh" ]; then
  echo "build-kernels: scatter.fatbin is up to date with scatter.cu"
  exit 0
fi
nvcc="${NVCC:-$(command -v nvcc || true)}"
if [ -z "$nvcc" ] || [ ! -x "$nvcc" ]; then
  if [ -n "$fresh" ]; then
    echo "build-kernels: SKIPPED: nvcc not found; packaging the committed scatter.fatbin (up to date with scatter.cu)"
  elif [ -f "$out" ]; then
    echo "build-kernels: SKIPPED: nvcc not found; packaging the committed scatter.fatbin, built from an OLDER scatter.cu" \
         "(run engine-cuda/build-kernels.sh where nvcc is installed, and commit the result)"
  else
    echo "build-kernels: SKIPPED: nvcc not found and no committed scatter.fatbin: the jar has no kernels" \
         "(the cuda backend will report 'built without kernels')"
  fi
  exit 0
fi
mkdir -p "$out_dir"
tmp="$(mktemp "${TMPDIR:-/tmp}/scatter.XXXXXX.fatbin")"
trap 'rm -f "$tmp"' EXIT
echo "build-kernels: $nvcc -fatbin sm_90 + compute_75 PTX: scatter.cu"
"$nvcc" -fatbin -O3 -std=c++17 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_75,code=compute_75 \
  -o "$tmp" "$src"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "$hash" > "$stamp"
echo "build-kernels: wrote $(wc -c < "$out") bytes to ${out#"$here"/}"
