// super(): attribute lookup that starts after a given class in the MRO of the instance's type.
// Zero-argument `super()` compiles to makeSuper(<the class being defined>, <the method's first argument>).

import { PyType, T_super, typeOf } from "./types.ts";
import { attrErr, pyErr, typeErr } from "./exceptions.ts";
import {
  call1,
  NativeProperty,
  PyBuiltin,
  PyClassMethod,
  PyFunction,
  PyMethod,
  PyProperty,
  PyStaticMethod,
} from "./functions.ts";

export class PySuper {
  declare $cls: PyType;
  constructor(readonly thisType: PyType, readonly obj: any) {}
  /** The type whose MRO is searched: the object's type, or the object itself in classmethods. */
  get objType(): PyType {
    const o = this.obj;
    return o instanceof PyType && o.isSubclassOf(this.thisType) ? o : typeOf(o);
  }
}
(PySuper.prototype as any).$cls = T_super;

export function makeSuper(cls: PyType | undefined, obj: any): PySuper {
  if (cls === undefined) throw pyErr("RuntimeError", "super(): __class__ cell not found");
  if (obj === undefined) throw pyErr("RuntimeError", "super(): no arguments");
  if (!(cls instanceof PyType)) throw typeErr(`super() argument 1 must be a type, not ${typeOf(cls).name}`);
  const s = new PySuper(cls, obj);
  if (!s.objType.isSubclassOf(cls)) {
    throw typeErr("super(type, obj): obj must be an instance or subtype of type");
  }
  return s;
}

export function superGetAttr(s: PySuper, name: string): any {
  const objType = s.objType;
  const mro = objType.mro;
  const isClass = s.obj === objType && s.obj instanceof PyType && typeOf(s.obj) !== objType;
  for (let i = mro.indexOf(s.thisType) + 1; i < mro.length; i++) {
    const v = mro[i].$d[name];
    if (v === undefined) continue;
    if (v instanceof PyFunction) return isClass ? v : new PyMethod(s.obj, v);
    if (v instanceof PyBuiltin) return v.isMethod && !isClass ? new PyMethod(s.obj, v) : v;
    if (v instanceof PyClassMethod) return new PyMethod(objType, v.func);
    if (v instanceof PyStaticMethod) return v.func;
    if (v instanceof NativeProperty) return v.get(s.obj);
    if (v instanceof PyProperty) return call1(v.fget, s.obj);
    return v;
  }
  if (name === "__thisclass__") return s.thisType;
  if (name === "__self__") return s.obj;
  if (name === "__class__") return T_super;
  throw attrErr(`'super' object has no attribute '${name}'`);
}
