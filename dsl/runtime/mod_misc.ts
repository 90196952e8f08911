// Small modules: typing, __future__, abc, collections (defaultdict, OrderedDict, namedtuple), copy,
// functools (reduce, partial).

import { Namespace, PyFloat, PyObject, PyTuple } from "./values.ts";
import { PyType, T_dict, T_object, T_tuple, typeOf } from "./types.ts";
import { call0, call2, callArgs, nativeFn, NativeProperty, PyBuiltin, PyFunction } from "./functions.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { registerModule } from "./modules.ts";
import { defMethod } from "./define.ts";
import { PyDict } from "./dict.ts";
import { PySet } from "./set.ts";
import { dictRepr, joinReprs, repr, typeRepr } from "./repr.ts";
import { toArray } from "./iteration.ts";
import { DictView, T_dict_items, T_dict_keys, T_dict_values } from "./dict_view.ts";
import { buildClass } from "./classes.ts";

// ---------------------------------------------------------------- typing / __future__ / abc
class TypingAlias {
  declare $cls: PyType;
  constructor(readonly name: string) {}
}
const T_alias = new PyType("_GenericAlias", [T_object]);
T_alias.module = "typing";
(TypingAlias.prototype as any).$cls = T_alias;
defMethod(T_alias, "__getitem__(self, item, /)", (a) => a);
defMethod(T_alias, "__call__(self, *args)", (_a, args: any[]) => args[0] ?? null);
defMethod(T_alias, "__repr__(self, /)", (a: TypingAlias) => `typing.${a.name}`);

registerModule("typing", () => {
  const names = [
    "Any",
    "List",
    "Dict",
    "Tuple",
    "Set",
    "FrozenSet",
    "Optional",
    "Union",
    "Callable",
    "Iterable",
    "Iterator",
    "Sequence",
    "Mapping",
    "Type",
    "Generator",
    "NamedTuple",
    "TypeVar",
    "Generic",
    "Protocol",
    "ClassVar",
    "Final",
    "Literal",
    "cast",
    "overload",
    "TYPE_CHECKING",
    "NoReturn",
    "AnyStr",
    "Deque",
    "DefaultDict",
  ];
  const out: Record<string, any> = {};
  for (const n of names) out[n] = new TypingAlias(n);
  out.TYPE_CHECKING = false;
  out.cast = nativeFn("cast(typ, val)", (_t, v) => v);
  out.overload = nativeFn("overload(f)", (f) => f);
  out.TypeVar = nativeFn("TypeVar(name, *constraints, **kw)", (n) => new TypingAlias(n));
  return out;
});
registerModule("__future__", () => {
  const out: Record<string, any> = {};
  for (
    const n of [
      "print_function",
      "division",
      "absolute_import",
      "unicode_literals",
      "annotations",
      "generators",
      "with_statement",
      "nested_scopes",
    ]
  ) {
    out[n] = true;
  }
  return out;
});
registerModule("abc", () => {
  const ABC = buildClass("ABC", "ABC", [], {}, "abc", null) as PyType;
  return {
    ABC,
    ABCMeta: PyType.prototype.$cls,
    abstractmethod: nativeFn("abstractmethod(f, /)", (f) => f),
  };
});

// ---------------------------------------------------------------- collections
const T_defaultdict = new PyType("defaultdict", [T_dict]);
T_defaultdict.module = "collections";
defMethod(T_defaultdict, "__init__(self, default_factory=None, /, *args, **kwargs)", (d: PyDict, f, args, kw) => {
  d.$d.default_factory = f ?? null;
  return callArgs(T_dict.$d.__init__, [d, ...args], kw ? new Map([...kw.map]) : null);
});
defMethod(T_defaultdict, "__missing__(self, key, /)", (d: PyDict, k) => {
  const f = d.$d.default_factory;
  if (f === null || f === undefined) throw pyErr("KeyError", k);
  const v = call0(f);
  const store = (x: any) => {
    d.set(k, x);
    return x;
  };
  return v instanceof Promise ? v.then(store) : store(v);
});
defMethod(T_defaultdict, "__repr__(self, /)", (d: PyDict) => {
  const f = d.$d.default_factory;
  const fr = f === null ? "None" : f instanceof PyType ? typeRepr(f) : repr(f);
  const inner = dictRepr(d);
  return Promise.all([fr, inner]).then(([a, b]) => `defaultdict(${a}, ${b})`);
});

