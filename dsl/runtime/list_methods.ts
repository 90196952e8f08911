// Methods of list and tuple.

import { NotImplemented, PyTuple } from "./values.ts";
import { T_list, T_tuple, typeOf } from "./types.ts";
import { defMethod } from "./define.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { ArrayIter, drain, getIter, ITER_BUILTINS, toArray } from "./iteration.ts";
import { eq, eqBool, order } from "./compare.ts";
import { sortArray } from "./sorting.ts";
import { listRepr, REPR_BUILTINS } from "./repr.ts";
import { delItem, getItem, listDelItem, listGetItem, listSetItem, tupleGetItem } from "./items.ts";
import { binop, HOOK_INPLACE } from "./arith.ts";
import { contains } from "./ops.ts";
import { toIndex } from "./convert.ts";
import { tupleKey } from "./hashing.ts";
import { HASH_HOOKS } from "./hashing.ts";
import { Namespace } from "./values.ts";

// ---------------------------------------------------------------- list
T_list.make = (cls) => {
  const a: any[] = [];
  if (cls !== T_list) {
    (a as any).$cls = cls;
    (a as any).$d = new Namespace();
  }
  return a;
};
defMethod(T_list, "__init__(self, iterable=(), /)", (self: any[], it) => {
  self.length = 0;
  if (it === undefined) return null;
  return extend(self, it);
});

function extend(self: any[], it: any): any {
  if (Array.isArray(it)) {
    if (it === self) self.push(...it.slice());
    else for (let i = 0; i < it.length; i++) self.push(it[i]);
    return null;
  }
  const itr = getIter(it);
  const go = (i: any) => {
    const r = drain(i, self);
    return r instanceof Promise ? r.then(() => null) : null;
  };
  return itr instanceof Promise ? itr.then(go) : go(itr);
}
HOOK_INPLACE.listExtend = (a, b) => {
  const r = extend(a, b);
  return r instanceof Promise ? r.then(() => a) : a;
};

defMethod(T_list, "append(self, object, /)", (self: any[], x) => {
  self.push(x);
  return null;
});
defMethod(T_list, "extend(self, iterable, /)", extend);
defMethod(T_list, "insert(self, index, object, /)", (self: any[], i, x) => {
  let n = toIndex(i);
  if (n < 0) n = Math.max(0, n + self.length);
  if (n > self.length) n = self.length;
  self.splice(n, 0, x);
  return null;
});
defMethod(T_list, "pop(self, index=-1, /)", (self: any[], i) => {
  if (self.length === 0) throw pyErr("IndexError", "pop from empty list");
  let n = i === undefined ? -1 : toIndex(i);
  if (n < 0) n += self.length;
  if (n < 0 || n >= self.length) throw pyErr("IndexError", "pop index out of range");
  return self.splice(n, 1)[0];
});
defMethod(T_list, "remove(self, value, /)", (self: any[], x) => {
  const r = indexOf(self, x, 0, self.length);
  const fin = (i: number) => {
    if (i < 0) throw pyErr("ValueError", "list.remove(x): x not in list");
    self.splice(i, 1);
    return null;
  };
  return r instanceof Promise ? r.then(fin) : fin(r);
});

/** First index of x in a[start:end] by identity-or-equality, or -1 (maybe a Promise). */
export function indexOf(a: any[], x: any, start: number, end: number): any {
  for (let i = start; i < end && i < a.length; i++) {
    if (a[i] === x) return i;
    const r = eqBool(a[i], x);
    if (r instanceof Promise) return r.then((b) => (b ? i : indexOf(a, x, i + 1, end)));
    if (r) return i;
  }
  return -1;
}

function bounds(len: number, start: any, end: any): [number, number] {
  let s = start === undefined || start === null ? 0 : toIndex(start);
  let e = end === undefined || end === null ? len : toIndex(end);
  if (s < 0) s = Math.max(0, s + len);
  if (e < 0) e = Math.max(0, e + len);
  return [s, Math.min(e, len)];
}

function seqIndex(items: any[], x: any, start: any, end: any, what: string): any {
  const [s, e] = bounds(items.length, start, end);
  const r = indexOf(items, x, s, e);
  const fin = (i: number) => {
    if (i < 0) {
      if (what === "list") {
        const rep = HOOK_LIST.repr(x);
        if (rep instanceof Promise) {
          return rep.then((t: string) => Promise.reject(pyErr("ValueError", `${t} is not in list`)));
        }
        throw pyErr("ValueError", `${rep} is not in list`);
      }
      throw pyErr("ValueError", "tuple.index(x): x not in tuple");
    }
    return i;
  };
  return r instanceof Promise ? r.then(fin) : fin(r);
}
export const HOOK_LIST = { repr: null as unknown as (x: any) => any };

function count(items: any[], x: any): any {
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    const r = eqBool(items[i], x);
    if (r instanceof Promise) {
      return (async () => {
        if (await r) n++;
        for (let j = i + 1; j < items.length; j++) if (await eqBool(items[j], x)) n++;
        return n;
      })();
    }
    if (r) n++;
  }
  return n;
}

