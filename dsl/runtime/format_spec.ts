// The format-spec mini-language (`format(x, spec)`, f-string `{x:spec}`, str.format):
// [[fill]align][sign][z][#][0][width][grouping][.precision][type], for str, int (and bool) and float,
// with CPython's defaults (numbers right-aligned, strings left), '=' padding after the sign/prefix,
// ',' and '_' grouping, and float 'g'/'%'/no-type rules. Float digits are exact (py_float.ts).

import { formatExp, formatFixed as formatFixedExact, pyFloatRepr } from "../../runtime/print/py_float.ts";

/**
 * `'%.Nf' % x` digits. JS toFixed rounds exact decimal ties away from zero where Python rounds them to
 * even; a tie is only possible when x * 2^(N+1) is an integer, so other values take the fast path.
 */
export function formatFixed(x: number, prec: number): string {
  if (prec <= 20 && Math.abs(x) < 1e21) {
    if (!Number.isInteger(x * 2 ** (prec + 1))) return x.toFixed(prec);
    // x = m / 2^(prec+1), so 2 * x * 10^prec = m * 5^prec is an integer, exact while below 2^53.
    const n2 = Math.abs(x) * 2 * 10 ** prec;
    if (n2 < 9007199254740992) {
      if (n2 % 2 === 0 && !Object.is(x, -0)) return x.toFixed(prec);
      if (n2 % 2 === 1) {
        let k = (n2 - 1) / 2;
        if (k % 2 === 1) k += 1; // exact tie: round half to even
        let digits = String(k);
        if (prec > 0) {
          digits = digits.padStart(prec + 1, "0");
          digits = digits.slice(0, digits.length - prec) + "." + digits.slice(digits.length - prec);
        }
        return (x < 0 ? "-" : "") + digits;
      }
    }
  }
  return formatFixedExact(x, prec);
}
import { pyErr } from "./exceptions.ts";

