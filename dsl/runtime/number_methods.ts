// int, float and bool: constructors (int('42'), int('ff', 16), int(3.9), float('inf'), __int__,
// __index__, __float__), their methods, and round() with CPython's correctly-rounded results.

import { normBig, PyFloat } from "./values.ts";
import { T_bool, T_float, T_int, typeOf } from "./types.ts";
import { defMethod, defProp } from "./define.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { call1 } from "./functions.ts";
import { strRepr } from "./repr.ts";
import { formatFixed, pyFloatRepr } from "../../runtime/print/py_float.ts";
import { formatFloat, formatInt } from "./format_spec.ts";
import { indexValue } from "./convert.ts";
import { truthy } from "./compare.ts";
import { LazyFloat, withResolved } from "./lazy_float.ts";

/** int(float): truncation, exact for large values. */
export function floatToInt(v: number): number | bigint {
  if (Number.isNaN(v)) throw pyErr("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(v)) throw pyErr("OverflowError", "cannot convert float infinity to integer");
  const t = Math.trunc(v) + 0;
  return Number.isSafeInteger(t) ? t : normBig(BigInt(t));
}

/** int(text, base). */
export function parseInt_(text: string, base: number): number | bigint {
  const bad = () => pyErr("ValueError", `invalid literal for int() with base ${base}: ${strRepr(text)}`);
  if (base !== 0 && (base < 2 || base > 36)) throw pyErr("ValueError", "int() base must be >= 2 and <= 36, or 0");
  let s = text.trim();
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  let b = base;
  const prefix = /^0([xob])/i.exec(s);
  if (prefix) {
    const pb = { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as "x" | "o" | "b"];
    if (b === 0 || b === pb) {
      b = pb;
      s = s.slice(2);
      if (s.startsWith("_")) s = s.slice(1);
    }
  }
  if (b === 0) {
    if (/^0+[0-9]/.test(s.replace(/_/g, "")) && /[1-9]/.test(s)) throw bad();
    b = 10;
  }
  if (s === "" || s.startsWith("_") || s.endsWith("_") || s.includes("__")) throw bad();
  s = s.replace(/_/g, "");
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
  let big = 0n;
  const B = BigInt(b);
  for (const c of s.toLowerCase()) {
    const d = digits.indexOf(c);
    if (d < 0) throw bad();
    big = big * B + BigInt(d);
  }
  return normBig(neg ? -big : big);
}

/** float(text). */
export function parseFloat_(text: string): number {
  const s = text.trim().toLowerCase().replace(/(\d)_(?=\d)/g, "$1");
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(s);
  if (m) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) {
    throw pyErr("ValueError", `could not convert string to float: ${strRepr(text)}`);
  }
  return Number(s);
}

function toIntValue(x: any): any {
  if (typeof x === "number" || typeof x === "bigint") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (x instanceof PyFloat) return floatToInt(x.v);
  if (x instanceof LazyFloat) return withResolved(toIntValue, x);
  if (typeof x === "string") return parseInt_(x, 10);
  const t = typeOf(x);
  const f = t.lookup("__int__") ?? t.lookup("__index__") ?? t.lookup("__trunc__");
  if (f !== undefined) return call1(f, x);
  throw typeErr(`int() argument must be a string, a bytes-like object or a real number, not '${t.name}'`);
}

T_int.make = (_cls, args, kw) => {
  const x = args[0] ?? kw?.get("x");
  const base = args[1] ?? kw?.get("base");
  if (x === undefined) return 0;
  if (base !== undefined) {
    if (typeof x !== "string") throw typeErr("int() can't convert non-string with explicit base");
    return parseInt_(x, Number(indexValue(base)));
  }
  return toIntValue(x);
};

export function toFloatValue(x: any): any {
  if (typeof x === "number") return new PyFloat(x);
  if (x instanceof PyFloat || x instanceof LazyFloat) return x;
  if (typeof x === "boolean") return new PyFloat(x ? 1 : 0);
  if (typeof x === "bigint") {
    const d = Number(x);
    if (!Number.isFinite(d)) throw pyErr("OverflowError", "int too large to convert to float");
    return new PyFloat(d);
  }
  if (typeof x === "string") return new PyFloat(parseFloat_(x));
  const t = typeOf(x);
  const f = t.lookup("__float__") ?? t.lookup("__index__");
  if (f !== undefined) {
    const r = call1(f, x);
    const fin = (v: any) => (v instanceof PyFloat ? v : new PyFloat(Number(v)));
    return r instanceof Promise ? r.then(fin) : fin(r);
  }
  throw typeErr(`float() argument must be a string or a real number, not '${t.name}'`);
}

T_float.make = (_cls, args) => (args.length === 0 ? new PyFloat(0) : toFloatValue(args[0]));
T_bool.make = (_cls, args) => (args.length === 0 ? false : truthy(args[0]));
T_bool.$d.__final__ = true;

