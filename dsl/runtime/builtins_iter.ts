// Iteration builtins: range, enumerate, zip, map, filter, reversed, iter, next, sorted, sum, min, max,
// any, all, list/tuple/set construction helpers.

import { DONE, PyTuple } from "./values.ts";
import { PyType, T_object, T_range, typeOf } from "./types.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { call1, call2, nativeFn, NativeProperty, PyBuiltin } from "./functions.ts";
import {
  adaptIterator,
  ArrayIter,
  getIter,
  type Iter,
  nextOrStop,
  PyIterAdapter,
  registerNativeIter,
  stopIteration,
  toArray,
} from "./iteration.ts";
import { PyRange, RangeIter } from "./slices.ts";
import { defMethod } from "./define.ts";
import { ltBool, truthy } from "./compare.ts";
import { sortArray } from "./sorting.ts";
import { add } from "./ops.ts";
import { abandon, indexValue } from "./convert.ts";
import { len } from "./items.ts";
import { callMethod0 } from "./attributes.ts";

function iterType(name: string): PyType {
  return new PyType(name, [T_object]);
}

/** Installs __iter__/__next__ on a JS iterator class's Python type. */
function iterClass(cls: any, t: PyType): void {
  cls.prototype.$cls = t;
  registerNativeIter(cls);
  defMethod(t, "__iter__(self, /)", (s) => s);
  defMethod(t, "__next__(self, /)", (s) => nextOrStop(s));
}
for (
  const t of [
    "list_iterator",
    "tuple_iterator",
    "str_ascii_iterator",
    "dict_keyiterator",
    "dict_valueiterator",
    "dict_itemiterator",
  ]
) {
  void t;
}
export function installIterMethods(t: PyType): void {
  defMethod(t, "__iter__(self, /)", (s) => s);
  defMethod(t, "__next__(self, /)", (s) => nextOrStop(s));
}

const T_range_iterator = iterType("range_iterator");
iterClass(RangeIter, T_range_iterator);

export const HOOK_SLICE = {
  isSlice: (_x: any): boolean => false,
  prop: (_n: string, _g: (x: any) => any): any => null,
};

// ---------------------------------------------------------------- range
function intArg(x: any): number {
  if (typeof x === "number") return x;
  const v = indexValue(x);
  if (v instanceof Promise) {
    abandon(v);
    throw typeErr("range() arguments must be integers");
  }
  return Number(v);
}
T_range.make = (_cls, args) => {
  if (args.length === 0) throw typeErr("range expected at least 1 argument, got 0");
  if (args.length > 3) throw typeErr(`range expected at most 3 arguments, got ${args.length}`);
  // A GPU tensor's __index__ reads it asynchronously.
  const values = args.map((x) => (typeof x === "number" ? x : indexValue(x)));
  if (values.some((v) => v instanceof Promise)) return Promise.all(values).then((v) => makeRange(v.map(Number)));
  return makeRange(values.map(Number));
};

function makeRange(args: number[]): PyRange {
  const [a, b, c] = args;
  if (args.length === 1) return new PyRange(0, a, 1);
  const step = args.length === 3 ? c : 1;
  if (step === 0) throw pyErr("ValueError", "range() arg 3 must not be zero");
  return new PyRange(a, b, step);
}
defMethod(T_range, "__iter__(self, /)", (r: PyRange) => new RangeIter(r));
defMethod(T_range, "__len__(self, /)", (r: PyRange) => r.length);
defMethod(T_range, "__getitem__(self, i, /)", (r: PyRange, i) => {
  if (HOOK_SLICE.isSlice(i)) {
    const [s, e, st] = i.indices(r.length);
    return new PyRange(r.at(s), r.at(e), r.step * st);
  }
  let n = intArg(i);
  if (n < 0) n += r.length;
  if (n < 0 || n >= r.length) throw pyErr("IndexError", "range object index out of range");
  return r.at(n);
});
defMethod(T_range, "__contains__(self, x, /)", (r: PyRange, x) => typeof x === "number" && r.has(x));
defMethod(
  T_range,
  "__reversed__(self, /)",
  (r: PyRange) => new RangeIter(new PyRange(r.at(r.length - 1), r.start - r.step, -r.step)),
);
defMethod(
  T_range,
  "__repr__(self, /)",
  (r: PyRange) => r.step === 1 ? `range(${r.start}, ${r.stop})` : `range(${r.start}, ${r.stop}, ${r.step})`,
);
defMethod(
  T_range,
  "__eq__(self, o, /)",
  (r: PyRange, o) =>
    o instanceof PyRange && r.length === o.length &&
    (r.length === 0 || (r.start === o.start && (r.length === 1 || r.step === o.step))),
);
defMethod(T_range, "index(self, x, /)", (r: PyRange, x) => {
  if (!r.has(x)) throw pyErr("ValueError", `${x} is not in range`);
  return (x - r.start) / r.step;
});
defMethod(T_range, "count(self, x, /)", (r: PyRange, x) => (r.has(x) ? 1 : 0));
for (const p of ["start", "stop", "step"] as const) {
  T_range.$d[p] = new NativeProperty(p, (r: PyRange) => r[p]);
}

