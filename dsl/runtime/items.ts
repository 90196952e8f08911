// Subscription: `o[k]`, `o[k] = v`, `del o[k]`. Exact lists, dicts, tuples and strs take inline paths;
// everything else (subclasses, natives such as tensors, tsl classes) goes through
// __getitem__/__setitem__/__delitem__.

import { PyTuple } from "./values.ts";
import { PyType, T_dict, T_list, T_tuple, typeOf } from "./types.ts";
import { indexErr, pyErr, typeErr } from "./exceptions.ts";
import { call1, call2, call3 } from "./functions.ts";
import { PyDict } from "./dict.ts";
import { PySlice, seqIndex, sliceArray, sliceLength, sliceString } from "./slices.ts";
import { indexValue } from "./convert.ts";
import { toArray } from "./iteration.ts";

function badIndex(what: string, k: any): any {
  return typeErr(`${what} indices must be integers or slices, not ${typeOf(k).name}`);
}

/** An index as a JS number (or a Promise of one), accepting bool and __index__ objects. */
function asIndex(k: any, what: string): any {
  if (typeof k === "number") return k;
  if (typeof k === "boolean") return k ? 1 : 0;
  if (typeof k === "bigint") return Number(k);
  if (typeOf(k).lookup("__index__") === undefined) throw badIndex(what, k);
  const v = indexValue(k);
  return v instanceof Promise ? v.then(Number) : Number(v);
}

export function listGetItem(a: any[], k: any): any {
  if (typeof k === "number") {
    const i = k < 0 ? k + a.length : k;
    if (i >= 0 && i < a.length) return a[i];
    throw indexErr("list index out of range");
  }
  if (k instanceof PySlice) return sliceArray(a, k);
  const i = asIndex(k, "list");
  if (i instanceof Promise) return i.then((n) => listGetItem(a, n));
  return listGetItem(a, i);
}

export function tupleGetItem(t: PyTuple, k: any): any {
  if (typeof k === "number") return t.items[seqIndex(k, t.items.length, "tuple index out of range")];
  if (k instanceof PySlice) return new PyTuple(sliceArray(t.items, k));
  const i = asIndex(k, "tuple");
  if (i instanceof Promise) return i.then((n) => tupleGetItem(t, n));
  return tupleGetItem(t, i);
}

export function strGetItem(s: string, k: any): any {
  if (typeof k === "number") return s[seqIndex(k, s.length, "string index out of range")];
  if (k instanceof PySlice) return sliceString(s, k);
  if (typeOf(k).lookup("__index__") === undefined && typeof k !== "boolean") {
    throw typeErr(`string indices must be integers, not '${typeOf(k).name}'`);
  }
  const i = asIndex(k, "string");
  if (i instanceof Promise) return i.then((n) => strGetItem(s, n));
  return strGetItem(s, i);
}

/** dict[k], with __missing__ for subclasses (defaultdict). */
export function dictGetItem(d: PyDict, k: any): any {
  const v = d.get(k);
  if (v instanceof Promise) return v.then((x) => (x === undefined ? missingKey(d, k) : x));
  if (v === undefined) return missingKey(d, k);
  return v;
}

function missingKey(d: PyDict, k: any): any {
  if (d.$cls !== T_dict) {
    const m = typeOf(d).lookup("__missing__");
    if (m !== undefined) return call2(m, d, k);
  }
  throw pyErr("KeyError", k);
}

export function getItem(o: any, k: any): any {
  if (Array.isArray(o) && o.$cls === T_list) return listGetItem(o, k);
  if (o instanceof PyDict && o.$cls === T_dict) return dictGetItem(o, k);
  if (typeof o === "string") return strGetItem(o, k);
  if (o instanceof PyTuple && o.$cls === T_tuple) return tupleGetItem(o, k);
  const t = typeOf(o);
  const f = t.lookup("__getitem__");
  if (f !== undefined) return call2(f, o, k);
  if (o instanceof PyType) {
    const cg = o.lookup("__class_getitem__");
    if (cg !== undefined) return call2(cg.func ?? cg, o, k);
    return o; // typing-style generics (list[int]) mean nothing to tsl
  }
  throw typeErr(`'${t.name}' object is not subscriptable`);
}

