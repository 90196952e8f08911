// format(value, spec) dispatch (including __format__), str.format's field syntax
// (`{}`, `{0}`, `{name}`, `{0.attr[key]}`, `!r/!s/!a`, nested `{:{width}}`) and f-string fields.

import { PyFloat, PyTuple } from "./values.ts";
import { typeOf } from "./types.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { call2 } from "./functions.ts";
import { formatFloat, formatInt, formatStr } from "./format_spec.ts";
import { repr, str } from "./repr.ts";
import { getAttr } from "./attributes.ts";
import { getItem } from "./items.ts";
import { PyDict } from "./dict.ts";

/** object.__format__ (set by object_methods.ts). */
export const FORMAT_BUILTINS = { objectFormat: null as any };

/** Python format(x, spec): a string or a Promise of one. */
export function formatValue(x: any, spec: string): any {
  switch (typeof x) {
    case "string":
      return formatStr(x, spec);
    case "number":
    case "bigint":
      return formatInt(x, spec);
    case "boolean":
      return spec === "" ? (x ? "True" : "False") : formatInt(x ? 1 : 0, spec);
  }
  if (x instanceof PyFloat) return formatFloat(x.v, spec);
  const t = typeOf(x);
  const f = t.lookup("__format__");
  if (f !== undefined && f !== FORMAT_BUILTINS.objectFormat) return call2(f, x, spec);
  if (spec !== "") throw typeErr(`unsupported format string passed to ${t.name}.__format__`);
  return str(x);
}

/** Applies a `!r`/`!s`/`!a` conversion. */
export function convertField(x: any, conv: string | null): any {
  if (conv === null) return x;
  if (conv === "r" || conv === "a") return repr(x);
  if (conv === "s") return str(x);
  throw pyErr("ValueError", `Unknown conversion specifier ${conv}`);
}

/** One f-string replacement field: value, conversion, spec. */
export function fstringField(x: any, conv: string | null, spec: string): any {
  const v = convertField(x, conv);
  if (v instanceof Promise) return v.then((s) => formatValue(s, spec));
  return formatValue(v, spec);
}

type Piece = string | { field: string; conv: string | null; spec: string };

function parseTemplate(fmt: string): Piece[] {
  const out: Piece[] = [];
  let lit = "";
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === "{") {
      if (fmt[i + 1] === "{") {
        lit += "{";
        i += 2;
        continue;
      }
      // Find the matching close brace, allowing one level of nesting in the spec.
      let depth = 1;
      let j = i + 1;
      while (j < fmt.length && depth > 0) {
        if (fmt[j] === "{") depth++;
        else if (fmt[j] === "}") depth--;
        j++;
      }
      if (depth > 0) throw pyErr("ValueError", "expected '}' before end of string");
      const body = fmt.slice(i + 1, j - 1);
      if (lit) out.push(lit);
      lit = "";
      out.push(parseField(body));
      i = j;
      continue;
    }
    if (c === "}") {
      if (fmt[i + 1] === "}") {
        lit += "}";
        i += 2;
        continue;
      }
      throw pyErr("ValueError", "Single '}' encountered in format string");
    }
    lit += c;
    i++;
  }
  if (lit) out.push(lit);
  return out;
}

function parseField(body: string): { field: string; conv: string | null; spec: string } {
  let field = body;
  let spec = "";
  let conv: string | null = null;
  // The field name ends at the first ':' or '!' outside brackets.
  let k = 0;
  let bracket = false;
  for (; k < body.length; k++) {
    const ch = body[k];
    if (ch === "[") bracket = true;
    else if (ch === "]") bracket = false;
    else if (!bracket && (ch === ":" || ch === "!")) break;
  }
  field = body.slice(0, k);
  let rest = body.slice(k);
  if (rest.startsWith("!")) {
    conv = rest[1];
    rest = rest.slice(2);
    if (rest !== "" && !rest.startsWith(":")) throw pyErr("ValueError", "expected ':' after conversion specifier");
  }
  if (rest.startsWith(":")) spec = rest.slice(1);
  return { field, conv, spec };
}

