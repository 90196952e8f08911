// Shared state and helpers of the parser classes (errors, tuples, call arguments). The grammar rules live in
// expr_rules.ts, call_rules.ts, display_rules.ts and stmt_rules.ts, each extending the previous class.

import { EmbeddedActionsParser, EOF, type IToken } from "chevrotain";
import * as L from "../lexer.ts";
import type { Arguments, BinaryOperator, Comprehension, ComprehensionFor, Expr, Keyword, Span } from "../ir.ts";
import { PySyntaxError, type SyntaxErrorType } from "../syntax_error.ts";
import { LL1LookaheadStrategy } from "./ll1.ts";
import { endAt, exprName, join, spanFromTokens, tokSpan } from "./nodes.ts";
import type { FieldRequest, StringContext } from "./strings.ts";
import { isBitOrLevel, PARENTHESIZED, startsExcluded } from "./targets.ts";

export interface CallArgs {
  args: Expr[];
  keywords: Keyword[];
}

/** Whether a token can start an expression (used for error messages). */
export function startsExpression(t: IToken): boolean {
  const tt = t.tokenType;
  const KW = L.KW;
  return tt === L.NAME || tt === L.NUMBER || tt === L.STRING || tt === L.LPAR || tt === L.LSQB ||
    tt === L.LBRACE || tt === L.MINUS || tt === L.PLUS || tt === L.TILDE || tt === KW.not || tt === KW.lambda ||
    tt === KW.None || tt === KW.True || tt === KW.False || tt === L.ELLIPSIS || tt === KW.await;
}

const PAREN_SPAN = new WeakMap<object, Span>();

/** Tokens that may continue a bitwise_or expression (outside brackets). */
const BITOR_TOKENS = new Set([
  L.NAME,
  L.NUMBER,
  L.STRING,
  L.DOT,
  L.PLUS,
  L.MINUS,
  L.STAR,
  L.SLASH,
  L.DOUBLESLASH,
  L.PERCENT,
  L.AT,
  L.DOUBLESTAR,
  L.TILDE,
  L.VBAR,
  L.CIRCUMFLEX,
  L.AMPER,
  L.LEFTSHIFT,
  L.RIGHTSHIFT,
  L.ELLIPSIS,
  L.KW.None,
  L.KW.True,
  L.KW.False,
]);

export class ParserBase extends EmbeddedActionsParser {
  filename = "<string>";
  lines: string[] = [];
  /** f-string fields waiting for their expression to be parsed. */
  pending: FieldRequest[] = [];
  /** The first token of every `expression` parsed so far (for "Perhaps you forgot a comma?"). */
  exprStarts: IToken[] = [];
  /** The targets of the assignment statement being parsed, each followed by `=` (for error messages). */
  assignCtx: { targets: Expr[]; firstEq: IToken } | null = null;
  /** Whether the error being thrown is one CPython raises in its first parser pass (see parser.ts). */
  firstPassError = false;
  /** For an error found by looking ahead: the furthest token CPython would have read. */
  errorFar: IToken | null = null;
  /** The token of the last failAt (to tell errors at the end of the input). */
  lastFailToken: IToken | null = null;

  constructor() {
    super(L.ALL_TOKENS, {
      maxLookahead: 1,
      lookaheadStrategy: new LL1LookaheadStrategy(),
      skipValidations: true,
    });
  }

  // ------------------------------------------------------------ errors

  fail(msg: string, span: Span, type: SyntaxErrorType = "SyntaxError"): never {
    throw new PySyntaxError(
      type,
      msg,
      this.filename,
      span.line,
      span.col,
      this.lines[span.line - 1] ?? "",
      span.endLine,
      span.endCol,
    );
  }

  /** A generic error at a token ("invalid syntax" unless told otherwise). */
  failAt(t: IToken, msg = "invalid syntax", type: SyntaxErrorType = "SyntaxError"): never {
    this.lastFailToken = t;
    if (t.startOffset < 0) {
      // A synthesized token (NEWLINE, INDENT, DEDENT, ENDMARKER): its columns are CPython's error offsets.
      const end = Math.max(t.startColumn!, t.endColumn! + 1);
      return this.fail(msg, { line: t.startLine!, col: t.startColumn!, endLine: t.startLine!, endCol: end }, type);
    }
    return this.fail(msg, tokSpan(t), type);
  }

  isParenthesizedExpr(e: Expr): boolean {
    return PARENTHESIZED.has(e);
  }

  protected isParenthesized(e: Expr): boolean {
    return PARENTHESIZED.has(e);
  }

  protected noArguments(): Arguments {
    return { posonly: [], args: [], defaults: [], vararg: null, kwonly: [], kwDefaults: [], kwarg: null };
  }

  protected notSupported(what: string, t: IToken): never {
    return this.failAt(t, `${what} is not supported by tsl`);
  }

  // ------------------------------------------------------------ tuples and lists of expressions