// ---------------------------------------------------------------- lazy iterator objects
class EnumerateIter implements Iter {
  constructor(readonly it: Iter, public n: any) {}
  next(): any {
    const v = this.it.next();
    if (v instanceof Promise) return v.then((x) => (x === DONE ? DONE : new PyTuple([this.n++, x])));
    if (v === DONE) return DONE;
    return new PyTuple([this.n++, v]);
  }
}
iterClass(EnumerateIter, iterType("enumerate"));

class ZipIter implements Iter {
  constructor(readonly its: Iter[], readonly strict: boolean) {}
  next(): any {
    if (this.its.length === 0) return DONE; // zip() of nothing is empty, not endless empty tuples
    const vals: any[] = [];
    for (let i = 0; i < this.its.length; i++) {
      const v = this.its[i].next();
      if (v instanceof Promise) return this.rest(vals, i, v);
      if (v === DONE) return DONE;
      vals.push(v);
    }
    return new PyTuple(vals);
  }
  private async rest(vals: any[], i: number, first: Promise<any>): Promise<any> {
    let v = await first;
    for (;;) {
      if (v === DONE) return DONE;
      vals.push(v);
      if (++i >= this.its.length) return new PyTuple(vals);
      v = await this.its[i].next();
    }
  }
}
iterClass(ZipIter, iterType("zip"));

class MapIter implements Iter {
  constructor(readonly f: any, readonly its: Iter[]) {}
  async next(): Promise<any> {
    const args: any[] = [];
    for (const it of this.its) {
      const v = await it.next();
      if (v === DONE) return DONE;
      args.push(v);
    }
    return HOOK_CALL.callArgs(this.f, args, null);
  }
}
iterClass(MapIter, iterType("map"));

class FilterIter implements Iter {
  constructor(readonly f: any, readonly it: Iter) {}
  async next(): Promise<any> {
    for (;;) {
      const v = await this.it.next();
      if (v === DONE) return DONE;
      const keep = this.f === null ? truthy(v) : truthy(await call1(this.f, v));
      if (await keep) return v;
    }
  }
}
iterClass(FilterIter, iterType("filter"));

class ReversedIter implements Iter {
  i: number;
  constructor(readonly items: any[]) {
    this.i = items.length - 1;
  }
  next(): any {
    return this.i >= 0 ? this.items[this.i--] : DONE;
  }
}
iterClass(ReversedIter, iterType("list_reverseiterator"));

export const HOOK_CALL = { callArgs: null as unknown as (f: any, a: any[], kw: any) => any };

async function iters(xs: any[]): Promise<Iter[]> {
  const out: Iter[] = [];
  for (const x of xs) out.push(await getIter(x));
  return out;
}

