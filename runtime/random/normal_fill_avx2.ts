// PyTorch 1.13's normal_fill_AVX2 (aten/src/ATen/native/cpu/DistributionTemplates.h), the path
// every x86 build with AVX2 takes for a contiguous float32 tensor of 16 or more elements: fill
// the tensor with 24-bit uniforms, then Box–Muller each block of 16 in place, pairing lane j with
// lane j + 8, in float32 with avx_mathfun's log and sincos.
//
// This is avx_mathfun.ts's log256Lane / sincos256Lane specialised to the inputs the kernel can
// produce (u1 = 1 - u and theta = 2π·u for the 2^24 uniforms u = k / 2^24), for speed:
// - the log's exponent/mantissa split is done on the integer 2^24 - k instead of a float's bits;
// - its `x + x - 1` / `x - 1` and the range reduction's steps are exact and need no rounding;
// - the fused multiply-adds are `fround(a * b + c)`: rounding twice can differ from fmaf only at
//   some halfway cases, and for these polynomials it does at none of the 2^24 inputs
//   (scripts/check_normal_fill_exhaustive.ts compares them all with the reference port);
// - the lanes of a chunk of blocks go through each stage together, so that the long chains of
//   dependent roundings of different lanes overlap in the CPU.
// Only the final fmadd(n, std, mean) sees arbitrary operands, so it keeps the exact fmaf.

import { fmaf } from "./fma_f32.ts";
import type { Generator } from "./generator.ts";

const f = Math.fround;

/** _mm256_set1_ps(2.0f * c10::pi<double>): the double 2π rounded to float32. */
const TWO_PI_F = f(2 * Math.PI);
const TWO_POW_24 = 16777216;
const TWO_POW_MINUS_24 = 1 / TWO_POW_24;

/** cephes_SQRTHF, 0.707106781186547524 as float32, is 11863283 / 2^24. */
const SQRTHF_BITS = 11863283;
const LOG_P0 = f(7.0376836292e-2);
const LOG_P1 = f(-1.1514610310e-1);
const LOG_P2 = f(1.1676998740e-1);
const LOG_P3 = f(-1.2420140846e-1);
const LOG_P4 = f(1.4249322787e-1);
const LOG_P5 = f(-1.6668057665e-1);
const LOG_P6 = f(2.0000714765e-1);
const LOG_P7 = f(-2.4999993993e-1);
const LOG_P8 = f(3.3333331174e-1);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);

const FOPI = f(1.27323954473516);
const MINUS_DP1 = f(-0.78515625);
const MINUS_DP2 = f(-2.4187564849853515625e-4);
const MINUS_DP3 = f(-3.77489497744594108e-8);
const SINCOF_P0 = f(-1.9515295891e-4);
const SINCOF_P1 = f(8.3321608736e-3);
const SINCOF_P2 = f(-1.6666654611e-1);
const COSCOF_P0 = f(2.443315711809948e-5);
const COSCOF_P1 = f(-1.388731625493765e-3);
const COSCOF_P2 = f(4.166664568298827e-2);

/** Blocks of 16 per chunk; a chunk's 8 lanes per block live in the scratch arrays below. */
const CHUNK_BLOCKS = 32;
const LANES = CHUNK_BLOCKS * 8;
// log stage: the reduced argument, exponent, its square, the polynomial, then the radius.
const logX = new Float64Array(LANES);
const logE = new Float64Array(LANES);
const logZ = new Float64Array(LANES);
const logY = new Float64Array(LANES);
const radius = new Float64Array(LANES);
// sincos stage: the reduced argument, its square, the octant, the two polynomials.
const trigX = new Float64Array(LANES);
const trigZ = new Float64Array(LANES);
const octant = new Int32Array(LANES);
const cosPoly = new Float64Array(LANES);
const sinPoly = new Float64Array(LANES);

/** Index in the chunk of lane k's first element (its second is 8 further). */
const laneAt = (base: number, k: number) => base + ((k >> 3) << 4) + (k & 7);

