// The iteration protocol. Internally an iterator is any JS object whose `next()` returns the next value,
// DONE when exhausted, or a Promise of either (tsl-defined __next__ and generators). Builtin iterators are
// JS classes that are also Python objects (they answer __next__/__iter__); Python objects defining
// __iter__/__next__ are adapted. StopIteration is only materialised at the Python boundary.

import { DONE, PyTuple } from "./values.ts";
import { PyType, T_list, T_object, T_str, T_tuple, typeOf } from "./types.ts";
import { EXC, pyErr, PyException, toPyException, typeErr } from "./exceptions.ts";
import { call1 } from "./functions.ts";
import { PyDict } from "./dict.ts";

export interface Iter {
  next(): any;
}

function iterType(name: string): PyType {
  return new PyType(name, [T_object]);
}

export const T_list_iterator = iterType("list_iterator");
export const T_str_iterator = iterType("str_ascii_iterator");
export const T_tuple_iterator = iterType("tuple_iterator");
export const T_dict_keyiterator = iterType("dict_keyiterator");
export const T_dict_valueiterator = iterType("dict_valueiterator");
export const T_dict_itemiterator = iterType("dict_itemiterator");
export const T_callable_iterator = iterType("iterator");

/** Iterates a JS array by index (sees appends made during iteration, like CPython's list iterator). */
export class ArrayIter implements Iter {
  declare $cls: PyType;
  i = 0;
  constructor(readonly a: any[]) {}
  next(): any {
    return this.i < this.a.length ? this.a[this.i++] : DONE;
  }
}
(ArrayIter.prototype as any).$cls = T_list_iterator;

export class TupleIter extends ArrayIter {}
(TupleIter.prototype as any).$cls = T_tuple_iterator;

export class StrIter implements Iter {
  declare $cls: PyType;
  i = 0;
  constructor(readonly s: string) {}
  next(): any {
    return this.i < this.s.length ? this.s[this.i++] : DONE;
  }
}
(StrIter.prototype as any).$cls = T_str_iterator;

/** Iterates a dict's keys / values / items; mutation of the size during iteration is an error. */
export class DictIter implements Iter {
  declare $cls: PyType;
  private it: Iterator<[any, any]>;
  private size: number;
  constructor(readonly d: PyDict, readonly kind: 0 | 1 | 2) {
    this.it = d.map.entries();
    this.size = d.map.size;
    (this as any).$cls = kind === 0 ? T_dict_keyiterator : kind === 1 ? T_dict_valueiterator : T_dict_itemiterator;
  }
  next(): any {
    if (this.d.map.size !== this.size) {
      this.size = -1;
      throw pyErr("RuntimeError", "dictionary changed size during iteration");
    }
    const r = this.it.next();
    if (r.done) return DONE;
    const [nk, v] = r.value;
    if (this.kind === 0) return this.d.origKey(nk);
    if (this.kind === 1) return v;
    return new PyTuple([this.d.origKey(nk), v]);
  }
}

/** Wraps a Python object with __next__. */
export class PyIterAdapter implements Iter {
  constructor(readonly obj: any, readonly nextFn: any) {}
  next(): any {
    let r: any;
    try {
      r = call1(this.nextFn, this.obj);
    } catch (e) {
      return stopToDone(e);
    }
    if (r instanceof Promise) return r.catch(stopToDone);
    return r;
  }
}

function stopToDone(e: any): any {
  const x = toPyException(e);
  if (x.$cls.isSubclassOf(EXC.StopIteration)) return DONE;
  throw x;
}

/** The old sequence protocol: __getitem__(0), (1), ... until IndexError. */
class SeqIter implements Iter {
  i = 0;
  constructor(readonly obj: any, readonly getitem: any) {}
  next(): any {
    const idx = this.i++;
    let r: any;
    try {
      r = HOOK_GETITEM.call2(this.getitem, this.obj, idx);
    } catch (e) {
      return indexToDone(e);
    }
    if (r instanceof Promise) return r.catch(indexToDone);
    return r;
  }
}
export const HOOK_GETITEM = { call2: null as unknown as (f: any, a: any, b: any) => any };

