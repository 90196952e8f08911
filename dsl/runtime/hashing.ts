// Python hashing for dict keys and set members, mapped onto JS Map keys.
//
// `keyOf(k)` returns the JS value a PyDict/PySet uses as its Map key, so that keys Python considers equal
// share one Map key: `1`, `1.0` and `True` all become the number 1; str stays a string; tuples become a
// string encoding of their elements; objects with the default identity hash are their own key. Objects
// whose class defines `__hash__`/`__eq__` are resolved (possibly asynchronously) to the first equal key
// already stored, through a per-container bucket table.

import { PyFloat, PyObject, PyTuple } from "./values.ts";
import { typeOf } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { LazyFloat, resolveLazy } from "./lazy_float.ts";

let nextId = 1;
const ids = new WeakMap<object, number>();

/** A stable small integer per object (id()). */
export function objectId(o: any): number {
  if (o === null || (typeof o !== "object" && typeof o !== "function")) return 0;
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/** Set by builtins setup: object.__hash__ (identity hashing). */
export const HASH_HOOKS = {
  objectHash: null as any,
  tupleHash: null as any,
  frozensetKey: null as ((x: any) => string) | null,
};

function floatKey(v: number, box: PyFloat): any {
  if (Number.isNaN(v)) return box; // NaN keys are only equal to themselves (identity)
  if (Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
  return v;
}

/** The Map key for Python key `k`; a Promise only for keys with a Python-level `__hash__`. */
export function keyOf(k: any, buckets: CustomBuckets | null): any {
  switch (typeof k) {
    case "string":
    case "number":
    case "bigint":
      return k;
    case "boolean":
      return k ? 1 : 0;
  }
  if (k === null) return null;
  if (k instanceof PyFloat) return floatKey(k.v, k);
  if (k instanceof LazyFloat) {
    const f = resolveLazy(k);
    return f instanceof Promise ? f.then((v) => floatKey(v.v, v)) : floatKey(f.v, f);
  }
  if (k instanceof PyObject && k.$cls.lookup("__hash__") === HASH_HOOKS.objectHash) return k;
  const t = typeOf(k);
  const h = t.lookup("__hash__");
  if (h === null) throw typeErr(`unhashable type: '${t.name}'`);
  if (k instanceof PyTuple && h === HASH_HOOKS.tupleHash) return tupleKey(k);
  if (h === undefined || h === HASH_HOOKS.objectHash) {
    if (HASH_HOOKS.frozensetKey && t.name === "frozenset") return HASH_HOOKS.frozensetKey(k);
    return k;
  }
  if (buckets === null) throw typeErr("internal: custom hash without bucket table");
  return buckets.resolve(k);
}

/** Encodes a tuple of hashable values as a string; equal tuples give equal strings. */
export function tupleKey(t: PyTuple): string {
  let s = "\u0000(";
  for (const x of t.items) s += elemKey(x) + "\u0000,";
  return s + ")";
}

function elemKey(x: any): string {
  switch (typeof x) {
    case "string":
      return "s" + x.length + ":" + x;
    case "number":
      return "n" + x;
    case "bigint":
      return "n" + x.toString();
    case "boolean":
      return x ? "n1" : "n0";
  }
  if (x === null) return "N";
  if (x instanceof PyFloat) {
    const k = floatKey(x.v, x);
    return typeof k === "object" ? "o" + objectId(x) : "n" + String(k);
  }
  if (x instanceof PyTuple) {
    const h = typeOf(x).lookup("__hash__");
    if (h === null) throw typeErr(`unhashable type: '${typeOf(x).name}'`);
    return tupleKey(x);
  }
  const t = typeOf(x);
  const h = t.lookup("__hash__");
  if (h === null) throw typeErr(`unhashable type: '${t.name}'`);
  if (HASH_HOOKS.frozensetKey && t.name === "frozenset") return HASH_HOOKS.frozensetKey(x);
  return "o" + objectId(x);
}

/** Hash-bucket table for keys whose class defines `__hash__`: maps each key to the canonical stored one. */
export class CustomBuckets {
  private table = new Map<any, any[]>();
  constructor(
    private hashFn: (k: any) => any,
    private eqFn: (a: any, b: any) => any,
  ) {}
  async resolve(k: any): Promise<any> {
    let h = this.hashFn(k);
    if (h instanceof Promise) h = await h;
    let list = this.table.get(h);
    if (list === undefined) {
      list = [];
      this.table.set(h, list);
    }
    for (const c of list) {
      if (c === k) return c;
      let e = this.eqFn(c, k);
      if (e instanceof Promise) e = await e;
      if (e) return c;
    }
    list.push(k);
    return k;
  }
  /** Drops a canonical key that was deleted from the container. */
  async forget(k: any): Promise<void> {
    let h = this.hashFn(k);
    if (h instanceof Promise) h = await h;
    const list = this.table.get(h);
    if (list) list.splice(list.indexOf(k) >>> 0, 1);
  }
}
