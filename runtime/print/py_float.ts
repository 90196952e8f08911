// Python's float formatting, reproduced exactly: `repr(x)`, `'{:.Nf}'.format(x)` and `'{:.Ne}'.format(x)`.
//
// `%f`/`%e` are computed from the exact binary value of the double with BigInt arithmetic and rounded
// half-to-even, as CPython does (JS `toFixed`/`toExponential` round exact ties away from zero instead,
// e.g. `(0.03125).toFixed(4)` is "0.0313" where Python gives "0.0312").

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
// Index of the high word in U32 (little-endian hosts put it second).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** |x| = mant * 2^exp2 exactly, for finite x (mant is 0 for zeros). */
function decompose(x: number): { mant: bigint; exp2: number } {
  F64[0] = x;
  const hi = U32[HI];
  const lo = U32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  const fracHi = hi & 0xfffff;
  let mant = (BigInt(fracHi) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074; // subnormal or zero
  } else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  return { mant, exp2 };
}

const isNegative = (x: number): boolean => x < 0 || Object.is(x, -0);

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    for (let i = POW10.length; i <= n; i++) POW10.push(i === 0 ? 1n : POW10[i - 1] * 10n);
    return POW10[n];
  }
  return 10n ** BigInt(n);
}

/** round(num / den), ties to even; num >= 0, den > 0. */
function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

/** Python's `'{:.<prec>f}'.format(x)` (same as `'%.<prec>f' % x`). */
export function formatFixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = isNegative(x) ? "-" : "";
  const { mant, exp2 } = decompose(x);
  let q: bigint;
  if (exp2 >= 0) q = (mant << BigInt(exp2)) * pow10(prec);
  else q = divRoundHalfEven(mant * pow10(prec), 1n << BigInt(-exp2));
  let digits = q.toString();
  if (prec === 0) return sign + digits;
  if (digits.length <= prec) digits = "0".repeat(prec + 1 - digits.length) + digits;
  return sign + digits.slice(0, digits.length - prec) + "." + digits.slice(digits.length - prec);
}

/** Python's `'{:.<prec>e}'.format(x)`: `1.0240e+02`, `1.0000e-05`, `0.0000e+00`. */
export function formatExp(x: number, prec: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = isNegative(x) ? "-" : "";
  let n: bigint;
  let e10: number;
  if (x === 0) {
    n = 0n;
    e10 = 0;
  } else {
    const { mant, exp2 } = decompose(x);
    const lo = pow10(prec);
    const hi = pow10(prec + 1);
    e10 = Math.floor(Math.log10(Math.abs(x)));
    // n ≈ |x| / 10^(e10 - prec); correct the estimate of e10 by exact comparison.
    for (;;) {
      const s = e10 - prec;
      let num = mant;
      let den = 1n;
      if (exp2 > 0) num <<= BigInt(exp2);
      else den <<= BigInt(-exp2);
      if (s < 0) num *= pow10(-s);
      else den *= pow10(s);
      const f = num / den;
      if (f < lo) {
        e10--;
        continue;
      }
      if (f >= hi) {
        e10++;
        continue;
      }
      n = divRoundHalfEven(num, den);
      if (n === hi) {
        n = lo;
        e10++;
      }
      break;
    }
  }
  const digits = n.toString().padStart(prec + 1, "0");
  const mantissa = prec === 0 ? digits : digits[0] + "." + digits.slice(1);
  return sign + mantissa + expSuffix(e10);
}

function expSuffix(e10: number): string {
  return "e" + (e10 < 0 ? "-" : "+") + String(Math.abs(e10)).padStart(2, "0");
}

/**
 * Shortest round-trip decimal digits of a finite nonzero |x|: `x = 0.d1d2... * 10^(exp + 1)`, i.e. the
 * first digit is at 10^exp.
 */
function shortestDigits(x: number): { digits: string; exp: number } {
  // Number#toString is specified to give the shortest round-trip digits, closest to x on ties.
  const s = String(Math.abs(x));
  let mantissa = s;
  let e = 0;
  const ei = s.indexOf("e");
  if (ei >= 0) {
    mantissa = s.slice(0, ei);
    e = Number(s.slice(ei + 1));
  }
  const dot = mantissa.indexOf(".");
  const intPart = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
  const fracPart = dot >= 0 ? mantissa.slice(dot + 1) : "";
  let digits = intPart + fracPart;
  let exp = e + intPart.length - 1;
  const lead = digits.length - digits.replace(/^0+/, "").length;
  digits = digits.slice(lead);
  exp -= lead;
  digits = digits.replace(/0+$/, "");
  return { digits, exp };
}

/** Python's `repr(float)`: `2.0`, `0.1`, `1e-05`, `1e+16`, `1.5e+300`, `inf`, `nan`, `-0.0`. */
export function pyFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  if (x === 0) return isNegative(x) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, exp } = shortestDigits(x);
  if (exp < -4 || exp >= 16) {
    const m = digits.length === 1 ? digits : digits[0] + "." + digits.slice(1);
    return sign + m + expSuffix(exp);
  }
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length) + ".0";
  return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
}
