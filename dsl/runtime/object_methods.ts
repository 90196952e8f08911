// Methods of object, type, functions, methods, modules and the singletons.

import { Ellipsis, NotImplemented, PyObject, PyTuple } from "./values.ts";
import {
  initSingletonTypes,
  PyType,
  T_builtin,
  T_classmethod,
  T_ellipsis,
  T_function,
  T_method,
  T_NoneType,
  T_NotImplementedType,
  T_object,
  T_property,
  T_staticmethod,
  T_type,
  typeOf,
} from "./types.ts";
import { defMethod, defProp } from "./define.ts";
import { addressOf, objectRepr, REPR_BUILTINS, typeRepr } from "./repr.ts";
import { OBJECT_ATTR_BUILTINS, objectDelAttr, objectSetAttr } from "./attributes.ts";
import { OBJECT_BUILTINS } from "./construct.ts";
import { NE_DEFAULT } from "./compare.ts";
import { FORMAT_BUILTINS } from "./str_format.ts";
import { HASH_HOOKS, objectId } from "./hashing.ts";
import {
  NativeProperty,
  PyBuiltin,
  PyClassMethod,
  PyFunction,
  PyMethod,
  PyProperty,
  PyStaticMethod,
} from "./functions.ts";
import { typeErr } from "./exceptions.ts";
import { PyDict } from "./dict.ts";
import { buildClass } from "./classes.ts";

initSingletonTypes(NotImplemented, Ellipsis);

// ---------------------------------------------------------------- object
OBJECT_BUILTINS.init = defMethod(T_object, "__init__(self, *args, **kwargs)", () => null);
OBJECT_BUILTINS.new_ = defMethod(T_object, "__new__(cls, *args, **kwargs)", (cls: PyType) => {
  if (!(cls instanceof PyType) || cls.make === null) throw typeErr("object.__new__(X): X is not a type object");
  return cls.make(cls, [], null);
});
T_object.$d.__new__ = new PyStaticMethod(OBJECT_BUILTINS.new_);
OBJECT_ATTR_BUILTINS.setattr = defMethod(T_object, "__setattr__(self, name, value, /)", objectSetAttr);
OBJECT_ATTR_BUILTINS.delattr = defMethod(T_object, "__delattr__(self, name, /)", objectDelAttr);
defMethod(T_object, "__eq__(self, other, /)", (a, b) => (a === b ? true : NotImplemented));
NE_DEFAULT.fn = defMethod(T_object, "__ne__(self, other, /)", (a, b) => (a === b ? false : NotImplemented));
for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) {
  defMethod(T_object, `${n}(self, other, /)`, () => NotImplemented);
}
HASH_HOOKS.objectHash = defMethod(T_object, "__hash__(self, /)", (o) => objectId(o) * 16);
defMethod(T_object, "__repr__(self, /)", objectRepr);
REPR_BUILTINS.objectStr = defMethod(T_object, "__str__(self, /)", (o) => HOOK_REPR.repr(o));
FORMAT_BUILTINS.objectFormat = defMethod(T_object, "__format__(self, spec, /)", (o, spec) => {
  if (spec !== "") throw typeErr(`unsupported format string passed to ${typeOf(o).name}.__format__`);
  return HOOK_REPR.str(o);
});
defMethod(T_object, "__dir__(self, /)", (o) => {
  const names = new Set<string>();
  if (o?.$d) { for (const k of Object.keys(o.$d)) names.add(k); }
  for (const t of typeOf(o).mro) for (const k of Object.keys(t.$d)) names.add(k);
  return [...names].sort();
});
defProp(T_object, "__class__", (o) => typeOf(o));
defProp(T_object, "__dict__", (o) => {
  if (o?.$d === undefined || o.$d === null) throw typeErr(`'${typeOf(o).name}' object has no attribute '__dict__'`);
  const d = new PyDict();
  for (const k of Object.keys(o.$d)) d.map.set(k, o.$d[k]);
  return d;
});

/** Late-bound repr/str (repr.ts imports this module's types). */
export const HOOK_REPR = { repr: null as unknown as (x: any) => any, str: null as unknown as (x: any) => any };

// ---------------------------------------------------------------- type
T_type.make = (_cls, args, kw) => {
  if (args.length === 1 && (kw === null || kw.size === 0)) return typeOf(args[0]);
  if (args.length !== 3) throw typeErr("type() takes 1 or 3 arguments");
  const [name, bases, ns] = args;
  const d: Record<string, any> = {};
  if (ns instanceof PyDict) { for (const [k, v] of ns.map) d[k] = v; }
  return buildClass(name, name, bases instanceof PyTuple ? bases.items : [], d, "__main__", null);
};
defMethod(T_type, "__repr__(self, /)", typeRepr);
defProp(T_type, "__name__", (t: PyType) => t.name, (t: PyType, v) => void (t.name = v));
defProp(T_type, "__qualname__", (t: PyType) => t.qualname, (t: PyType, v) => void (t.qualname = v));
defProp(T_type, "__module__", (t: PyType) => t.$d.__module__ ?? t.module, (t: PyType, v) => void (t.$d.__module__ = v));
defProp(T_type, "__bases__", (t: PyType) => new PyTuple(t.bases));
defProp(T_type, "__base__", (t: PyType) => t.bases[0] ?? null);
defProp(T_type, "__mro__", (t: PyType) => new PyTuple(t.mro));
defProp(T_type, "__doc__", (t: PyType) => t.$d.__doc__ ?? null);
defProp(T_type, "__dict__", (t: PyType) => {
  const d = new PyDict();
  for (const k of Object.keys(t.$d)) d.map.set(k, t.$d[k]);
  return d;
});
defMethod(T_type, "mro(self, /)", (t: PyType) => [...t.mro]);
defMethod(T_type, "__subclasses__(self, /)", () => []);
defMethod(T_type, "__instancecheck__(self, obj, /)", (t: PyType, o) => typeOf(o).isSubclassOf(t));
defMethod(T_type, "__subclasscheck__(self, sub, /)", (t: PyType, s: PyType) => s.isSubclassOf(t));

