// How Python values are represented in JavaScript. Chosen for speed of the common cases (loop counters,
// list indexing, string handling), measured against the alternatives:
//
//   Python        JavaScript
//   int           number when |v| <= 2^53-1 (always an integral double), bigint beyond that. Every int
//                 operation normalises its result: a bigint that fits back in the safe range becomes a
//                 number again, so `typeof x === "number"` is the fast path everywhere.
//   float         PyFloat, a tiny box around a double. Boxing the *float* (not the int) keeps integer
//                 loops allocation-free and lets `2.0` print as `2.0`; V8 allocates short-lived boxes
//                 cheaply (young generation).
//   bool          boolean (a Python int subclass: arithmetic on it goes through the slow path).
//   None          null. `undefined` is never a Python value: it means "missing" (unset local, absent
//                 key, missing argument); natives returning undefined are normalised to null.
//   str           string (UTF-16 code units: astral characters count as two, a documented gap).
//   list          Array (the raw JS array: no wrapper).
//   tuple         PyTuple, a wrapper around a frozen-by-convention Array (`items`).
//   dict/set      PyDict / PySet (dict.ts, set.ts).
//   functions     PyFunction (compiled tsl code), PyBuiltin (native), PyMethod (bound).
//   instances     PyObject (or any JS object carrying `$cls`); attributes live in `$d`.
//
// Every Python-visible object other than the primitives above answers `$cls` (its PyType), either as an
// own property (instances of Python classes) or on its JS prototype (natives).

declare global {
  interface Array<T> {
    /** The Python type (list, or a list subclass); see types.ts. */
    $cls: any;
    $d?: any;
  }
}

/** Python float. */
export class PyFloat {
  constructor(readonly v: number) {}
}

/** Python tuple (and the storage of tuple subclasses such as torch.Size or namedtuples). */
export class PyTuple {
  declare $cls: any;
  declare $d: any;
  constructor(readonly items: any[]) {}
}

/** The attribute storage of instances, classes and modules: a fast-mode object with no inherited keys. */
// deno-lint-ignore no-explicit-any
export const Namespace = function Namespace(this: any) {} as unknown as { new (): Record<string, any> };
Namespace.prototype = Object.create(null);

export function newNamespace(): Record<string, any> {
  return new Namespace();
}

/** Instances of Python classes (and of natives with no JS class of their own). */
export class PyObject {
  $d: Record<string, any> = new Namespace();
  constructor(public $cls: any) {}
}

/** Marker returned by iterators' next() when exhausted (instead of throwing StopIteration). */
export const DONE: unique symbol = Symbol("DONE");

/** Python's NotImplemented and Ellipsis singletons. */
export class PySingleton {
  declare $cls: any;
  constructor(readonly name: string) {}
}
export const NotImplemented = new PySingleton("NotImplemented");
export const Ellipsis = new PySingleton("Ellipsis");

export const MAX_SAFE = 9007199254740991;

/** Normalise a bigint result: back to number when it fits. */
export function normBig(b: bigint): number | bigint {
  return b <= 9007199254740991n && b >= -9007199254740991n ? Number(b) : b;
}

export const isInt = (x: any): boolean => typeof x === "number" || typeof x === "bigint";

export function tuple(items: any[]): PyTuple {
  return new PyTuple(items);
}

export const EMPTY_TUPLE = new PyTuple([]);

export function float(v: number): PyFloat {
  return new PyFloat(v);
}
