// Methods of dict, set and frozenset, and the dict views.

import { DONE, Namespace, NotImplemented, PyTuple } from "./values.ts";
import { T_dict, T_frozenset, T_set, typeOf } from "./types.ts";
import { defMethod } from "./define.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { PyDict } from "./dict.ts";
import { orderedMembers, PyFrozenSet, PySet } from "./set.ts";
import { ArrayIter, DictIter, getIter, ITER_BUILTINS, registerNativeIter, toArray } from "./iteration.ts";
import { dictRepr, listRepr, REPR_BUILTINS, setRepr } from "./repr.ts";
import { dictDelItem, dictGetItem } from "./items.ts";
import { HOOK_KEYS, mergeInto } from "./ops.ts";
import { eqBool } from "./compare.ts";
import { PyDictLen } from "./compare.ts";
import { DictView, T_dict_items, T_dict_keys, T_dict_values } from "./dict_view.ts";
import { callMethod0 } from "./attributes.ts";
import { PyBuiltin, PyClassMethod } from "./functions.ts";

registerNativeIter(DictIter);

// ---------------------------------------------------------------- dict
T_dict.make = (cls) => {
  const d = new PyDict();
  if (cls !== T_dict) {
    d.$cls = cls;
    d.$d = new Namespace();
  }
  return d;
};

