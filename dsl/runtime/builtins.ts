// The builtins namespace: functions, types and exception classes visible to every module.

import { Ellipsis, newNamespace, NotImplemented, PyFloat, PyTuple } from "./values.ts";
import {
  isinstance,
  PyType,
  T_bool,
  T_classmethod,
  T_dict,
  T_float,
  T_frozenset,
  T_int,
  T_list,
  T_object,
  T_property,
  T_range,
  T_set,
  T_slice,
  T_staticmethod,
  T_str,
  T_super,
  T_tuple,
  T_type,
  typeOf,
} from "./types.ts";
import { EXC, pyErr, typeErr } from "./exceptions.ts";
import { callArgs, isCallable, nativeFn } from "./functions.ts";
import { callMethod1 } from "./attributes.ts";
import { repr, str } from "./repr.ts";
import { delAttr, getAttr, setAttr } from "./attributes.ts";
import { keyOf, objectId } from "./hashing.ts";
import { formatValue } from "./str_format.ts";
import { binop, floatDivmod, intOp, neg } from "./arith.ts";
import { roundFloat, roundInt } from "./number_methods.ts";
import { indexValue, toIndex } from "./convert.ts";
import { iterBuiltins } from "./builtins_iter.ts";
import { SYS } from "./sys_state.ts";
import { makeSuper } from "./super.ts";
import { PySlice } from "./slices.ts";
import { openFile } from "./file_io.ts";
import { PyDict } from "./dict.ts";
import { call1 } from "./functions.ts";
import { nameError } from "./raise.ts";

export const BUILTINS: Record<string, any> = newNamespace();

export function builtin(name: string): any {
  const v = BUILTINS[name];
  if (v === undefined) throw nameError(name);
  return v;
}

function isInstanceOf(x: any, t: any): any {
  if (t instanceof PyTuple) return t.items.some((c) => isInstanceOf(x, c));
  if (!(t instanceof PyType)) {
    throw typeErr("isinstance() arg 2 must be a type, a tuple of types, or a union");
  }
  const hook = typeOf(t).lookup("__instancecheck__");
  if (t.$cls !== T_type && hook !== undefined) return call1(hook, t);
  return isinstance(x, t);
}

function isSubclass(c: any, t: any): boolean {
  if (!(c instanceof PyType)) throw typeErr("issubclass() arg 1 must be a class");
  if (t instanceof PyTuple) return t.items.some((x) => isSubclass(c, x));
  if (!(t instanceof PyType)) throw typeErr("issubclass() arg 2 must be a class, a tuple of classes, or a union");
  return c.isSubclassOf(t);
}

function print(objects: any[], sep: any, end: any, file: any, flush: any): any {
  const s = sep === undefined || sep === null ? " " : sep;
  const e = end === undefined || end === null ? "\n" : end;
  if (typeof s !== "string") throw typeErr(`sep must be None or a string, not ${typeOf(s).name}`);
  if (typeof e !== "string") throw typeErr(`end must be None or a string, not ${typeOf(e).name}`);
  const parts: any[] = objects.map(str);
  const write = (ps: string[]) => {
    const text = ps.join(s) + e;
    if (file === undefined || file === null) {
      SYS.stdout(text);
      if (flush) SYS.flush();
      return null;
    }
    const r = callMethod1(file, "write", text);
    return r instanceof Promise ? r.then(() => null) : null;
  };
  if (parts.some((p) => p instanceof Promise)) return Promise.all(parts).then(write);
  return write(parts);
}

function abs(x: any): any {
  if (typeof x === "number") return Math.abs(x) + 0;
  if (x instanceof PyFloat) return new PyFloat(Math.abs(x.v));
  if (typeof x === "boolean") return +x;
  if (typeof x === "bigint") return x < 0n ? -x : x;
  const f = typeOf(x).lookup("__abs__");
  if (f === undefined) throw typeErr(`bad operand type for abs(): '${typeOf(x).name}'`);
  return call1(f, x);
}

