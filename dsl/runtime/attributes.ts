// Attribute access with Python's descriptor rules: data descriptors on the type (property, native
// properties) win over the instance dict, which wins over methods and plain class attributes;
// __getattr__ is the last resort; __setattr__/__delattr__ overrides are honoured. Method calls
// (`obj.m(a)`) skip creating bound-method objects on the fast path.

import { Namespace, PyObject } from "./values.ts";
import { classesChanged, EPOCH, PyType, T_module, typeOf } from "./types.ts";
import { attrErr } from "./exceptions.ts";
import {
  call1,
  call2,
  call3,
  callArgs,
  NativeProperty,
  PyBuiltin,
  PyClassMethod,
  PyFunction,
  PyMethod,
  PyProperty,
  PyStaticMethod,
} from "./functions.ts";
import { PySuper, superGetAttr } from "./super.ts";
import { drive } from "./drive.ts";

/** object.__setattr__ / object.__delattr__ / object.__getattribute__ builtins (set by object_methods.ts). */
export const OBJECT_ATTR_BUILTINS = { setattr: null as any, delattr: null as any };

const isDataDescr = (d: any): boolean => d instanceof NativeProperty || d instanceof PyProperty;

/** Python getattr(o, name) (may return a Promise: tsl property getters and __getattr__). */
export function getAttr(o: any, name: string): any {
  if (o instanceof PyObject) {
    const t = o.$cls;
    if (t.plain !== EPOCH.v) t.checkPlain(isDataDescr, OBJECT_ATTR_BUILTINS.setattr);
    const ca = t.lookup(name);
    if (ca === undefined) {
      const v = o.$d[name];
      if (v !== undefined) return v;
      return missing(o, t, name);
    }
    if (ca instanceof PyFunction) {
      const v = o.$d[name];
      return v !== undefined ? v : new PyMethod(o, ca);
    }
    return getWithDescr(o, t, ca, name);
  }
  if (o instanceof PyType) return typeGetAttr(o, name);
  if (o instanceof PySuper) return superGetAttr(o, name);
  const t = typeOf(o);
  const ca = t.lookup(name);
  return getWithDescr(o, t, ca, name);
}

function getWithDescr(o: any, t: PyType, ca: any, name: string): any {
  if (ca !== undefined && ca !== null) {
    if (ca instanceof NativeProperty) return ca.get(o);
    if (ca instanceof PyProperty) {
      if (ca.fget === null) throw attrErr(`property '${name}' of '${t.name}' object has no getter`);
      return call1(ca.fget, o);
    }
  }
  const d = o === null || o === undefined ? undefined : o.$d;
  if (d !== undefined && d !== null) {
    const v = d[name];
    if (v !== undefined) return v;
  }
  if (ca !== undefined) return bindDescr(ca, o, t);
  return missing(o, t, name);
}

/** What a class attribute becomes when fetched through an instance. */
export function bindDescr(ca: any, o: any, t: PyType): any {
  if (ca instanceof PyFunction) return new PyMethod(o, ca);
  if (ca instanceof PyBuiltin) return ca.isMethod ? new PyMethod(o, ca) : ca;
  if (ca instanceof PyStaticMethod) return ca.func;
  if (ca instanceof PyClassMethod) return new PyMethod(t, ca.func);
  if (ca instanceof PyObject) {
    const g = ca.$cls.lookup("__get__");
    if (g !== undefined) return call3(g, ca, o, t);
  }
  return ca;
}

function missing(o: any, t: PyType, name: string): any {
  const ga = t.lookup("__getattr__");
  if (ga !== undefined) return call2(ga, o, name);
  if (t === T_module) throw attrErr(`module '${o.$d.__name__}' has no attribute '${name}'`);
  throw attrErr(`'${t.name}' object has no attribute '${name}'`);
}

