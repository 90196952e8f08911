// CPU matrix-product throughput, n × n float32 for n = 256, 512, 1024: the CPU matmul op as
// dispatched (OpenBLAS through FFI when blas_ffi.ts finds it, else WebAssembly), the WebAssembly
// kernel alone (two threads), and the TypeScript reference kernel (the path before the WebAssembly
// kernel), measured in alternation so all see the same load on a shared machine; each figure is
// a median of the rounds.
//
// usage: deno run -A scripts/bench/matmul.ts [rounds=5] [sizes=256,512,1024]

import "../../runtime/backends.ts";
import { matmul } from "../../runtime/ops/linalg.ts";
import { rand } from "../../runtime/random/ops.ts";
import { referenceGemm } from "../../kernels/cpu/gemm_reference.ts";
import { sgemmRuntime } from "../../kernels/cpu/wasm/sgemm_runtime.ts";
import { blasAvailable, setBlasEnabled } from "../../kernels/cpu/blas_ffi.ts";

const rounds = Number(Deno.args[0] ?? 5);
const sizes = (Deno.args[1] ?? "256,512,1024").split(",").map(Number);

/** GFLOP/s of `fn` (an n³ product) over at least `minMs`. */
function gflops(n: number, fn: () => void, minMs = 300): number {
  fn();
  let reps = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    reps++;
  }
  return (2 * n ** 3 * reps) / ((performance.now() - start) * 1e6);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rt = sgemmRuntime();
console.log(`wasm kernel: ${rt ? (rt.fused ? "loaded, relaxed SIMD" : "loaded, no relaxed SIMD") : "unavailable"}`);
// The helper thread would start after a few large products; start it up front.
console.log(`helper thread: ${rt && (await rt.helperReady()) ? "ready" : "not started"}`);
const blas = blasAvailable();
console.log(`OpenBLAS through FFI: ${blas ? "in use for large products" : "not available (or no --allow-ffi)"}`);

for (const n of sizes) {
  const x = rand([n, n]), y = rand([n, n]), out = new Float32Array(n * n);
  const xs = x.storage as unknown as { data: Float32Array }, ys = y.storage as unknown as { data: Float32Array };
  const mat = (data: Float32Array) => ({ data, offset: 0, rs: n, cs: 1 });
  const op: number[] = [], wasm: number[] = [], ref: number[] = [];
  for (let r = 0; r < rounds; r++) {
    op.push(gflops(n, () => matmul(x, y)));
    setBlasEnabled(false);
    wasm.push(gflops(n, () => matmul(x, y)));
    setBlasEnabled(true);
    ref.push(gflops(n, () => referenceGemm(n, n, n, [{ a: mat(xs.data), b: mat(ys.data), c: mat(out) }]), 150));
  }
  console.log(
    `matmul ${n}x${n}: ${median(op).toFixed(2)} GFLOP/s as dispatched, ${median(wasm).toFixed(2)} WebAssembly, ` +
      `${median(ref).toFixed(2)} TypeScript reference (median of ${rounds})`,
  );
}
