// Per-element math that JavaScript lacks or does differently from C++: Python-style floor
// division and remainder, integer powers, round-half-to-even, erf, 64-bit bitwise ops on the
// Float64Array that holds int64. Functions taking `r` round intermediates to the compute dtype
// (Math.fround for float32) where PyTorch's float32 arithmetic would round them.

import { runtimeError } from "../../runtime/errors.ts";

export type Rounder = (x: number) => number;
export const exact: Rounder = (x) => x;

export const zeroDivision = () => runtimeError("ZeroDivisionError");

/** c10::div_floor_floating: Python's `//` on floats, IEEE results for a zero divisor. */
export function divFloorFloat(a: number, b: number, r: Rounder): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = r(r(a - mod) / b);
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div === 0) return (a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

/** Python's `%` on floats: the result takes the divisor's sign (torch.remainder). */
export function remainderFloat(a: number, b: number, r: Rounder): number {
  const mod = a % b;
  return mod !== 0 && (b < 0) !== (mod < 0) ? r(mod + b) : mod;
}

/** Integer floor division; PyTorch raises ZeroDivisionError (as a RuntimeError) on a zero divisor. */
export function divFloorInt(a: number, b: number): number {
  if (b === 0) throw zeroDivision();
  return Math.floor(a / b) + 0;
}

export function divTruncInt(a: number, b: number): number {
  if (b === 0) throw zeroDivision();
  return Math.trunc(a / b) + 0;
}

export function remainderInt(a: number, b: number): number {
  if (b === 0) throw zeroDivision();
  const mod = a % b;
  return (mod !== 0 && (b < 0) !== (mod < 0) ? mod + b : mod) + 0;
}

/**
 * c10's integer pow: negative exponents give 0 except for bases ±1. `mul` multiplies in the
 * dtype's wrapping arithmetic (Math.imul for int32).
 */
export function powInt(base: number, exp: number, mul: (x: number, y: number) => number): number {
  if (exp < 0) {
    if (base === 1) return 1;
    if (base === -1) return exp % 2 === 0 ? 1 : -1;
    return 0;
  }
  let result = 1;
  while (exp > 0) {
    if (exp % 2 === 1) result = mul(result, base);
    exp = Math.floor(exp / 2);
    if (exp > 0) base = mul(base, base);
  }
  return result + 0;
}

export const mulInt64 = (x: number, y: number) => x * y;
export const mulUint8 = (x: number, y: number) => (x * y) & 255;

/** std::pow, where JavaScript's Math.pow disagrees with C: pow(1, y) and pow(-1, ±inf) are 1. */
export function powFloat(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** PyTorch's pow(tensor, scalar) on floats: exact squares and cubes, sqrt and rsqrt shortcuts. */
export function powFloatScalar(x: number, e: number, r: Rounder): number {
  switch (e) {
    case 2:
      return x * x;
    case 3:
      return r(x * x) * x;
    case 0.5:
      return Math.sqrt(x);
    case -0.5:
      return 1 / r(Math.sqrt(x));
    case -1:
      return 1 / x;
    case -2:
      return 1 / r(x * x);
    default:
      return powFloat(x, e);
  }
}

/** std::nearbyint: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** torch.round(x, decimals=d), scaling by 10^|d| in the compute dtype as PyTorch does. */
export function roundDecimals(x: number, decimals: number, r: Rounder): number {
  const ten = r(Math.pow(10, Math.abs(decimals)));
  return decimals >= 0 ? roundHalfEven(r(x * ten)) / ten : roundHalfEven(r(x / ten)) * ten;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) = 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1)): every term is positive, so the series
 * keeps full double precision; past |x| = 6, erf is ±1 to the last bit.
 */
export function erf(x: number): number {
  if (x !== x) return x;
  if (x >= 6) return 1;
  if (x <= -6) return -1;
  const x2 = 2 * x * x;
  let term = x, sum = x;
  for (let n = 1; n < 500; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

const TWO32 = 4294967296;

/** Bitwise op on int64 values held as doubles: split into 32-bit halves (exact below 2^53). */
function bitwise64(a: number, b: number, op: (x: number, y: number) => number): number {
  if ((a | 0) === a && (b | 0) === b) return op(a, b);
  const ah = Math.floor(a / TWO32), bh = Math.floor(b / TWO32);
  const al = a - ah * TWO32, bl = b - bh * TWO32;
  return op(ah, bh) * TWO32 + (op(al, bl) >>> 0);
}

export const and64 = (a: number, b: number) => bitwise64(a, b, (x, y) => x & y);
export const or64 = (a: number, b: number) => bitwise64(a, b, (x, y) => x | y);
export const xor64 = (a: number, b: number) => bitwise64(a, b, (x, y) => x ^ y);