/** Attribute access on a class object: `C.x`, `C.method`, `C.__name__`. */
export function typeGetAttr(cls: PyType, name: string): any {
  const meta: PyType = cls.$cls;
  const ma = meta.lookup(name);
  if (ma instanceof NativeProperty) return ma.get(cls);
  const v = cls.lookup(name);
  if (v !== undefined) {
    if (v instanceof PyStaticMethod) return v.func;
    if (v instanceof PyClassMethod) return new PyMethod(cls, v.func);
    if (v instanceof PyObject) {
      const g = v.$cls.lookup("__get__");
      if (g !== undefined) return call3(g, v, null, cls);
    }
    return v;
  }
  if (ma !== undefined) return bindDescr(ma, cls, meta);
  throw attrErr(`type object '${cls.name}' has no attribute '${name}'`);
}

/** Python setattr(o, name, v) (a Promise when a tsl __setattr__ or property setter runs). */
export function setAttr(o: any, name: string, v: any): any {
  if (o instanceof PyObject) {
    const t = o.$cls;
    if (t.plain !== EPOCH.v) t.checkPlain(isDataDescr, OBJECT_ATTR_BUILTINS.setattr);
    if (t.lookup("__setattr__") === OBJECT_ATTR_BUILTINS.setattr) {
      const ca = t.lookup(name);
      if (ca === undefined || !isDataDescr(ca)) {
        o.$d[name] = v;
        return;
      }
    }
  }
  if (o instanceof PyType) {
    o.$d[name] = v;
    classesChanged();
    return;
  }
  const t = typeOf(o);
  const sa = t.lookup("__setattr__");
  if (sa !== undefined && sa !== OBJECT_ATTR_BUILTINS.setattr) return call3(sa, o, name, v);
  return objectSetAttr(o, name, v);
}

/** object.__setattr__: descriptors, else the instance dict (created lazily for natives and functions). */
export function objectSetAttr(o: any, name: string, v: any): any {
  if (o instanceof PyType) {
    o.$d[name] = v;
    classesChanged();
    return;
  }
  const t = typeOf(o);
  const ca = t.lookup(name);
  if (ca instanceof NativeProperty) {
    if (ca.set === null) throw attrErr(`attribute '${name}' of '${t.name}' objects is not writable`);
    return ca.set(o, v);
  }
  if (ca instanceof PyProperty) {
    if (ca.fset === null) throw attrErr(`property '${name}' of '${t.name}' object has no setter`);
    return call2(ca.fset, o, v);
  }
  let d = o === null || o === undefined ? undefined : o.$d;
  if (d === undefined || d === null) {
    if (!canHaveDict(o, t)) {
      if (ca !== undefined) throw attrErr(`'${t.name}' object attribute '${name}' is read-only`);
      throw attrErr(`'${t.name}' object has no attribute '${name}'`);
    }
    d = o.$d = new Namespace();
  }
  d[name] = v;
}

function canHaveDict(o: any, t: PyType): boolean {
  if (o === null || typeof o !== "object") return false;
  return o instanceof PyFunction || t.module !== "builtins" || t.isUserClass;
}

export function delAttr(o: any, name: string): any {
  const t = typeOf(o);
  const da = t.lookup("__delattr__");
  if (da !== undefined && da !== OBJECT_ATTR_BUILTINS.delattr) return call2(da, o, name);
  return objectDelAttr(o, name);
}

export function objectDelAttr(o: any, name: string): any {
  if (o instanceof PyType) {
    if (o.$d[name] === undefined) throw attrErr(`type object '${o.name}' has no attribute '${name}'`);
    delete o.$d[name];
    classesChanged();
    return;
  }
  const t = typeOf(o);
  const ca = t.lookup(name);
  if (ca instanceof PyProperty) {
    if (ca.fdel === null) throw attrErr(`property '${name}' of '${t.name}' object has no deleter`);
    return call1(ca.fdel, o);
  }
  const d = o?.$d;
  if (d === undefined || d === null || d[name] === undefined) {
    throw attrErr(`'${t.name}' object has no attribute '${name}'`);
  }
  delete d[name];
}

