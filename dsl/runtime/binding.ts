// The binding API: how native (JS/TS) code exposes functions, classes and modules to tsl.
//
// FUNCTIONS — declare the Python signature once, as text; the impl receives the bound arguments by name,
// defaults filled in, `*args` as a JS array, `**kwargs` as a Map. CPython's TypeErrors (unexpected
// keyword, missing argument, too many positional, multiple values) come from the binder.
//
//   const zeros = builtin("zeros(*size, dtype=None, device=None, requires_grad=False)", (a) =>
//     Tensor.zeros(argIntList(a.size, "zeros", "size"), a.dtype));
//
// CLASSES — a Python class backed by a JS class. `create` allocates the JS object (used for the class
// itself and for tsl subclasses: `class Net(nn.Module)` instances are JS objects of the native class that
// also carry `$cls` = Net and a `$d` dict); `init` is `__init__` and sets native state on self. Method and
// dunder signatures omit self; impls receive (self, args).
//
//   const Linear = nativeClass({
//     name: "Linear", module: "torch.nn", jsClass: LinearImpl, base: Module,
//     create: () => new LinearImpl(),
//     init: ["__init__(in_features, out_features, bias=True)", (self, a) => self.setup(a.in_features, ...)],
//     methods: { forward: ["forward(input)", (self, a) => self.forward(a.input)],
//                __repr__: ["__repr__()", (self) => `Linear(...)`] },
//     properties: { weight: { get: (self) => self.weight, set: (self, v) => { self.weight = v; } } },
//     attrs: { __constants__: ["in_features"] },
//   });
//
// A dunder may return any Python value (`__eq__` can return a tensor) or a Promise of one (GPU
// readback): the evaluator awaits it. Natives call back into tsl with `await callPython(f, ...args)`
// and raise Python exceptions with `throw pyError("ValueError", "msg")` (or a runtime/errors.ts
// TorchError, which surfaces as its pyType).
//
// MODULES — `registerModule("torch.nn", () => ({ Linear, Module, functional: ... }))`: the loader runs
// on first import; `import a.b.c` loads parents first and binds submodules as attributes.
//
// VALUES — Python int is a JS number (bigint beyond 2^53), float is PyFloat (use pyFloat(x)), bool is
// boolean, None is null, str is string, list is Array, tuple is PyTuple, dict is PyDict.

import { Namespace, PyFloat, PyTuple } from "./values.ts";
import { PyType, T_list, T_object, T_tuple, typeOf } from "./types.ts";
import { pyErr, PyException, typeErr } from "./exceptions.ts";
import { callArgs, NativeProperty, PyBuiltin, PyClassMethod, PyFunction, PyStaticMethod } from "./functions.ts";
import { parseSignature, type Signature } from "./signature.ts";
import { PyDict } from "./dict.ts";
import { abandon, indexValue } from "./convert.ts";
import { classesChanged } from "./types.ts";

export { registeredModule, registerModule, submodule } from "./modules.ts";
export { PyModule } from "./modules.ts";
export { PyDict } from "./dict.ts";
export { PyFloat, PyTuple } from "./values.ts";
export { PyType, typeOf } from "./types.ts";
export { PyException } from "./exceptions.ts";
export { repr, str } from "./repr.ts";
export { callMethod, getAttr, setAttr } from "./attributes.ts";
export { getItem, len, setItem } from "./items.ts";
export { toArray } from "./iteration.ts";
export { eq, truthy } from "./compare.ts";

/** Bound arguments by parameter name. */
export type Args = Record<string, any>;

function namedImpl(sig: Signature, impl: (a: Args) => any, withSelf: boolean): (...slots: any[]) => any {
  const names = [...sig.pos];
  if (sig.vararg) names.push(sig.vararg);
  names.push(...sig.kwonly);
  if (sig.kwarg) names.push(sig.kwarg);
  const start = withSelf ? 1 : 0;
  return (...slots: any[]) => {
    const a: Args = {};
    for (let i = start; i < names.length; i++) {
      let v = slots[i];
      if (sig.kwarg && i === names.length - 1) v = v instanceof PyDict ? new Map(v.map) : new Map();
      a[names[i]] = v === undefined ? null : v;
    }
    const r = withSelf ? (impl as any)(slots[0], a) : impl(a);
    return normalize(r);
  };
}

function normalize(r: any): any {
  if (r === undefined) return null;
  if (r instanceof Promise) return r.then((v) => (v === undefined ? null : v));
  return r;
}

/** A native function from its Python signature; impl receives bound args by name. */
export function builtin(signature: string, impl: (a: Args) => any): PyBuiltin {
  const sig = parseSignature(signature);
  return new PyBuiltin(sig, namedImpl(sig, impl, false), false, true);
}