export interface FormatSpec {
  fill: string;
  align: string | null;
  sign: string;
  z: boolean;
  alt: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

const specCache = new Map<string, FormatSpec>();

/** Parses a format spec (cached: scripts reuse a handful of specs in loops). */
export function parseSpec(spec: string): FormatSpec {
  let s = specCache.get(spec);
  if (s === undefined) {
    s = parseSpecUncached(spec);
    if (specCache.size < 4096) specCache.set(spec, s);
  }
  return s;
}

function parseSpecUncached(spec: string): FormatSpec {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/s.exec(spec);
  if (!m) throw pyErr("ValueError", "Invalid format specifier");
  const zero = m[6] !== undefined;
  return {
    fill: m[1] ?? (zero && !m[2] ? "0" : " "),
    align: m[2] ?? (zero ? "=" : null),
    sign: m[3] ?? "-",
    z: m[4] !== undefined,
    alt: m[5] !== undefined,
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? "",
    precision: m[9] !== undefined ? Number(m[9]) : null,
    type: m[10] ?? "",
  };
}

/** Pads `body` (with `prefix` = sign and 0x-style prefix) to the spec's width. */
function pad(prefix: string, body: string, s: FormatSpec, defaultAlign: string): string {
  const len = prefix.length + body.length;
  if (s.width <= len) return prefix + body;
  const n = s.width - len;
  const align = s.align ?? defaultAlign;
  const fill = s.fill;
  switch (align) {
    case "<":
      return prefix + body + fill.repeat(n);
    case "^": {
      const left = Math.floor(n / 2);
      return fill.repeat(left) + prefix + body + fill.repeat(n - left);
    }
    case "=":
      return prefix + fill.repeat(n) + body;
    default:
      return fill.repeat(n) + prefix + body;
  }
}

/** Inserts grouping separators into a run of digits, every `every` from the right. */
function group(digits: string, sep: string, every: number): string {
  if (!sep) return digits;
  let out = "";
  let count = 0;
  for (let i = digits.length - 1; i >= 0; i--) {
    out = digits[i] + out;
    if (++count % every === 0 && i > 0) out = sep + out;
  }
  return out;
}

/** Zero padding with grouping must group the padding too ('{:010,}' -> '00,001,234'). */
function groupedZeroPad(intPart: string, s: FormatSpec, otherLen: number, every: number): string {
  if (!(s.align === "=" && s.fill === "0" && s.grouping)) return group(intPart, s.grouping, every);
  let digits = intPart;
  let g = group(digits, s.grouping, every);
  while (g.length + otherLen < s.width) {
    digits = "0" + digits;
    g = group(digits, s.grouping, every);
  }
  return g;
}

function signOf(neg: boolean, s: FormatSpec): string {
  if (neg) return "-";
  return s.sign === "+" ? "+" : s.sign === " " ? " " : "";
}

export function formatStr(x: string, spec: string): string {
  if (spec === "") return x;
  const s = parseSpec(spec);
  if (s.type !== "" && s.type !== "s") {
    throw pyErr("ValueError", `Unknown format code '${s.type}' for object of type 'str'`);
  }
  if (s.sign !== "-" || s.alt) throw pyErr("ValueError", "Sign not allowed in string format specifier");
  if (s.align === "=") throw pyErr("ValueError", "'=' alignment not allowed in string format specifier");
  const body = s.precision !== null ? x.slice(0, s.precision) : x;
  return pad("", body, s, "<");
}

export function formatInt(x: number | bigint, spec: string): string {
  if (spec === "") return String(x);
  const s = parseSpec(spec);
  const t = s.type;
  if ("eEfFgG%".includes(t) && t !== "") return formatFloatSpec(Number(x), s);
  if (s.precision !== null) throw pyErr("ValueError", "Precision not allowed in integer format specifier");
  const neg = x < 0;
  const abs = neg ? -x : x;
  let digits: string;
  let prefix = "";
  let every = 3;
  switch (t) {
    case "":
    case "d":
    case "n":
      digits = abs.toString();
      break;
    case "b":
      digits = abs.toString(2);
      prefix = s.alt ? "0b" : "";
      every = 4;
      break;
    case "o":
      digits = abs.toString(8);
      prefix = s.alt ? "0o" : "";
      every = 4;
      break;
    case "x":
    case "X":
      digits = abs.toString(16);
      if (t === "X") digits = digits.toUpperCase();
      prefix = s.alt ? (t === "x" ? "0x" : "0X") : "";
      every = 4;
      break;
    case "c":
      return pad("", String.fromCodePoint(Number(x)), s, ">");
    default:
      throw pyErr("ValueError", `Unknown format code '${t}' for object of type 'int'`);
  }
  const pre = signOf(neg, s) + prefix;
  return pad(pre, groupedZeroPad(digits, s, pre.length, every), s, ">");
}

export function formatFloat(x: number, spec: string): string {
  if (spec === "") return pyFloatRepr(x);
  return formatFloatSpec(x, parseSpec(spec));
}

/** 'g' formatting: significant digits p, trailing zeros removed unless alt. */
function formatG(a: number, p: number, alt: boolean, upper: boolean, addDot0: boolean): string {
  if (p === 0) p = 1;
  if (a === 0) {
    const z = alt ? "0." + "0".repeat(p - 1) : addDot0 ? "0.0" : "0";
    return z;
  }
  const e = formatExp(a, p - 1);
  const exp = Number(e.slice(e.indexOf("e") + 1));
  let out: string;
  if (exp >= -4 && exp < p) {
    out = formatFixed(a, p - 1 - exp);
    if (!alt && out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
    if (addDot0 && !out.includes(".")) out += ".0";
  } else {
    let mant = e.slice(0, e.indexOf("e"));
    if (!alt && mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    out = mant + e.slice(e.indexOf("e"));
  }
  return upper ? out.toUpperCase() : out;
}

function formatFloatSpec(x: number, s: FormatSpec): string {
  let t = s.type;
  let neg = x < 0 || Object.is(x, -0);
  let a = Math.abs(x);
  let body: string;
  let suffix = "";
  if (Number.isNaN(x)) neg = false;
  if (!Number.isFinite(x)) {
    body = Number.isNaN(x) ? "nan" : "inf";
    if ("EFG".includes(t) && t !== "") body = body.toUpperCase();
    if (t === "%") suffix = "%";
    return pad(signOf(neg, s), body + suffix, { ...s, fill: s.fill === "0" && s.align === "=" ? " " : s.fill }, ">");
  }
  const prec = s.precision;
  switch (t) {
    case "f":
    case "F":
      body = formatFixed(a, prec ?? 6);
      break;
    case "e":
    case "E":
      body = formatExp(a, prec ?? 6);
      if (t === "E") body = body.toUpperCase();
      break;
    case "%":
      a *= 100;
      body = formatFixed(a, prec ?? 6);
      suffix = "%";
      break;
    case "g":
    case "G":
    case "n":
      body = formatG(a, prec ?? 6, s.alt, t === "G", false);
      break;
    case "":
      body = prec === null ? pyFloatRepr(a) : formatG(a, prec, s.alt, false, true);
      break;
    default:
      throw pyErr("ValueError", `Unknown format code '${t}' for object of type 'float'`);
  }
  if (s.alt && !body.includes(".") && "fF%eE".includes(t) && t !== "") {
    const ei = body.search(/[eE]/);
    body = ei < 0 ? body + "." : body.slice(0, ei) + "." + body.slice(ei);
  }
  if (s.z && neg && /^[0.]*(e.*)?$/i.test(body.replace(/[eE][-+]\d+$/, ""))) neg = false;
  if (!s.grouping && !(s.align === "=" && s.fill === "0")) return pad(signOf(neg, s), body + suffix, s, ">");
  // Grouping applies to the integer part only.
  const dot = body.search(/[.eE]/);
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const rest = (dot < 0 ? "" : body.slice(dot)) + suffix;
  const pre = signOf(neg, s);
  const grouped = groupedZeroPad(intPart, s, pre.length + rest.length, 3);
  t = t || "g";
  return pad(pre, grouped + rest, s, ">");
}