// ------------------------------------------------------------------ method calls

function slowMethodCall(o: any, name: string, args: any[], kw: Map<string, any> | null): any {
  const m = getAttr(o, name);
  if (m instanceof Promise) return m.then((f) => callArgs(f, args, kw));
  return callArgs(m, args, kw);
}

/** `o.name(*args, **kw)`. */
export function callMethod(o: any, name: string, args: any[], kw: Map<string, any> | null): any {
  if (kw === null || kw.size === 0) {
    switch (args.length) {
      case 0:
        return callMethod0(o, name);
      case 1:
        return callMethod1(o, name, args[0]);
      case 2:
        return callMethod2(o, name, args[0], args[1]);
    }
  }
  return slowMethodCall(o, name, args, kw);
}

function methodOf(o: any, name: string): any {
  if (o === null || o === undefined || o instanceof PyType || o instanceof PySuper) return undefined;
  const f = typeOf(o).lookup(name);
  if (f instanceof PyFunction || (f instanceof PyBuiltin && f.isMethod)) {
    const d = o.$d;
    if (d === undefined || d === null || d[name] === undefined) return f;
  }
  return undefined;
}

export function callMethod0(o: any, name: string): any {
  const f = methodOf(o, name);
  if (f instanceof PyFunction) return f.maxpos >= 1 ? drive(f.fn(o)) : callArgs(f, [o], null);
  if (f !== undefined) return f.maxpos >= 1 && f.minpos <= 1 ? f.impl(o) : f.invoke([o], null);
  return slowMethodCall(o, name, [], null);
}

export function callMethod1(o: any, name: string, a: any): any {
  const f = methodOf(o, name);
  if (f instanceof PyFunction) return f.maxpos >= 2 ? drive(f.fn(o, a)) : callArgs(f, [o, a], null);
  if (f !== undefined) return f.maxpos >= 2 && f.minpos <= 2 ? f.impl(o, a) : f.invoke([o, a], null);
  return slowMethodCall(o, name, [a], null);
}

export function callMethod2(o: any, name: string, a: any, b: any): any {
  const f = methodOf(o, name);
  if (f instanceof PyFunction) return f.maxpos >= 3 ? drive(f.fn(o, a, b)) : callArgs(f, [o, a, b], null);
  if (f !== undefined) return f.maxpos >= 3 && f.minpos <= 3 ? f.impl(o, a, b) : f.invoke([o, a, b], null);
  return slowMethodCall(o, name, [a, b], null);
}

/** A per-call-site method cache filled by callMethodIC and read by compiled code. */
export interface MethodIC {
  /** The receiver type the entry is valid for. */
  t: any;
  /** EPOCH.v when filled. */
  e: number;
  /** The JS function to call as c(self, ...args). */
  c: any;
  /** True when c is a compiled tsl function (a JS generator function: delegate with yield*). */
  g: boolean;
}

export function newIC(): MethodIC {
  return { t: null, e: -1, c: null, g: false };
}

/** Method call slow path that also fills the call site's cache when the target is cacheable. */
export function callMethodIC(o: any, name: string, args: any[], ic: MethodIC): any {
  const f = methodOf(o, name);
  const n = args.length + 1;
  if (f instanceof PyFunction) {
    if (f.maxpos >= n) {
      ic.t = o.$cls;
      ic.e = EPOCH.v;
      ic.c = f.fn;
      ic.g = true;
      return drive(f.fn(o, ...args));
    }
    return callArgs(f, [o, ...args], null);
  }
  if (f !== undefined) {
    if (f.maxpos >= n && f.minpos <= n && o.$cls !== undefined) {
      ic.t = o.$cls;
      ic.e = EPOCH.v;
      ic.c = f.impl;
      ic.g = false;
      return f.impl(o, ...args);
    }
    return f.invoke([o, ...args], null);
  }
  return slowMethodCall(o, name, args, null);
}