/** A native method (signature without self); impl receives (self, args). */
export function method(signature: string, impl: (self: any, a: Args) => any): PyBuiltin {
  const m = /^\s*([\w.]+)\s*\((.*)\)\s*$/s.exec(signature);
  if (!m) throw new Error(`bad signature: ${signature}`);
  const withSelf = `${m[1]}(self, ${m[2]})`.replace(/, \)$/, ")");
  const sig = parseSignature(withSelf);
  return new PyBuiltin(sig, namedImpl(sig, impl as any, true), true, true);
}

export interface PropertySpec {
  get: (self: any) => any;
  set?: (self: any, value: any) => any;
}

export interface NativeClassSpec {
  name: string;
  module?: string;
  /** Instances of this JS class are instances of the Python class. */
  jsClass?: abstract new (...args: any[]) => any;
  base?: PyType;
  /** Allocates a bare instance (before __init__); defaults to Object.create(jsClass.prototype). */
  create?: (cls: PyType) => any;
  /** __init__: signature without self, and the initialiser. */
  init?: [string, (self: any, a: Args) => any];
  methods?: Record<string, [string, (self: any, a: Args) => any]>;
  staticmethods?: Record<string, [string, (a: Args) => any]>;
  classmethods?: Record<string, [string, (cls: PyType, a: Args) => any]>;
  properties?: Record<string, PropertySpec>;
  attrs?: Record<string, any>;
}

/** Declares a Python class backed by a JS class. */
export function nativeClass(spec: NativeClassSpec): PyType {
  const t = new PyType(spec.name, [spec.base ?? T_object]);
  t.module = spec.module ?? "builtins";
  const proto = spec.jsClass?.prototype;
  if (proto) {
    t.jsClass = spec.jsClass;
    if (!Object.prototype.hasOwnProperty.call(proto, "$cls")) {
      Object.defineProperty(proto, "$cls", { value: t, writable: true, enumerable: false, configurable: true });
    }
  }
  const create = spec.create ?? (proto ? () => Object.create(proto) : null);
  if (create) {
    t.make = (cls) => {
      const o = create(cls);
      if (cls !== t) {
        o.$cls = cls;
        o.$d ??= new Namespace();
      }
      return o;
    };
  }
  if (spec.init) {
    t.$d.__init__ = method(spec.init[0], spec.init[1]);
    t.$d.__init__.qualname = `${spec.name}.__init__`;
  }
  for (const [name, [sig, impl]] of Object.entries(spec.methods ?? {})) {
    const m = method(sig, impl);
    m.qualname = `${spec.name}.${name}`;
    t.$d[name] = m;
  }
  for (const [name, [sig, impl]] of Object.entries(spec.staticmethods ?? {})) {
    t.$d[name] = new PyStaticMethod(builtin(sig, impl));
  }
  for (const [name, [sig, impl]] of Object.entries(spec.classmethods ?? {})) {
    const m = /^\s*([\w.]+)\s*\((.*)\)\s*$/s.exec(sig)!;
    const full = parseSignature(`${m[1]}(cls, ${m[2]})`.replace(/, \)$/, ")"));
    t.$d[name] = new PyClassMethod(new PyBuiltin(full, namedImpl(full, impl as any, true), false, true));
  }
  for (const [name, p] of Object.entries(spec.properties ?? {})) {
    t.$d[name] = new NativeProperty(name, p.get, p.set ?? null);
  }
  for (const [name, v] of Object.entries(spec.attrs ?? {})) t.$d[name] = v;
  classesChanged();
  return t;
}

/** Calls a Python callable from native code (always await the result). */
export function callPython(f: any, ...args: any[]): any {
  return callArgs(f, args, null);
}

/** Calls with keyword arguments. */
export function callPythonKw(f: any, args: any[], kwargs: Record<string, any>): any {
  return callArgs(f, args, new Map(Object.entries(kwargs)));
}

/** A Python exception of a builtin class, to `throw`. */
export function pyError(type: string, message?: string): PyException {
  return message === undefined ? pyErr(type) : pyErr(type, message);
}

// ---------------------------------------------------------------- conversions

export const pyFloat = (x: number): PyFloat => new PyFloat(x);
export const pyTuple = (items: any[]): PyTuple => new PyTuple(items);