const templates = new Map<string, Piece[]>();

function cachedTemplate(fmt: string): Piece[] {
  let t = templates.get(fmt);
  if (t === undefined) {
    t = parseTemplate(fmt);
    if (templates.size < 4096) templates.set(fmt, t);
  }
  return t;
}

/** str.format(*args, **kwargs): synchronous for simple fields, async when a field needs tsl code. */
export function strFormat(fmt: string, args: any[], kwargs: PyDict | null): any {
  const pieces = cachedTemplate(fmt);
  let out = "";
  let auto = 0;
  for (const p of pieces) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    if (p.spec.includes("{") || !/^\d*$/.test(p.field) || p.conv !== null) return strFormatAsync(fmt, args, kwargs);
    const idx = p.field === "" ? auto++ : Number(p.field);
    if (p.field !== "" && auto > 0) return strFormatAsync(fmt, args, kwargs);
    if (idx >= args.length) return strFormatAsync(fmt, args, kwargs);
    const s = formatValue(args[idx], p.spec);
    if (s instanceof Promise) return strFormatAsync(fmt, args, kwargs);
    out += s;
  }
  return out;
}

async function strFormatAsync(fmt: string, args: any[], kwargs: PyDict | null): Promise<string> {
  const pieces = cachedTemplate(fmt);
  let auto = 0;
  let out = "";
  const lookup = async (field: string): Promise<any> => {
    const m = /^([^.[]*)(.*)$/s.exec(field)!;
    let head = m[1];
    let v: any;
    if (head === "") {
      if (auto < 0) {
        throw pyErr("ValueError", "cannot switch from manual field specification to automatic field numbering");
      }
      head = String(auto++);
    } else if (/^\d+$/.test(head)) {
      if (auto > 0) {
        throw pyErr("ValueError", "cannot switch from automatic field numbering to manual field specification");
      }
      auto = -1;
    }
    if (/^\d+$/.test(head)) {
      const idx = Number(head);
      if (idx >= args.length) {
        throw pyErr("IndexError", `Replacement index ${idx} out of range for positional args tuple`);
      }
      v = args[idx];
    } else {
      v = kwargs?.map.get(head);
      if (v === undefined) throw pyErr("KeyError", head);
    }
    let tail = m[2];
    while (tail) {
      const am = /^\.(\w+)/.exec(tail);
      if (am) {
        v = getAttr(v, am[1]);
        if (v instanceof Promise) v = await v;
        tail = tail.slice(am[0].length);
        continue;
      }
      const im = /^\[([^\]]*)\]/.exec(tail);
      if (!im) throw pyErr("ValueError", "Only '.' or '[' may follow ']' in format field specifier");
      const key = /^\d+$/.test(im[1]) ? Number(im[1]) : im[1];
      v = getItem(v, key);
      if (v instanceof Promise) v = await v;
      tail = tail.slice(im[0].length);
    }
    return v;
  };
  for (const p of pieces) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    let v = await lookup(p.field);
    let spec = p.spec;
    if (spec.includes("{")) {
      // Nested fields inside the spec.
      let s2 = "";
      for (const q of parseTemplate(spec)) {
        if (typeof q === "string") s2 += q;
        else {
          let nv = await lookup(q.field);
          nv = formatValue(nv, q.spec);
          s2 += nv instanceof Promise ? await nv : nv;
        }
      }
      spec = s2;
    }
    v = convertField(v, p.conv);
    if (v instanceof Promise) v = await v;
    let s = formatValue(v, spec);
    if (s instanceof Promise) s = await s;
    out += s;
  }
  return out;
}

export function isTuple(x: any): x is PyTuple {
  return x instanceof PyTuple;
}
