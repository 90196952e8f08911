// Python call signatures, parsed once from text (`zeros(*size, dtype=None, requires_grad=False)`) or built
// by the compiler for `def`s, and the binder that maps a call's positional and keyword arguments onto
// parameter slots with CPython's error messages.
//
// Slot layout (shared by compiled functions and natives): positional params (posonly first), then the
// `*args` tuple slot if any, then keyword-only params, then the `**kwargs` dict slot if any.

import { PyFloat, PyTuple } from "./values.ts";
import { typeErr } from "./exceptions.ts";

export interface Signature {
  name: string;
  /** Positional parameter names (positional-only ones first). */
  pos: string[];
  nposonly: number;
  vararg: string | null;
  kwonly: string[];
  kwarg: string | null;
  /** Defaults parsed from signature text (natives only): tail of `pos`, and one per kwonly (undefined: required). */
  posDefaults: any[];
  kwDefaults: any[];
  /** Number of slots: pos + vararg + kwonly + kwarg. */
  nslots: number;
}

export function makeSignature(
  name: string,
  pos: string[],
  nposonly: number,
  vararg: string | null,
  kwonly: string[],
  kwarg: string | null,
  posDefaults: any[] = [],
  kwDefaults: any[] = [],
): Signature {
  const nslots = pos.length + (vararg ? 1 : 0) + kwonly.length + (kwarg ? 1 : 0);
  return { name, pos, nposonly, vararg, kwonly, kwarg, posDefaults, kwDefaults, nslots };
}