/** radius = sqrt(-2 * log256_ps(1 - u)) for each lane's first uniform u. */
function radiusStage(data: Float32Array, base: number, lanes: number): void {
  for (let k = 0; k < lanes; k++) {
    // 1 - u = m / 2^24 with m in [1, 2^24]; its float exponent is bitLength(m) - 25 and its
    // mantissa, in [0.5, 1), is mantissaBits / 2^24. Integer arithmetic keeps this branch-free.
    const m = TWO_POW_24 - data[laneAt(base, k)] * TWO_POW_24;
    const bitLength = 32 - Math.clz32(m);
    const mantissaBits = (m << (32 - bitLength)) >>> 8;
    const below = (mantissaBits - SQRTHF_BITS) >>> 31; // mantissa < SQRTHF: e -= 1, x = x + x - 1
    const x = (mantissaBits << below) * TWO_POW_MINUS_24 - 1;
    logX[k] = x;
    logE[k] = bitLength - 24 - below;
    logZ[k] = f(x * x);
  }
  for (let k = 0; k < lanes; k++) {
    const x = logX[k];
    let y = f(LOG_P0 * x + LOG_P1);
    y = f(y * x + LOG_P2);
    y = f(y * x + LOG_P3);
    y = f(y * x + LOG_P4);
    logY[k] = y;
  }
  for (let k = 0; k < lanes; k++) {
    const x = logX[k];
    let y = f(logY[k] * x + LOG_P5);
    y = f(y * x + LOG_P6);
    y = f(y * x + LOG_P7);
    y = f(y * x + LOG_P8);
    logY[k] = f(y * x);
  }
  for (let k = 0; k < lanes; k++) {
    const x = logX[k], z = logZ[k], e = logE[k];
    let y = f(logY[k] * z + f(e * LOG_Q1));
    y = f(y - z * 0.5);
    const log = f(e * LOG_Q2 + f(x + y));
    radius[k] = f(Math.sqrt(-2 * log));
  }
}

/** The reduced argument, octant and both polynomials of sincos256_ps(2π·u) for each lane's second u. */
function trigStage(data: Float32Array, base: number, lanes: number): void {
  for (let k = 0; k < lanes; k++) {
    let x = f(TWO_PI_F * data[laneAt(base, k) + 8]); // in [0, 2π]: no sign to carry
    const j = ((f(x * FOPI) | 0) + 1) & ~1;
    // x = ((x - j * DP1) - j * DP2) - j * DP3, each step exact before its rounding.
    x = f(j * MINUS_DP1 + x);
    x = f(j * MINUS_DP2 + x);
    x = f(j * MINUS_DP3 + x);
    trigX[k] = x;
    trigZ[k] = f(x * x);
    octant[k] = j;
  }
  for (let k = 0; k < lanes; k++) {
    const x = trigX[k], z = trigZ[k];
    let c = f(COSCOF_P0 * z + COSCOF_P1);
    let s = f(SINCOF_P0 * z + SINCOF_P1);
    c = f(c * z + COSCOF_P2);
    s = f(s * z + SINCOF_P2);
    c = f(f(c * z) * z - f(z * 0.5));
    cosPoly[k] = f(c + 1);
    sinPoly[k] = f(f(s * z) * x + x);
  }
}

/** Box–Muller's products radius·cos, radius·sin, then fmadd(n, std, mean), into the chunk. */
function outputStage(data: Float32Array, base: number, lanes: number, mean: number, std: number): void {
  const exactFma = mean !== 0;
  for (let k = 0; k < lanes; k++) {
    const j = octant[k];
    // The blend adds a zero lane to the chosen polynomial (the + 0 turns -0 into +0); the sign
    // flips are XORs of the sign bit, i.e. exact multiplications by -1. Selecting by arithmetic
    // on 0/1 rather than by branches: the octants are random, so branches would mispredict.
    const sineForSin = ((j >>> 1) & 1) ^ 1; // poly_mask: (j & 2) == 0
    const sp = sinPoly[k], cp = cosPoly[k];
    const sin = sp * sineForSin + cp * (1 - sineForSin) + 0;
    const cos = cp * sineForSin + sp * (1 - sineForSin) + 0;
    const r = radius[k];
    const n1 = f(r * (cos * (1 - ((~(j - 2) & 4) >>> 1))));
    const n2 = f(r * (sin * (1 - ((j & 4) >>> 1))));
    const at = laneAt(base, k);
    if (exactFma) {
      data[at] = fmaf(n1, std, mean);
      data[at + 8] = fmaf(n2, std, mean);
    } else {
      // mean is ±0: n * std is exact in double, so the store rounds once.
      data[at] = n1 * std + mean;
      data[at + 8] = n2 * std + mean;
    }
  }
}

/** normal_fill_16_AVX2 on each of `blocks` consecutive blocks of 16 from data[at]. */
export function normalFillBlocks(data: Float32Array, at: number, blocks: number, mean: number, std: number): void {
  for (let b = 0; b < blocks; b += CHUNK_BLOCKS) {
    const base = at + b * 16;
    const lanes = Math.min(CHUNK_BLOCKS, blocks - b) * 8;
    radiusStage(data, base, lanes);
    trigStage(data, base, lanes);
    outputStage(data, base, lanes, mean, std);
  }
}

/** Fills `data` (length >= 16) with normal_(mean, std) samples exactly as PyTorch's AVX2 kernel. */
export function normalFillAvx2(gen: Generator, data: Float32Array, mean: number, std: number): void {
  const n = data.length;
  const m = f(mean), s = f(std);
  gen.fillUniform24(data, 0, n);
  normalFillBlocks(data, 0, n >> 4, m, s);
  if (n % 16 !== 0) {
    // Recompute the last 16 values from fresh uniforms.
    gen.fillUniform24(data, n - 16, n);
    normalFillBlocks(data, n - 16, 1, m, s);
  }
}
