// Operations the generated code calls when its inline fast paths do not apply: float-aware arithmetic
// entry points, containment, unpacking, container displays, keyword merging, `yield from`.

import { DONE, PyFloat } from "./values.ts";
import { T_dict, T_list, T_str, T_tuple, typeOf } from "./types.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { binop } from "./arith.ts";
import { eqBool, truthy } from "./compare.ts";
import { call2 } from "./functions.ts";
import { PyDict } from "./dict.ts";
import { PySet } from "./set.ts";
import { getIter, toArray } from "./iteration.ts";
import { PyRange } from "./slices.ts";
import { PyGenerator } from "./generator.ts";
import { DictView } from "./dict_view.ts";
import { getItem } from "./items.ts";

export function add(a: any, b: any): any {
  if (a instanceof PyFloat) {
    if (b instanceof PyFloat) return new PyFloat(a.v + b.v);
    if (typeof b === "number") return new PyFloat(a.v + b);
  } else if (typeof a === "number" && b instanceof PyFloat) return new PyFloat(a + b.v);
  else if (typeof a === "string" && typeof b === "string") return a + b;
  return binop("+", a, b);
}

export function sub(a: any, b: any): any {
  if (a instanceof PyFloat) {
    if (b instanceof PyFloat) return new PyFloat(a.v - b.v);
    if (typeof b === "number") return new PyFloat(a.v - b);
  } else if (typeof a === "number" && b instanceof PyFloat) return new PyFloat(a - b.v);
  return binop("-", a, b);
}

export function mul(a: any, b: any): any {
  if (a instanceof PyFloat) {
    if (b instanceof PyFloat) return new PyFloat(a.v * b.v);
    if (typeof b === "number") return new PyFloat(a.v * b);
  } else if (typeof a === "number" && b instanceof PyFloat) return new PyFloat(a * b.v);
  return binop("*", a, b);
}

export function truediv(a: any, b: any): any {
  if (a instanceof PyFloat) {
    if (b instanceof PyFloat && b.v !== 0) return new PyFloat(a.v / b.v);
    if (typeof b === "number" && b !== 0) return new PyFloat(a.v / b);
  } else if (typeof a === "number" && b instanceof PyFloat && b.v !== 0) return new PyFloat(a / b.v);
  return binop("/", a, b);
}

/** `item in container` as a JS boolean (maybe a Promise). */
export function contains(container: any, item: any): any {
  if (typeof container === "string") {
    if (typeof item !== "string") {
      throw typeErr(`'in <string>' requires string as left operand, not ${typeOf(item).name}`);
    }
    return container.includes(item);
  }
  const t = typeOf(container);
  if (t === T_list) return arrayContains(container, item, 0);
  if (t === T_tuple) return arrayContains(container.items, item, 0);
  if (t === T_dict || container instanceof PySet) return container.has(item);
  if (container instanceof PyRange) {
    if (typeof item === "number") return container.has(item);
    if (typeof item === "boolean") return container.has(item ? 1 : 0);
  }
  if (container instanceof DictView) return container.contains(item);
  const f = t.lookup("__contains__");
  if (f !== undefined) {
    const r = call2(f, container, item);
    return r instanceof Promise ? r.then(truthy) : truthy(r);
  }
  if (t.lookup("__iter__") === undefined && t.lookup("__getitem__") === undefined) {
    throw typeErr(`argument of type '${t.name}' is not iterable`);
  }
  const it = getIter(container);
  if (it instanceof Promise) return it.then((i) => iterContains(i, item));
  return iterContains(it, item);
}

function arrayContains(a: any[], item: any, i: number): any {
  if (typeof item === "number" || typeof item === "string") {
    for (; i < a.length; i++) {
      const x = a[i];
      if (x === item) return true;
      if (typeof x !== typeof item && typeof x === "object" && x !== null) break;
    }
    if (i === a.length) return false;
  }
  for (; i < a.length; i++) {
    const r = eqBool(a[i], item);
    if (r instanceof Promise) {
      const next = i + 1;
      return r.then((v) => v || arrayContains(a, item, next));
    }
    if (r) return true;
  }
  return false;
}

function iterContains(it: any, item: any): any {
  for (;;) {
    const v = it.next();
    if (v instanceof Promise) {
      return v.then((x: any) => {
        if (x === DONE) return false;
        const r = eqBool(x, item);
        return r instanceof Promise ? r.then((b) => b || iterContains(it, item)) : r || iterContains(it, item);
      });
    }
    if (v === DONE) return false;
    const r = eqBool(v, item);
    if (r instanceof Promise) return r.then((b) => b || iterContains(it, item));
    if (r) return true;
  }
}