/** Parses `name(a, b=1, /, c=2, *args, d, e=3, **kw)`. Defaults must be literals. */
export function parseSignature(text: string): Signature {
  const m = /^\s*([\w.]+)\s*\((.*)\)\s*$/s.exec(text);
  if (!m) throw new Error(`bad signature: ${text}`);
  const pos: string[] = [];
  const posDefaults: any[] = [];
  const kwonly: string[] = [];
  const kwDefaults: any[] = [];
  let nposonly = 0;
  let vararg: string | null = null;
  let kwarg: string | null = null;
  let kwMode = false;
  for (const raw of splitTopLevel(m[2])) {
    const p = raw.trim();
    if (p === "") continue;
    if (p === "/") {
      nposonly = pos.length;
      continue;
    }
    if (p === "*") {
      kwMode = true;
      continue;
    }
    if (p.startsWith("**")) {
      kwarg = p.slice(2).trim();
      continue;
    }
    if (p.startsWith("*")) {
      vararg = p.slice(1).trim();
      kwMode = true;
      continue;
    }
    const eq = p.indexOf("=");
    const pname = (eq < 0 ? p : p.slice(0, eq)).split(":")[0].trim();
    const def = eq < 0 ? undefined : parseLiteral(p.slice(eq + 1).trim(), text);
    if (kwMode) {
      kwonly.push(pname);
      kwDefaults.push(def);
    } else {
      if (def === undefined && posDefaults.length > 0) throw new Error(`non-default after default: ${text}`);
      pos.push(pname);
      if (def !== undefined) posDefaults.push(def);
    }
  }
  return makeSignature(m[1], pos, nposonly, vararg, kwonly, kwarg, posDefaults, kwDefaults);
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let cur = "";
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** A default value written in a signature: None, True, False, numbers, strings, tuples of those. */
function parseLiteral(s: string, sig: string): any {
  if (s === "None") return null;
  if (s === "True") return true;
  if (s === "False") return false;
  if (/^-?\d+$/.test(s)) return Number(s);
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(s) || /^-?(inf|nan)$/.test(s)) {
    return new PyFloat(s.endsWith("inf") ? (s[0] === "-" ? -Infinity : Infinity) : s.endsWith("nan") ? NaN : Number(s));
  }
  if (/^(['"]).*\1$/s.test(s)) return s.slice(1, -1);
  if (s.startsWith("(") && s.endsWith(")")) {
    const inner = splitTopLevel(s.slice(1, -1)).map((x) => x.trim()).filter((x) => x !== "");
    return new PyTuple(inner.map((x) => parseLiteral(x, sig)));
  }
  throw new Error(`unsupported default ${s} in signature ${sig}`);
}

function quoteList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return q.slice(0, -1).join(", ") + ", and " + q[q.length - 1];
}

export function missingError(fname: string, names: string[], kind: "positional" | "keyword-only"): any {
  const s = names.length === 1 ? "" : "s";
  return typeErr(`${fname}() missing ${names.length} required ${kind} argument${s}: ${quoteList(names)}`);
}

function tooManyError(fname: string, sig: Signature, ndef: number, given: number): any {
  const max = sig.pos.length;
  const min = max - ndef;
  const takes = min === max
    ? `${max} positional argument${max === 1 ? "" : "s"}`
    : `from ${min} to ${max} positional arguments`;
  return typeErr(`${fname}() takes ${takes} but ${given} ${given === 1 ? "was" : "were"} given`);
}

/**
 * Maps a call onto slots. `posDefaults`/`kwDefaults` fill missing optional params; pass null to leave
 * them undefined (natives that treat undefined as "use the default"). The `**kwargs` slot receives a Map
 * (the caller wraps it as a dict), the `*args` slot a JS array.
 */
export function bindArgs(
  sig: Signature,
  fname: string,
  args: any[],
  kw: Map<string, any> | null,
  posDefaults: any[] | null,
  kwDefaults: any[] | null,
): any[] {
  const npos = sig.pos.length;
  const slots = new Array(sig.nslots);
  const nargs = args.length;
  const ndefNominal = posDefaults ? posDefaults.length : sig.posDefaults.length;
  if (nargs > npos && !sig.vararg) throw tooManyError(fname, sig, ndefNominal, nargs);
  const ncopy = nargs < npos ? nargs : npos;
  for (let i = 0; i < ncopy; i++) slots[i] = args[i];
  let k = npos;
  if (sig.vararg) slots[k++] = nargs > npos ? args.slice(npos) : [];
  const kwStart = k;
  let extra: Map<string, any> | null = null;
  if (kw !== null && kw.size > 0) {
    let posOnlyAsKw: string[] | null = null;
    for (const [name, value] of kw) {
      const pi = sig.pos.indexOf(name);
      if (pi >= sig.nposonly) {
        if (slots[pi] !== undefined) throw typeErr(`${fname}() got multiple values for argument '${name}'`);
        slots[pi] = value;
        continue;
      }
      const ki = sig.kwonly.indexOf(name);
      if (ki >= 0) {
        slots[kwStart + ki] = value;
        continue;
      }
      if (sig.kwarg) {
        (extra ??= new Map()).set(name, value);
        continue;
      }
      if (pi >= 0) (posOnlyAsKw ??= []).push(name);
      else throw typeErr(`${fname}() got an unexpected keyword argument '${name}'`);
    }
    if (posOnlyAsKw) {
      throw typeErr(
        `${fname}() got some positional-only arguments passed as keyword arguments: '${posOnlyAsKw.join(", ")}'`,
      );
    }
  }
  // Missing positional params: defaults or errors.
  const defs = posDefaults ?? sig.posDefaults;
  const firstDefault = npos - defs.length;
  let missing: string[] | null = null;
  for (let i = nargs; i < npos; i++) {
    if (slots[i] !== undefined) continue;
    if (i >= firstDefault) {
      if (posDefaults !== null) slots[i] = defs[i - firstDefault];
    } else (missing ??= []).push(sig.pos[i]);
  }
  if (missing) throw missingError(fname, missing, "positional");
  const kdefs = kwDefaults ?? sig.kwDefaults;
  for (let i = 0; i < sig.kwonly.length; i++) {
    if (slots[kwStart + i] !== undefined) continue;
    const d = kdefs[i];
    if (d === undefined) (missing ??= []).push(sig.kwonly[i]);
    else if (kwDefaults !== null) slots[kwStart + i] = d;
  }
  if (missing) throw missingError(fname, missing, "keyword-only");
  if (sig.kwarg) slots[sig.nslots - 1] = extra ?? new Map();
  return slots;
}
