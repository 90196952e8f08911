// Callable objects and the calling convention.
//
// Compiled tsl functions are JS *generator* functions taking one JS parameter per slot (signature.ts);
// they yield only Promises they must wait for, and drive.ts runs them (synchronously when nothing
// suspends, so most calls cost no Promise at all). Functions with
// only plain positional parameters are "fast": a positional call goes straight to `fn(a, b)`, and the
// compiled prologue fills defaults (undefined = not passed) and reports missing arguments. Every other
// call goes through bindArgs. Any call may return a Promise (tsl functions are async; natives may be):
// callers check `instanceof Promise` and await only then.

import { Namespace, PyTuple } from "./values.ts";
import { T_builtin, T_classmethod, T_function, T_method, T_property, T_staticmethod, typeOf } from "./types.ts";
import { bindArgs, parseSignature, type Signature } from "./signature.ts";
import { typeErr } from "./exceptions.ts";
import { construct, constructPositional } from "./construct.ts";
import { PyType } from "./types.ts";
import { newDictFromMap } from "./dict.ts";
import { drive } from "./drive.ts";

export class PyFunction {
  declare $cls: any;
  $d: Record<string, any> | undefined = undefined;
  module = "__main__";
  doc: any = null;
  /** Number of positional args a direct `fn(...)` call accepts; -1 when every call must be bound. */
  maxpos: number;
  constructor(
    public name: string,
    public qualname: string,
    public fn: (...args: any[]) => any,
    public sig: Signature,
    public defaults: any[],
    public kwDefaults: any[],
  ) {
    this.maxpos = sig.vararg || sig.kwarg || sig.kwonly.length ? -1 : sig.pos.length;
  }
}
(PyFunction.prototype as any).$cls = T_function;

/**
 * Every native made so far, until lazy floats come into use (lazy_float.ts then wraps them all, and
 * each later one as it is made, so that natives resolve lazy arguments).
 */
export const ALL_BUILTINS: PyBuiltin[] = [];
export const LAZY_BUILTINS = { wrap: null as ((b: PyBuiltin) => void) | null };

/**
 * A native function or method descriptor. `impl` takes positional slots (signature.ts layout); optional
 * params that were not passed arrive as undefined unless `fillDefaults` (then the signature's defaults).
 * Method descriptors (in a type's dict) take self as their first slot.
 */
export class PyBuiltin {
  declare $cls: any;
  $d: Record<string, any> | undefined = undefined;
  readonly sig: Signature;
  /** Positional call range for the direct path (-1: always bind). */
  readonly minpos: number;
  readonly maxpos: number;
  constructor(
    sig: Signature | string,
    public impl: (...slots: any[]) => any,
    public isMethod = false,
    public fillDefaults = false,
    public qualname = "",
  ) {
    this.sig = typeof sig === "string" ? parseSignature(sig) : sig;
    const s = this.sig;
    const direct = !s.vararg && !s.kwarg && s.kwonly.length === 0 && !fillDefaults;
    this.maxpos = direct ? s.pos.length : -1;
    this.minpos = s.pos.length - s.posDefaults.length;
    if (!qualname) this.qualname = s.name;
    if (LAZY_BUILTINS.wrap) LAZY_BUILTINS.wrap(this);
    else ALL_BUILTINS.push(this);
  }
  get name(): string {
    return this.sig.name;
  }
  /** Generic call entry. */
  invoke(args: any[], kw: Map<string, any> | null): any {
    const n = args.length;
    const noKw = kw === null || kw.size === 0;
    if (noKw && n <= this.maxpos && n >= this.minpos) return this.impl(...args);
    const s = this.sig;
    if (noKw && s.vararg && s.kwonly.length === 0 && !this.fillDefaults && n >= this.minpos) {
      // f(a, *rest, **kw) called positionally: no binding needed (an absent **kw arrives as null).
      const npos = s.pos.length;
      const slots = n > npos ? args.slice(0, npos) : args.concat(new Array(npos - n));
      slots.push(n > npos ? args.slice(npos) : []);
      if (s.kwarg) slots.push(null);
      return this.impl(...slots);
    }
    const slots = bindArgs(
      this.sig,
      this.qualname,
      args,
      kw,
      this.fillDefaults ? this.sig.posDefaults : null,
      this.fillDefaults ? this.sig.kwDefaults : null,
    );
    if (this.sig.kwarg) slots[slots.length - 1] = newDictFromMap(slots[slots.length - 1]);
    return this.impl(...slots);
  }
}
(PyBuiltin.prototype as any).$cls = T_builtin;