/** `a, b = value`: exactly n items. */
export function unpack(value: any, n: number): any {
  const items = toArray(value);
  if (items instanceof Promise) return items.then((xs: any[]) => checkCount(xs, n));
  return checkCount(items, n);
}

function checkCount(xs: any[], n: number): any[] {
  if (xs.length > n) throw pyErr("ValueError", `too many values to unpack (expected ${n})`);
  if (xs.length < n) throw pyErr("ValueError", `not enough values to unpack (expected ${n}, got ${xs.length})`);
  return xs;
}

/** `a, *b, c = value`: `before` items, a list, `after` items. */
export function unpackStar(value: any, before: number, after: number): any {
  const items = toArray(value);
  const split = (xs: any[]) => {
    if (xs.length < before + after) {
      throw pyErr("ValueError", `not enough values to unpack (expected at least ${before + after}, got ${xs.length})`);
    }
    return [...xs.slice(0, before), xs.slice(before, xs.length - after), ...xs.slice(xs.length - after)];
  };
  return items instanceof Promise ? items.then(split) : split(items);
}

export function newSet(items: any[]): any {
  const s = new PySet();
  for (let i = 0; i < items.length; i++) {
    const r = s.add(items[i]);
    if (r instanceof Promise) return addRest(s, items, i, r);
  }
  return s;
}

async function addRest(s: PySet, items: any[], i: number, first: Promise<void>): Promise<PySet> {
  await first;
  for (let j = i + 1; j < items.length; j++) await s.add(items[j]);
  return s;
}

/** Marker for `{**m}` entries in dictLiteral's flat key/value list. */
export const SPREAD = Symbol("spread");

export function dictLiteral(kv: any[]): any {
  const d = new PyDict();
  for (let i = 0; i < kv.length; i += 2) {
    if (kv[i] === SPREAD) {
      const r = mergeInto(d, kv[i + 1]);
      if (r instanceof Promise) return r.then(() => dictLiteralFrom(d, kv, i + 2));
      continue;
    }
    const r = d.set(kv[i], kv[i + 1]);
    if (r instanceof Promise) return r.then(() => dictLiteralFrom(d, kv, i + 2));
  }
  return d;
}

async function dictLiteralFrom(d: PyDict, kv: any[], i: number): Promise<PyDict> {
  for (; i < kv.length; i += 2) {
    if (kv[i] === SPREAD) await mergeInto(d, kv[i + 1]);
    else await d.set(kv[i], kv[i + 1]);
  }
  return d;
}

/** d.update(mapping) for a dict or any object with keys() and __getitem__. */
export function mergeInto(d: PyDict, m: any): any {
  if (m instanceof PyDict) {
    for (const [nk, v] of m.map) d.setNorm(nk, m.origKey(nk), v);
    return;
  }
  return (async () => {
    const keys = await toArray(await HOOK_KEYS.keys(m));
    for (const k of keys) {
      let v = getItem(m, k);
      if (v instanceof Promise) v = await v;
      await d.set(k, v);
    }
  })();
}
export const HOOK_KEYS = { keys: null as unknown as (m: any) => any };

/** `f(**m)`: adds a mapping's items to the keyword Map, rejecting duplicates and non-str keys. */
export function mergeKw(kw: Map<string, any>, m: any): any {
  const d = new PyDict();
  const r = mergeInto(d, m);
  const finish = () => {
    for (const [nk, v] of d.map) {
      const k = d.origKey(nk);
      if (typeof k !== "string") throw typeErr("keywords must be strings");
      if (kw.has(k)) throw typeErr(`got multiple values for keyword argument '${k}'`);
      kw.set(k, v);
    }
    return kw;
  };
  return r instanceof Promise ? r.then(finish) : finish();
}

/**
 * The JS generator that `yield from x` delegates to: a PyGenerator's own generator (send/throw/return
 * flow through), or one that yields the items of any other iterable (yielding Promises to wait).
 */
export function yieldFrom(x: any): Generator<any, any, any> {
  if (x instanceof PyGenerator) return x.g;
  return (function* () {
    let it = getIter(x);
    if (it instanceof Promise) it = yield it;
    for (;;) {
      let v = it.next();
      if (v instanceof Promise) v = yield v;
      if (v === DONE) return null;
      yield v;
    }
  })();
}

export { T_str };