/** dict(mapping_or_pairs, **kw) / d.update(...). */
function update(d: PyDict, arg: any, kw: PyDict | null): any {
  const rest = () => {
    if (kw) { for (const [k, v] of kw.map) d.set(k, v); }
    return null;
  };
  if (arg === undefined || arg === null) return rest();
  if (arg instanceof PyDict || typeOf(arg).lookup("keys") !== undefined) {
    const r = mergeInto(d, arg);
    return r instanceof Promise ? r.then(rest) : rest();
  }
  const items = toArray(arg);
  const fill = async (xs: any[]) => {
    for (let i = 0; i < xs.length; i++) {
      const pair = await toArray(xs[i]);
      if (pair.length !== 2) {
        throw pyErr("ValueError", `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
      }
      await d.set(pair[0], pair[1]);
    }
    return rest();
  };
  if (items instanceof Promise) return items.then(fill);
  // Synchronous fast path for lists of tuples.
  for (let i = 0; i < items.length; i++) {
    const p = items[i];
    const pair = p instanceof PyTuple ? p.items : Array.isArray(p) ? p : null;
    if (pair === null) return fill(items.slice(i)).then(() => null);
    if (pair.length !== 2) {
      throw pyErr("ValueError", `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    }
    const r = d.set(pair[0], pair[1]);
    if (r instanceof Promise) return r.then(() => fill(items.slice(i + 1)));
  }
  return rest();
}

defMethod(T_dict, "__init__(self, iterable=None, /, **kwargs)", (d, a, kw) => update(d, a, kw));
defMethod(T_dict, "update(self, iterable=None, /, **kwargs)", (d, a, kw) => update(d, a, kw));
defMethod(T_dict, "get(self, key, default=None, /)", (d: PyDict, k, dflt) => {
  const v = d.get(k);
  if (v instanceof Promise) return v.then((x) => (x === undefined ? dflt ?? null : x));
  return v === undefined ? dflt ?? null : v;
});
defMethod(T_dict, "keys(self, /)", (d) => new DictView(d, 0));
defMethod(T_dict, "values(self, /)", (d) => new DictView(d, 1));
defMethod(T_dict, "items(self, /)", (d) => new DictView(d, 2));
defMethod(T_dict, "pop(self, key, default=<missing>, /)".replace("<missing>", "None"), (d: PyDict, k, dflt) => {
  const v = d.pop(k);
  const fin = (x: any) => {
    if (x !== undefined) return x;
    if (dflt !== undefined) return dflt;
    throw pyErr("KeyError", k);
  };
  return v instanceof Promise ? v.then(fin) : fin(v);
});
defMethod(T_dict, "setdefault(self, key, default=None, /)", (d: PyDict, k, dflt) => {
  const v = d.get(k);
  const fin = (x: any) => {
    if (x !== undefined) return x;
    const val = dflt ?? null;
    const r = d.set(k, val);
    return r instanceof Promise ? r.then(() => val) : val;
  };
  return v instanceof Promise ? v.then(fin) : fin(v);
});
defMethod(T_dict, "copy(self, /)", (d: PyDict) => d.copyInto(new PyDict()));
defMethod(T_dict, "clear(self, /)", (d: PyDict) => {
  d.clear();
  return null;
});
defMethod(T_dict, "popitem(self, /)", (d: PyDict) => {
  if (d.map.size === 0) throw pyErr("KeyError", "popitem(): dictionary is empty");
  const nk = [...d.map.keys()].pop();
  const k = d.origKey(nk);
  const v = d.map.get(nk);
  d.deleteNorm(nk);
  return new PyTuple([k, v]);
});
T_dict.$d.fromkeys = new PyClassMethod(
  new PyBuiltin("fromkeys(cls, iterable, value=None, /)", (cls, it, v) => {
    const keys = toArray(it);
    const build = async (ks: any[]) => {
      const d = cls === T_dict ? new PyDict() : await T_dict.make!(cls, [], null);
      for (const k of ks) await d.set(k, v ?? null);
      return d;
    };
    return keys instanceof Promise ? keys.then(build) : build(keys);
  }, true),
);
PyDictLen.fn = defMethod(T_dict, "__len__(self, /)", (d: PyDict) => d.map.size);
defMethod(T_dict, "__getitem__(self, key, /)", dictGetItem);
defMethod(T_dict, "__setitem__(self, key, value, /)", (d: PyDict, k, v) => d.set(k, v) ?? null);
defMethod(T_dict, "__delitem__(self, key, /)", dictDelItem);
defMethod(T_dict, "__contains__(self, key, /)", (d: PyDict, k) => d.has(k));
ITER_BUILTINS.dict = defMethod(T_dict, "__iter__(self, /)", (d: PyDict) => new DictIter(d, 0));
defMethod(T_dict, "__eq__(self, other, /)", (d: PyDict, o) => {
  if (!(o instanceof PyDict)) return NotImplemented;
  if (d.map.size !== o.map.size) return false;
  return (async () => {
    for (const [nk, v] of d.map) {
      const ov = o.map.get(nk);
      if (ov === undefined || !(await eqBool(v, ov))) return false;
    }
    return true;
  })();
});
defMethod(T_dict, "__or__(self, other, /)", (d: PyDict, o) => {
  if (!(o instanceof PyDict)) return NotImplemented;
  const r = d.copyInto(new PyDict());
  mergeInto(r, o);
  return r;
});
defMethod(T_dict, "__ior__(self, other, /)", (d: PyDict, o) => {
  const r = update(d, o, null);
  return r instanceof Promise ? r.then(() => d) : d;
});
defMethod(T_dict, "__reversed__(self, /)", (d: PyDict) => new ArrayIter([...d.keys()].reverse()));
REPR_BUILTINS.dict = defMethod(T_dict, "__repr__(self, /)", dictRepr);
T_dict.$d.__hash__ = null;
HOOK_KEYS.keys = (m: any) => callMethod0(m, "keys");

// ---------------------------------------------------------------- views
for (
  const [t, name] of [[T_dict_keys, "dict_keys"], [T_dict_values, "dict_values"], [T_dict_items, "dict_items"]] as const
) {
  defMethod(t, "__len__(self, /)", (v: DictView) => v.d.map.size);
  defMethod(t, "__iter__(self, /)", (v: DictView) => new DictIter(v.d, v.kind));
  defMethod(t, "__contains__(self, x, /)", (v: DictView, x) => v.contains(x));
  defMethod(t, "__repr__(self, /)", (v: DictView) => {
    const inner = listRepr(v.items(), "[", "]");
    const cls = v.$cls === t ? name : v.$cls.name; // odict_keys and friends print their own name
    return inner instanceof Promise ? inner.then((s: string) => `${cls}(${s})`) : `${cls}(${inner})`;
  });
  defMethod(t, "__reversed__(self, /)", (v: DictView) => new ArrayIter(v.items().reverse()));
}
for (const t of [T_dict_keys, T_dict_items]) {
  defMethod(t, "__eq__(self, other, /)", (v: DictView, o) => setEq(new Set(v.items().map(keyish)), o));
}
const keyish = (x: any) => (x instanceof PyTuple ? JSON.stringify(x.items.map(String)) : x);
function setEq(a: Set<any>, o: any): any {
  const items = o instanceof DictView ? o.items() : o instanceof PySet ? o.members() : null;
  if (items === null) return NotImplemented;
  return items.length === a.size && items.every((x) => a.has(keyish(x)));
}

// ---------------------------------------------------------------- set / frozenset
function makeSet(cls: any, frozen: boolean): PySet {
  const s = frozen ? new PyFrozenSet() : new PySet();
  if (cls !== T_set && cls !== T_frozenset) {
    s.$cls = cls;
    s.$d = new Namespace();
  }
  return s;
}

async function addAll(s: PySet, it: any): Promise<void> {
  for (const x of await toArray(it)) await s.add(x);
}

function addAllSync(s: PySet, it: any): any {
  const items = toArray(it);
  if (items instanceof Promise) return items.then((xs: any[]) => addAll(s, xs));
  for (let i = 0; i < items.length; i++) {
    const r = s.add(items[i]);
    if (r instanceof Promise) return r.then(() => addAll(s, items.slice(i + 1)));
  }
}

T_set.make = (cls) => makeSet(cls, false);
T_frozenset.make = (cls, args) => {
  const s = makeSet(cls, true);
  if (args.length === 0) return s;
  const r = addAllSync(s, args[0]);
  return r instanceof Promise ? r.then(() => s) : s;
};
defMethod(T_set, "__init__(self, iterable=None, /)", (s: PySet, it) => {
  s.map.clear();
  if (it === undefined || it === null) return null;
  const r = addAllSync(s, it);
  return r instanceof Promise ? r.then(() => null) : null;
});

function same(s: PySet): PySet {
  return s instanceof PyFrozenSet ? new PyFrozenSet() : new PySet();
}
function copyOf(s: PySet): PySet {
  const r = same(s);
  for (const [k, v] of s.map) r.map.set(k, v);
  r.buckets = s.buckets;
  return r;
}
async function other(o: any): Promise<PySet> {
  if (o instanceof PySet) return o;
  const s = new PySet();
  await addAll(s, o);
  return s;
}
const union = async (s: PySet, others: any[]) => {
  const r = copyOf(s);
  for (const o of others) for (const [k, v] of (await other(o)).map) if (!r.map.has(k)) r.map.set(k, v);
  return r;
};
const intersection = async (s: PySet, others: any[]) => {
  let r = copyOf(s);
  for (const o of others) {
    const b = await other(o);
    const n = same(s);
    for (const [k, v] of r.map) if (b.map.has(k)) n.map.set(k, v);
    r = n;
  }
  return r;
};
const difference = async (s: PySet, others: any[]) => {
  const r = copyOf(s);
  for (const o of others) for (const k of (await other(o)).map.keys()) r.map.delete(k);
  return r;
};
const symdiff = async (s: PySet, o: any) => {
  const b = await other(o);
  const r = copyOf(s);
  for (const [k, v] of b.map) {
    if (r.map.has(k)) r.map.delete(k);
    else r.map.set(k, v);
  }
  return r;
};
const replaceContents = (s: PySet, r: PySet) => {
  s.map = r.map;
  return null;
};

for (const t of [T_set, T_frozenset]) {
  defMethod(t, "union(self, *others)", union);
  defMethod(t, "intersection(self, *others)", intersection);
  defMethod(t, "difference(self, *others)", difference);
  defMethod(t, "symmetric_difference(self, other, /)", symdiff);
  defMethod(t, "issubset(self, other, /)", async (s: PySet, o) => {
    const b = await other(o);
    return [...s.map.keys()].every((k) => b.map.has(k));
  });
  defMethod(t, "issuperset(self, other, /)", async (s: PySet, o) => {
    const b = await other(o);
    return [...b.map.keys()].every((k) => s.map.has(k));
  });
  defMethod(t, "isdisjoint(self, other, /)", async (s: PySet, o) => {
    const b = await other(o);
    return ![...b.map.keys()].some((k) => s.map.has(k));
  });
  defMethod(t, "copy(self, /)", copyOf);
  defMethod(t, "__len__(self, /)", (s: PySet) => s.map.size);
  defMethod(t, "__contains__(self, x, /)", (s: PySet, x) => s.has(x));
  defMethod(t, "__iter__(self, /)", (s: PySet) => new ArrayIter(orderedMembers(s)));
  const setOnly =
    (f: (s: PySet, o: PySet) => any) => (s: PySet, o: any) => (o instanceof PySet ? f(s, o) : NotImplemented);
  defMethod(t, "__or__(self, other, /)", setOnly((s, o) => union(s, [o])));
  defMethod(t, "__and__(self, other, /)", setOnly((s, o) => intersection(s, [o])));
  defMethod(t, "__sub__(self, other, /)", setOnly((s, o) => difference(s, [o])));
  defMethod(t, "__xor__(self, other, /)", setOnly((s, o) => symdiff(s, o)));
  defMethod(
    t,
    "__eq__(self, other, /)",
    setOnly((s, o) => s.map.size === o.map.size && [...s.map.keys()].every((k) => o.map.has(k))),
  );
  defMethod(t, "__le__(self, other, /)", setOnly((s, o) => [...s.map.keys()].every((k) => o.map.has(k))));
  defMethod(
    t,
    "__lt__(self, other, /)",
    setOnly((s, o) => s.map.size < o.map.size && [...s.map.keys()].every((k) => o.map.has(k))),
  );
  defMethod(t, "__ge__(self, other, /)", setOnly((s, o) => [...o.map.keys()].every((k) => s.map.has(k))));
  defMethod(
    t,
    "__gt__(self, other, /)",
    setOnly((s, o) => s.map.size > o.map.size && [...o.map.keys()].every((k) => s.map.has(k))),
  );
  defMethod(t, "__repr__(self, /)", (s: PySet) => setRepr(s, orderedMembers(s), typeOf(s).name));
}
T_set.$d.__hash__ = null;
defMethod(T_frozenset, "__hash__(self, /)", (s: PySet) => s.map.size);

defMethod(T_set, "add(self, elem, /)", (s: PySet, x) => s.add(x) ?? null);
defMethod(T_set, "remove(self, elem, /)", (s: PySet, x) => {
  const r = s.delete(x);
  const fin = (ok: boolean) => {
    if (!ok) throw pyErr("KeyError", x);
    return null;
  };
  return r instanceof Promise ? r.then(fin) : fin(r);
});
defMethod(T_set, "discard(self, elem, /)", (s: PySet, x) => {
  const r = s.delete(x);
  return r instanceof Promise ? r.then(() => null) : null;
});
defMethod(T_set, "pop(self, /)", (s: PySet) => {
  const first = s.map.entries().next();
  if (first.done) throw pyErr("KeyError", "pop from an empty set");
  s.map.delete(first.value[0]);
  return first.value[1];
});
defMethod(T_set, "clear(self, /)", (s: PySet) => {
  s.map.clear();
  return null;
});
defMethod(T_set, "update(self, *others)", async (s: PySet, others: any[]) => {
  for (const o of others) await addAll(s, o);
  return null;
});
defMethod(T_set, "intersection_update(self, *others)", async (s, o) => replaceContents(s, await intersection(s, o)));
defMethod(T_set, "difference_update(self, *others)", async (s, o) => replaceContents(s, await difference(s, o)));
defMethod(
  T_set,
  "symmetric_difference_update(self, other, /)",
  async (s, o) => replaceContents(s, await symdiff(s, o)),
);
defMethod(T_set, "__ior__(self, other, /)", async (s: PySet, o) => (await addAll(s, o), s));
defMethod(
  T_set,
  "__iand__(self, other, /)",
  async (s: PySet, o) => (replaceContents(s, await intersection(s, [o])), s),
);
defMethod(T_set, "__isub__(self, other, /)", async (s: PySet, o) => (replaceContents(s, await difference(s, [o])), s));

export { DONE, getIter, typeErr };