export function listSetItem(a: any[], k: any, v: any): any {
  if (typeof k === "number") {
    const i = k < 0 ? k + a.length : k;
    if (i < 0 || i >= a.length) throw indexErr("list assignment index out of range");
    a[i] = v;
    return;
  }
  if (k instanceof PySlice) {
    const items = toArray(v);
    if (items instanceof Promise) return items.then((xs) => assignSlice(a, k, xs));
    return assignSlice(a, k, items);
  }
  const i = asIndex(k, "list");
  if (i instanceof Promise) return i.then((n) => listSetItem(a, n, v));
  return listSetItem(a, i, v);
}

function assignSlice(a: any[], s: PySlice, items0: any[]): void {
  const items = items0 === a ? items0.slice() : items0;
  const [start, stop, step] = s.indices(a.length);
  if (step === 1) {
    a.splice(start, Math.max(0, stop - start), ...items);
    return;
  }
  const n = sliceLength(start, stop, step);
  if (n !== items.length) {
    throw pyErr("ValueError", `attempt to assign sequence of size ${items.length} to extended slice of size ${n}`);
  }
  for (let j = 0, i = start; j < n; j++, i += step) a[i] = items[j];
}

export function setItem(o: any, k: any, v: any): any {
  if (Array.isArray(o) && o.$cls === T_list) return listSetItem(o, k, v);
  if (o instanceof PyDict && o.$cls === T_dict) return o.set(k, v);
  const t = typeOf(o);
  const f = t.lookup("__setitem__");
  if (f !== undefined) return call3(f, o, k, v);
  throw typeErr(`'${t.name}' object does not support item assignment`);
}

export function listDelItem(a: any[], k: any): any {
  if (k instanceof PySlice) {
    const [start, stop, step] = k.indices(a.length);
    if (step === 1) {
      a.splice(start, Math.max(0, stop - start));
      return;
    }
    const n = sliceLength(start, stop, step);
    const drop = new Set<number>();
    for (let j = 0, i = start; j < n; j++, i += step) drop.add(i);
    let w = 0;
    for (let r = 0; r < a.length; r++) if (!drop.has(r)) a[w++] = a[r];
    a.length = w;
    return;
  }
  const i = asIndex(k, "list");
  if (i instanceof Promise) return i.then((n) => listDelItem(a, n));
  const j = i < 0 ? i + a.length : i;
  if (j < 0 || j >= a.length) throw indexErr("list assignment index out of range");
  a.splice(j, 1);
}

export function dictDelItem(d: PyDict, k: any): any {
  const v = d.pop(k);
  if (v instanceof Promise) {
    return v.then((x) => {
      if (x === undefined) throw pyErr("KeyError", k);
    });
  }
  if (v === undefined) throw pyErr("KeyError", k);
}

export function delItem(o: any, k: any): any {
  if (Array.isArray(o) && o.$cls === T_list) return listDelItem(o, k);
  if (o instanceof PyDict && o.$cls === T_dict) return dictDelItem(o, k);
  const t = typeOf(o);
  const f = t.lookup("__delitem__");
  if (f !== undefined) return call2(f, o, k);
  throw typeErr(`'${t.name}' object doesn't support item deletion`);
}

/** len(o). */
export function len(o: any): any {
  if (typeof o === "string") return o.length;
  if (Array.isArray(o) && o.$cls === T_list) return o.length;
  if (o instanceof PyDict && o.$cls === T_dict) return o.map.size;
  if (o instanceof PyTuple && o.$cls === T_tuple) return o.items.length;
  const t = typeOf(o);
  const f = t.lookup("__len__");
  if (f === undefined) throw typeErr(`object of type '${t.name}' has no len()`);
  const r = call1(f, o);
  if (r instanceof Promise) return r.then(checkLen);
  return checkLen(r);
}

function checkLen(n: any): number {
  if (typeof n === "number") {
    if (n < 0) throw pyErr("ValueError", "__len__() should return >= 0");
    return n;
  }
  if (typeof n === "boolean") return n ? 1 : 0;
  const i = indexValue(n);
  if (typeof i === "number") return i;
  throw typeErr(`'${typeOf(n).name}' object cannot be interpreted as an integer`);
}
