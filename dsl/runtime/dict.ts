// Python dict: insertion-ordered, keyed by Python equality (hashing.ts). Lookups by str/int keys are a
// single JS Map access. Methods that may meet a key with a Python-level __hash__ can return a Promise.

import { T_dict } from "./types.ts";
import { CustomBuckets, keyOf } from "./hashing.ts";
import { pyErr } from "./exceptions.ts";
import { HOOKS } from "./hooks.ts";

export class PyDict {
  declare $cls: any;
  declare $d: any;
  /** normalised key → value */
  map = new Map<any, any>();
  /** normalised key → original key, only where they differ (e.g. 1.0 stored under 1). */
  origKeys: Map<any, any> | null = null;
  buckets: CustomBuckets | null = null;

  get size(): number {
    return this.map.size;
  }

  /** The normalised key of k (a Promise only for keys with a Python __hash__). */
  norm(k: any): any {
    if (typeof k === "string" || typeof k === "number") return k;
    return keyOf(k, this.buckets ??= new CustomBuckets(HOOKS.hash, HOOKS.eq));
  }

  origKey(nk: any): any {
    if (this.origKeys === null) return nk;
    const o = this.origKeys.get(nk);
    return o === undefined ? nk : o;
  }

  setNorm(nk: any, k: any, v: any): void {
    if (k !== nk && !this.map.has(nk)) (this.origKeys ??= new Map()).set(nk, k);
    this.map.set(nk, v);
  }

  deleteNorm(nk: any): boolean {
    if (!this.map.delete(nk)) return false;
    this.origKeys?.delete(nk);
    if (this.buckets !== null && typeof nk === "object" && nk !== null) this.buckets.forget(nk);
    return true;
  }

  /** Value for k, or undefined (maybe a Promise). */
  get(k: any): any {
    if (typeof k === "string" || typeof k === "number") return this.map.get(k);
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => this.map.get(n));
    return this.map.get(nk);
  }

  set(k: any, v: any): void | Promise<void> {
    if (typeof k === "string" || typeof k === "number") {
      this.map.set(k, v);
      return;
    }
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => this.setNorm(n, k, v));
    this.setNorm(nk, k, v);
  }

  /** Deletes k; returns the removed value or undefined. */
  pop(k: any): any {
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => this.popNorm(n));
    return this.popNorm(nk);
  }

  private popNorm(nk: any): any {
    const v = this.map.get(nk);
    if (v !== undefined) this.deleteNorm(nk);
    return v;
  }

  has(k: any): boolean | Promise<boolean> {
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => this.map.has(n));
    return this.map.has(nk);
  }

  *keys(): Generator<any> {
    for (const nk of this.map.keys()) yield this.origKey(nk);
  }

  clear(): void {
    this.map.clear();
    this.origKeys = null;
    this.buckets = null;
  }

  copyInto(target: PyDict): PyDict {
    for (const [nk, v] of this.map) target.setNorm(nk, this.origKey(nk), v);
    target.buckets = this.buckets;
    return target;
  }
}
(PyDict.prototype as any).$cls = T_dict;

/** A dict from a JS Map of str keys (**kwargs). */
export function newDictFromMap(m: Map<string, any>): PyDict {
  const d = new PyDict();
  for (const [k, v] of m) d.map.set(k, v);
  return d;
}

/** A dict from plain JS entries whose keys are str/int. */
export function dictFromEntries(entries: Iterable<[any, any]>): PyDict {
  const d = new PyDict();
  for (const [k, v] of entries) d.set(k, v);
  return d;
}

export function keyError(k: any): any {
  return pyErr("KeyError", k);
}
