// One lane of PyTorch 1.13's log256_ps and sincos256_ps (aten/src/ATen/native/cpu/avx_mathfun.h,
// Julien Pommier's sse_mathfun with Cephes' float polynomials), bit for bit as the shipped build
// computes them. Every _mm256 mul/add/sub is one float32 rounding (Math.fround of the double
// result, which is exact for a single float operation); GCC compiles that header with
// -ffp-contract=fast and -mfma, so each multiply whose only consumer is an add or subtract is
// fused into it (fmaf), in the order GCC's widening_mul pass visits them: a multiply that feeds a
// multiply stays rounded, and of two multiplies feeding one add the earlier statement is fused.
// Checked against python3-torch 1.13.1 (Debian's GCC 12.2 build): no differing sample in 21M;
// the same code without the fusions differs in about 1% of samples.

import { fmaf } from "./fma_f32.ts";

const f = Math.fround;

const ONE = 1;
const HALF = 0.5;
const MIN_NORM_POS = 1.1754943508222875e-38; // 0x00800000, the smallest normal float32
const SQRTHF = f(0.707106781186547524);
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

const FOPI = f(1.27323954473516); // 4 / pi
const MINUS_DP1 = f(-0.78515625);
const MINUS_DP2 = f(-2.4187564849853515625e-4);
const MINUS_DP3 = f(-3.77489497744594108e-8);
const SINCOF_P0 = f(-1.9515295891e-4);
const SINCOF_P1 = f(8.3321608736e-3);
const SINCOF_P2 = f(-1.6666654611e-1);
const COSCOF_P0 = f(2.443315711809948e-5);
const COSCOF_P1 = f(-1.388731625493765e-3);
const COSCOF_P2 = f(4.166664568298827e-2);

// The float32 bit view used to split a float into exponent and mantissa, as the AVX code does
// with integer shifts and masks on the same register.
const bits = new Int32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** log256_ps on one float32 lane (NaN for x <= 0, as the header's invalid mask gives). */
export function log256Lane(input: number): number {
  if (!(input > 0)) return NaN;
  asFloat[0] = input > MIN_NORM_POS ? input : MIN_NORM_POS;
  const word = bits[0];
  bits[0] = (word & ~0x7f800000) | 0x3f000000; // keep the mantissa, exponent of 0.5
  let x = asFloat[0];
  let e = f((word >>> 23) - 0x7f + ONE);
  // part 2: if (x < SQRTHF) { e -= 1; x = x + x - 1 } else { x = x - 1 }
  const tmp = x < SQRTHF ? x : 0;
  if (x < SQRTHF) e = f(e - ONE);
  x = f(f(x - ONE) + tmp);

  const z = f(x * x);
  let y = fmaf(LOG_P0, x, LOG_P1);
  y = fmaf(y, x, LOG_P2);
  y = fmaf(y, x, LOG_P3);
  y = fmaf(y, x, LOG_P4);
  y = fmaf(y, x, LOG_P5);
  y = fmaf(y, x, LOG_P6);
  y = fmaf(y, x, LOG_P7);
  y = fmaf(y, x, LOG_P8);
  y = f(y * x);
  y = fmaf(y, z, f(e * LOG_Q1));
  y = fmaf(-z, HALF, y);
  x = f(x + y);
  return fmaf(e, LOG_Q2, x);
}

/** The two outputs of sincos256Lane, reused to avoid an allocation per call. */
export const sincosLane = { sin: 0, cos: 0 };

/** sincos256_ps on one float32 lane; the results land in `sincosLane`. */
export function sincos256Lane(input: number): void {
  const negative = input < 0 || Object.is(input, -0);
  let x = Math.abs(input);
  const scaled = f(x * FOPI);
  // _mm256_cvttps_epi32: truncation, and the "integer indefinite" 0x80000000 out of range.
  let j = scaled < 2147483648 ? Math.trunc(scaled) | 0 : -2147483648;
  j = (j + 1) & ~1; // j = (j + 1) & ~1, as Cephes does
  const y = f(j);
  const swapSignSin = (j & 4) !== 0;
  const usesSinePoly = (j & 2) === 0;
  const negateCos = (~(j - 2) & 4) !== 0;

  // Extended precision modular arithmetic: x = ((x - y * DP1) - y * DP2) - y * DP3.
  x = fmaf(y, MINUS_DP1, x);
  x = fmaf(y, MINUS_DP2, x);
  x = fmaf(y, MINUS_DP3, x);

  const z = f(x * x);
  let cosPoly = fmaf(COSCOF_P0, z, COSCOF_P1);
  cosPoly = fmaf(cosPoly, z, COSCOF_P2);
  cosPoly = f(cosPoly * z);
  cosPoly = fmaf(cosPoly, z, -f(z * HALF));
  cosPoly = f(cosPoly + ONE);

  let sinPoly = fmaf(SINCOF_P0, z, SINCOF_P1);
  sinPoly = fmaf(sinPoly, z, SINCOF_P2);
  sinPoly = f(sinPoly * z);
  sinPoly = fmaf(sinPoly, x, x);

  // The blend adds a +0 lane to the chosen polynomial (turning -0 into +0); the sign bits are
  // then flipped by XOR, which is a negation.
  const sin = (usesSinePoly ? sinPoly : cosPoly) + 0;
  const cos = (usesSinePoly ? cosPoly : sinPoly) + 0;
  sincosLane.sin = negative !== swapSignSin ? -sin : sin;
  sincosLane.cos = negateCos ? -cos : cos;
}