/** round(x, ndigits) for floats: exact decimal rounding, half to even (as CPython's dtoa does). */
export function roundFloat(x: number, nd: number | null): any {
  if (nd === null) {
    if (!Number.isFinite(x)) return floatToInt(x);
    let r = Math.round(x);
    if (Math.abs(x % 1) === 0.5) r = 2 * Math.round(x / 2);
    return floatToInt(r);
  }
  if (!Number.isFinite(x) || x === 0) return new PyFloat(x);
  if (nd > 340) return new PyFloat(x);
  if (nd >= 0) return new PyFloat(Number(formatFixed(x, nd)));
  // Negative ndigits: round to a multiple of 10^-nd, exactly, half to even.
  const p = 10n ** BigInt(-nd);
  const s = formatFixed(x, 0); // exact integer part is not enough; use exact rational
  void s;
  const [num, den] = exactRational(x);
  const scaled = num * 1n;
  const d = den * p;
  let q = scaled / d;
  const rem = scaled - q * d;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  if (twice > d || (twice === d && (q & 1n) !== 0n)) q += rem < 0n ? -1n : 1n;
  return new PyFloat(Number(q * p));
}

function exactRational(x: number): [bigint, bigint] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  if (x < 0) mant = -mant;
  return e >= 0 ? [mant << BigInt(e), 1n] : [mant, 1n << BigInt(-e)];
}

export function roundInt(x: number | bigint, nd: number): number | bigint {
  if (nd >= 0) return x;
  const p = 10n ** BigInt(-nd);
  const b = BigInt(x);
  let q = b / p;
  const rem = b - q * p;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  if (twice > p || (twice === p && (q & 1n) !== 0n)) q += rem < 0n ? -1n : 1n;
  return normBig(q * p);
}

// ---------------------------------------------------------------- methods
defMethod(T_int, "__repr__(self, /)", (x) => String(typeof x === "boolean" ? +x : x));
defMethod(T_bool, "__repr__(self, /)", (x) => (x ? "True" : "False"));
defMethod(T_int, "__index__(self, /)", (x) => (typeof x === "boolean" ? +x : x));
defMethod(T_int, "__int__(self, /)", (x) => (typeof x === "boolean" ? +x : x));
defMethod(T_int, "__float__(self, /)", (x) => new PyFloat(Number(x)));
defMethod(T_int, "__hash__(self, /)", (x) => (typeof x === "boolean" ? +x : x));
defMethod(
  T_int,
  "__format__(self, spec, /)",
  (x, spec) =>
    typeof x === "boolean" && spec === "" ? (x ? "True" : "False") : formatInt(typeof x === "boolean" ? +x : x, spec),
);
defMethod(T_int, "bit_length(self, /)", (x) => {
  const b = BigInt(x);
  return (b < 0n ? -b : b).toString(2).replace(/^0$/, "").length;
});
defMethod(T_int, "conjugate(self, /)", (x) => x);
defMethod(T_int, "is_integer(self, /)", () => true);
defProp(T_int, "real", (x) => (typeof x === "boolean" ? +x : x));
defProp(T_int, "imag", () => 0);
defProp(T_int, "numerator", (x) => x);
defProp(T_int, "denominator", () => 1);
defMethod(T_float, "__repr__(self, /)", (x: PyFloat) => pyFloatRepr(x.v));
defMethod(T_float, "__int__(self, /)", (x: PyFloat) => floatToInt(x.v));
defMethod(T_float, "__float__(self, /)", (x: PyFloat) => x);
defMethod(T_float, "__hash__(self, /)", (x: PyFloat) => (Number.isInteger(x.v) ? x.v : Math.floor(x.v * 1e6)));
defMethod(T_float, "__format__(self, spec, /)", (x: PyFloat, spec) => formatFloat(x.v, spec));
defMethod(T_float, "__round__(self, ndigits=None, /)", (x: PyFloat, nd) => roundFloat(x.v, nd ?? null));
defMethod(T_float, "is_integer(self, /)", (x: PyFloat) => Number.isInteger(x.v));
defMethod(T_float, "conjugate(self, /)", (x: PyFloat) => x);
defMethod(T_float, "hex(self, /)", (x: PyFloat) => x.v.toString(16));
defMethod(T_float, "as_integer_ratio(self, /)", (x: PyFloat) => {
  let [n, d] = exactRational(x.v);
  while (d > 1n && n % 2n === 0n) {
    n /= 2n;
    d /= 2n;
  }
  return HOOK_TUPLE.make([normBig(n), normBig(d)]);
});
defProp(T_float, "real", (x: PyFloat) => x);
defProp(T_float, "imag", () => new PyFloat(0));
export const HOOK_TUPLE = { make: null as unknown as (items: any[]) => any };
