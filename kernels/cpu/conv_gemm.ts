// The two matrix-product loops the CPU convolution kernels are built on. Both are plain scalar
// TypeScript over typed arrays, register-blocked so that each loaded value feeds several
// multiply-adds. They serve float64 (and float32 where WebAssembly is missing); float32 runs on
// the WebAssembly matrix product instead (conv_wasm.ts).
//
// Matrices are row-major blocks inside a larger array, located by an element offset.

/** A float array the convolution kernels compute in (float32 data stays float32, the rest float64). */
export type FloatArray = Float32Array | Float64Array;

/**
 * C[i, j] (+)= Σ_k A[i, k] · B[j, k] for i < M, j < N, k < K: both operands keep the reduced
 * dimension contiguous, so the inner loop is a run of dot products. A 2×4 block of C stays in
 * registers while k runs: 6 loads for 8 multiply-adds.
 */
export function gemmDot(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOff: number,
  B: FloatArray,
  bOff: number,
  C: FloatArray,
  cOff: number,
  accumulate: boolean,
): void {
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    const a0 = aOff + i * K, a1 = a0 + K;
    const c0 = cOff + i * N, c1 = c0 + N;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = bOff + j * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k];
        const y0 = B[b0 + k], y1 = B[b1 + k], y2 = B[b2 + k], y3 = B[b3 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      if (accumulate) {
        C[c0 + j] += s00, C[c0 + j + 1] += s01, C[c0 + j + 2] += s02, C[c0 + j + 3] += s03;
        C[c1 + j] += s10, C[c1 + j + 1] += s11, C[c1 + j + 2] += s12, C[c1 + j + 3] += s13;
      } else {
        C[c0 + j] = s00, C[c0 + j + 1] = s01, C[c0 + j + 2] = s02, C[c0 + j + 3] = s03;
        C[c1 + j] = s10, C[c1 + j + 1] = s11, C[c1 + j + 2] = s12, C[c1 + j + 3] = s13;
      }
    }
    for (; j < N; j++) {
      const b0 = bOff + j * K;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        const y = B[b0 + k];
        s0 += A[a0 + k] * y;
        s1 += A[a1 + k] * y;
      }
      if (accumulate) C[c0 + j] += s0, C[c1 + j] += s1;
      else C[c0 + j] = s0, C[c1 + j] = s1;
    }
  }
  if (i < M) {
    // An odd last row of A: plain dot products.
    const a0 = aOff + i * K, c0 = cOff + i * N;
    for (let j = 0; j < N; j++) {
      const b0 = bOff + j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + k] * B[b0 + k];
      if (accumulate) C[c0 + j] += s;
      else C[c0 + j] = s;
    }
  }
}

/**
 * C[i, j] += Σ_k A(i, k) · B[k, j], where A(i, k) = A[aOff + i·aRow + k·aCol] may be A or its
 * transpose and B keeps the output column contiguous. The inner loop runs along rows of B and C
 * (an "axpy" form), updating two rows of C from four rows of B: 8 loads and stores for 8
 * multiply-adds, with the eight A values held in registers.
 */
export function gemmAxpy(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOff: number,
  aRow: number,
  aCol: number,
  B: FloatArray,
  bOff: number,
  C: FloatArray,
  cOff: number,
): void {
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    const c0 = cOff + i * N, c1 = c0 + N;
    const a0 = aOff + i * aRow, a1 = a0 + aRow;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const k0 = k * aCol, k1 = k0 + aCol, k2 = k1 + aCol, k3 = k2 + aCol;
      const x00 = A[a0 + k0], x01 = A[a0 + k1], x02 = A[a0 + k2], x03 = A[a0 + k3];
      const x10 = A[a1 + k0], x11 = A[a1 + k1], x12 = A[a1 + k2], x13 = A[a1 + k3];
      const b0 = bOff + k * N, b1 = b0 + N, b2 = b1 + N, b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        const y0 = B[b0 + j], y1 = B[b1 + j], y2 = B[b2 + j], y3 = B[b3 + j];
        C[c0 + j] += x00 * y0 + x01 * y1 + x02 * y2 + x03 * y3;
        C[c1 + j] += x10 * y0 + x11 * y1 + x12 * y2 + x13 * y3;
      }
    }
    for (; k < K; k++) {
      const x0 = A[a0 + k * aCol], x1 = A[a1 + k * aCol];
      const b0 = bOff + k * N;
      for (let j = 0; j < N; j++) {
        const y = B[b0 + j];
        C[c0 + j] += x0 * y;
        C[c1 + j] += x1 * y;
      }
    }
  }
  if (i < M) {
    // An odd last row of C.
    const c0 = cOff + i * N, a0 = aOff + i * aRow;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const x0 = A[a0 + k * aCol],
        x1 = A[a0 + (k + 1) * aCol],
        x2 = A[a0 + (k + 2) * aCol],
        x3 = A[a0 + (k + 3) * aCol];
      const b0 = bOff + k * N, b1 = b0 + N, b2 = b1 + N, b3 = b2 + N;
      for (let j = 0; j < N; j++) C[c0 + j] += x0 * B[b0 + j] + x1 * B[b1 + j] + x2 * B[b2 + j] + x3 * B[b3 + j];
    }
    for (; k < K; k++) {
      const x = A[a0 + k * aCol], b0 = bOff + k * N;
      for (let j = 0; j < N; j++) C[c0 + j] += x * B[b0 + j];
    }
  }
}
