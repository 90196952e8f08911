// Rich comparisons (==, !=, <, <=, >, >=), identity-or-equality for containers, and truthiness.
// Results of == and < are Python values (a tensor's __eq__ returns a tensor); the *Bool variants give
// JS booleans for internal use (containment, sorting, list.index). Any of them may return a Promise when a
// tsl dunder method runs.

import { NotImplemented, PyFloat, PyTuple } from "./values.ts";
import { T_list, T_tuple, typeOf } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { call1, call2 } from "./functions.ts";
import { PyDict } from "./dict.ts";
import { HOOKS } from "./hooks.ts";
import { LazyFloat, withResolved } from "./lazy_float.ts";

const num = (x: any): number | bigint | undefined => {
  if (typeof x === "number" || typeof x === "bigint") return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === "boolean") return x ? 1 : 0;
  return undefined;
};

/** Compares two numbers (number|bigint): -1, 0, 1, or NaN when unordered. */
function numCmp(a: number | bigint, b: number | bigint): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === "number" && !Number.isFinite(a)) return Number.isNaN(a) ? NaN : a > 0 ? 1 : -1;
  if (typeof b === "number" && !Number.isFinite(b)) return Number.isNaN(b) ? NaN : b > 0 ? -1 : 1;
  if (typeof a === "number" && !Number.isInteger(a)) return numCmp(Math.floor(a), b) || 1;
  if (typeof b === "number" && !Number.isInteger(b)) return numCmp(a, Math.floor(b)) || -1;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Python `a == b` (a Python value). */
export function eq(a: any, b: any): any {
  if (typeof a === "string" || typeof b === "string") {
    if (typeof a === typeof b) return a === b;
    if (a === null || b === null || typeof a !== "object" && typeof b !== "object") return false;
  }
  const x = num(a);
  if (x !== undefined) {
    const y = num(b);
    if (y !== undefined) return numCmp(x, y) === 0;
  }
  if (a === null || b === null) return a === b;
  if (a instanceof LazyFloat || b instanceof LazyFloat) return withResolved(eq, a, b);
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta === T_list && tb === T_list) return seqEq(a, b);
  if (ta === T_tuple && tb === T_tuple) return seqEq(a.items, b.items);
  return richDunder(a, b, ta, tb, "__eq__", () => a === b);
}

export function ne(a: any, b: any): any {
  const ta = typeOf(a);
  const tb = typeOf(b);
  const fa = ta.lookup("__ne__");
  const fb = tb.lookup("__ne__");
  if ((fa === undefined || fa === NE_DEFAULT.fn) && (fb === undefined || fb === NE_DEFAULT.fn)) {
    const r = eq(a, b);
    if (r instanceof Promise) return r.then(notValue);
    return notValue(r);
  }
  return richDunder(a, b, ta, tb, "__ne__", () => a !== b);
}

function notValue(r: any): any {
  if (typeof r === "boolean") return !r;
  const t = truthy(r);
  if (t instanceof Promise) return t.then((v) => !v);
  return !t;
}

/** Identity-or-equality as a JS boolean (how containers compare elements). */
export function eqBool(a: any, b: any): boolean | Promise<boolean> {
  if (a === b) return true;
  const r = eq(a, b);
  if (typeof r === "boolean") return r;
  if (r instanceof Promise) return r.then((v) => (typeof v === "boolean" ? v : truthy(v)));
  return truthy(r);
}

function seqEq(a: any[], b: any[]): any {
  if (a.length !== b.length) return false;
  return seqEqFrom(a, b, 0);
}

function seqEqFrom(a: any[], b: any[], i: number): any {
  for (; i < a.length; i++) {
    const r = eqBool(a[i], b[i]);
    if (r instanceof Promise) {
      const next = i + 1;
      return r.then((v) => (v ? seqEqFrom(a, b, next) : false));
    }
    if (!r) return false;
  }
  return true;
}

const REFLECT: Record<string, string> = {
  __lt__: "__gt__",
  __gt__: "__lt__",
  __le__: "__ge__",
  __ge__: "__le__",
  __eq__: "__eq__",
  __ne__: "__ne__",
};
const SYMBOL: Record<string, string> = { __lt__: "<", __gt__: ">", __le__: "<=", __ge__: ">=" };

function richDunder(a: any, b: any, ta: any, tb: any, name: string, fallback: () => any): any {
  const fa = ta.lookup(name);
  const fb = tb.lookup(REFLECT[name]);
  const order: [any, any, any][] = [];
  let reflectedTried = false;
  if (ta !== tb && fb !== undefined && tb.isSubclassOf(ta)) {
    order.push([fb, b, a]);
    reflectedTried = true;
  }
  if (fa !== undefined) order.push([fa, a, b]);
  if (!reflectedTried && fb !== undefined) order.push([fb, b, a]);
  return tryRich(order, 0, fallback);
}