function divmod(a: any, b: any): any {
  if (a instanceof PyFloat || b instanceof PyFloat) {
    const x = a instanceof PyFloat ? a.v : Number(a);
    const y = b instanceof PyFloat ? b.v : Number(b);
    if (y === 0) throw pyErr("ZeroDivisionError", "float divmod()");
    const [q, r] = floatDivmod(x, y);
    return new PyTuple([new PyFloat(q), new PyFloat(r)]);
  }
  const intLike = (x: any) => typeof x === "number" || typeof x === "bigint" || typeof x === "boolean";
  if (intLike(a) && intLike(b)) {
    if (Number(b) === 0) throw pyErr("ZeroDivisionError", "integer division or modulo by zero");
    return new PyTuple([intOp("//", a, b), intOp("%", a, b)]);
  }
  const f = typeOf(a).lookup("__divmod__");
  if (f !== undefined) return callArgs(f, [a, b], null);
  throw typeErr(`unsupported operand type(s) for divmod(): '${typeOf(a).name}' and '${typeOf(b).name}'`);
}

function pow3(base: any, exp: any, mod: any): any {
  if (mod === undefined || mod === null) return binop("**", base, exp);
  let b = BigInt(indexValue(base));
  let e = BigInt(indexValue(exp));
  const m = BigInt(indexValue(mod));
  if (m === 0n) throw pyErr("ValueError", "pow() 3rd argument cannot be 0");
  if (e < 0n) throw pyErr("ValueError", "base is not invertible for the given modulus");
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  if (r !== 0n && (r < 0n) !== (m < 0n)) r += m;
  return Number(r);
}

function round(x: any, nd: any): any {
  const n = nd === undefined || nd === null ? null : toIndex(nd);
  if (x instanceof PyFloat) return roundFloat(x.v, n);
  if (typeof x === "number" || typeof x === "bigint") return n === null ? x : roundInt(x, n);
  if (typeof x === "boolean") return +x;
  const f = typeOf(x).lookup("__round__");
  if (f === undefined) throw typeErr(`type ${typeOf(x).name} doesn't define __round__ method`);
  return n === null ? call1(f, x) : callArgs(f, [x, n], null);
}

function hash(x: any): any {
  if (typeof x === "number") return x === -1 ? -2 : x;
  if (typeof x === "boolean") return +x;
  if (typeof x === "string") return BUILTINS.str.$d.__hash__.impl(x);
  const t = typeOf(x);
  const h = t.lookup("__hash__");
  if (h === null || h === undefined) throw typeErr(`unhashable type: '${t.name}'`);
  if (x instanceof PyFloat) return Number.isInteger(x.v) ? x.v : h.impl(x);
  return call1(h, x);
}

function intToBase(x: any, radix: number, prefix: string): string | Promise<string> {
  const v = indexValue(x);
  // A tensor's __index__ reads its value asynchronously.
  if (v instanceof Promise) return v.then((r) => intToBase(r, radix, prefix));
  const b = BigInt(v);
  return (b < 0n ? "-" : "") + prefix + (b < 0n ? -b : b).toString(radix);
}