function indexToDone(e: any): any {
  const x = toPyException(e);
  if (x.$cls.isSubclassOf(EXC.IndexError) || x.$cls.isSubclassOf(EXC.StopIteration)) return DONE;
  throw x;
}

/** Builtin __iter__ methods that the fast paths below may bypass (set by setup). */
export const ITER_BUILTINS = { list: null as any, tuple: null as any, dict: null as any, str: null as any };

/** Python iter(x) as an internal iterator (a Promise when a tsl __iter__ runs). */
export function getIter(x: any): any {
  if (typeof x === "string") return new StrIter(x);
  if (x === null || x === undefined) throw typeErr(`'NoneType' object is not iterable`);
  if (typeof x.next === "function" && !(x instanceof PyException) && x.$cls !== undefined && isNativeIter(x)) return x;
  const t: PyType = x.$cls ?? typeOf(x);
  if (t === T_list) return new ArrayIter(x);
  if (t === T_tuple) return new TupleIter(x.items);
  const f = t.lookup("__iter__");
  if (f === ITER_BUILTINS.list) return new ArrayIter(x);
  if (f === ITER_BUILTINS.tuple) return new TupleIter(x.items);
  if (f === ITER_BUILTINS.dict) return new DictIter(x, 0);
  if (f === ITER_BUILTINS.str && t === T_str) return new StrIter(x);
  if (f !== undefined && f !== null) {
    const r = call1(f, x);
    if (r instanceof Promise) return r.then(adaptIterator);
    return adaptIterator(r);
  }
  const gi = t.lookup("__getitem__");
  if (gi !== undefined) return new SeqIter(x, gi);
  throw typeErr(`'${t.name}' object is not iterable`);
}

const nativeIterClasses = new Set<any>();
/** Registers a JS iterator class whose instances are their own Python iterators. */
export function registerNativeIter(cls: any): void {
  nativeIterClasses.add(cls);
}
function isNativeIter(x: any): boolean {
  return nativeIterClasses.has(x.constructor);
}
for (const c of [ArrayIter, TupleIter, StrIter, DictIter]) registerNativeIter(c);

/** The object an __iter__ returned, as an internal iterator. */
export function adaptIterator(r: any): Iter {
  if (r !== null && typeof r === "object" && isNativeIter(r)) return r;
  const t = typeOf(r);
  const n = t.lookup("__next__");
  if (n === undefined) {
    // Natives may return a list or any JS iterable from __iter__; tsl code must return an iterator.
    if (Array.isArray(r)) return new ArrayIter(r);
    if (r !== null && typeof r === "object" && typeof r[Symbol.iterator] === "function") {
      const it = r[Symbol.iterator]();
      return {
        next: () => {
          const x = it.next();
          return x.done ? DONE : x.value;
        },
      };
    }
    throw typeErr(`iter() returned non-iterator of type '${t.name}'`);
  }
  return new PyIterAdapter(r, n);
}

/** All items of an iterable as a JS array (the list itself for lists: do not mutate the result). */
export function toArray(x: any): any {
  if (Array.isArray(x) && x.$cls === T_list) return x;
  if (x instanceof PyTuple && x.$cls === T_tuple) return x.items;
  if (typeof x === "string") return Array.from(x);
  const it = getIter(x);
  if (it instanceof Promise) return it.then((i) => drain(i, []));
  return drain(it, []);
}

/** Collects an iterator's remaining items into `out`. */
export function drain(it: Iter, out: any[]): any {
  for (;;) {
    const v = it.next();
    if (v instanceof Promise) return v.then((x) => (x === DONE ? out : (out.push(x), drain(it, out))));
    if (v === DONE) return out;
    out.push(v);
  }
}

/** Python next(it) semantics on an internal iterator: DONE becomes StopIteration. */
export function nextOrStop(it: Iter): any {
  const v = it.next();
  if (v instanceof Promise) {
    return v.then((x) => {
      if (x === DONE) throw stopIteration(it);
      return x;
    });
  }
  if (v === DONE) throw stopIteration(it);
  return v;
}

/** StopIteration carrying a finished generator's return value. */
export function stopIteration(it: any): any {
  const value = it.stopValue;
  return value === undefined || value === null ? pyErr("StopIteration") : pyErr("StopIteration", value);
}
