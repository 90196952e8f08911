// Python type objects: PyType, the C3 method resolution order, cached attribute lookup along the MRO,
// `typeOf(x)` for every JS representation (values.ts) and isinstance/issubclass.

import { Namespace, PyFloat, PyObject, PySingleton, PyTuple } from "./values.ts";

/**
 * Bumped whenever any class dict changes, invalidating every type's lookup cache and every inline cache
 * in compiled code at once (`EPOCH.v` is read by generated code).
 */
export const EPOCH = { v: 0 };
let epoch = 0;
export function classesChanged(): void {
  epoch++;
  EPOCH.v = epoch;
}

const MISSING = Symbol("missing");

export class PyType {
  declare $cls: PyType;
  $d: Record<string, any> = new Namespace();
  mro: PyType[] = [];
  module = "builtins";
  qualname: string;
  /**
   * Creates a bare instance of this class (before `__init__`). Inherited from the nearest base that
   * defines one: plain classes get a PyObject; BaseException subclasses get a PyException; a native class
   * declared through the binding API supplies its own, so Python subclasses of natives carry native state.
   */
  make: ((cls: PyType, args: any[], kw: Map<string, any> | null) => any) | null = null;
  /** The JS class whose instances are this type (natives); used by instance checks in the binding API. */
  jsClass: any = null;
  private cache = new Map<string, any>();
  private cacheEpoch = -1;
  /**
   * Equals EPOCH.v when instances are "plain": attribute reads/writes of non-dunder names go straight to
   * the instance dict (no property or other data descriptor in the MRO, default __setattr__ and
   * __getattribute__). Compiled code checks it before its inline attribute fast paths.
   */
  plain = -1;
  private plainChecked = -1;
  /** True for types defined by tsl code (their `__module__` is not builtins, they accept new attributes). */
  isUserClass = false;

  constructor(public name: string, public bases: PyType[], make?: PyType["make"]) {
    this.qualname = name;
    this.mro = computeMro(this);
    if (make) this.make = make;
    else {
      const base = this.mro.find((b) => b !== this && b.make !== null);
      if (base) {
        this.make = base.make;
        this.jsClass = base.jsClass;
      }
    }
  }

  /** The class attribute `name` found along the MRO, or undefined. */
  lookup(name: string): any {
    if (this.cacheEpoch !== epoch) {
      this.cache.clear();
      this.cacheEpoch = epoch;
    }
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit === MISSING ? undefined : hit;
    let found: any = MISSING;
    for (const t of this.mro) {
      const v = t.$d[name];
      if (v !== undefined) {
        found = v;
        break;
      }
    }
    this.cache.set(name, found);
    return found === MISSING ? undefined : found;
  }

  /** Recomputes `plain` (see above); `isDataDescr` and the object defaults come from attributes.ts. */
  checkPlain(isDataDescr: (v: any) => boolean, objectSetattr: any): boolean {
    if (this.plainChecked === epoch) return this.plain === epoch;
    this.plainChecked = epoch;
    if (this.lookup("__setattr__") !== objectSetattr || this.lookup("__getattribute__") !== undefined) return false;
    for (const t of this.mro) {
      if (t === this.mro[this.mro.length - 1]) continue; // object's __class__/__dict__ are dunders
      for (const k of Object.keys(t.$d)) if (isDataDescr(t.$d[k])) return false;
    }
    this.plain = epoch;
    return true;
  }

  isSubclassOf(other: PyType): boolean {
    return this === other || this.mro.includes(other);
  }
}

/** C3 linearisation, as CPython computes `__mro__`. */
function computeMro(t: PyType): PyType[] {
  if (t.bases.length === 0) return [t];
  if (t.bases.length === 1) return [t, ...t.bases[0].mro];
  const seqs = t.bases.map((b) => [...b.mro]).concat([[...t.bases]]);
  const out: PyType[] = [t];
  for (;;) {
    const nonEmpty = seqs.filter((s) => s.length > 0);
    if (nonEmpty.length === 0) return out;
    let head: PyType | null = null;
    for (const s of nonEmpty) {
      const cand = s[0];
      if (!nonEmpty.some((o) => o.indexOf(cand) > 0)) {
        head = cand;
        break;
      }
    }
    if (head === null) {
      throw new MroError(
        "Cannot create a consistent method resolution order (MRO) for bases " +
          t.bases.map((b) => b.name).join(", "),
      );
    }
    out.push(head);
    for (const s of nonEmpty) if (s[0] === head) s.shift();
  }
}