/** JS value -> Python value: integral numbers become int, others float; arrays lists; Maps dicts. */
export function toPython(x: any): any {
  if (x === undefined || x === null) return null;
  switch (typeof x) {
    case "number":
      return Number.isInteger(x) ? x : new PyFloat(x);
    case "string":
    case "boolean":
    case "bigint":
      return x;
    case "function":
      return new PyBuiltin(`${x.name || "function"}(*args)`, (args: any[]) => normalize(x(...args.map(fromPython))));
  }
  if (Array.isArray(x) && x.$cls === T_list && !(x as any).__native) return x.map(toPython);
  if (x instanceof Map) {
    const d = new PyDict();
    for (const [k, v] of x) d.set(toPython(k), toPython(v));
    return d;
  }
  if (x.$cls !== undefined) return x;
  if (Object.getPrototypeOf(x) === Object.prototype) {
    const d = new PyDict();
    for (const [k, v] of Object.entries(x)) d.map.set(k, toPython(v));
    return d;
  }
  return x;
}

/** Python value -> plain JS (float/int -> number, tuple/list -> array, dict -> Map). */
export function fromPython(x: any): any {
  if (x instanceof PyFloat) return x.v;
  if (x instanceof PyTuple) return x.items.map(fromPython);
  if (Array.isArray(x)) return x.map(fromPython);
  if (x instanceof PyDict) {
    const m = new Map();
    for (const [nk, v] of x.map) m.set(fromPython(x.origKey(nk)), fromPython(v));
    return m;
  }
  return x;
}

const argErr = (fname: string, name: string, want: string, x: any) =>
  typeErr(`${fname}(): argument '${name}' must be ${want}, not ${typeOf(x).name}`);

/** An int argument (int, bool, objects with sync __index__). */
export function argInt(x: any, fname: string, name: string): number {
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return +x;
  if (typeof x === "bigint") return Number(x);
  if (x instanceof PyFloat || typeOf(x).lookup("__index__") === undefined) throw argErr(fname, name, "int", x);
  const v = indexValue(x);
  if (v instanceof Promise) {
    abandon(v);
    throw argErr(fname, name, "int", x);
  }
  return Number(v);
}

/** A float argument (int or float, or __float__). */
export function argFloat(x: any, fname: string, name: string): number {
  if (typeof x === "number") return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === "boolean") return +x;
  if (typeof x === "bigint") return Number(x);
  const f = typeOf(x).lookup("__float__");
  if (f !== undefined) {
    const r = callArgs(f, [x], null);
    if (r instanceof PyFloat) return r.v;
    if (typeof r === "number") return r;
    if (r instanceof Promise) abandon(r);
  }
  throw argErr(fname, name, "float", x);
}

export function argBool(x: any, fname: string, name: string): boolean {
  if (typeof x === "boolean") return x;
  if (typeof x === "number") return x !== 0;
  throw argErr(fname, name, "bool", x);
}

export function argStr(x: any, fname: string, name: string): string {
  if (typeof x === "string") return x;
  throw argErr(fname, name, "str", x);
}

/** null/None -> null, else conv(x). */
export function argOptional<T>(x: any, conv: (x: any) => T): T | null {
  return x === null || x === undefined ? null : conv(x);
}

/**
 * A sequence of ints: list, tuple (and tuple subclasses such as torch.Size), or a lone int-like; for
 * `*size` parameters pass the vararg array and a single sequence inside it is unpacked. `elem` is how
 * PyTorch's messages name the elements: "SymInts" for sizes (zeros, view, reshape...), else "ints".
 */
export function argIntList(x: any, fname: string, name: string, elem = "ints"): number[] {
  let items: any[];
  const intLike = (v: any) =>
    typeof v === "number" || typeof v === "boolean" ||
    (!(v instanceof PyFloat) && typeof v !== "string" && typeOf(v).lookup("__index__") !== undefined);
  if (Array.isArray(x)) {
    items = x.length === 1 && (Array.isArray(x[0]) || x[0] instanceof PyTuple) ? seq(x[0]) : x;
    if (x.length === 1 && items === x && !intLike(x[0])) {
      throw typeErr(`${fname}(): argument '${name}' (position 1) must be tuple of ${elem}, not ${typeOf(x[0]).name}`);
    }
  } else if (x instanceof PyTuple) items = x.items;
  else if (typeof x === "number" || typeof x === "boolean" || typeOf(x).lookup("__index__") !== undefined) items = [x];
  else throw typeErr(`${fname}(): argument '${name}' must be tuple of ${elem}, not ${typeOf(x).name}`);
  return items.map((v, i) => {
    if (typeof v === "number") return v;
    if (!intLike(v)) {
      throw typeErr(
        `${fname}(): argument '${name}' must be tuple of ${elem}, but found element of type ${typeOf(v).name} at pos ${
          i + 1
        }`,
      );
    }
    return argInt(v, fname, name);
  });
}

function seq(x: any): any[] {
  return Array.isArray(x) ? x : x.items;
}

export function isPyFunction(x: any): x is PyFunction {
  return x instanceof PyFunction;
}

export { T_list, T_tuple };
