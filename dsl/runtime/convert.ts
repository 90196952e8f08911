// Reading Python values as JS numbers, booleans and sequences, with the TypeErrors CPython gives.
// Used by builtins and by the binding API (binding.ts re-exports the public ones).

import { PyFloat, PyTuple } from "./values.ts";
import { isinstance, T_str, typeOf } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { call1 } from "./functions.ts";

/** The int value of an int-like (int, bool, objects with __index__). May return a Promise for tsl __index__. */
export function indexValue(x: any): any {
  if (typeof x === "number" || typeof x === "bigint") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  const f = typeOf(x).lookup("__index__");
  if (f !== undefined) return call1(f, x);
  throw typeErr(`'${typeOf(x).name}' object cannot be interpreted as an integer`);
}

/**
 * Marks a Promise that a sync caller gives up on (it raises instead) as handled, so that its rejection
 * (e.g. a tensor's __index__ failing) does not surface later as an unhandled rejection.
 */
export function abandon(p: Promise<unknown>): void {
  p.catch(() => {});
}

/** A JS number from an int-like, for natives (sync only: natives' __index__ must be sync). */
export function toIndex(x: any, what = ""): number {
  const v = indexValue(x);
  if (v instanceof Promise) {
    abandon(v);
    throw typeErr(`${what || "index"}: asynchronous __index__ is not supported here`);
  }
  return Number(v);
}

/** A JS double from int/float/bool or objects with __float__/__index__ (sync). */
export function toDouble(x: any, what = "argument"): number {
  if (typeof x === "number") return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "bigint") return Number(x);
  const t = typeOf(x);
  const f = t.lookup("__float__") ?? t.lookup("__index__");
  if (f !== undefined) {
    const r = call1(f, x);
    if (!(r instanceof Promise)) return toDouble(r, what);
    abandon(r);
  }
  throw typeErr(`must be real number, not ${t.name}`);
}

export function isStr(x: any): x is string {
  return typeof x === "string";
}

/** The items of a list or tuple (no copy), or null. */
export function seqItems(x: any): any[] | null {
  if (Array.isArray(x)) return x;
  if (x instanceof PyTuple) return x.items;
  return null;
}

export function expectStr(x: any, fname: string, argName = "argument"): string {
  if (typeof x === "string") return x;
  if (isinstance(x, T_str)) return String(x);
  throw typeErr(`${fname}() ${argName} must be str, not ${typeOf(x).name}`);
}
