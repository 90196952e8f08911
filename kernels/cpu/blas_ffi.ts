// An optional fast path for large float32 products: the system's OpenBLAS (Debian's
// libopenblas0-pthread, AVX-512 kernels on all cores) through Deno FFI. Used only when the library
// is present and the program was granted --allow-ffi; never required, never prompted for.
//
// Its sums are blocked and fused differently from the reference BLAS whose rounding the WebAssembly
// kernel reproduces, so it is reserved for products large enough that speed is the point; PyTorch
// itself rounds the same way when Debian's BLAS alternative points at OpenBLAS.

import type { GemmBatch, Mat } from "./gemm.ts";

/** Products of at least this many multiply-adds (256³) go to OpenBLAS when it is available. */
export const BLAS_MIN_MACS = 1 << 24;

const ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
} as const;

type Sgemm = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"]["cblas_sgemm"];

let sgemm: Sgemm | null | undefined;
let enabled = true;

/** Turns the OpenBLAS path off (or back on): for benchmarks of the WebAssembly kernel, and embedders. */
export function setBlasEnabled(on: boolean): void {
  enabled = on;
}

/** Whether large float32 products go to OpenBLAS. */
export const blasAvailable = (): boolean => enabled && openBlas() !== null;

/** cblas_sgemm from libopenblas.so.0, or null where FFI is not granted or the library is missing. */
function openBlas(): Sgemm | null {
  if (sgemm !== undefined) return sgemm;
  sgemm = null;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return null;
    sgemm = Deno.dlopen("libopenblas.so.0", SYMBOLS).symbols.cblas_sgemm;
  } catch {
    // not installed (or not this platform's name for it): the WebAssembly kernel remains
  }
  return sgemm;
}

/** How cblas reads a strided float32 matrix of `rows` × `cols`: in place, or from a packed copy. */
function operand(m: Mat, rows: number, cols: number): { data: Float32Array; trans: number; ld: number } {
  const data = m.data as Float32Array;
  if (m.cs === 1 && m.rs >= Math.max(1, cols)) return { data: data.subarray(m.offset), trans: NO_TRANS, ld: m.rs };
  if (m.rs === 1 && m.cs >= Math.max(1, rows)) return { data: data.subarray(m.offset), trans: TRANS, ld: m.cs };
  const copy = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) copy[i * cols + j] = data[m.offset + i * m.rs + j * m.cs];
  }
  return { data: copy, trans: NO_TRANS, ld: Math.max(1, cols) };
}

/** Runs the batches on OpenBLAS; false (having done nothing) when it is not available. */
export function blasGemm(M: number, K: number, N: number, batches: GemmBatch[]): boolean {
  const run = enabled ? openBlas() : null;
  if (!run) return false;
  for (const { a, b, c } of batches) {
    const A = operand(a, M, K), B = operand(b, K, N);
    const out = c.data as Float32Array;
    const direct = c.cs === 1 && c.rs >= N;
    const C = direct ? out.subarray(c.offset) : new Float32Array(M * N);
    run(ROW_MAJOR, A.trans, B.trans, M, N, K, 1, A.data, A.ld, B.data, B.ld, 0, C, direct ? c.rs : N);
    if (!direct) {
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) out[c.offset + i * c.rs + j * c.cs] = C[i * N + j];
    }
  }
  return true;
}
