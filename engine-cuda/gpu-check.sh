#!/usr/bin/env bash
# gpu-check.sh: the CUDA backend's GPU acceptance in one command, on a machine with an NVIDIA GPU
# (driver installed: libcuda.so.1; JDK 17).
#
#   engine-cuda/gpu-check.sh             build with Maven, then run every check below
#   engine-cuda/gpu-check.sh --prepare   build only, gathering what the checks need in
#                                        engine-cuda/target/gpu-check (jars, test classes): carry the
#                                        working tree with that folder to a GPU machine without Maven
#   engine-cuda/gpu-check.sh --no-build  run the checks from engine-cuda/target/gpu-check
#
# Checks, each printing its result, then a summary (exit status 0 only when all pass):
#   1. CudaGpuTest (JUnit, only when building): Kymatio cases and random batches on cuda vs cpu.
#   2. GpuCheck: every Kymatio reference case on cuda vs Kymatio (the engine's tolerances) and vs the
#      CPU backend (float within 1e-5); benchmarks in float with their targets: 1D 64 x 65536 J=10 Q=8
#      <= 10 ms, speech J=8 Q=8 N=4096 at batch 1024 (reported), 2D 128x3 x 256x256 J=3 L=8 <= 50 ms,
#      3D 8 x 128^3 J=2 L=2 <= 300 ms; each with kernel and transfer times.
#   3. The CLI: transform 1d on cuda and cpu (outputs compared), bench 1d --backend cuda.
# JCuda extracts its native library into java.io.tmpdir (default /tmp): that folder must be writable.
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$module/.." && pwd)"
out="$module/target/gpu-check"
mode="${1:-all}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JVM=(--add-modules jdk.incubator.vector -Xmx16g -Dbasedir="$module")
results=()
status=0

prepare() {
  echo "== build (mvn package, tests compiled not run)"
  rm -rf "$out" && mkdir -p "$out/lib"
  # one reactor run: the engine-cuda module's test class path is written last, over the engine's
  (cd "$repo" && mvn -B -q -pl engine-cuda -am -DskipTests package dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$out/test-classpath.txt")
  cp "$repo"/engine/target/scatterstream-engine-*.jar "$out/lib/"
  cp "$module"/target/scatterstream-engine-cuda-*.jar "$module"/target/lib/*.jar "$out/lib/"
  rm -f "$out"/lib/*-sources.jar "$out"/lib/*-tests.jar
  # GpuCheck reads the reference cases' params.json with Jackson
  tr ':' '\n' < "$out/test-classpath.txt" | grep -E 'jackson-(databind|core|annotations)-[0-9.]*\.jar$' \
    | xargs -r -I{} cp {} "$out/lib/"
  mkdir -p "$out/test-classes"
  cp -r "$module/target/test-classes/." "$out/test-classes/"
  rm -rf "$out/test-classes/META-INF/services"     # not the tests' emulated backend
  echo "gathered in ${out#"$repo"/}: $(ls "$out/lib" | wc -l) jars + test classes"
}

record() {   # name, rc
  if [ "$2" -eq 0 ]; then results+=("PASS  $1"); else results+=("FAIL  $1 (exit $2)"); status=1; fi
}

case "$mode" in
  --prepare) prepare; exit 0 ;;
  --no-build) [ -d "$out/lib" ] || { echo "gpu-check: no $out: run gpu-check.sh --prepare first" >&2; exit 2; } ;;
  all)
    command -v mvn >/dev/null || { echo "gpu-check: mvn not found: build elsewhere with --prepare, then --no-build" >&2; exit 2; }
    prepare
    echo "== 1. CudaGpuTest (JUnit on the GPU)"
    set +e
    (cd "$repo" && mvn -B -pl engine-cuda -am -o -Dtest=CudaGpuTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dscatterstream.gpu.required=true test 2>&1 | grep -E "Tests run|FAIL|cuda: |ERROR|no usable" )
    record "CudaGpuTest" "${PIPESTATUS[0]}"
    set -e
    ;;
  *) echo "usage: gpu-check.sh [--prepare | --no-build]" >&2; exit 2 ;;
esac

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
cp="$out/test-classes:$out/lib/*"
libs="$out/lib/*"

echo "== 2. GpuCheck: reference cases and benchmarks"
set +e
"$JAVA" "${JVM[@]}" -cp "$cp" org.scatterstream.engine.backend.cuda.GpuCheck
record "GpuCheck (reference cases + benchmarks)" $?

echo "== 3. CLI on cuda"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
x="$repo/engine/src/test/resources/reference/1d/j6_q8_n4096/x.npy"
cli=("$JAVA" --add-modules jdk.incubator.vector -cp "$libs" org.scatterstream.engine.cli.ScatterCli)
"${cli[@]}" transform 1d --J 6 --Q 8 --input "$x" --output "$tmp/cuda.npy" --backend cuda \
  && "${cli[@]}" transform 1d --J 6 --Q 8 --input "$x" --output "$tmp/cpu.npy" --backend cpu \
  && "$JAVA" -cp "$cp" org.scatterstream.engine.backend.cuda.GpuCheck compare "$tmp/cuda.npy" "$tmp/cpu.npy"
record "CLI transform 1d --backend cuda = cpu (1e-5)" $?
"${cli[@]}" bench 1d --J 10 --Q 8 --N 65536 --batch 64 --seconds 5 --backend cuda | tee "$tmp/bench.json"
rc=${PIPESTATUS[0]}
grep -q '"gpu_kernel_ms_per_batch"' "$tmp/bench.json" || rc=1
record "CLI bench 1d --backend cuda (kernel and end-to-end times in the JSON)" "$rc"
rm -rf "$tmp"
set -e

echo "== gpu-check summary"
for r in "${results[@]}"; do echo "  $r"; done
[ "$status" -eq 0 ] && echo "gpu-check: ALL PASS" || echo "gpu-check: SOME CHECKS FAILED"
exit "$status"