// ---------------------------------------------------------------- functions and methods
defMethod(T_function, "__repr__(self, /)", (f: PyFunction) => `<function ${f.qualname} at ${addressOf(f)}>`);
defProp(T_function, "__name__", (f: PyFunction) => f.name, (f: PyFunction, v) => void (f.name = v));
defProp(T_function, "__qualname__", (f: PyFunction) => f.qualname, (f: PyFunction, v) => void (f.qualname = v));
defProp(T_function, "__module__", (f: PyFunction) => f.module, (f: PyFunction, v) => void (f.module = v));
defProp(T_function, "__doc__", (f: PyFunction) => f.doc, (f: PyFunction, v) => void (f.doc = v));
defProp(T_function, "__defaults__", (f: PyFunction) => (f.defaults.length ? new PyTuple(f.defaults) : null));
defProp(T_function, "__dict__", (f: PyFunction) => {
  const d = new PyDict();
  if (f.$d) { for (const k of Object.keys(f.$d)) d.map.set(k, f.$d[k]); }
  return d;
});
defMethod(T_function, "__get__(self, obj, type=None, /)", (f, o) => (o === null ? f : new PyMethod(o, f)));
defMethod(
  T_builtin,
  "__repr__(self, /)",
  (f: PyBuiltin) =>
    f.isMethod
      ? `<method '${f.sig.name}' of '${f.qualname.split(".")[0]}' objects>`
      : `<built-in function ${f.sig.name}>`,
);
defProp(T_builtin, "__name__", (f: PyBuiltin) => f.sig.name);
defProp(T_builtin, "__qualname__", (f: PyBuiltin) => f.qualname);
defProp(T_builtin, "__doc__", () => null);
defMethod(T_method, "__repr__(self, /)", (m: PyMethod) => {
  const fname = m.func instanceof PyFunction ? m.func.qualname : m.func?.qualname ?? m.func?.sig?.name ?? "?";
  if (m.func instanceof PyBuiltin) {
    return `<built-in method ${m.func.sig.name} of ${typeOf(m.self).name} object at ${addressOf(m.self)}>`;
  }
  const selfRepr = HOOK_REPR.repr(m.self);
  const fin = (s: string) => `<bound method ${fname} of ${s}>`;
  return selfRepr instanceof Promise ? selfRepr.then(fin) : fin(selfRepr);
});
defProp(T_method, "__self__", (m: PyMethod) => m.self);
defProp(T_method, "__func__", (m: PyMethod) => m.func);
defProp(T_method, "__name__", (m: PyMethod) => m.func?.name ?? m.func?.sig?.name);
defProp(T_method, "__qualname__", (m: PyMethod) => m.func?.qualname);
defProp(T_method, "__doc__", (m: PyMethod) => m.func?.doc ?? null);

// ---------------------------------------------------------------- singletons
defMethod(T_NoneType, "__repr__(self, /)", () => "None");
T_NoneType.make = () => null;
defMethod(T_NotImplementedType, "__repr__(self, /)", () => "NotImplemented");
defMethod(T_ellipsis, "__repr__(self, /)", () => "Ellipsis");
defMethod(T_NoneType, "__bool__(self, /)", () => false);

// ---------------------------------------------------------------- property, staticmethod, classmethod
T_property.make = (_c, args, kw) =>
  new PyProperty(
    args[0] ?? kw?.get("fget") ?? null,
    args[1] ?? kw?.get("fset") ?? null,
    args[2] ?? kw?.get("fdel") ?? null,
    args[3] ?? kw?.get("doc") ?? null,
  );
defMethod(T_property, "getter(self, f, /)", (p: PyProperty, f) => new PyProperty(f, p.fset, p.fdel, p.doc));
defMethod(T_property, "setter(self, f, /)", (p: PyProperty, f) => new PyProperty(p.fget, f, p.fdel, p.doc));
defMethod(T_property, "deleter(self, f, /)", (p: PyProperty, f) => new PyProperty(p.fget, p.fset, f, p.doc));
defProp(T_property, "fget", (p: PyProperty) => p.fget);
defProp(T_property, "__doc__", (p: PyProperty | NativeProperty) => (p instanceof PyProperty ? p.doc : null));
T_staticmethod.make = (_c, args) => new PyStaticMethod(args[0]);
T_classmethod.make = (_c, args) => new PyClassMethod(args[0]);
defProp(T_staticmethod, "__func__", (s: PyStaticMethod) => s.func);
defProp(T_classmethod, "__func__", (s: PyClassMethod) => s.func);

/** object() itself. */
T_object.make = (cls) => new PyObject(cls);
