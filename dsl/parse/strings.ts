// String literals: escape decoding, implicit concatenation and f-strings (CPython 3.11's fstring_find_literal /
// fstring_find_expr). The expressions inside f-strings are queued as FieldRequests and parsed afterwards with the
// same parser (a Chevrotain parser is not re-entrant).

import type { IToken } from "chevrotain";
import type { Constant, FormattedValue, JoinedStr, Span } from "../ir.ts";
import type { StringPayload } from "./scan.ts";
import { spanFromTokens } from "./nodes.ts";

/** An f-string replacement field whose expression still has to be parsed into `fv.value`. */
export interface FieldRequest {
  fv: FormattedValue;
  /** The expression's source text. */
  text: string;
  /** Where the text starts in the real source (1-based). */
  line: number;
  col: number;
}

export interface StringContext {
  pending: FieldRequest[];
  /** Throws a SyntaxError at a position of the real source. */
  fail(msg: string, line: number, col: number, endCol?: number): never;
}

/** Maps offsets within a string token's image to source positions. */
class Positions {
  private starts: number[] = [0];
  constructor(private tok: IToken) {
    const img = tok.image;
    for (let i = 0; i < img.length; i++) if (img.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(k: number): [number, number] {
    let l = this.starts.length - 1;
    while (this.starts[l] > k) l--;
    const col = l === 0 ? this.tok.startColumn! + k : k - this.starts[l] + 1;
    return [this.tok.startLine! + l, col];
  }
  span(a: number, b: number): Span {
    const [l, c] = this.at(a);
    const [el, ec] = this.at(b);
    return { line: l, col: c, endLine: el, endCol: ec };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Decodes backslash escapes; `err(msg)` reports a malformed one. */
export function decodeEscapes(s: string, bytes: boolean, err: (msg: string) => never): string {
  if (!s.includes("\\")) return s;
  let out = "";
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i];
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    if (i + 1 >= n) {
      out += "\\";
      break;
    }
    const e = s[i + 1];
    if (e === "\n") {
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (e >= "0" && e <= "7") {
      let j = i + 1;
      let v = 0;
      while (j < n && j < i + 4 && s[j] >= "0" && s[j] <= "7") v = v * 8 + (s.charCodeAt(j++) - 48);
      out += String.fromCharCode(bytes ? v & 0xff : v);
      i = j;
      continue;
    }
    const hexLen = e === "x" ? 2 : !bytes && e === "u" ? 4 : !bytes && e === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = s.slice(i + 2, i + 2 + hexLen);
      if (hex.length < hexLen || !/^[0-9a-fA-F]+$/.test(hex)) {
        if (bytes) err(`(value error) invalid \\x escape at position ${i}`);
        const bad = hex.match(/^[0-9a-fA-F]*/)![0].length;
        const what = e === "x" ? "\\xXX" : e === "u" ? "\\uXXXX" : "\\UXXXXXXXX";
        err(
          `(unicode error) 'unicodeescape' codec can't decode bytes in position ${i}-${
            i + 1 + bad
          }: truncated ${what} escape`,
        );
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) {
        err(
          `(unicode error) 'unicodeescape' codec can't decode bytes in position ${i}-${
            i + 1 + hexLen
          }: illegal Unicode character`,
        );
      }
      out += String.fromCodePoint(cp);
      i += 2 + hexLen;
      continue;
    }
    if (!bytes && e === "N") err("(unicode error) \\N{...} escapes are not supported by tsl");
    out += "\\" + e; // unknown escapes keep their backslash
    i += 2;
  }
  return out;
}

type Part = string | FormattedValue;

/** One or more adjacent string tokens → a str/bytes Constant or a JoinedStr. */
export function stringAtom(toks: IToken[], ctx: StringContext): Constant | JoinedStr {
  const span = spanFromTokens(toks[0], toks[toks.length - 1]);
  let bytes: boolean | null = null;
  let fstring = false;
  const parts: Part[] = [];
  for (const t of toks) {
    const p = t.payload as StringPayload;
    const isBytes = p.prefix.includes("b");
    if (bytes !== null && bytes !== isBytes) {
      const last = toks[toks.length - 1];
      ctx.fail("cannot mix bytes and nonbytes literals", last.endLine!, last.endColumn! + 1);
    }
    bytes = isBytes;
    const q = p.triple ? 3 : 1;
    const bodyStart = p.prefix.length + q;
    const body = t.image.slice(bodyStart, t.image.length - q);
    const raw = p.prefix.includes("r");
    const pos = new Positions(t);
    if (isBytes && hasNonAscii(body)) {
      ctx.fail("bytes can only contain ASCII literal characters", t.startLine!, t.startColumn!, t.endColumn! + 1);
    }
    const decode = (s: string) =>
      raw ? s : decodeEscapes(s, isBytes, (msg) => ctx.fail(msg, t.endLine!, t.endColumn! + 1));
    if (p.prefix.includes("f")) {
      fstring = true;
      const f = new FStringParser(body, bodyStart, raw, pos, ctx, decode);
      parts.push(...f.parse(0).parts);
    } else {
      parts.push(decode(body));
    }
  }
  if (!fstring) {
    const value = parts.join("");
    return { kind: "Constant", value: bytes ? { type: "bytes", value } : { type: "str", value }, span };
  }
  return { kind: "JoinedStr", values: mergeParts(parts, span), span };
}

function mergeParts(parts: Part[], span: Span): (Constant | FormattedValue)[] {
  const values: (Constant | FormattedValue)[] = [];
  let lit = "";
  for (const p of parts) {
    if (typeof p === "string") {
      lit += p;
      continue;
    }
    if (lit !== "") values.push({ kind: "Constant", value: { type: "str", value: lit }, span });
    lit = "";
    values.push(p);
  }
  if (lit !== "") values.push({ kind: "Constant", value: { type: "str", value: lit }, span });
  return values;
}

class FStringParser {
  private i = 0;
  constructor(
    private s: string,
    private base: number,
    private raw: boolean,
    private pos: Positions,
    private ctx: StringContext,
    private decode: (s: string) => string,
  ) {}

  private fail(msg: string, k: number): never {
    const [l, c] = this.pos.at(this.base + k);
    return this.ctx.fail(msg, l, c);
  }

  /** Literal text and fields up to the end, or (in a format spec, lvl > 0) up to the closing '}'. */
  parse(lvl: number): { parts: Part[] } {
    const s = this.s;
    const parts: Part[] = [];
    let lit = "";
    while (this.i < s.length) {
      // Literal part.
      let k = this.i;
      let brace = "";
      while (k < s.length) {
        let ch = s[k++];
        if (!this.raw && ch === "\\" && k < s.length) {
          ch = s[k++];
          if (ch === "N") {
            if (k < s.length && s[k++] === "{") { while (k < s.length && s[k++] !== "}"); }
            continue;
          }
        }
        if (ch === "{" || ch === "}") {
          if (lvl === 0) {
            if (k < s.length && s[k] === ch) {
              lit += this.decode(s.slice(this.i, k));
              this.i = k + 1;
              brace = "doubled";
              break;
            }
            if (ch === "}") this.fail("f-string: single '}' is not allowed", k - 1);
          }
          k--;
          brace = ch;
          break;
        }
      }
      if (brace === "doubled") continue;
      if (brace === "") {
        lit += this.decode(s.slice(this.i, k));
        this.i = k;
        break;
      }
      lit += this.decode(s.slice(this.i, k));
      this.i = k;
      if (brace === "}") break; // end of a format spec
      // A replacement field.
      if (lvl >= 2) this.fail("f-string: expressions nested too deeply", k);
      if (lit !== "") parts.push(lit);
      lit = "";
      const fv = this.field(lvl);
      if (fv.selfDocumenting !== undefined) parts.push(fv.selfDocumenting);
      parts.push(fv);
    }
    if (lit !== "") parts.push(lit);
    return { parts };
  }

  /** At '{': the expression, `=`, `!conv`, `:spec` and the closing '}'. */
  private field(lvl: number): FormattedValue {
    const s = this.s;
    const open = this.i;
    let k = open + 1;
    const exprStart = k;
    let quote = "";
    let tripleQ = false;
    const stack: string[] = [];
    const end = s.length;
    for (; k < end; k++) {
      const ch = s[k];
      if (ch === "\\") this.fail("f-string expression part cannot include a backslash", k);
      if (quote) {
        if (ch === quote && (!tripleQ || (s[k + 1] === quote && s[k + 2] === quote))) {
          if (tripleQ) k += 2;
          quote = "";
        }
        continue;
      }
      if (ch === "'" || ch === '"') {
        tripleQ = s[k + 1] === ch && s[k + 2] === ch;
        if (tripleQ) k += 2;
        quote = ch;
        continue;
      }
      if (ch === "[" || ch === "(" || ch === "{") {
        stack.push(ch);
        continue;
      }
      if (ch === "#") this.fail("f-string expression part cannot include '#'", k);
      if (stack.length === 0 && "!:}=<>".includes(ch)) {
        const nx = s[k + 1];
        if (nx === "=" && "!=<>".includes(ch)) {
          k++;
          continue;
        }
        if (ch === "<" || ch === ">") continue;
        break;
      }
      if (ch === "]" || ch === ")" || ch === "}") {
        const o = stack.pop();
        if (o === undefined) this.fail(`f-string: unmatched '${ch}'`, k);
        if ((o === "(" && ch !== ")") || (o === "[" && ch !== "]") || (o === "{" && ch !== "}")) {
          this.fail(`f-string: closing parenthesis '${ch}' does not match opening parenthesis '${o}'`, k);
        }
      }
    }
    if (quote) this.fail("f-string: unterminated string", k);
    if (stack.length) this.fail(`f-string: unmatched '${stack[stack.length - 1]}'`, k);
    if (k >= end) this.fail("f-string: expecting '}'", k);
    const text = s.slice(exprStart, k);
    if (text.trim() === "") this.fail("f-string: empty expression not allowed", k);
    const [line, col] = this.pos.at(this.base + exprStart);
    let selfDoc: string | undefined;
    if (s[k] === "=") {
      k++;
      while (k < end && " \t\n\r\f\v".includes(s[k])) k++;
      if (k >= end) this.fail("f-string: expecting '}'", k);
      selfDoc = s.slice(exprStart, k);
    }
    let conversion: "r" | "s" | "a" | null = null;
    if (s[k] === "!") {
      k++;
      if (k >= end) this.fail("f-string: expecting '}'", k);
      const c = s[k++];
      if (c !== "s" && c !== "r" && c !== "a") {
        this.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", k - 1);
      }
      conversion = c;
    }
    let formatSpec: JoinedStr | null = null;
    if (s[k] === ":") {
      k++;
      if (k >= end) this.fail("f-string: expecting '}'", k);
      this.i = k;
      const specStart = k;
      const spec = this.parse(lvl + 1);
      k = this.i;
      const sp = this.pos.span(this.base + specStart, this.base + k);
      formatSpec = { kind: "JoinedStr", values: mergeParts(spec.parts, sp), span: sp };
    }
    if (k >= end || s[k] !== "}") this.fail("f-string: expecting '}'", k);
    k++;
    this.i = k;
    if (selfDoc !== undefined && formatSpec === null && conversion === null) conversion = "r";
    const fv: FormattedValue = {
      kind: "FormattedValue",
      value: null as unknown as FormattedValue["value"],
      conversion,
      formatSpec,
      span: this.pos.span(this.base + open, this.base + k),
    };
    if (selfDoc !== undefined) fv.selfDocumenting = selfDoc;
    this.ctx.pending.push({ fv, text, line, col });
    return fv;
  }
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}