export const T_OrderedDict = new PyType("OrderedDict", [T_dict]);
T_OrderedDict.module = "collections";
defMethod(T_OrderedDict, "__repr__(self, /)", (d: PyDict) => {
  if (d.map.size === 0) return "OrderedDict()";
  const pairs = [...d.map].map(([nk, v]) => new PyTuple([d.origKey(nk), v]));
  const inner = joinReprs(pairs);
  const fin = (s: string) => `OrderedDict([${s}])`;
  return inner instanceof Promise ? inner.then(fin) : fin(inner);
});
const odictViews = (["odict_keys", "odict_values", "odict_items"] as const).map((n, i) =>
  new PyType(n, [[T_dict_keys, T_dict_values, T_dict_items][i]])
);
for (const [i, m] of (["keys", "values", "items"] as const).entries()) {
  defMethod(T_OrderedDict, `${m}(self, /)`, (d: PyDict) => {
    const v = new DictView(d, i as 0 | 1 | 2);
    v.$cls = odictViews[i];
    return v;
  });
}
defMethod(T_OrderedDict, "move_to_end(self, key, last=True)", (d: PyDict, k, last) => {
  const nk = d.norm(k);
  const v = d.map.get(nk);
  if (v === undefined) throw pyErr("KeyError", k);
  const orig = d.origKey(nk);
  d.deleteNorm(nk);
  if (last === false) {
    const rest = [...d.map];
    d.map.clear();
    d.setNorm(nk, orig, v);
    for (const [a, b] of rest) d.map.set(a, b);
  } else d.setNorm(nk, orig, v);
  return null;
});
defMethod(T_OrderedDict, "popitem(self, last=True)", (d: PyDict, last) => {
  if (d.map.size === 0) throw pyErr("KeyError", "dictionary is empty");
  const keys = [...d.map.keys()];
  const nk = last === false ? keys[0] : keys[keys.length - 1];
  const r = new PyTuple([d.origKey(nk), d.map.get(nk)]);
  d.deleteNorm(nk);
  return r;
});

export function namedtuple(typename: string, fields: any, defaults: any): PyType {
  const names: string[] = typeof fields === "string" ? fields.replace(/,/g, " ").split(/\s+/).filter(Boolean) : fields;
  const t = new PyType(typename, [T_tuple]);
  t.module = "__main__";
  t.isUserClass = true;
  const defs: any[] = defaults ? (defaults instanceof PyTuple ? defaults.items : defaults) : [];
  t.make = (cls, args, kw) => {
    const vals = args.slice();
    for (let i = vals.length; i < names.length; i++) {
      const k = names[i];
      if (kw?.has(k)) vals.push(kw.get(k));
      else if (i >= names.length - defs.length) vals.push(defs[i - (names.length - defs.length)]);
      else throw typeErr(`${typename}.__new__() missing 1 required positional argument: '${k}'`);
    }
    if (vals.length > names.length) {
      throw typeErr(
        `${typename}.__new__() takes ${names.length + 1} positional arguments but ${vals.length + 1} were given`,
      );
    }
    const tup = new PyTuple(vals);
    tup.$cls = cls;
    tup.$d = new Namespace();
    return tup;
  };
  names.forEach((n, i) => (t.$d[n] = new NativeProperty(n, (s: PyTuple) => s.items[i])));
  t.$d._fields = new PyTuple(names);
  t.$d.__repr__ = new PyBuiltin("__repr__(self, /)", (s: PyTuple) => {
    const reprs = s.items.map((x) => repr(x));
    const fin = (vs: string[]) => `${typename}(${names.map((n, i) => `${n}=${vs[i]}`).join(", ")})`;
    return reprs.some((r) => r instanceof Promise) ? Promise.all(reprs).then(fin) : fin(reprs as string[]);
  }, true);
  t.$d._asdict = new PyBuiltin("_asdict(self, /)", (s: PyTuple) => {
    const d = new PyDict();
    names.forEach((n, i) => d.map.set(n, s.items[i]));
    return d;
  }, true);
  t.$d._replace = new PyBuiltin("_replace(self, /, **kw)", (s: PyTuple, kw: PyDict) => {
    const vals = names.map((n, i) => kw?.map.get(n) ?? s.items[i]);
    return t.make!(t, vals, null);
  }, true);
  return t;
}

