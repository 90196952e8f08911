// The CPU matrix product: C = A · B for strided A [M, K] and B [K, N], batched, with addmm's
// beta · input + alpha · A · B. float32 runs on the WebAssembly SIMD kernel (wasm/), or for large
// products on the system's OpenBLAS where FFI allows (blas_ffi.ts); float64 and integers (and
// float32 where WebAssembly SIMD is missing) on the TypeScript kernel (gemm_reference.ts).
//
// float32 products are the sums PyTorch computes here: it calls the reference BLAS sgemm, which
// adds the products one k at a time in float32, each multiply and add rounded. The exact kernel
// does the same, so results match PyTorch bit for bit; addmm also follows sgemm in where the input
// term enters (first, or after the sum) and how alpha scales, which depend on B's layout.

import type { TypedArray } from "../../runtime/dtype.ts";
import { referenceGemm } from "./gemm_reference.ts";
import { BLAS_MIN_MACS, blasGemm } from "./blas_ffi.ts";
import { type GemmJob, type SgemmRuntime, sgemmRuntime } from "./wasm/sgemm_runtime.ts";
import { packA, packB, strided } from "./wasm/sgemm_pack.ts";

/** A strided matrix: element (i, j) is `data[offset + i * rs + j * cs]`. */
export interface Mat {
  data: TypedArray;
  offset: number;
  rs: number;
  cs: number;
}

/** One product of a batch sharing M, K, N: its operands and output. */
export interface GemmBatch {
  a: Mat;
  b: Mat;
  c: Mat;
}

/** addmm's extra term: out = beta · input + alpha · A · B, `input` broadcast to [M, N]. */
export interface AddTerm {
  alpha: number;
  beta: number;
  input: Mat;
}

export function gemm(M: number, K: number, N: number, batches: Iterable<GemmBatch>, add?: AddTerm): void {
  if (M === 0 || N === 0) return;
  const list = [...batches];
  const float32 = K > 0 && list.every(isFloat32);
  if (float32 && !add && M * N * K >= BLAS_MIN_MACS && blasGemm(M, K, N, list)) return;
  const rt = float32 && (!add || add.input.data instanceof Float32Array) ? sgemmRuntime() : null;
  const job = rt?.job(M, N, K);
  if (rt && job) wasmGemm(rt, job, list, add);
  else referenceGemm(M, K, N, list, add);
}

const isFloat32 = ({ a, b, c }: GemmBatch) =>
  a.data instanceof Float32Array && b.data instanceof Float32Array && c.data instanceof Float32Array;

function wasmGemm(rt: SgemmRuntime, job: GemmJob, batches: GemmBatch[], add?: AddTerm): void {
  const { M, N, K } = job;
  // sgemm's non-transposed first operand (our B) starts from beta · input and scales A by alpha;
  // a transposed one sums first and then forms alpha · sum + beta · input.
  const sumFirst = !add || blasTransposes(batches[0].b, K, N);
  const inputFirst = !sumFirst && add!.beta !== 0;
  const scale = sumFirst ? 1 : add!.alpha;
  let lastB: Mat | null = null;
  for (const { a, b, c } of batches) {
    packA(job, asOperand(a, M, K), scale);
    if (!lastB || lastB.data !== b.data || lastB.offset !== b.offset) packB(job, asOperand(b, K, N));
    lastB = b;
    if (inputFirst) preload(job, add!);
    rt.run(job, false, inputFirst);
    readBack(job, c, sumFirst ? add : undefined);
  }
}

/**
 * Whether PyTorch's addmm hands our B to sgemm transposed: it views the row-major product as the
 * column-major Cᵀ = Bᵀ · Aᵀ, and Bᵀ is "not transposed" when B's rows are contiguous. (With one
 * column, C is already column-major and A comes first instead.)
 */
function blasTransposes(b: Mat, K: number, N: number): boolean {
  if (N === 1) return true; // then A is sgemm's first operand, transposed when row-major
  if (b.cs === 1 && b.rs >= Math.max(1, N)) return false;
  return b.rs === 1 && b.cs >= Math.max(1, K);
}

const asOperand = (m: Mat, rows: number, cols: number) => ({
  data: m.data as Float32Array,
  rows: strided(rows, m.offset, m.rs),
  cols: strided(cols, 0, m.cs),
});

/** C = beta · input, rounded to float32 as sgemm's first step does. */
function preload(job: GemmJob, { beta, input }: AddTerm): void {
  const { M, N, mem, c, ldc } = job;
  for (let i = 0; i < M; i++) {
    for (let j = 0, q = input.offset + i * input.rs; j < N; j++, q += input.cs) {
      mem[c + i * ldc + j] = beta === 1 ? input.data[q] : beta * input.data[q];
    }
  }
}

/** Copies C out to `out`, as alpha · C + beta · input when `add` (each term rounded, then the sum). */
function readBack(job: GemmJob, out: Mat, add?: AddTerm): void {
  const { M, N, mem, c, ldc } = job;
  const o = out.data;
  for (let i = 0; i < M; i++) {
    const row = c + i * ldc;
    let q = out.offset + i * out.rs;
    if (!add) {
      for (let j = 0; j < N; j++, q += out.cs) o[q] = mem[row + j];
      continue;
    }
    const { alpha, beta, input } = add;
    const src = input.data;
    for (let j = 0, p = input.offset + i * input.rs; j < N; j++, q += out.cs, p += input.cs) {
      const prod = Math.fround(alpha * mem[row + j]);
      o[q] = beta === 0 ? prod : prod + Math.fround(beta * src[p]);
    }
  }
}
