// Calling a class: `__new__` (or the type's native `make`) creates the instance, then `__init__` runs.
// Builtin and native types put their whole constructor in `make`; Python classes inherit the `make` of
// their nearest builtin/native base, which is how a tsl subclass of a native class gets native state.

import { EPOCH, type PyType, T_object } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { callArgs, PyFunction, PyStaticMethod } from "./functions.ts";
import { PyObject } from "./values.ts";
import { drive } from "./drive.ts";

/** object.__init__ and object.__new__ (set by object_methods.ts). */
export const OBJECT_BUILTINS = { init: null as any, new_: null as any };

/**
 * Fast path for calling a plain tsl class positionally: object's __new__, a compiled __init__ that takes
 * the arguments directly. Resolved once per class and class-change epoch.
 */
export function constructPositional(cls: PyType, args: any[]): any {
  const c = cls as PyType & { ctorEpoch?: number; ctorInit?: any };
  if (c.ctorEpoch !== EPOCH.v) {
    c.ctorEpoch = EPOCH.v;
    const newFn = cls.lookup("__new__");
    const init = cls.lookup("__init__");
    const plainNew = (newFn instanceof PyStaticMethod ? newFn.func : newFn) === OBJECT_BUILTINS.new_;
    c.ctorInit = plainNew && cls.make === T_object.make && init instanceof PyFunction ? init : null;
  }
  const init = c.ctorInit;
  if (init === null || init.maxpos < args.length + 1) return construct(cls, args, null);
  const obj = new PyObject(cls);
  const r = drive(init.fn(obj, ...args));
  if (r instanceof Promise) return r.then((v) => checkInitResult(v, obj));
  return r === null ? obj : checkInitResult(r, obj);
}

export function construct(cls: PyType, args: any[], kw: Map<string, any> | null): any {
  const newFn = cls.lookup("__new__");
  const f = newFn instanceof PyStaticMethod ? newFn.func : newFn;
  if (f !== undefined && f !== OBJECT_BUILTINS.new_) {
    const obj = callArgs(f, [cls, ...args], kw);
    if (obj instanceof Promise) return obj.then((o) => initAfterNew(cls, o, args, kw));
    return initAfterNew(cls, obj, args, kw);
  }
  if (cls.make === null) throw typeErr(`cannot create '${cls.name}' instances`);
  const obj = cls.make(cls, args, kw);
  if (obj instanceof Promise) return obj.then((o) => runInit(cls, o, args, kw));
  return runInit(cls, obj, args, kw);
}

function initAfterNew(cls: PyType, obj: any, args: any[], kw: Map<string, any> | null): any {
  // __init__ runs only when __new__ returned an instance of cls.
  const t = obj?.$cls;
  if (!(t && t.isSubclassOf && t.isSubclassOf(cls))) return obj;
  return runInit(cls, obj, args, kw, true);
}

function runInit(cls: PyType, obj: any, args: any[], kw: Map<string, any> | null, hadNew = false): any {
  const init = cls.lookup("__init__");
  if (init === undefined || init === OBJECT_BUILTINS.init) {
    if (!hadNew && cls.make === T_object.make && (args.length > 0 || (kw !== null && kw.size > 0))) {
      throw typeErr(`${cls.name}() takes no arguments`);
    }
    return obj;
  }
  const r = callArgs(init, [obj, ...args], kw);
  if (r instanceof Promise) return r.then((v) => checkInitResult(v, obj));
  return checkInitResult(r, obj);
}

function checkInitResult(v: any, obj: any): any {
  if (v !== null && v !== undefined) throw typeErr(`__init__() should return None, not '${v?.$cls?.name ?? typeof v}'`);
  return obj;
}