/** A function bound to an instance (or a class, for classmethods). */
export class PyMethod {
  declare $cls: any;
  constructor(public self: any, public func: any) {}
}
(PyMethod.prototype as any).$cls = T_method;

export class PyStaticMethod {
  declare $cls: any;
  $d = new Namespace();
  constructor(public func: any) {}
}
(PyStaticMethod.prototype as any).$cls = T_staticmethod;

export class PyClassMethod {
  declare $cls: any;
  $d = new Namespace();
  constructor(public func: any) {}
}
(PyClassMethod.prototype as any).$cls = T_classmethod;

/** `property(fget, fset, fdel, doc)`; natives use it with PyBuiltin getters and setters. */
export class PyProperty {
  declare $cls: any;
  constructor(public fget: any, public fset: any = null, public fdel: any = null, public doc: any = null) {}
}
(PyProperty.prototype as any).$cls = T_property;

/** A read-only attribute computed by JS (`__class__`, `__name__`, native properties). */
export class NativeProperty {
  declare $cls: any;
  constructor(
    public name: string,
    public get: (self: any) => any,
    public set: ((self: any, v: any) => any) | null = null,
  ) {}
}
(NativeProperty.prototype as any).$cls = T_property;

/** Builds a native function from a signature string; impl receives positional slots. */
export function nativeFn(sig: string, impl: (...slots: any[]) => any, fillDefaults = false): PyBuiltin {
  return new PyBuiltin(sig, impl, false, fillDefaults);
}

// ------------------------------------------------------------------ calls

export function call0(f: any): any {
  if (f instanceof PyFunction && f.maxpos >= 0) return drive(f.fn());
  if (f instanceof PyBuiltin && f.maxpos >= 0 && f.minpos <= 0) return f.impl();
  if (f instanceof PyType) return constructPositional(f, []);
  return callArgs(f, [], null);
}
export function call1(f: any, a: any): any {
  if (f instanceof PyFunction && f.maxpos >= 1) return drive(f.fn(a));
  if (f instanceof PyBuiltin && f.maxpos >= 1 && f.minpos <= 1) return f.impl(a);
  if (f instanceof PyType) return constructPositional(f, [a]);
  return callArgs(f, [a], null);
}
export function call2(f: any, a: any, b: any): any {
  if (f instanceof PyFunction && f.maxpos >= 2) return drive(f.fn(a, b));
  if (f instanceof PyBuiltin && f.maxpos >= 2 && f.minpos <= 2) return f.impl(a, b);
  if (f instanceof PyType) return constructPositional(f, [a, b]);
  return callArgs(f, [a, b], null);
}
export function call3(f: any, a: any, b: any, c: any): any {
  if (f instanceof PyFunction && f.maxpos >= 3) return drive(f.fn(a, b, c));
  if (f instanceof PyBuiltin && f.maxpos >= 3 && f.minpos <= 3) return f.impl(a, b, c);
  if (f instanceof PyType) return constructPositional(f, [a, b, c]);
  return callArgs(f, [a, b, c], null);
}

/** The general call: positional args array and keyword Map (or null). */
export function callArgs(f: any, args: any[], kw: Map<string, any> | null): any {
  if (f instanceof PyFunction) {
    if ((kw === null || kw.size === 0) && args.length <= f.maxpos) return drive(f.fn(...args));
    const slots = bindArgs(f.sig, f.qualname, args, kw, f.defaults, f.kwDefaults);
    if (f.sig.vararg) slots[f.sig.pos.length] = new PyTuple(slots[f.sig.pos.length]);
    if (f.sig.kwarg) slots[slots.length - 1] = newDictFromMap(slots[slots.length - 1]);
    return drive(f.fn(...slots));
  }
  if (f instanceof PyBuiltin) return f.invoke(args, kw);
  if (f instanceof PyMethod) return callArgs(f.func, [f.self, ...args], kw);
  if (f instanceof PyType) return construct(f, args, kw);
  if (f instanceof PyStaticMethod) return callArgs(f.func, args, kw);
  const c = typeOf(f).lookup("__call__");
  if (c !== undefined) return callArgs(c, [f, ...args], kw);
  throw typeErr(`'${typeOf(f).name}' object is not callable`);
}

export function isCallable(f: any): boolean {
  if (f instanceof PyFunction || f instanceof PyBuiltin || f instanceof PyMethod || f instanceof PyType) return true;
  return f !== null && f !== undefined && typeOf(f).lookup("__call__") !== undefined;
}
