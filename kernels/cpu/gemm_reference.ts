// The TypeScript matrix product: the portable fallback of the WebAssembly kernel, the only path
// for float64 and integer dtypes, and the reference the tests compare the WebAssembly kernel with.
// Operands are packed into contiguous double arrays (so any strides, transposes included, cost one
// copy), then multiplied i-k-j in blocks that keep a slab of B in cache, four rows of C at a time
// so each loaded B element is used four times. Products and sums are doubles; the store rounds
// float32 results once.

import type { AddTerm, GemmBatch, Mat } from "./gemm.ts";

const KB = 256; // rows of B per block: KB × NB doubles = 512 KiB, L2-sized
const NB = 256;

/** Reusable scratch, grown on demand (one product runs at a time). */
let scratch = new Float64Array(0);
function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

function pack(m: Mat, rows: number, cols: number, into: Float64Array, at: number): void {
  const { data, offset, rs, cs } = m;
  if (cs === 1) {
    for (let i = 0; i < rows; i++) {
      const src = offset + i * rs, dst = at + i * cols;
      for (let j = 0; j < cols; j++) into[dst + j] = data[src + j];
    }
  } else {
    for (let i = 0; i < rows; i++) {
      for (let j = 0, src = offset + i * rs, dst = at + i * cols; j < cols; j++, src += cs) into[dst + j] = data[src];
    }
  }
}

/** out = A · B for each batch, or beta · input + alpha · A · B with `add` (addmm). */
export function referenceGemm(M: number, K: number, N: number, batches: Iterable<GemmBatch>, add?: AddTerm): void {
  const aSize = M * K, bSize = K * N;
  const buf = scratchOf(aSize + bSize + M * N);
  const pa = buf.subarray(0, aSize), pb = buf.subarray(aSize, aSize + bSize), acc = buf.subarray(aSize + bSize);
  let lastB: Mat | null = null;
  for (const { a, b, c } of batches) {
    pack(a, M, K, buf, 0);
    // Broadcast batches reuse one B: pack it once.
    if (!lastB || lastB.data !== b.data || lastB.offset !== b.offset) pack(b, K, N, buf, aSize);
    lastB = b;
    acc.fill(0);
    multiply(M, K, N, pa, pb, acc);
    store(M, N, acc, c, add);
  }
}

function store(M: number, N: number, acc: Float64Array, c: Mat, add?: AddTerm): void {
  const o = c.data;
  for (let i = 0; i < M; i++) {
    for (let j = 0, q = c.offset + i * c.rs; j < N; j++, q += c.cs) {
      const v = acc[i * N + j];
      if (!add) o[q] = v;
      // beta == 0 ignores input entirely (NaN in it does not propagate), as in PyTorch.
      else if (add.beta === 0) o[q] = add.alpha * v;
      else o[q] = add.beta * add.input.data[add.input.offset + i * add.input.rs + j * add.input.cs] + add.alpha * v;
    }
  }
}

/** acc[M, N] += pa[M, K] · pb[K, N], all row-major. */
function multiply(M: number, K: number, N: number, pa: Float64Array, pb: Float64Array, acc: Float64Array): void {
  for (let j0 = 0; j0 < N; j0 += NB) {
    const j1 = Math.min(N, j0 + NB);
    for (let k0 = 0; k0 < K; k0 += KB) {
      const k1 = Math.min(K, k0 + KB);
      let i = 0;
      for (; i + 4 <= M; i += 4) {
        const c0 = i * N, c1 = c0 + N, c2 = c1 + N, c3 = c2 + N;
        const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
        for (let k = k0; k < k1; k++) {
          const x0 = pa[a0 + k], x1 = pa[a1 + k], x2 = pa[a2 + k], x3 = pa[a3 + k];
          const bk = k * N;
          for (let j = j0; j < j1; j++) {
            const y = pb[bk + j];
            acc[c0 + j] += x0 * y;
            acc[c1 + j] += x1 * y;
            acc[c2 + j] += x2 * y;
            acc[c3 + j] += x3 * y;
          }
        }
      }
      for (; i < M; i++) {
        const c0 = i * N, a0 = i * K;
        for (let k = k0; k < k1; k++) {
          const x0 = pa[a0 + k], bk = k * N;
          for (let j = j0; j < j1; j++) acc[c0 + j] += x0 * pb[bk + j];
        }
      }
    }
  }
}