defMethod(T_list, "index(self, value, start=0, stop=None, /)", (self, x, s, e) => seqIndex(self, x, s, e, "list"));
defMethod(T_list, "count(self, value, /)", count);
defMethod(T_list, "sort(self, *, key=None, reverse=False)", (self: any[], key, reverse) => {
  const r = sortArray(self, key ?? null, !!reverse);
  return r instanceof Promise ? r.then(() => null) : null;
});
defMethod(T_list, "reverse(self, /)", (self: any[]) => {
  self.reverse();
  return null;
});
defMethod(T_list, "copy(self, /)", (self: any[]) => self.slice());
defMethod(T_list, "clear(self, /)", (self: any[]) => {
  self.length = 0;
  return null;
});
defMethod(T_list, "__len__(self, /)", (self: any[]) => self.length);
defMethod(T_list, "__getitem__(self, index, /)", listGetItem);
defMethod(T_list, "__setitem__(self, index, value, /)", listSetItem);
defMethod(T_list, "__delitem__(self, index, /)", listDelItem);
ITER_BUILTINS.list = defMethod(T_list, "__iter__(self, /)", (self) => getIterOfArray(self));
defMethod(T_list, "__reversed__(self, /)", (self: any[]) => getIter(self.slice().reverse()));
defMethod(T_list, "__contains__(self, x, /)", (self, x) => contains(self.slice(), x));
defMethod(T_list, "__add__(self, other, /)", (self: any[], o) => {
  if (!Array.isArray(o)) throw typeErr(`can only concatenate list (not "${typeOf(o).name}") to list`);
  return self.concat(o);
});
defMethod(T_list, "__iadd__(self, other, /)", (self: any[], o) => HOOK_INPLACE.listExtend(self, o));
defMethod(T_list, "__mul__(self, n, /)", (self: any[], n) => binop("*", self.slice(), n));
defMethod(T_list, "__rmul__(self, n, /)", (self: any[], n) => binop("*", self.slice(), n));
defMethod(T_list, "__imul__(self, n, /)", (self: any[], n) => {
  const r = binop("*", self.slice(), n) as any[];
  self.length = 0;
  self.push(...r);
  return self;
});
defMethod(
  T_list,
  "__eq__(self, other, /)",
  (self, o) => (Array.isArray(o) ? eq(self.slice(), o.slice()) : NotImplemented),
);
for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) {
  defMethod(
    T_list,
    `${n}(self, other, /)`,
    (self, o) => (Array.isArray(o) ? order(n, self.slice(), o.slice()) : NotImplemented),
  );
}
REPR_BUILTINS.list = defMethod(T_list, "__repr__(self, /)", (self) => listRepr(self, "[", "]"));
T_list.$d.__hash__ = null;

function getIterOfArray(a: any[]): any {
  return new ArrayIter(a);
}

// ---------------------------------------------------------------- tuple
T_tuple.make = (cls, args) => {
  const mk = (items: any[]) => {
    const t = new PyTuple(items);
    if (cls !== T_tuple) {
      t.$cls = cls;
      t.$d = new Namespace();
    }
    return t;
  };
  if (args.length === 0) return mk([]);
  if (args[0] instanceof PyTuple && cls === T_tuple && args[0].$cls === T_tuple) return args[0];
  const items = toArray(args[0]);
  return items instanceof Promise ? items.then((xs: any[]) => mk(xs.slice())) : mk(items.slice());
};
defMethod(
  T_tuple,
  "index(self, value, start=0, stop=None, /)",
  (self, x, s, e) => seqIndex(self.items, x, s, e, "tuple"),
);
defMethod(T_tuple, "count(self, value, /)", (self, x) => count(self.items, x));
defMethod(T_tuple, "__len__(self, /)", (self: PyTuple) => self.items.length);
defMethod(T_tuple, "__getitem__(self, index, /)", tupleGetItem);
ITER_BUILTINS.tuple = defMethod(T_tuple, "__iter__(self, /)", (self: PyTuple) => getIter(self.items));
defMethod(T_tuple, "__contains__(self, x, /)", (self: PyTuple, x) => contains(self.items, x));
defMethod(T_tuple, "__add__(self, other, /)", (self: PyTuple, o) => {
  if (!(o instanceof PyTuple)) throw typeErr(`can only concatenate tuple (not "${typeOf(o).name}") to tuple`);
  return new PyTuple(self.items.concat(o.items));
});
defMethod(T_tuple, "__mul__(self, n, /)", (self: PyTuple, n) => new PyTuple(binop("*", self.items, n)));
defMethod(T_tuple, "__rmul__(self, n, /)", (self: PyTuple, n) => new PyTuple(binop("*", self.items, n)));
defMethod(
  T_tuple,
  "__eq__(self, other, /)",
  (self: PyTuple, o) => o instanceof PyTuple ? eq(new PyTuple(self.items), new PyTuple(o.items)) : NotImplemented,
);
for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) {
  defMethod(
    T_tuple,
    `${n}(self, other, /)`,
    (self: PyTuple, o) =>
      o instanceof PyTuple ? order(n, new PyTuple(self.items), new PyTuple(o.items)) : NotImplemented,
  );
}
HASH_HOOKS.tupleHash = defMethod(T_tuple, "__hash__(self, /)", (self: PyTuple) => hashString(tupleKey(self)));
REPR_BUILTINS.tuple = defMethod(T_tuple, "__repr__(self, /)", (self) => listRepr(self, "(", ")"));

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export { delItem, getItem };
