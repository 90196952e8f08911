// repr() and str() for every value, matching CPython's text exactly. Primitives and the builtin
// containers are handled here directly (fast, and with the `[...]` guard for self-containing
// containers); everything else dispatches to its type's __repr__/__str__, which may be tsl code (so the
// results may be Promises).

import { PyFloat, PyTuple } from "./values.ts";
import { PyType, T_dict, T_list, T_object, T_set, T_tuple, typeOf } from "./types.ts";
import { typeErr } from "./exceptions.ts";
import { call1 } from "./functions.ts";
import { PyDict } from "./dict.ts";
import { objectId } from "./hashing.ts";
import { pyFloatRepr } from "../../runtime/print/py_float.ts";

/** Python's repr of a str: picks quotes like CPython and escapes non-printables. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === quote || c === "\\") out += "\\" + c;
    else if (code >= 0x20 && code < 0x7f) out += c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) {
      out += "\\x" + code.toString(16).padStart(2, "0");
    } else if ((code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      // Surrogate pairs are astral characters: printable in general; lone surrogates are escaped.
      if (code <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
        out += c + s[++i];
      } else out += "\\u" + code.toString(16).padStart(4, "0");
    } else out += c;
  }
  return out + quote;
}

export function floatRepr(v: number): string {
  return pyFloatRepr(v);
}

/** A fake but stable address for `<... at 0x...>` reprs. */
export function addressOf(o: any): string {
  return "0x7f" + (0x10000000 + objectId(o) * 0x30).toString(16).padStart(10, "0");
}

/** Containers currently being repr'd (for `[...]`). */
const active = new Set<any>();

/** Python repr(x) (string, or a Promise of one). */
export function repr(x: any): any {
  switch (typeof x) {
    case "string":
      return strRepr(x);
    case "number":
      return String(x);
    case "boolean":
      return x ? "True" : "False";
    case "bigint":
      return x.toString();
    case "undefined":
      return "None";
  }
  if (x === null) return "None";
  if (x instanceof PyFloat) return pyFloatRepr(x.v);
  const t = typeOf(x);
  const f = t.lookup("__repr__");
  if (f === REPR_BUILTINS.list) return listRepr(x, "[", "]");
  if (f === REPR_BUILTINS.tuple) return listRepr(x, "(", ")");
  if (f === REPR_BUILTINS.dict) return dictRepr(x);
  if (f === undefined) return objectRepr(x);
  return checkStr(call1(f, x), "__repr__");
}

/** Python str(x). */
export function str(x: any): any {
  switch (typeof x) {
    case "string":
      return x;
    case "number":
      return String(x);
    case "boolean":
      return x ? "True" : "False";
  }
  if (x === null || x === undefined) return "None";
  if (x instanceof PyFloat) return pyFloatRepr(x.v);
  const t = typeOf(x);
  const f = t.lookup("__str__");
  if (f === undefined || f === REPR_BUILTINS.objectStr) return repr(x);
  return checkStr(call1(f, x), "__str__");
}

function checkStr(r: any, what: string): any {
  if (r instanceof Promise) return r.then((v) => checkStr(v, what));
  if (typeof r !== "string") throw typeErr(`${what} returned non-string (type ${typeOf(r).name})`);
  return r;
}

/** The builtin __repr__ methods (set by setup), recognised for the fast paths above. */
export const REPR_BUILTINS = { list: null as any, tuple: null as any, dict: null as any, objectStr: null as any };

export function objectRepr(x: any): string {
  const t = typeOf(x);
  if (x instanceof PyType) return typeRepr(x);
  return `<${qualifiedName(t)} object at ${addressOf(x)}>`;
}

export function qualifiedName(t: PyType): string {
  return t.module === "builtins" ? t.qualname : `${t.module}.${t.qualname}`;
}

export function typeRepr(t: PyType): string {
  return `<class '${qualifiedName(t)}'>`;
}

/** Joins the reprs of items with ", ", going async only if some repr does. */
export function joinReprs(items: any[], f: (x: any) => any = repr, sep = ", "): any {
  const parts: string[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const r = f(items[i]);
    if (r instanceof Promise) return finishAsync(items, parts, i, r, f, sep);
    parts[i] = r;
  }
  return parts.join(sep);
}

async function finishAsync(items: any[], parts: string[], i: number, first: Promise<string>, f: any, sep: string) {
  parts[i] = await first;
  for (let j = i + 1; j < items.length; j++) {
    let r = f(items[j]);
    if (r instanceof Promise) r = await r;
    parts[j] = r;
  }
  return parts.join(sep);
}

function guarded(x: any, ellipsis: string, body: () => any): any {
  if (active.has(x)) return ellipsis;
  active.add(x);
  let r: any;
  try {
    r = body();
  } catch (e) {
    active.delete(x);
    throw e;
  }
  if (r instanceof Promise) return r.finally(() => active.delete(x));
  active.delete(x);
  return r;
}

export function listRepr(x: any, open: string, close: string): any {
  const items: any[] = Array.isArray(x) ? x : x.items;
  if (items.length === 0) return open + close;
  return guarded(x, open + "..." + close, () => {
    const inner = joinReprs(items);
    const one = open === "(" && items.length === 1 ? "," : "";
    if (inner instanceof Promise) return inner.then((s) => open + s + one + close);
    return open + inner + one + close;
  });
}

export function dictRepr(d: PyDict): any {
  if (d.map.size === 0) return "{}";
  return guarded(d, "{...}", () => {
    const pairs: any[] = [];
    for (const [nk, v] of d.map) pairs.push([d.origKey(nk), v]);
    const inner = joinReprs(pairs, (p) => {
      const k = repr(p[0]);
      const v = repr(p[1]);
      if (k instanceof Promise || v instanceof Promise) return Promise.all([k, v]).then(([a, b]) => a + ": " + b);
      return k + ": " + v;
    });
    if (inner instanceof Promise) return inner.then((s) => "{" + s + "}");
    return "{" + inner + "}";
  });
}

/** Repr of a set-like from its members: `{1, 2}`, `set()`, `frozenset({1})`. */
export function setRepr(x: any, members: any[], typeName: string): any {
  if (members.length === 0) return typeName + "()";
  return guarded(x, typeName + "(...)", () => {
    const inner = joinReprs(members);
    const wrap = (s: string) => (typeName === "set" ? "{" + s + "}" : `${typeName}({${s}})`);
    return inner instanceof Promise ? inner.then(wrap) : wrap(inner);
  });
}

// Unused-import guards for types referenced only in docs.
void T_dict, T_list, T_object, T_set, T_tuple, PyTuple;
