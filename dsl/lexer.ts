// Python 3 lexer: a Chevrotain lexer for the raw tokens, then a pass (per PyLexer instance, so many sources can be
// lexed independently) that applies Python's logical-line rules: NEWLINE/INDENT/DEDENT from an indentation stack,
// implicit joining inside brackets, backslash continuations, comments and blank lines, keywords. Errors are the
// tokenizer errors of CPython 3.11, with its messages and positions.

import { createTokenInstance, type IToken, Lexer, type TokenType } from "chevrotain";
import { PySyntaxError } from "./syntax_error.ts";
import {
  BACKSLASH,
  BADCHAR,
  COMMENT,
  CONTINUATION,
  DEDENT,
  ENDMARKER,
  EOF_ERROR,
  ERRORTOKEN,
  INDENT,
  KEYWORDS,
  LEXERROR,
  NAME,
  NEWLINE,
  NL,
  NUMBER,
  OPERATORS,
  STRING,
  WS,
} from "./parse/tokens.ts";

export * from "./parse/tokens.ts";
export type { StringPayload } from "./parse/scan.ts";

/** A token with the bracket nesting level after it (CPython's `level`), used for error messages. */
export interface PyToken extends IToken {
  depth?: number;
}
let rawLexer: Lexer | null = null;
/**
 * The raw tokens. Characters no pattern matches (`$`, `?`, control characters) become BADCHAR tokens: they come
 * back as lexing errors, which keeps a catch-all pattern (and its cost) out of the Chevrotain lexer.
 */
function rawTokens(text: string): IToken[] {
  const r = getRawLexer().tokenize(text);
  if (r.errors.length === 0) return r.tokens;
  const bad: IToken[] = [];
  for (const e of r.errors) {
    for (let k = 0; k < e.length; k++) {
      const off = e.offset + k;
      bad.push(createTokenInstance(BADCHAR, text[off], off, off, e.line!, e.line!, e.column! + k, e.column! + k));
    }
  }
  const out: IToken[] = [];
  let i = 0;
  for (const t of r.tokens) {
    while (i < bad.length && bad[i].startOffset < t.startOffset) out.push(bad[i++]);
    out.push(t);
  }
  while (i < bad.length) out.push(bad[i++]);
  return out;
}

function getRawLexer(): Lexer {
  rawLexer ??= new Lexer([WS, NL, COMMENT, CONTINUATION, BACKSLASH, STRING, NUMBER, NAME, ...OPERATORS], {
    positionTracking: "full",
    ensureOptimizations: true,
    skipValidations: true,
    lineTerminatorsPattern: /\n/g,
    lineTerminatorCharacters: ["\n"],
  });
  return rawLexer;
}

const OPENERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}\u00b7]/u;
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's rendering of a code point in "invalid character" messages. */
function describeChar(ch: string, what: "character" | "non-printable character"): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return what === "character" ? `invalid character '${ch}' (U+${hex})` : `invalid non-printable character U+${hex}`;
}
export function invalidCharMessage(ch: string): string {
  return NON_PRINTABLE.test(ch) && ch !== " "
    ? describeChar(ch, "non-printable character")
    : describeChar(ch, "character");
}

export interface LexOptions {
  /** Maps a position in `source` to the position reported (f-string expressions are lexed on their own). */
  posMap?: (line: number, col: number) => [number, number];
  /** The lines errors quote (default: the source's own lines). */
  lines?: string[];
  /**
   * Return a tokenizer error in LexResult.error (the tokens then end with a LEXERROR token where it occurred)
   * instead of throwing it. The parser needs this: CPython reports "unexpected indent" met before a later
   * tokenizer error, and the tokenizer error otherwise.
   */
  deferErrors?: boolean;
}

export interface LexResult {
  tokens: PyToken[];
  /** The source lines (no line terminators). */
  lines: string[];
  /** The innermost bracket still open at the end of the file, if any (CPython reports it unless the parser fails
   *  earlier, on or before its line). */
  unclosed: PySyntaxError | null;
  /** The tokenizer error, with `deferErrors`. */
  error: PySyntaxError | null;
  /**
   * Whether that error is one CPython raises only when the parser reaches it (a bad line continuation or
   * indentation); the others are reported even when the parser fails earlier.
   */
  lazy: boolean;
}

const LAZY_ERRORS = new Set([
  "unexpected character after line continuation character",
  "unindent does not match any outer indentation level",
  "inconsistent use of tabs and spaces in indentation",
]);