const fns: Record<string, any> = {
  print: nativeFn("print(*objects, sep=' ', end='\\n', file=None, flush=False)", print),
  repr: nativeFn("repr(obj, /)", repr),
  isinstance: nativeFn("isinstance(obj, class_or_tuple, /)", isInstanceOf),
  issubclass: nativeFn("issubclass(cls, class_or_tuple, /)", isSubclass),
  callable: nativeFn("callable(obj, /)", isCallable),
  hasattr: nativeFn("hasattr(obj, name, /)", (o, n) => {
    try {
      const r = getAttr(o, n);
      if (r instanceof Promise) return r.then(() => true, (e) => attrMissing(e));
      return true;
    } catch (e) {
      return attrMissing(e);
    }
  }),
  getattr: nativeFn("getattr(object, name, default=None, /)", (o, n, d) => {
    if (typeof n !== "string") throw typeErr(`attribute name must be string, not '${typeOf(n).name}'`);
    if (d === undefined) return getAttr(o, n);
    try {
      const r = getAttr(o, n);
      if (r instanceof Promise) return r.catch((e) => (attrMissing(e), d));
      return r;
    } catch (e) {
      attrMissing(e);
      return d;
    }
  }),
  setattr: nativeFn("setattr(obj, name, value, /)", (o, n, v) => setAttr(o, n, v) ?? null),
  delattr: nativeFn("delattr(obj, name, /)", (o, n) => delAttr(o, n) ?? null),
  id: nativeFn("id(obj, /)", (o) => 140000000000000 + objectId(o) * 16),
  hash: nativeFn("hash(obj, /)", hash),
  abs: nativeFn("abs(x, /)", abs),
  divmod: nativeFn("divmod(x, y, /)", divmod),
  pow: nativeFn("pow(base, exp, mod=None)", pow3),
  round: nativeFn("round(number, ndigits=None)", round),
  chr: nativeFn("chr(i, /)", (i) => {
    const n = toIndex(i);
    if (n < 0 || n > 0x10ffff) throw pyErr("ValueError", "chr() arg not in range(0x110000)");
    return String.fromCodePoint(n);
  }),
  ord: nativeFn("ord(c, /)", (c) => {
    if (typeof c !== "string") throw typeErr(`ord() expected string of length 1, but ${typeOf(c).name} found`);
    const n = [...c].length;
    if (n !== 1) throw typeErr(`ord() expected a character, but string of length ${n} found`);
    return c.codePointAt(0);
  }),
  hex: nativeFn("hex(number, /)", (x) => intToBase(x, 16, "0x")),
  oct: nativeFn("oct(number, /)", (x) => intToBase(x, 8, "0o")),
  bin: nativeFn("bin(number, /)", (x) => intToBase(x, 2, "0b")),
  format: nativeFn("format(value, format_spec='', /)", (v, s) => formatValue(v, s ?? "")),
  open: nativeFn("open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)", openFile),
  input: nativeFn("input(prompt='', /)", (p) => {
    if (p) SYS.stdout(String(p));
    SYS.flush();
    const line = SYS.readLine ? SYS.readLine() : prompt("");
    if (line === null || line === undefined) throw pyErr("EOFError", "EOF when reading a line");
    return line;
  }),
  vars: nativeFn("vars(object=None, /)", (o) => getAttr(o, "__dict__")),
  dir: nativeFn("dir(object=None, /)", (o) => {
    const names = new Set<string>();
    if (o?.$d) { for (const k of Object.keys(o.$d)) names.add(k); }
    const t = o instanceof PyType ? o : typeOf(o);
    for (const c of t.mro) for (const k of Object.keys(c.$d)) names.add(k);
    return [...names].sort();
  }),
  exit: nativeFn("exit(code=None)", (c) => {
    throw pyErr("SystemExit", ...(c === undefined ? [] : [c]));
  }),
  __build_class__: null,
};
fns.quit = fns.exit;
delete fns.__build_class__;

function attrMissing(e: any): boolean {
  if (e?.$cls?.isSubclassOf?.(EXC.AttributeError)) return false;
  throw e;
}

/** super(type, obj) with explicit arguments (zero-arg super() is compiled specially). */
T_super.make = (_c, args) => {
  if (args.length === 0) throw pyErr("RuntimeError", "super(): no arguments");
  return makeSuper(args[0], args[1]);
};
T_slice.make = (_c, args) => {
  if (args.length === 1) return new PySlice(null, args[0], null);
  return new PySlice(args[0] ?? null, args[1] ?? null, args[2] ?? null);
};

Object.assign(BUILTINS, fns, iterBuiltins);
Object.assign(BUILTINS, {
  object: T_object,
  type: T_type,
  int: T_int,
  float: T_float,
  bool: T_bool,
  str: T_str,
  list: T_list,
  tuple: T_tuple,
  dict: T_dict,
  set: T_set,
  frozenset: T_frozenset,
  range: T_range,
  slice: T_slice,
  property: T_property,
  staticmethod: T_staticmethod,
  classmethod: T_classmethod,
  super: T_super,
  NotImplemented,
  Ellipsis,
  None: null,
  True: true,
  False: false,
  __name__: "builtins",
  __debug__: true,
});
for (const [name, t] of Object.entries(EXC)) BUILTINS[name] = t;

export { keyOf, neg, PyDict };
