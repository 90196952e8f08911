// Python set and frozenset: insertion-ordered JS Maps from normalised key (hashing.ts) to the member.
// (CPython's iteration order for sets is hash order; tsl keeps insertion order, except that small ints
// are kept sorted when printing to match CPython in the common case — see orderedMembers.)

import { T_frozenset, T_set } from "./types.ts";
import { CustomBuckets, HASH_HOOKS, keyOf } from "./hashing.ts";
import { HOOKS } from "./hooks.ts";

export class PySet {
  declare $cls: any;
  declare $d: any;
  map = new Map<any, any>();
  buckets: CustomBuckets | null = null;

  norm(k: any): any {
    if (typeof k === "string" || typeof k === "number") return k;
    return keyOf(k, this.buckets ??= new CustomBuckets(HOOKS.hash, HOOKS.eq));
  }
  add(k: any): void | Promise<void> {
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => void (this.map.has(n) || this.map.set(n, k)));
    if (!this.map.has(nk)) this.map.set(nk, k);
  }
  has(k: any): boolean | Promise<boolean> {
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => this.map.has(n));
    return this.map.has(nk);
  }
  delete(k: any): boolean | Promise<boolean> {
    const nk = this.norm(k);
    if (nk instanceof Promise) return nk.then((n) => this.map.delete(n));
    return this.map.delete(nk);
  }
  members(): any[] {
    return [...this.map.values()];
  }
  get size(): number {
    return this.map.size;
  }
}
(PySet.prototype as any).$cls = T_set;

export class PyFrozenSet extends PySet {}
(PyFrozenSet.prototype as any).$cls = T_frozenset;

/** A frozenset's hash key: the sorted keys of its members (order-independent). */
HASH_HOOKS.frozensetKey = (x: PySet) => {
  const parts = [...x.map.keys()].map((k) => (typeof k === "string" ? "s" + k : typeof k === "object" ? "o" : "n" + k));
  return "\u0000{" + parts.sort().join("\u0000,") + "}";
};

/**
 * The members in the order CPython would print them. CPython orders a set by hash slot: for small
 * non-negative ints that is ascending order, which scripts often rely on when printing; other members keep
 * insertion order.
 */
export function orderedMembers(s: PySet): any[] {
  const m = s.members();
  if (m.length > 1 && m.every((x) => (typeof x === "number" && Math.abs(x) < 2 ** 52) || typeof x === "boolean")) {
    return cpythonIntSetOrder(m);
  }
  return m;
}

/**
 * The iteration order CPython's set table gives int members inserted in this order (hash(n) == n):
 * open addressing with 9 linear probes then perturbation, resized to 4x `used` when 3/5 full.
 */
export function cpythonIntSetOrder(members: any[]): any[] {
  let mask = 7;
  let table: (any | undefined)[] = new Array(8);
  let fill = 0;
  const hashOf = (x: any) => {
    const n = typeof x === "boolean" ? +x : x;
    return n === -1 ? -2 : n;
  };
  const insert = (tab: any[], m: number, x: any) => {
    const h = hashOf(x);
    let perturb = BigInt.asUintN(64, BigInt(h));
    let i = Number(BigInt.asUintN(64, BigInt(h)) & BigInt(m));
    for (;;) {
      if (tab[i] === undefined) {
        tab[i] = x;
        return;
      }
      if (i + 9 <= m) {
        for (let j = 1; j <= 9; j++) {
          if (tab[i + j] === undefined) {
            tab[i + j] = x;
            return;
          }
        }
      }
      perturb >>= 5n;
      i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(m));
    }
  };
  for (const x of members) {
    insert(table, mask, x);
    fill++;
    if (fill * 5 >= mask * 3) {
      const minused = fill > 50000 ? fill * 2 : fill * 4;
      let size = 8;
      while (size <= minused) size <<= 1;
      const old = table;
      table = new Array(size);
      mask = size - 1;
      for (const y of old) if (y !== undefined) insert(table, mask, y);
    }
  }
  return table.filter((x) => x !== undefined);
}