registerModule("collections", () => ({
  defaultdict: T_defaultdict,
  OrderedDict: T_OrderedDict,
  namedtuple: nativeFn(
    "namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)",
    (n, f, _r, d) => namedtuple(n, f, d),
  ),
}));

// ---------------------------------------------------------------- copy
function shallow(x: any): any {
  if (Array.isArray(x)) return x.slice();
  if (x instanceof PyDict) return x.copyInto(typeOf(x) === T_dict ? new PyDict() : T_dict.make!(typeOf(x), [], null));
  if (x instanceof PySet) {
    const s = new PySet();
    for (const [k, v] of x.map) s.map.set(k, v);
    return s;
  }
  if (x instanceof PyObject) {
    const copyFn = x.$cls.lookup("__copy__");
    if (copyFn) return callArgs(copyFn, [x], null);
    const o = new PyObject(x.$cls);
    Object.assign(o.$d, x.$d);
    return o;
  }
  return x;
}

async function deep(x: any, memo: Map<any, any>): Promise<any> {
  if (x === null || typeof x !== "object" || x instanceof PyFloat || x instanceof PyType) return x;
  if (memo.has(x)) return memo.get(x);
  if (Array.isArray(x)) {
    const out: any[] = [];
    memo.set(x, out);
    for (const v of x) out.push(await deep(v, memo));
    return out;
  }
  if (x instanceof PyTuple) return new PyTuple(await Promise.all(x.items.map((v) => deep(v, memo))));
  if (x instanceof PyDict) {
    const d = new PyDict();
    if (x.$cls !== T_dict) {
      d.$cls = x.$cls;
      d.$d = new Namespace();
      Object.assign(d.$d, x.$d);
    }
    memo.set(x, d);
    for (const [nk, v] of x.map) await d.set(await deep(x.origKey(nk), memo), await deep(v, memo));
    return d;
  }
  if (x instanceof PySet) return shallow(x);
  const dc = typeOf(x).lookup("__deepcopy__");
  if (dc !== undefined) return await call2(dc, x, new PyDict());
  if (x instanceof PyObject) {
    const o = new PyObject(x.$cls);
    memo.set(x, o);
    for (const k of Object.keys(x.$d)) o.$d[k] = await deep(x.$d[k], memo);
    return o;
  }
  return x;
}

registerModule("copy", () => ({
  copy: nativeFn("copy(x)", shallow),
  deepcopy: nativeFn("deepcopy(x, memo=None)", (x) => deep(x, new Map())),
}));

registerModule("functools", () => ({
  reduce: nativeFn("reduce(function, iterable, initial=None, /)", async (f, it, init) => {
    const items = await toArray(it);
    let i = 0;
    let acc = init;
    if (acc === undefined) {
      if (items.length === 0) throw typeErr("reduce() of empty iterable with no initial value");
      acc = items[i++];
    }
    for (; i < items.length; i++) acc = await call2(f, acc, items[i]);
    return acc;
  }),
  partial: nativeFn(
    "partial(func, /, *args, **keywords)",
    (f, args: any[], kw: PyDict | null) =>
      new PyBuiltin("partial(*args, **kw)", (more: any[], kw2: PyDict | null) => {
        const m = new Map<string, any>([...(kw?.map ?? []), ...(kw2?.map ?? [])]);
        return callArgs(f, [...args, ...more], m);
      }),
  ),
  wraps: nativeFn("wraps(wrapped, /)", () => nativeFn("decorator(f, /)", (g) => g)),
}));

export { PyFunction };
