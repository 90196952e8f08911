// Methods of str.

import { NotImplemented, PyTuple } from "./values.ts";
import { T_str, typeOf } from "./types.ts";
import { defMethod } from "./define.ts";
import { pyErr, typeErr } from "./exceptions.ts";
import { ITER_BUILTINS, StrIter, toArray } from "./iteration.ts";
import { str, strRepr } from "./repr.ts";
import { strGetItem } from "./items.ts";
import { toIndex } from "./convert.ts";
import { formatValue, strFormat } from "./str_format.ts";
import { percentFormat } from "./percent_format.ts";
import { PyDict } from "./dict.ts";
import { binop } from "./arith.ts";

T_str.make = (_cls, args, kw) => {
  if (args.length === 0 && (kw === null || kw.size === 0)) return "";
  const x = args[0] ?? kw?.get("object");
  if (args.length > 1 || kw?.has("encoding")) return typeof x === "string" ? x : String(x);
  return str(x);
};

// Python's whitespace for split()/strip() also includes the ASCII separators \x1c-\x1f.
// deno-lint-ignore no-control-regex
const WS = /[\s\u001c-\u001f]/;

function expectStr(x: any, what: string): string {
  if (typeof x !== "string") throw typeErr(`${what} must be str, not ${typeOf(x).name}`);
  return x;
}

function split(s: string, sep: any, maxsplit: any): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : toIndex(maxsplit);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let i = 0;
    const n = s.length;
    while (i < n) {
      while (i < n && WS.test(s[i])) i++;
      if (i >= n) break;
      if (max >= 0 && out.length === max) {
        out.push(s.slice(i).replace(/[\s]+$/, ""));
        return out;
      }
      let j = i;
      while (j < n && !WS.test(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  expectStr(sep, "must be str or None");
  if (sep === "") throw pyErr("ValueError", "empty separator");
  const parts = s.split(sep);
  if (max >= 0 && parts.length > max + 1) return [...parts.slice(0, max), parts.slice(max).join(sep)];
  return parts;
}

function rsplit(s: string, sep: any, maxsplit: any): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : toIndex(maxsplit);
  if (max < 0) return split(s, sep, -1);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let j = s.length;
    while (j > 0) {
      while (j > 0 && WS.test(s[j - 1])) j--;
      if (j <= 0) break;
      if (out.length === max) {
        out.unshift(s.slice(0, j).replace(/^\s+/, ""));
        return out;
      }
      let i = j;
      while (i > 0 && !WS.test(s[i - 1])) i--;
      out.unshift(s.slice(i, j));
      j = i;
    }
    return out;
  }
  const parts = s.split(sep);
  if (parts.length > max + 1) return [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)];
  return parts;
}

function stripChars(chars: any): (c: string) => boolean {
  if (chars === undefined || chars === null) return (c) => WS.test(c);
  const set = expectStr(chars, "strip arg");
  return (c) => set.includes(c);
}
const lstrip = (s: string, chars: any) => {
  const f = stripChars(chars);
  let i = 0;
  while (i < s.length && f(s[i])) i++;
  return s.slice(i);
};
const rstrip = (s: string, chars: any) => {
  const f = stripChars(chars);
  let j = s.length;
  while (j > 0 && f(s[j - 1])) j--;
  return s.slice(0, j);
};

function range(s: string, start: any, end: any): [number, number] {
  const len = s.length;
  let a = start === undefined || start === null ? 0 : toIndex(start);
  let b = end === undefined || end === null ? len : toIndex(end);
  if (a < 0) a = Math.max(0, a + len);
  if (b < 0) b = Math.max(0, b + len);
  return [a, Math.min(b, len)];
}

function find(s: string, sub: string, start: any, end: any): number {
  expectStr(sub, "must be str");
  const [a, b] = range(s, start, end);
  if (a > b) return -1;
  const i = s.slice(0, b).indexOf(sub, a);
  return i;
}
function rfind(s: string, sub: string, start: any, end: any): number {
  const [a, b] = range(s, start, end);
  if (a > b) return -1;
  const i = s.slice(0, b).lastIndexOf(sub);
  return i >= a ? i : -1;
}

function affix(s: string, x: any, start: any, end: any, at: (t: string, p: string) => boolean, what: string): boolean {
  const [a, b] = range(s, start, end);
  const t = s.slice(a, b);
  if (x instanceof PyTuple) return x.items.some((p) => at(t, expectStr(p, what)));
  if (typeof x !== "string") {
    throw typeErr(`${what} first arg must be str or a tuple of str, not ${typeOf(x).name}`);
  }
  return a <= s.length && at(t, x);
}

