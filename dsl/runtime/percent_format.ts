// printf-style `str % args`: %d %i %u %s %r %a %f %F %e %E %g %G %x %X %o %c %%, flags `-+ #0`, width and
// precision (including `*`), a tuple of args or a single value, and `%(name)s` with a mapping.

import { PyFloat, PyTuple } from "./values.ts";
import { typeOf } from "./types.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { formatFloat, formatInt } from "./format_spec.ts";
import { repr, str } from "./repr.ts";
import { PyDict } from "./dict.ts";
import { getItem } from "./items.ts";
import { call1 } from "./functions.ts";
import { isLazy, withResolved } from "./lazy_float.ts";

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

interface Conv {
  lit: string;
  key: string | undefined;
  flags: string;
  width: number;
  prec: number | null;
  type: string;
  arg: any;
}

interface Piece {
  lit: string;
  key: string | undefined;
  flags: string;
  w: string | undefined;
  p: string | undefined;
  type: string | undefined;
}
const templateCache = new Map<string, { pieces: Piece[]; tail: string }>();

function parseTemplate(fmt: string): { pieces: Piece[]; tail: string } {
  let t = templateCache.get(fmt);
  if (t !== undefined) return t;
  const pieces: Piece[] = [];
  let last = 0;
  SPEC.lastIndex = 0;
  for (let m = SPEC.exec(fmt); m !== null; m = SPEC.exec(fmt)) {
    pieces.push({ lit: fmt.slice(last, m.index), key: m[1], flags: m[2], w: m[3], p: m[4], type: m[5] });
    last = SPEC.lastIndex;
  }
  t = { pieces, tail: fmt.slice(last) };
  if (templateCache.size < 4096) templateCache.set(fmt, t);
  return t;
}

/** `fmt % args`: a string, or a Promise when a tsl __str__/__repr__ runs. */
export function percentFormat(fmt: string, args: any): any {
  // Fast path: one plain %d/%s and a single int/str argument ('k%d' % i).
  if (typeof args === "number" || typeof args === "string") {
    const t = parseTemplate(fmt);
    if (t.pieces.length === 1) {
      const p = t.pieces[0];
      if (p.key === undefined && p.flags === "" && p.w === undefined && p.p === undefined) {
        if (p.type === "s" || ((p.type === "d" || p.type === "i") && typeof args === "number")) {
          return p.lit + String(args) + t.tail;
        }
      }
    }
  }
  const isMapping = args instanceof PyDict || (typeOf(args).lookup("__getitem__") !== undefined &&
    !(args instanceof PyTuple) && typeof args !== "string" && !Array.isArray(args));
  const list: any[] = args instanceof PyTuple ? args.items : [args];
  let ai = 0;
  const nextArg = (): any => {
    if (ai >= list.length) throw typeErr("not enough arguments for format string");
    return list[ai++];
  };
  const convs: Conv[] = [];
  let usedMapping = false;
  const { pieces, tail } = parseTemplate(fmt);
  for (const { lit, key, flags, w, p, type } of pieces) {
    if (type === undefined) throw pyErr("ValueError", `incomplete format`);
    if (type === "%") {
      convs.push({ lit: lit + "%", key: undefined, flags: "", width: 0, prec: null, type: "", arg: null });
      continue;
    }
    const width = w === "*" ? Number(nextArg()) : w ? Number(w) : 0;
    const prec = p === "*" ? Number(nextArg()) : p !== undefined ? Number(p) : null;
    let arg: any;
    if (key !== undefined) {
      if (!isMapping) throw typeErr("format requires a mapping");
      usedMapping = true;
      arg = getItem(args, key);
    } else arg = nextArg();
    convs.push({ lit, key, flags, width, prec, type, arg });
  }
  if (!usedMapping && ai < list.length && !(isMapping && list.length === 1)) {
    throw typeErr("not all arguments converted during string formatting");
  }
  if (convs.some((c) => isLazy(c.arg))) {
    // Lazy floats (from .item() on a GPU tensor) are read here, all together.
    return withResolved((...values) => {
      values.forEach((v, i) => convs[i].arg = v);
      return convertAll(convs, tail);
    }, ...convs.map((c) => c.arg));
  }
  return convertAll(convs, tail);
}