/** Splits source into lines as Python numbers them: no terminators, no empty entry after a final newline. */
export function splitLines(source: string): string[] {
  const lines = source.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** CPython normalizes line endings and drops a BOM before tokenizing. */
export function normalizeSource(source: string): string {
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  return source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source;
}

/**
 * The Python lexer. An instance holds the indentation and bracket stacks of the source being lexed, so
 * independent instances (the REPL, embedders, f-string expressions) never share state.
 */
export class PyLexer {
  private indents: number[] = [0];
  private altIndents: number[] = [0];
  private brackets: PyToken[] = [];
  private out: PyToken[] = [];
  private text = "";
  private filename = "";
  private lines: string[] = [];
  private quoteLines: string[] = [];
  private posMap: ((line: number, col: number) => [number, number]) | undefined;

  /** Tokenizes `source` (already normalized by normalizeSource, or not) for the parser. Throws PySyntaxError. */
  tokenize(source: string, filename: string, options: LexOptions = {}): LexResult {
    const text = normalizeSource(source);
    this.text = text;
    this.filename = filename;
    this.lines = splitLines(text);
    this.quoteLines = options.lines ?? this.lines;
    this.posMap = options.posMap;
    this.indents = [0];
    this.altIndents = [0];
    this.brackets = [];
    this.out = [];
    try {
      return this.run(rawTokens(text));
    } catch (e) {
      if (!(e instanceof PySyntaxError) || !options.deferErrors) throw e;
      const t = this.synth(LEXERROR, 1, 1);
      [t.startLine, t.startColumn] = [e.line, e.col];
      this.out.push(t);
      const lazy = LAZY_ERRORS.has(e.msg);
      const unclosed = lazy && this.brackets.length ? this.unclosedError() : null;
      return { tokens: this.out, lines: this.lines, unclosed, error: e, lazy };
    } finally {
      this.out = [];
      this.brackets = [];
    }
  }

  private run(raw: IToken[]): LexResult {
    const out = this.out;
    let lineHasTokens = false;
    let atBol = true;
    let comment: IToken | null = null;
    let continuation: IToken | null = null;
    for (let i = 0; i < raw.length; i++) {
      const t = raw[i] as PyToken;
      const tt = t.tokenType;
      if (tt === NL) {
        if (this.brackets.length === 0 && lineHasTokens) {
          // CPython's NEWLINE token starts at a comment ending the line, and spans it.
          const at = comment ?? t;
          const nl = this.synth(NEWLINE, at.startLine!, at.startColumn!);
          if (comment) nl.endColumn = nl.startColumn! + comment.image.length - 1;
          out.push(nl);
          lineHasTokens = false;
          atBol = true;
        }
        comment = null;
        continuation = null;
        continue;
      }
      if (tt === COMMENT) {
        comment = t;
        continue;
      }
      if (tt === CONTINUATION) {
        continuation = t;
        continue;
      }
      if (tt === BACKSLASH) {
        if (i === raw.length - 1 && t.endOffset === this.text.length - 1) {
          continuation = t; // a backslash ending a file without a final newline
          continue;
        }
        // CPython reports the column just past the character after the backslash.
        throw this.error("unexpected character after line continuation character", t.startLine!, t.startColumn! + 1);
      }
      continuation = null;
      if (atBol) {
        atBol = false;
        if (this.brackets.length === 0) this.indentation(t);
      }
      lineHasTokens = true;
      if (tt === NAME) {
        const kw = KEYWORDS.get(t.image);
        if (kw !== undefined) {
          t.tokenType = kw;
          t.tokenTypeIdx = kw.tokenTypeIdx!;
        } else if (!isAsciiName(t.image)) {
          this.checkIdentifier(t);
        }
      } else if (tt === STRING || tt === NUMBER) {
        const err = t.payload?.error as { msg: string; at: number; end?: number; detectedAt?: boolean } | undefined;
        if (err) this.scanError(t, err);
      } else if (tt === BADCHAR) {
        const ch = t.image;
        if (ch === "\n") continue; // cannot happen: NL matches first
        const code = ch.charCodeAt(0);
        if (code < 0x20 || code === 0x7f) {
          throw this.error(invalidCharMessage(ch), t.startLine!, t.startColumn!);
        }
        t.tokenType = ERRORTOKEN;
        t.tokenTypeIdx = ERRORTOKEN.tokenTypeIdx!;
      } else {
        const img = t.image;
        if (img.length === 1) {
          if (img === "(" || img === "[" || img === "{") {
            if (this.brackets.length >= 200) {
              throw this.error("too many nested parentheses", t.startLine!, t.startColumn!);
            }
            this.brackets.push(t);
          } else if (img === ")" || img === "]" || img === "}") {
            const open = this.brackets.pop();
            if (open === undefined) throw this.error(`unmatched '${img}'`, t.startLine!, t.startColumn!);
            if (open.image !== OPENERS[img]) {
              const where = open.startLine !== t.startLine ? ` on line ${this.mapLine(open)}` : "";
              throw this.error(
                `closing parenthesis '${img}' does not match opening parenthesis '${open.image}'${where}`,
                t.startLine!,
                t.startColumn!,
              );
            }
          }
        }
      }
      t.depth = this.brackets.length;
      this.mapToken(t);
      out.push(t);
    }

    // End of file.
    const [eofLine, eofCol] = this.eofPosition();
    let unclosed: PySyntaxError | null = null;
    if (continuation !== null) {
      out.push(this.synth(EOF_ERROR, eofLine, eofCol));
    } else if (this.brackets.length > 0) {
      unclosed = this.unclosedError();
    } else {
      if (lineHasTokens) out.push(this.synth(NEWLINE, eofLine, eofCol));
      for (let k = this.indents.length - 1; k > 0; k--) out.push(this.synth(DEDENT, eofLine, eofCol));
    }
    out.push(this.synth(ENDMARKER, eofLine, eofCol));
    return { tokens: out, lines: this.lines, unclosed, error: null, lazy: false };
  }

  /** The innermost bracket still open. */
  private unclosedError(): PySyntaxError {
    const open = this.brackets[this.brackets.length - 1];
    const [l, c] = this.mapPos(open.startLine!, open.startColumn!);
    const msg = `'${open.image}' was never closed`;
    return new PySyntaxError("SyntaxError", msg, this.filename, l, c, this.quoteLines[l - 1] ?? "");
  }

  /** INDENT/DEDENT for the first token of a logical line (CPython's tokenizer, tab size 8 and 1). */
  private indentation(t: IToken): void {
    const start = t.startOffset - (t.startColumn! - 1);
    let col = 0;
    let alt = 0;
    for (let k = start; k < t.startOffset; k++) {
      const c = this.text[k];
      if (c === " ") {
        col++;
        alt++;
      } else if (c === "\t") {
        col = (Math.floor(col / 8) + 1) * 8;
        alt++;
      } else if (c === "\f") {
        col = alt = 0;
      }
    }
    const line = t.startLine!;
    const chars = t.startColumn! - 1;
    const top = this.indents[this.indents.length - 1];
    const tabError = () => this.error("inconsistent use of tabs and spaces in indentation", line, 1, "TabError");
    if (col === top) {
      if (alt !== this.altIndents[this.altIndents.length - 1]) throw tabError();
    } else if (col > top) {
      if (alt <= this.altIndents[this.altIndents.length - 1]) throw tabError();
      this.indents.push(col);
      this.altIndents.push(alt);
      this.out.push(this.synth(INDENT, line, chars));
    } else {
      let dedents = 0;
      while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.altIndents.pop();
        dedents++;
      }
      if (col !== this.indents[this.indents.length - 1]) {
        const len = (this.lines[line - 1] ?? "").length + 1;
        throw this.error("unindent does not match any outer indentation level", line, len, "IndentationError");
      }
      if (alt !== this.altIndents[this.altIndents.length - 1]) throw tabError();
      for (let k = 0; k < dedents; k++) this.out.push(this.synth(DEDENT, line, chars));
    }
  }

  private checkIdentifier(t: IToken): void {
    let k = 0;
    for (const ch of t.image) {
      if (!(k === 0 ? ID_START : ID_CONTINUE).test(ch)) {
        throw this.error(invalidCharMessage(ch), t.startLine!, t.startColumn! + k);
      }
      k += ch.length;
    }
  }

  private scanError(t: IToken, err: { msg: string; at: number; end?: number; detectedAt?: boolean }): never {
    // `at` is an absolute offset; CPython reports its distance from the line start as the (1-based) column.
    const lineStart = t.startOffset - (t.startColumn! - 1);
    let msg = err.msg;
    if (err.detectedAt) {
      const triple = msg.includes("triple");
      const detected = triple ? this.lines.length : t.startLine! + countNewlines(t.image);
      msg = `${msg} (detected at line ${this.mapLineNo(detected)})`;
    }
    const col = err.at - lineStart;
    const endCol = err.end !== undefined ? err.end - lineStart : undefined;
    throw this.error(msg, t.startLine!, col, "SyntaxError", endCol);
  }

  /** CPython's position for errors at the end of the input: the last line, just past its end. */
  private eofPosition(): [number, number] {
    const n = this.lines.length;
    return [n, (this.lines[n - 1] ?? "").length + 1];
  }

  private synth(type: TokenType, line: number, col: number): PyToken {
    const [l, c] = this.mapPos(line, col);
    const t = createTokenInstance(type, "", -1, -1, l, l, c, c - 1) as PyToken;
    t.depth = this.brackets.length;
    return t;
  }

  private mapPos(line: number, col: number): [number, number] {
    return this.posMap ? this.posMap(line, col) : [line, col];
  }
  private mapLine(t: IToken): number {
    return this.mapPos(t.startLine!, t.startColumn!)[0];
  }
  private mapLineNo(line: number): number {
    return this.mapPos(line, 1)[0];
  }
  private mapToken(t: IToken): void {
    if (!this.posMap) return;
    const [l, c] = this.posMap(t.startLine!, t.startColumn!);
    const [el, ec] = this.posMap(t.endLine!, t.endColumn!);
    t.startLine = l;
    t.startColumn = c;
    t.endLine = el;
    t.endColumn = ec;
  }

  private error(
    msg: string,
    line: number,
    col: number,
    type: "SyntaxError" | "IndentationError" | "TabError" = "SyntaxError",
    endCol?: number,
  ): PySyntaxError {
    const [l, c] = this.mapPos(line, col);
    const end = endCol !== undefined ? this.mapPos(line, endCol)[1] : undefined;
    return new PySyntaxError(type, msg, this.filename, l, c, this.quoteLines[l - 1] ?? "", l, end);
  }
}

function isAsciiName(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