function pad(s: string, width: any, fill: any, where: "l" | "r" | "c"): string {
  const w = toIndex(width);
  const f = fill === undefined ? " " : fill;
  if (typeof f !== "string" || f.length !== 1) {
    throw typeErr("The fill character must be exactly one character long");
  }
  const n = w - s.length;
  if (n <= 0) return s;
  if (where === "l") return s + f.repeat(n);
  if (where === "r") return f.repeat(n) + s;
  // CPython centers with the extra character on the left when the string length is odd.
  const left = Math.floor(n / 2) + (n & w & 1);
  return f.repeat(left) + s + f.repeat(n - left);
}

const isUpperCh = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLowerCh = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();
const cased = (c: string) => c.toLowerCase() !== c.toUpperCase();

function title(s: string): string {
  let out = "";
  let prevCased = false;
  for (const c of s) {
    out += prevCased ? c.toLowerCase() : c.toUpperCase();
    prevCased = cased(c);
  }
  return out;
}

const m = (sig: string, f: (...a: any[]) => any) => defMethod(T_str, sig, f);
m("split(self, sep=None, maxsplit=-1)", split);
m("rsplit(self, sep=None, maxsplit=-1)", rsplit);
m("join(self, iterable, /)", (s: string, it) => {
  const fin = (items: any[]) => {
    for (let i = 0; i < items.length; i++) {
      if (typeof items[i] !== "string") {
        throw typeErr(`sequence item ${i}: expected str instance, ${typeOf(items[i]).name} found`);
      }
    }
    return items.join(s);
  };
  const items = toArray(it);
  return items instanceof Promise ? items.then(fin) : fin(items);
});
m("strip(self, chars=None, /)", (s, c) => rstrip(lstrip(s, c), c));
m("lstrip(self, chars=None, /)", lstrip);
m("rstrip(self, chars=None, /)", rstrip);
m("upper(self, /)", (s: string) => s.toUpperCase());
m("lower(self, /)", (s: string) => s.toLowerCase());
m("casefold(self, /)", (s: string) => s.toLowerCase());
m("swapcase(self, /)", (s: string) => [...s].map((c) => (isUpperCh(c) ? c.toLowerCase() : c.toUpperCase())).join(""));
m("title(self, /)", title);
m("capitalize(self, /)", (s: string) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s));
m("replace(self, old, new, count=-1, /)", (s: string, a: string, b: string, count) => {
  expectStr(a, "replace() argument 1");
  expectStr(b, "replace() argument 2");
  const n = count === undefined ? -1 : toIndex(count);
  if (n < 0) return a === "" ? b + [...s].join(b) + (s ? b : "") : s.split(a).join(b);
  let out = s;
  let done = 0;
  let pos = 0;
  while (done < n) {
    const i = out.indexOf(a, pos);
    if (i < 0) break;
    out = out.slice(0, i) + b + out.slice(i + a.length);
    pos = i + b.length + (a === "" ? 1 : 0);
    done++;
  }
  return out;
});
m(
  "startswith(self, prefix, start=None, end=None, /)",
  (s, p, a, b) => affix(s, p, a, b, (t, x) => t.startsWith(x), "startswith"),
);
m(
  "endswith(self, suffix, start=None, end=None, /)",
  (s, p, a, b) => affix(s, p, a, b, (t, x) => t.endsWith(x), "endswith"),
);
m("find(self, sub, start=None, end=None, /)", find);
m("rfind(self, sub, start=None, end=None, /)", rfind);
m("index(self, sub, start=None, end=None, /)", (s, sub, a, b) => {
  const i = find(s, sub, a, b);
  if (i < 0) throw pyErr("ValueError", "substring not found");
  return i;
});
m("rindex(self, sub, start=None, end=None, /)", (s, sub, a, b) => {
  const i = rfind(s, sub, a, b);
  if (i < 0) throw pyErr("ValueError", "substring not found");
  return i;
});
m("count(self, sub, start=None, end=None, /)", (s: string, sub: string, a, b) => {
  const [x, y] = range(s, a, b);
  const t = s.slice(x, y);
  if (sub === "") return t.length + 1;
  let n = 0;
  for (let i = t.indexOf(sub); i >= 0; i = t.indexOf(sub, i + sub.length)) n++;
  return n;
});
m("format(self, /, *args, **kwargs)", (s: string, args: any[], kw: PyDict) => strFormat(s, args, kw));
m("format_map(self, mapping, /)", (s: string, mp: PyDict) => strFormat(s, [], mp));
const test = (re: RegExp) => (s: string) => s.length > 0 && re.test(s);
m("isdigit(self, /)", test(/^\p{Nd}+$/u));
m("isdecimal(self, /)", test(/^\p{Nd}+$/u));
m("isnumeric(self, /)", test(/^[\p{N}]+$/u));
m("isalpha(self, /)", test(/^\p{L}+$/u));
m("isalnum(self, /)", test(/^[\p{L}\p{N}]+$/u));
m("isspace(self, /)", test(/^\s+$/));
m("isidentifier(self, /)", test(/^[\p{L}_][\p{L}\p{N}_]*$/u));
// deno-lint-ignore no-control-regex
m("isprintable(self, /)", (s: string) => !/[\x00-\x1f\x7f]/.test(s));
// deno-lint-ignore no-control-regex
m("isascii(self, /)", (s: string) => /^[\x00-\x7f]*$/.test(s));
m("isupper(self, /)", (s: string) => [...s].some(isUpperCh) && ![...s].some(isLowerCh));
m("islower(self, /)", (s: string) => [...s].some(isLowerCh) && ![...s].some(isUpperCh));
m("istitle(self, /)", (s: string) => [...s].some(cased) && title(s) === s);
m("ljust(self, width, fillchar=' ', /)", (s, w, f) => pad(s, w, f, "l"));
m("rjust(self, width, fillchar=' ', /)", (s, w, f) => pad(s, w, f, "r"));
m("center(self, width, fillchar=' ', /)", (s, w, f) => pad(s, w, f, "c"));
m("zfill(self, width, /)", (s: string, w) => {
  const n = toIndex(w) - s.length;
  if (n <= 0) return s;
  const sign = s[0] === "+" || s[0] === "-" ? s[0] : "";
  return sign + "0".repeat(n) + s.slice(sign.length);
});
m("splitlines(self, keepends=False)", (s: string, keep) => {
  const out: string[] = [];
  // deno-lint-ignore no-control-regex
  const re = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let last = 0;
  for (let mm = re.exec(s); mm; mm = re.exec(s)) {
    out.push(s.slice(last, keep ? mm.index + mm[0].length : mm.index));
    last = mm.index + mm[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
});
m("partition(self, sep, /)", (s: string, sep: string) => {
  const i = s.indexOf(sep);
  return i < 0 ? new PyTuple([s, "", ""]) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
});
m("rpartition(self, sep, /)", (s: string, sep: string) => {
  const i = s.lastIndexOf(sep);
  return i < 0 ? new PyTuple(["", "", s]) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
});
m("removeprefix(self, prefix, /)", (s: string, p: string) => (s.startsWith(p) ? s.slice(p.length) : s));
m("removesuffix(self, suffix, /)", (s: string, p: string) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s));
m("expandtabs(self, tabsize=8)", (s: string, n) => {
  const size = n === undefined ? 8 : toIndex(n);
  let out = "";
  let col = 0;
  for (const c of s) {
    if (c === "\t") {
      const k = size > 0 ? size - (col % size) : 0;
      out += " ".repeat(k);
      col += k;
    } else {
      out += c;
      col = c === "\n" || c === "\r" ? 0 : col + 1;
    }
  }
  return out;
});
m("encode(self, encoding='utf-8', errors='strict')", (s: string) => s);
m("__len__(self, /)", (s: string) => s.length);
m("__getitem__(self, key, /)", strGetItem);
m("__contains__(self, key, /)", (s: string, k) => {
  if (typeof k !== "string") throw typeErr(`'in <string>' requires string as left operand, not ${typeOf(k).name}`);
  return s.includes(k);
});
ITER_BUILTINS.str = m("__iter__(self, /)", (s: string) => new StrIter(s));
m("__add__(self, other, /)", (s: string, o) => (typeof o === "string" ? s + o : NotImplemented));
m("__mul__(self, n, /)", (s: string, n) => binop("*", s, n));
m("__rmul__(self, n, /)", (s: string, n) => binop("*", s, n));
m("__mod__(self, args, /)", percentFormat);
m("__repr__(self, /)", strRepr);
m("__str__(self, /)", (s: string) => s);
m("__format__(self, spec, /)", (s: string, spec) => formatValue(s, spec));
m("__hash__(self, /)", (s: string) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 1000003) ^ s.charCodeAt(i)) | 0;
  return h;
});
m("__eq__(self, other, /)", (s, o) => (typeof o === "string" ? s === o : NotImplemented));
m("__lt__(self, other, /)", (s, o) => (typeof o === "string" ? s < o : NotImplemented));
m("__le__(self, other, /)", (s, o) => (typeof o === "string" ? s <= o : NotImplemented));
m("__gt__(self, other, /)", (s, o) => (typeof o === "string" ? s > o : NotImplemented));
m("__ge__(self, other, /)", (s, o) => (typeof o === "string" ? s >= o : NotImplemented));
