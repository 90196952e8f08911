// Stable sorting with Python's rules: only `<` is used, an optional key function, reverse keeps
// stability. Runs synchronously when every comparison is synchronous; falls back to an async merge sort
// when a tsl __lt__ (or key function) returns Promises.

import { ltBool } from "./compare.ts";
import { call1 } from "./functions.ts";

const ASYNC = Symbol("async");

function cmpSync(a: any, b: any): number {
  const x = ltBool(a, b);
  if (x instanceof Promise) throw ASYNC;
  if (x) return -1;
  const y = ltBool(b, a);
  if (y instanceof Promise) throw ASYNC;
  return y ? 1 : 0;
}

/** Sorts `items` in place (maybe asynchronously). */
export function sortArray(items: any[], key: any, reverse: boolean): any {
  if (key !== null && key !== undefined) {
    const keys: any[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const k = call1(key, items[i]);
      if (k instanceof Promise) return keysAsync(items, keys, i, k, key, reverse);
      keys[i] = k;
    }
    return sortWithKeys(items, keys, reverse);
  }
  // Plain ints or plain strs: equal elements are indistinguishable, so stability is moot and the
  // native sorts apply (numeric TypedArray sort; code-unit string sort, which is what `<` uses).
  if (items.every((x) => typeof x === "number")) {
    const sorted = Float64Array.from(items).sort();
    const n = items.length;
    for (let i = 0; i < n; i++) items[i] = sorted[reverse ? n - 1 - i : i];
    return;
  }
  if (items.every((x) => typeof x === "string")) {
    items.sort();
    if (reverse) items.reverse();
    return;
  }
  return sortWithKeys(items, items.slice(), reverse);
}

async function keysAsync(items: any[], keys: any[], i: number, first: Promise<any>, key: any, reverse: boolean) {
  keys[i] = await first;
  for (let j = i + 1; j < items.length; j++) {
    let k = call1(key, items[j]);
    if (k instanceof Promise) k = await k;
    keys[j] = k;
  }
  return sortWithKeys(items, keys, reverse);
}

function sortWithKeys(items: any[], keys: any[], reverse: boolean): any {
  const idx = items.map((_, i) => i);
  const sign = reverse ? -1 : 1;
  const allNum = keys.every((k) => typeof k === "number");
  const allStr = !allNum && keys.every((k) => typeof k === "string");
  try {
    if (allNum) idx.sort((i, j) => sign * (keys[i] - keys[j]));
    else if (allStr) idx.sort((i, j) => sign * (keys[i] < keys[j] ? -1 : keys[i] > keys[j] ? 1 : 0));
    else idx.sort((i, j) => sign * cmpSync(keys[i], keys[j]));
  } catch (e) {
    if (e !== ASYNC) throw e;
    return mergeSortAsync(idx, keys, sign).then((sorted) => apply(items, sorted));
  }
  apply(items, idx);
}

function apply(items: any[], idx: number[]): void {
  const copy = items.slice();
  for (let i = 0; i < idx.length; i++) items[i] = copy[idx[i]];
}

async function cmpAsync(a: any, b: any): Promise<number> {
  if (await ltBool(a, b)) return -1;
  return (await ltBool(b, a)) ? 1 : 0;
}

async function mergeSortAsync(idx: number[], keys: any[], sign: number): Promise<number[]> {
  if (idx.length <= 1) return idx;
  const mid = idx.length >> 1;
  const left = await mergeSortAsync(idx.slice(0, mid), keys, sign);
  const right = await mergeSortAsync(idx.slice(mid), keys, sign);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const c = sign * (await cmpAsync(keys[right[j]], keys[left[i]]));
    if (c < 0) out.push(right[j++]);
    else out.push(left[i++]);
  }
  return out.concat(left.slice(i), right.slice(j));
}
