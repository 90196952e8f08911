// The `math` module.

import { normBig, PyFloat } from "./values.ts";
import { nativeFn } from "./functions.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { registerModule } from "./modules.ts";
import { toArray } from "./iteration.ts";
import { toDouble, toIndex } from "./convert.ts";
import { floatToInt } from "./number_methods.ts";
import { mul } from "./ops.ts";

const F = (x: number) => new PyFloat(x);
const domain = () => pyErr("ValueError", "math domain error");

function f1(name: string, fn: (x: number) => number, valid: (x: number) => boolean = () => true) {
  return nativeFn(`${name}(x, /)`, (x) => {
    const v = toDouble(x);
    if (!valid(v)) throw domain();
    const r = fn(v);
    if (Number.isNaN(r) && !Number.isNaN(v)) throw domain();
    return F(r);
  });
}

function intOrFloatToInt(x: any, fn: (v: number) => number): any {
  if (typeof x === "number" || typeof x === "bigint") return x;
  if (typeof x === "boolean") return +x;
  return floatToInt(fn(toDouble(x)));
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Neumaier-compensated sum; exact enough for fsum's common uses. */
function fsum(xs: number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
    s = t;
  }
  return s + c;
}

registerModule("math", () => ({
  pi: F(Math.PI),
  e: F(Math.E),
  tau: F(2 * Math.PI),
  inf: F(Infinity),
  nan: F(NaN),
  sqrt: f1("sqrt", Math.sqrt, (x) => x >= 0 || Number.isNaN(x)),
  exp: nativeFn("exp(x, /)", (x) => {
    const r = Math.exp(toDouble(x));
    if (!Number.isFinite(r) && Number.isFinite(toDouble(x))) throw pyErr("OverflowError", "math range error");
    return F(r);
  }),
  log: nativeFn("log(x, base=None, /)", (x, base) => {
    const v = toDouble(x);
    if (v <= 0) throw domain();
    if (base === undefined || base === null) return F(Math.log(v));
    const b = toDouble(base);
    if (b <= 0 || b === 1) throw domain();
    return F(Math.log(v) / Math.log(b));
  }),
  log2: f1("log2", Math.log2, (x) => x > 0),
  log10: f1("log10", Math.log10, (x) => x > 0),
  log1p: f1("log1p", Math.log1p, (x) => x > -1),
  expm1: f1("expm1", Math.expm1),
  sin: f1("sin", Math.sin),
  cos: f1("cos", Math.cos),
  tan: f1("tan", Math.tan),
  asin: f1("asin", Math.asin, (x) => x >= -1 && x <= 1),
  acos: f1("acos", Math.acos, (x) => x >= -1 && x <= 1),
  atan: f1("atan", Math.atan),
  sinh: f1("sinh", Math.sinh),
  cosh: f1("cosh", Math.cosh),
  tanh: f1("tanh", Math.tanh),
  asinh: f1("asinh", Math.asinh),
  acosh: f1("acosh", Math.acosh, (x) => x >= 1),
  atanh: f1("atanh", Math.atanh, (x) => x > -1 && x < 1),
  atan2: nativeFn("atan2(y, x, /)", (y, x) => F(Math.atan2(toDouble(y), toDouble(x)))),
  fabs: f1("fabs", Math.abs),
  floor: nativeFn("floor(x, /)", (x) => intOrFloatToInt(x, Math.floor)),
  ceil: nativeFn("ceil(x, /)", (x) => intOrFloatToInt(x, Math.ceil)),
  trunc: nativeFn("trunc(x, /)", (x) => intOrFloatToInt(x, Math.trunc)),
  pow: nativeFn("pow(x, y, /)", (x, y) => {
    const a = toDouble(x);
    const b = toDouble(y);
    if (a === 0 && b < 0) throw domain();
    if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) throw domain();
    const r = a === 1 || b === 0 ? 1 : Math.pow(a, b);
    if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) {
      throw pyErr("OverflowError", "math range error");
    }
    return F(r);
  }),
  isnan: nativeFn("isnan(x, /)", (x) => Number.isNaN(toDouble(x))),
  isinf: nativeFn("isinf(x, /)", (x) => {
    const v = toDouble(x);
    return !Number.isFinite(v) && !Number.isNaN(v);
  }),
  isfinite: nativeFn("isfinite(x, /)", (x) => Number.isFinite(toDouble(x))),
  isclose: nativeFn("isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)", (a, b, rt, at) => {
    const x = toDouble(a);
    const y = toDouble(b);
    const rel = rt === undefined ? 1e-9 : toDouble(rt);
    const abs = at === undefined ? 0 : toDouble(at);
    if (x === y) return true;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    const d = Math.abs(x - y);
    return d <= Math.abs(rel * y) || d <= Math.abs(rel * x) || d <= abs;
  }),
  factorial: nativeFn("factorial(n, /)", (n) => {
    if (n instanceof PyFloat) throw typeErr("'float' object cannot be interpreted as an integer");
    const k = toIndex(n);
    if (k < 0) throw pyErr("ValueError", "factorial() not defined for negative values");
    let r = 1n;
    for (let i = 2n; i <= BigInt(k); i++) r *= i;
    return normBig(r);
  }),
  gcd: nativeFn("gcd(*integers)", (xs: any[]) => normBig(xs.reduce((a: bigint, x) => gcd(a, BigInt(toIndex(x))), 0n))),
  lcm: nativeFn("lcm(*integers)", (xs: any[]) =>
    normBig(xs.reduce((a: bigint, x) => {
      const b = BigInt(toIndex(x));
      return a === 0n || b === 0n ? 0n : (a * b < 0n ? -(a * b) : a * b) / gcd(a, b);
    }, 1n))),
  prod: nativeFn("prod(iterable, /, *, start=1)", async (it, start) => {
    let acc = start ?? 1;
    for (const x of await toArray(it)) acc = await mul(acc, x);
    return acc;
  }),
  fsum: nativeFn("fsum(seq, /)", async (it) => F(fsum((await toArray(it)).map((x: any) => toDouble(x))))),
  radians: f1("radians", (x) => x * Math.PI / 180),
  degrees: f1("degrees", (x) => x * 180 / Math.PI),
  hypot: nativeFn("hypot(*coordinates)", (xs: any[]) => F(Math.hypot(...xs.map((x) => toDouble(x))))),
  copysign: nativeFn("copysign(x, y, /)", (x, y) => {
    const a = Math.abs(toDouble(x));
    const b = toDouble(y);
    return F(b < 0 || Object.is(b, -0) ? -a : a);
  }),
  fmod: nativeFn("fmod(x, y, /)", (x, y) => F(toDouble(x) % toDouble(y))),
  modf: nativeFn("modf(x, /)", (x) => {
    const v = toDouble(x);
    const i = Math.trunc(v);
    return HOOK_T.tuple([F(v - i), F(i)]);
  }),
  erf: f1("erf", erf),
  erfc: f1("erfc", (x) => 1 - erf(x)),
  comb: nativeFn("comb(n, k, /)", (n, k) => {
    const N = BigInt(toIndex(n));
    let K = BigInt(toIndex(k));
    if (K > N) return 0;
    if (K > N - K) K = N - K;
    let r = 1n;
    for (let i = 0n; i < K; i++) r = (r * (N - i)) / (i + 1n);
    return normBig(r);
  }),
  isqrt: nativeFn("isqrt(n, /)", (n) => Math.floor(Math.sqrt(toIndex(n)))),
}));

export const HOOK_T = { tuple: null as unknown as (xs: any[]) => any };

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse; use a series/continued fraction split.
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = t;
    let term = t;
    for (let n = 1; n < 100; n++) {
      term *= -t * t / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = 2 / Math.sqrt(Math.PI) * sum;
    return x < 0 ? -r : r;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (t + f);
  const r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
  return x < 0 ? -r : r;
}