function tryRich(order: [any, any, any][], i: number, fallback: () => any): any {
  for (; i < order.length; i++) {
    const [f, x, y] = order[i];
    const r = call2(f, x, y);
    if (r instanceof Promise) {
      const next = i + 1;
      return r.then((v) => (v !== NotImplemented ? v : tryRich(order, next, fallback)));
    }
    if (r !== NotImplemented) return r;
  }
  return fallback();
}

/** `a < b` etc. `op` is the dunder name (__lt__, __le__, __gt__, __ge__). */
export function order(name: string, a: any, b: any): any {
  const x = num(a);
  if (x !== undefined) {
    const y = num(b);
    if (y !== undefined) return cmpResult(name, numCmp(x, y));
  }
  if (typeof a === "string" && typeof b === "string") return cmpResult(name, a < b ? -1 : a > b ? 1 : 0);
  if (a instanceof LazyFloat || b instanceof LazyFloat) return withResolved((p, q) => order(name, p, q), a, b);
  const ta = typeOf(a);
  const tb = typeOf(b);
  if ((ta === T_list && tb === T_list) || (ta === T_tuple && tb === T_tuple)) {
    return seqOrder(name, ta === T_list ? a : a.items, ta === T_list ? b : b.items, 0);
  }
  return richDunder(a, b, ta, tb, name, () => {
    throw typeErr(`'${SYMBOL[name]}' not supported between instances of '${ta.name}' and '${tb.name}'`);
  });
}

function cmpResult(name: string, c: number): boolean {
  switch (name) {
    case "__lt__":
      return c < 0;
    case "__le__":
      return c <= 0;
    case "__gt__":
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Lexicographic ordering: first unequal element decides; else lengths. */
function seqOrder(name: string, a: any[], b: any[], i: number): any {
  for (; i < a.length && i < b.length; i++) {
    const e = eqBool(a[i], b[i]);
    if (e instanceof Promise) {
      const k = i;
      return e.then((v) => (v ? seqOrder(name, a, b, k + 1) : order(name, a[k], b[k])));
    }
    if (!e) return order(name, a[i], b[i]);
  }
  return cmpResult(name, a.length - b.length);
}

export const lt = (a: any, b: any): any => order("__lt__", a, b);
export const le = (a: any, b: any): any => order("__le__", a, b);
export const gt = (a: any, b: any): any => order("__gt__", a, b);
export const ge = (a: any, b: any): any => order("__ge__", a, b);

/** `a < b` as a JS boolean (sorting, min/max). */
export function ltBool(a: any, b: any): boolean | Promise<boolean> {
  if (typeof a === "number" && typeof b === "number") return a < b;
  const r = lt(a, b);
  if (typeof r === "boolean") return r;
  if (r instanceof Promise) return r.then((v) => (typeof v === "boolean" ? v : truthy(v)));
  return truthy(r);
}

/** Python truthiness as a JS boolean (a Promise when a tsl __bool__/__len__ runs). */
export function truthy(x: any): any {
  if (x === true) return true;
  if (x === false || x === null || x === undefined) return false;
  switch (typeof x) {
    case "number":
      return x !== 0;
    case "string":
      return x.length !== 0;
    case "bigint":
      return x !== 0n;
  }
  if (x instanceof PyFloat) return x.v !== 0;
  if (x instanceof LazyFloat) return withResolved(truthy, x);
  const t = typeOf(x);
  if (t === T_list) return x.length !== 0;
  if (t === T_tuple) return (x as PyTuple).items.length !== 0;
  if (x instanceof PyDict && t.lookup("__len__") === PyDictLen.fn) return x.map.size !== 0;
  const b = t.lookup("__bool__");
  if (b !== undefined) {
    const r = call1(b, x);
    if (r instanceof Promise) return r.then(checkBool);
    return checkBool(r);
  }
  const l = t.lookup("__len__");
  if (l !== undefined) {
    const r = call1(l, x);
    if (r instanceof Promise) return r.then((n) => n !== 0);
    return r !== 0 && r !== false;
  }
  return true;
}

/** object.__ne__ (set by object_methods.ts): inverts __eq__. */
export const NE_DEFAULT = { fn: null as any };

/** dict.__len__ (set by dict_methods.ts), to recognise plain dicts quickly. */
export const PyDictLen = { fn: null as any };

function checkBool(r: any): boolean {
  if (typeof r === "boolean") return r;
  // Natives (tensors) may return a nested truth value; accept ints too.
  if (typeof r === "number") return r !== 0;
  throw typeErr(`__bool__ should return bool, returned ${typeOf(r).name}`);
}

/** Python `not x`. */
export function not(x: any): any {
  const t = truthy(x);
  if (t instanceof Promise) return t.then((v) => !v);
  return !t;
}

HOOKS.eq = eqBool;