function convertAll(convs: Conv[], tail: string): any {
  const texts: any[] = convs.map(convert);
  if (texts.some((t) => t instanceof Promise)) {
    return Promise.all(texts).then((ts) => assemble(convs, ts, tail));
  }
  return assemble(convs, texts, tail);
}

function assemble(convs: Conv[], texts: string[], tail: string): string {
  let out = "";
  for (let i = 0; i < convs.length; i++) out += convs[i].lit + texts[i];
  return out + tail;
}

function padTo(s: string, c: Conv): string {
  if (s.length >= c.width) return s;
  return c.flags.includes("-") ? s + " ".repeat(c.width - s.length) : " ".repeat(c.width - s.length) + s;
}

/** The number a numeric conversion formats; a Promise when a __float__/__index__ must read a device. */
function numArg(c: Conv, intOnly: boolean): number | bigint | PyFloat | Promise<number | bigint | PyFloat> {
  const a = c.arg;
  if (typeof a === "number" || typeof a === "bigint") return a;
  if (typeof a === "boolean") return a ? 1 : 0;
  if (a instanceof PyFloat) {
    if (intOnly) throw typeErr(`%${c.type} format: an integer is required, not float`);
    return a;
  }
  const t = typeOf(a);
  const f = t.lookup(intOnly ? "__index__" : "__float__") ?? t.lookup("__int__") ?? t.lookup("__index__");
  if (f !== undefined) {
    const r = call1(f, a);
    const fin = (v: any) => typeof v === "number" && !intOnly ? new PyFloat(v) : v;
    return r instanceof Promise ? r.then(fin) : fin(r);
  }
  const what = intOnly ? "an integer" : "a real number";
  throw typeErr(`%${c.type} format: ${what} is required, not ${t.name}`);
}

function numSpec(c: Conv, type: string): string {
  let flags = "";
  if (c.flags.includes("+")) flags += "+";
  else if (c.flags.includes(" ")) flags += " ";
  if (c.flags.includes("#")) flags += "#";
  const zero = c.flags.includes("0") && !c.flags.includes("-");
  const align = c.flags.includes("-") ? "<" : zero ? "=" : ">";
  const fill = zero ? "0" : " ";
  const width = c.width ? String(c.width) : "";
  const prec = c.prec !== null ? "." + c.prec : "";
  return `${fill}${align}${flags}${width}${prec}${type}`;
}

function convert(c: Conv): any {
  // Fast paths: plain %d of an int, plain %s of a str/int.
  if (c.flags === "" && c.width === 0 && c.prec === null) {
    const a = c.arg;
    if ((c.type === "d" || c.type === "i") && typeof a === "number") return String(a);
    if (c.type === "s" && (typeof a === "string" || typeof a === "number")) return String(a);
  }
  switch (c.type) {
    case "":
      return "";
    case "s": {
      const s = str(c.arg);
      const fin = (v: string) => padTo(c.prec !== null ? v.slice(0, c.prec) : v, c);
      return s instanceof Promise ? s.then(fin) : fin(s);
    }
    case "r":
    case "a": {
      const s = repr(c.arg);
      const fin = (v: string) => padTo(c.prec !== null ? v.slice(0, c.prec) : v, c);
      return s instanceof Promise ? s.then(fin) : fin(s);
    }
    case "c":
      if (typeof c.arg === "string") return padTo(c.arg, c);
  }
  const v = numArg(c, c.type === "c" || c.type === "x" || c.type === "X" || c.type === "o");
  return v instanceof Promise ? v.then((n) => formatNumber(c, n)) : formatNumber(c, v);
}

function formatNumber(c: Conv, n: number | bigint | PyFloat): string {
  switch (c.type) {
    case "c":
      return padTo(String.fromCodePoint(Number(n)), c);
    case "d":
    case "i":
    case "u": {
      let v = n;
      if (v instanceof PyFloat) {
        if (!Number.isFinite(v.v)) throw pyErr("OverflowError", "cannot convert float infinity to integer");
        v = Math.trunc(v.v) + 0;
      }
      const spec = numSpec({ ...c, prec: null }, "d");
      return formatInt(v, spec);
    }
    case "x":
    case "X":
    case "o":
      return formatInt(n as number | bigint, numSpec({ ...c, prec: null }, c.type));
    default: {
      const x = n instanceof PyFloat ? n.v : Number(n);
      return formatFloat(x, numSpec({ ...c, prec: c.prec ?? 6 }, c.type));
    }
  }
}