/** Thrown by computeMro; class creation turns it into a Python TypeError. */
export class MroError extends Error {}

function builtinType(name: string, bases: PyType[], make?: PyType["make"]): PyType {
  return new PyType(name, bases, make);
}

export const T_object = builtinType("object", [], (cls) => new PyObject(cls));
export const T_type = builtinType("type", [T_object]);
T_object.$cls = T_type;
T_type.$cls = T_type;
// Every PyType is an instance of `type` unless a metaclass says otherwise.
(PyType.prototype as any).$cls = T_type;

export const T_int = builtinType("int", [T_object]);
export const T_bool = builtinType("bool", [T_int]);
export const T_float = builtinType("float", [T_object]);
export const T_str = builtinType("str", [T_object]);
export const T_list = builtinType("list", [T_object]);
export const T_tuple = builtinType("tuple", [T_object], (cls) => {
  const t = new PyTuple([]);
  t.$cls = cls;
  t.$d = new Namespace();
  return t;
});
export const T_dict = builtinType("dict", [T_object]);
export const T_set = builtinType("set", [T_object]);
export const T_frozenset = builtinType("frozenset", [T_object]);
export const T_NoneType = builtinType("NoneType", [T_object]);
export const T_NotImplementedType = builtinType("NotImplementedType", [T_object]);
export const T_ellipsis = builtinType("ellipsis", [T_object]);
export const T_function = builtinType("function", [T_object]);
export const T_builtin = builtinType("builtin_function_or_method", [T_object]);
export const T_method = builtinType("method", [T_object]);
export const T_module = builtinType("module", [T_object]);
export const T_range = builtinType("range", [T_object]);
export const T_slice = builtinType("slice", [T_object]);
export const T_generator = builtinType("generator", [T_object]);
export const T_property = builtinType("property", [T_object]);
export const T_staticmethod = builtinType("staticmethod", [T_object]);
export const T_classmethod = builtinType("classmethod", [T_object]);
export const T_super = builtinType("super", [T_object]);
export const T_iterator = builtinType("iterator", [T_object]);
export const T_jsobject = builtinType("JSObject", [T_object]);

(PyFloat.prototype as any).$cls = T_float;
// Plain JS arrays are Python lists. Non-enumerable so that JS code iterating arrays never sees it;
// writable so that instances of list subclasses can carry their own `$cls`.
Object.defineProperty(Array.prototype, "$cls", {
  value: T_list,
  writable: true,
  enumerable: false,
  configurable: true,
});
// Primitives answer `$cls` too, so compiled code can test `x.$cls === cachedType` for any non-None value.
for (
  const [proto, t] of [[String.prototype, T_str], [Number.prototype, T_int], [Boolean.prototype, T_bool], [
    BigInt.prototype,
    T_int,
  ]] as const
) {
  Object.defineProperty(proto, "$cls", { value: t, writable: false, enumerable: false, configurable: true });
}
(PyTuple.prototype as any).$cls = T_tuple;

/** The Python type of any value. */
export function typeOf(x: any): PyType {
  switch (typeof x) {
    case "number":
    case "bigint":
      return T_int;
    case "string":
      return T_str;
    case "boolean":
      return T_bool;
    case "object":
      if (x === null) return T_NoneType;
      return x.$cls ?? T_jsobject;
    case "undefined":
      return T_NoneType;
    default:
      return x.$cls ?? T_builtin;
  }
}

export function isinstance(x: any, cls: PyType): boolean {
  const t = typeOf(x);
  return t === cls || t.mro.includes(cls);
}

/** The singletons' types (set here to keep values.ts free of type objects). */
export function initSingletonTypes(notImpl: PySingleton, ellipsis: PySingleton): void {
  notImpl.$cls = T_NotImplementedType;
  ellipsis.$cls = T_ellipsis;
}
