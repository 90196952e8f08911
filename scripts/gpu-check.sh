#!/usr/bin/env bash
# The WebGPU check: prints the adapter, runs the WebGPU tests and the conformance cases on webgpu,
# then the bench. About 5 minutes on a real GPU; longer on lavapipe.
#   here:                 deno task gpu-check          (or bash scripts/gpu-check.sh)
#   before a GPU run:     bash scripts/gpu-check.sh --carry   (fills the git-ignored .gpu-carry/)
#   on the GPU machine:   bash .gpu-carry/on-gpu.sh bash scripts/gpu-check.sh
# The GPU machine has no network: .gpu-carry/ (../shared/gpu-machine/README.md) brings deno, the
# Vulkan loaders and Deno's cache; there Deno runs with --cached-only.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--carry" ]; then
  # prepare.sh caches mod.ts and the tests; the bench's tfjs peer is added here with only the
  # bundles Deno loads (*.node.js): the whole packages (~70 MB) would not fit the 64 MiB carry limit.
  bash ../shared/gpu-machine/prepare.sh || exit 1
  cp ../shared/gpu-machine/on-gpu.sh .gpu-carry/on-gpu.sh
  DENO_DIR=.gpu-carry/deno_dir deno cache scripts/bench/main.ts scripts/bench/tfjs_lenet.ts >/dev/null || exit 1
  for p in .gpu-carry/deno_dir/npm/registry.npmjs.org/@tensorflow/*/*/dist; do
    find "$p" -type f ! -name '*.node.js' -delete
    find "$p" -type d -empty -delete
  done
  du -sh .gpu-carry | awk '{print "carry " $1 " (the limit for everything carried is 64 MiB)"}'
  exit 0
fi
export TSL_WEBGPU=1 # software adapters count as available too, so the check runs wherever any adapter exists
# tsl quiets Mesa's XDG_RUNTIME_DIR warning itself (kernels/webgpu/device.ts); the plain deno eval below
# needs the same directory.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/tsl-xdg-$(id -u)"
  mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi
flags=(-A)
[[ "${DENO_DIR:-}" == *.gpu-carry* ]] && flags+=(--cached-only)
status=0
step() { echo; echo "== $1 ($(date -u +%H:%M:%S)) =="; }
# Runs a command, hiding the per-step "ok" lines of deno test; returns the command's status.
quiet() { "$@" 2>&1 | grep -vE '^\s+\S.* \.\.\. .*ok'; return "${PIPESTATUS[0]}"; }

step "adapter"
deno eval "${flags[@]:1}" '
const a = await navigator.gpu?.requestAdapter({ powerPreference: "high-performance" });
if (!a) { console.log("no WebGPU adapter"); Deno.exit(1); }
const i = a.info;
console.log(`adapter: ${i.description || "(no description)"} | vendor ${i.vendor} | architecture ${i.architecture}`);
console.log(`fallback (software) adapter: ${Boolean(i.isFallbackAdapter) || /llvmpipe|lavapipe|swiftshader/i.test(i.description)}`);
console.log(`maxStorageBufferBindingSize ${a.limits.maxStorageBufferBindingSize}, maxComputeInvocationsPerWorkgroup ${a.limits.maxComputeInvocationsPerWorkgroup}`);
' || { echo "no adapter: nothing to check"; exit 1; }
deno run "${flags[@]}" mod.ts -c 'import torch
print("tsl: torch.cuda.get_device_name() =", torch.cuda.get_device_name(), "| is_available (TSL_WEBGPU=1):", torch.cuda.is_available())' ||
  status=1

step "WebGPU tests (tests/webgpu_*_test.ts)"
quiet timeout 150 deno test "${flags[@]}" --quiet tests/webgpu_*_test.ts || status=1

step "conformance cases on webgpu (tests/conformance_test.ts)"
quiet timeout 120 deno test "${flags[@]}" --quiet --filter "conformance on webgpu" tests/conformance_test.ts || status=1

step "bench (deno task bench)"
timeout 200 deno run "${flags[@]}" scripts/bench/main.ts || status=1

step "done: $([ $status = 0 ] && echo all passed || echo FAILURES above)"
exit $status