// ---------------------------------------------------------------- builtin functions
export const iterBuiltins: Record<string, PyBuiltin> = {
  enumerate: nativeFn("enumerate(iterable, start=0)", (x, start) => {
    const it = getIter(x);
    const s = start ?? 0;
    return it instanceof Promise ? it.then((i) => new EnumerateIter(i, s)) : new EnumerateIter(it, s);
  }),
  zip: nativeFn("zip(*iterables, strict=False)", async (xs: any[], strict) => new ZipIter(await iters(xs), !!strict)),
  map: nativeFn(
    "map(func, iterable, /, *iterables)",
    async (f, x, xs: any[]) => new MapIter(f, await iters([x, ...xs])),
  ),
  filter: nativeFn("filter(function, iterable, /)", async (f, x) => new FilterIter(f, await getIter(x))),
  reversed: nativeFn("reversed(sequence, /)", (x) => {
    if (Array.isArray(x)) return new ReversedIter(x.slice());
    if (x instanceof PyTuple) return new ReversedIter(x.items);
    if (typeof x === "string") return new ReversedIter([...x]);
    const f = typeOf(x).lookup("__reversed__");
    if (f !== undefined) {
      const r = call1(f, x);
      return r instanceof Promise ? r.then(adaptIterator) : r;
    }
    const items = toArray(x);
    return items instanceof Promise ? items.then((a: any[]) => new ReversedIter(a)) : new ReversedIter(items);
  }),
  iter: nativeFn("iter(object, sentinel=None, /)", (x, sentinel) => {
    if (sentinel !== undefined) return new ArrayIter([]);
    // iter() returns the very object __iter__ gave, not the internal adapter around it.
    const it = getIter(x);
    const own = (i: any) => (i instanceof PyIterAdapter ? i.obj : i);
    return it instanceof Promise ? it.then(own) : own(it);
  }),
  next: nativeFn("next(iterator, default=None, /)", (it, dflt) => {
    const iter = it?.next !== undefined && typeof it.next === "function" && it.$cls ? it : adaptIterator(it);
    const v = iter.next();
    const fin = (x: any) => {
      if (x === DONE) {
        if (dflt !== undefined) return dflt;
        throw stopIteration(iter);
      }
      return x;
    };
    return v instanceof Promise ? v.then(fin) : fin(v);
  }),
  sorted: nativeFn("sorted(iterable, /, *, key=None, reverse=False)", (x, key, reverse) => {
    const items = toArray(x);
    const go = (xs: any[]) => {
      const copy = xs.slice();
      const r = sortArray(copy, key ?? null, !!reverse);
      return r instanceof Promise ? r.then(() => copy) : copy;
    };
    return items instanceof Promise ? items.then(go) : go(items);
  }),
  sum: nativeFn("sum(iterable, /, start=0)", (x, start) => {
    const items = toArray(x);
    const go = (xs: any[]) => sumFrom(xs, 0, start ?? 0);
    return items instanceof Promise ? items.then(go) : go(items);
  }),
  min: nativeFn("min(*args, key=None, default=None)", (args, key, dflt) => minmax(args, key, dflt, "min", false)),
  max: nativeFn("max(*args, key=None, default=None)", (args, key, dflt) => minmax(args, key, dflt, "max", true)),
  any: nativeFn("any(iterable, /)", async (x) => {
    const it = await getIter(x);
    for (let v = await it.next(); v !== DONE; v = await it.next()) if (await truthy(v)) return true;
    return false;
  }),
  all: nativeFn("all(iterable, /)", async (x) => {
    const it = await getIter(x);
    for (let v = await it.next(); v !== DONE; v = await it.next()) if (!(await truthy(v))) return false;
    return true;
  }),
  len: nativeFn("len(obj, /)", len),
};

function sumFrom(xs: any[], i: number, acc: any): any {
  for (; i < xs.length; i++) {
    const x = xs[i];
    if (typeof acc === "number" && typeof x === "number") {
      const r = acc + x;
      if (r <= 9007199254740991 && r >= -9007199254740991) {
        acc = r;
        continue;
      }
    }
    const r = add(acc, x);
    if (r instanceof Promise) {
      const next = i + 1;
      return r.then((v) => sumFrom(xs, next, v));
    }
    acc = r;
  }
  return acc;
}

async function minmax(args: any[], key: any, dflt: any, name: string, isMax: boolean): Promise<any> {
  let items: any[];
  if (args.length === 0) throw typeErr(`${name} expected at least 1 argument, got 0`);
  if (args.length === 1) {
    items = await toArray(args[0]);
    if (items.length === 0) {
      if (dflt !== undefined) return dflt;
      throw pyErr("ValueError", `${name}() arg is an empty sequence`);
    }
  } else {
    if (dflt !== undefined) throw typeErr(`Cannot specify a default for ${name}() with multiple positional arguments`);
    items = args;
  }
  let best = items[0];
  let bestKey = key ? await call1(key, best) : best;
  for (let i = 1; i < items.length; i++) {
    const x = items[i];
    const k = key ? await call1(key, x) : x;
    const better = isMax ? await ltBool(bestKey, k) : await ltBool(k, bestKey);
    if (better) {
      best = x;
      bestKey = k;
    }
  }
  return best;
}

export { call2, callMethod0 };
