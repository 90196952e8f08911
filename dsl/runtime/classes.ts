// Creating classes from a `class` statement: bases, MRO, namespace, metaclass hooks that tsl supports
// (a metaclass keyword is accepted and ignored unless it is `type`), and CPython's implicit rules
// (__eq__ without __hash__ makes instances unhashable; __new__ is a static method; __init_subclass__ and
// __class_getitem__ are class methods).

import { Namespace } from "./values.ts";
import { classesChanged, MroError, PyType, T_object, typeOf } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { callArgs, PyClassMethod, PyFunction, PyStaticMethod } from "./functions.ts";

export function buildClass(
  name: string,
  qualname: string,
  bases: any[],
  ns: Record<string, any>,
  module: string,
  kw: Map<string, any> | null,
): any {
  for (const b of bases) {
    if (!(b instanceof PyType)) {
      throw typeErr(`bases must be types, not ${typeOf(b).name}`);
    }
    if (b.$d.__final__ === true) throw typeErr(`type '${b.name}' is not an acceptable base type`);
  }
  let cls: PyType;
  try {
    cls = new PyType(name, bases.length ? bases : [T_object]);
  } catch (e) {
    if (e instanceof MroError) throw typeErr(e.message);
    throw e;
  }
  cls.qualname = qualname;
  cls.module = module;
  cls.isUserClass = true;
  const d = new Namespace();
  for (const k of Object.keys(ns)) d[k] = ns[k];
  if (d.__eq__ !== undefined && d.__hash__ === undefined) d.__hash__ = null;
  if (d.__new__ instanceof PyFunction) d.__new__ = new PyStaticMethod(d.__new__);
  for (const k of ["__init_subclass__", "__class_getitem__"]) {
    if (d[k] instanceof PyFunction) d[k] = new PyClassMethod(d[k]);
  }
  d.__module__ ??= module;
  d.__qualname__ = qualname;
  cls.$d = d;
  const meta = kw?.get("metaclass");
  if (meta instanceof PyType && meta !== cls.$cls) (cls as any).$cls = meta;
  classesChanged();
  // __init_subclass__ of the nearest base that defines one.
  const base = cls.mro[1];
  const hook = base?.lookup("__init_subclass__");
  if (hook instanceof PyClassMethod) {
    const rest = new Map(kw ?? []);
    rest.delete("metaclass");
    const r = callArgs(hook.func, [cls], rest);
    if (r instanceof Promise) return r.then(() => cls);
  }
  return cls;
}