  /** `first (',' item?)*`: a Tuple when there is a comma. Rejects `a,,b`. */
  protected commaList(
    first: Expr,
    commas: IToken[],
    elts: (Expr | null)[],
    paren: IToken | null,
    close: IToken | null,
  ): Expr {
    if (commas.length === 0) return first;
    const all = [first];
    for (let i = 0; i < elts.length; i++) {
      const e = elts[i];
      if (e === null) {
        if (i + 1 < commas.length) this.failAt(commas[i + 1]);
      } else all.push(e);
    }
    const last = commas[commas.length - 1];
    const lastElt = all[all.length - 1];
    let span = paren && close ? spanFromTokens(paren, close) : join(this.sp(first), this.sp(lastElt));
    if (!paren && elts[elts.length - 1] === null) span = endAt(this.sp(first), last);
    return { kind: "Tuple", elts: all, span };
  }

  /** `e = b` where a condition or element was expected. */
  protected invalidNamedExpression(e: Expr): void {
    // `b`, the bitwise_or after the `=`, is found by scanning tokens (the parser cannot parse it here).
    let k = 2;
    if (!startsExpression(this.LA(k))) return;
    let depth = 0;
    for (;; k++) {
      const tt = this.LA(k).tokenType;
      if (tt === L.LPAR || tt === L.LSQB || tt === L.LBRACE) depth++;
      else if (tt === L.RPAR || tt === L.RSQB || tt === L.RBRACE) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && !BITOR_TOKENS.has(tt)) break;
      if (tt === L.ENDMARKER || tt === EOF) break;
    }
    const after = this.LA(k);
    if (after.tokenType === L.EQUAL || after.tokenType === L.COLONEQUAL) return;
    this.errorFar = after; // CPython read this far
    const b = this.LA(k - 1);
    if (e.kind === "Name") {
      this.fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", join(this.sp(e), tokSpan(b)));
    }
    if (!isBitOrLevel(e) || startsExcluded(e)) return;
    this.fail(`cannot assign to ${exprName(e)} here. Maybe you meant '==' instead of '='?`, e.span);
  }

  protected binop(left: Expr, op: string, right: Expr): Expr {
    return { kind: "BinOp", op: op as BinaryOperator, left, right, span: join(this.sp(left), this.sp(right)) };
  }

  /** A sole generator argument, `f(x for x in y)`, spans the call's parentheses. */
  protected genArgSpan(a: CallArgs | undefined, open: IToken, close: IToken): void {
    const g = a?.args.length === 1 && a.keywords.length === 0 ? a.args[0] : null;
    if (g && g.kind === "Comprehension" && g.type === "generator" && !PARENTHESIZED.has(g)) {
      g.span = spanFromTokens(open, close);
    }
  }

  protected buildCallArgs(items: (Expr | Keyword)[], ncommas: number): CallArgs {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    let kwUnpack = false;
    for (const it of items) {
      if ("kind" in it) {
        if (it.kind === "Comprehension" && it.type === "generator" && !PARENTHESIZED.has(it)) {
          if (items.length > 1 || ncommas > 0) this.fail("Generator expression must be parenthesized", it.span);
        }
        if (it.kind === "Starred") {
          if (kwUnpack) {
            const at = { ...it.span, endLine: it.span.line, endCol: it.span.col + 1 };
            this.fail("iterable argument unpacking follows keyword argument unpacking", at);
          }
        } else if (keywords.length) {
          // CPython reports these at the token after the arguments.
          this.failAt(
            this.LA(1),
            kwUnpack
              ? "positional argument follows keyword argument unpacking"
              : "positional argument follows keyword argument",
          );
        }
        args.push(it);
      } else {
        if (it.arg === null) kwUnpack = true;
        keywords.push(it);
      }
    }
    return { args, keywords };
  }

  protected noStarInComp(e: Expr): Expr {
    if (e.kind === "Starred") this.fail("iterable unpacking cannot be used in comprehension", e.span);
    return e;
  }

  // ------------------------------------------------------------ atoms

  protected stringContext(): StringContext {
    return {
      pending: this.pending,
      fail: (msg: string, line: number, col: number, endCol?: number): never => {
        this.firstPassError = true;
        return this.fail(msg, { line, col, endLine: line, endCol: endCol ?? col });
      },
    };
  }

  /** The next unconsumed token (after an error: where the parser stopped). */
  nextToken(): IToken {
    return this.LA(1);
  }

  /** A node's span including any parentheses around it (CPython starts/ends enclosing nodes there). */
  sp(n: { span: Span }): Span {
    return PAREN_SPAN.get(n) ?? n.span;
  }

  protected paren(e: Expr, open: IToken, close: IToken): Expr {
    PARENTHESIZED.add(e);
    PAREN_SPAN.set(e, spanFromTokens(open, close));
    return e;
  }

  protected comprehension(
    type: Comprehension["type"],
    elt: Expr,
    key: Expr | null,
    generators: ComprehensionFor[],
    open: IToken,
    close: IToken,
  ): Comprehension {
    if (type !== "dict") this.noStarInComp(elt);
    return { kind: "Comprehension", type, elt, key, generators, span: spanFromTokens(open, close) };
  }
}
