// The tsl parser: Python 3 source → IR (ir.ts). Lexing is lexer.ts, the grammar is dsl/parse/*_rules.ts (one
// Chevrotain parser, built lazily once per process), error messages follow CPython 3.11.

import { EOF, type IRecognitionException } from "chevrotain";
import type { Expr, Module, Span, Stmt } from "./ir.ts";
import * as L from "./lexer.ts";
import { PySyntaxError } from "./syntax_error.ts";
import { PyParser } from "./parse/stmt_rules.ts";
import { startsExpression } from "./parse/base.ts";
import { checkAssignTargets, isBitOrLevel, startsExcluded } from "./parse/targets.ts";
import { checkModule } from "./parse/semantic.ts";
import { exprName, join, tokSpan } from "./parse/nodes.ts";

export { PySyntaxError } from "./syntax_error.ts";

let instance: PyParser | null = null;

/** The parser, built on first use (Chevrotain's grammar recording and analysis run once per process). */
function getParser(): PyParser {
  return instance ??= new PyParser();
}

interface ParseOutcome {
  module?: Module;
  error?: PySyntaxError;
  /** The token the parser stopped at, when the error came from the parser. */
  errorToken?: L.PyToken;
  tokens?: L.PyToken[];
}

/** Parses a source file (or one REPL input) into a Module. Throws PySyntaxError. */
export function parse(source: string, filename: string): Module {
  const r = run(source, filename);
  if (r.error) throw r.error;
  return r.module!;
}

/** Parses a single expression (e.g. for a debugger or `eval`). Throws PySyntaxError. */
export function parseExpression(source: string, filename = "<string>"): Expr {
  const m = parse(source, filename);
  const s = m.body[0];
  if (m.body.length !== 1 || s.kind !== "ExprStmt") {
    const sp = s?.span ?? { line: 1, col: 1 };
    throw new PySyntaxError("SyntaxError", "invalid syntax", filename, sp.line, sp.col, m.lines[sp.line - 1] ?? "");
  }
  return s.value;
}

function run(source: string, filename: string): ParseOutcome {
  const lexed = new L.PyLexer().tokenize(source, filename, { deferErrors: true });
  try {
    return runParser(lexed, filename);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Nesting deep enough to exhaust the JavaScript stack (about 115 levels of brackets; CPython allows 200).
    if (lexed.error && !lexed.lazy) return { error: lexed.error };
    const t = getParser().nextToken();
    const line = t.startLine && t.startLine > 0 ? t.startLine : 1;
    const col = t.startColumn && t.startColumn > 0 ? t.startColumn : 1;
    const msg = "too deeply nested for tsl's parser (maximum recursion depth exceeded)";
    return { error: new PySyntaxError("SyntaxError", msg, filename, line, col, lexed.lines[line - 1] ?? "") };
  }
}

function runParser(lexed: L.LexResult, filename: string): ParseOutcome {
  const { tokens, lines, unclosed, error: lexError, lazy } = lexed;
  const p = getParser();
  p.filename = filename;
  p.lines = lines;
  p.pending = [];
  p.exprStarts = [];
  p.lastFailToken = null;
  p.assignCtx = null;
  p.errorFar = null;
  p.firstPassError = false;
  farToken = null;
  let body: Stmt[] = [];
  let error: PySyntaxError | undefined;
  let errorToken: L.PyToken | undefined;
  try {
    p.input = tokens;
    body = p.fileInput();
    if (p.errors.length) {
      errorToken = p.errors[0].token as L.PyToken;
      error = syntaxError(p, p.errors[0], tokens);
    }
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    error = e;
    errorToken = p.lastFailToken ?? undefined;
    // Most errors the grammar raises are, in CPython, found by its second pass, which meets a `print x`
    // earlier in the file first.
    if (!p.firstPassError) {
      const at = tokens.indexOf((errorToken ?? p.nextToken()) as L.PyToken);
      error = legacyPrint(p, tokens, at < 0 ? tokens.length - 1 : at) ?? error;
    }
  }
  if (error && lexError) {
    // The parser stopped at the tokenizer error: that is the error. If it stopped before, CPython still
    // reports most tokenizer errors (it tokenizes the rest of the file to look for one), but not after an
    // unexpected indent, and not the "lazy" ones (bad continuation, indentation), which only a parser
    // reaching them raises.
    const last = tokens[tokens.length - 1];
    const reached = errorToken === last || p.nextToken() === last || farToken === last;
    const indent = errorToken && (errorToken.tokenType === L.INDENT || errorToken.tokenType === L.DEDENT) &&
      error.msg.startsWith("unexpected");
    if (reached || (!indent && !lazy)) return { error: lexError, errorToken: last, tokens };
    if (indent) return { error, errorToken, tokens };
  }
  if (error) {
    // An error inside an f-string met earlier wins (CPython parses those while parsing the file).
    try {
      resolveFStrings(p, lines, filename);
    } catch (e) {
      if (e instanceof PySyntaxError) return { error: e, tokens };
      throw e;
    }
    // An unclosed bracket is reported instead when the parser fails after its line (or at the end).
    // (CPython compares with the furthest token it read, not the error's own line.)
    if (unclosed) {
      const far = (farToken ?? p.errorFar ?? errorToken ?? p.nextToken()) as L.PyToken;
      const atEnd = far.tokenType === L.ENDMARKER || far.tokenType === L.EOF_ERROR || far.tokenType === EOF;
      if (atEnd || Math.max(far.startLine ?? 0, error.line) > unclosed.line) error = unclosed;
    }
    return { error, errorToken, tokens };
  }
  try {
    resolveFStrings(p, lines, filename);
    const fail = (msg: string, span: Span): never => p.fail(msg, span);
    checkModule(body, fail);
  } catch (e) {
    if (e instanceof PySyntaxError) return { error: e, tokens };
    throw e;
  }
  p.input = [];
  return { module: { kind: "Module", body, filename, lines } };
}

/** Parses the expressions of f-string fields (queued while parsing), including fields nested in them. */
function resolveFStrings(p: PyParser, lines: string[], filename: string): void {
  while (p.pending.length) {
    const reqs = p.pending;
    p.pending = [];
    for (const r of reqs) {
      const posMap = (l: number, c: number): [number, number] =>
        l === 1 ? [r.line, r.col + c - 2] : [r.line + l - 1, c];
      try {
        const { tokens } = new L.PyLexer().tokenize(`(${r.text})`, filename, { posMap, lines });
        p.input = tokens;
        p.exprStarts = [];
        const value = p.fstringInput();
        if (p.errors.length) throw syntaxError(p, p.errors[0], tokens);
        r.fv.value = value;
      } catch (e) {
        if (!(e instanceof PySyntaxError)) throw e;
        if (e.msg.startsWith("f-string")) throw e;
        throw new PySyntaxError(e.type, `f-string: ${e.msg}`, e.filename, e.line, e.col, e.text, e.endLine, e.endCol);
      }
    }
  }
}

/** A Chevrotain recognition error as CPython would report it. */
function syntaxError(p: PyParser, err: IRecognitionException, tokens: L.PyToken[]): PySyntaxError {
  const t = err.token as L.PyToken;
  const tt = t.tokenType;
  const at = (msg: string, type: "SyntaxError" | "IndentationError" = "SyntaxError") =>
    errorAt(p, msg, type === "SyntaxError" ? null : type, t);
  if (tt === L.INDENT) return at("unexpected indent", "IndentationError");
  if (tt === L.DEDENT) return at("unexpected unindent", "IndentationError");
  if (tt === L.EOF_ERROR) return at("unexpected EOF while parsing");
  const i = tokens.indexOf(t);
  return legacyPrint(p, tokens, i) ?? badAssignment(p, tokens) ?? missingComma(p, tokens, i) ??
    tupleThenAssign(p, tokens, i) ?? at("invalid syntax");
}

/**
 * `print x`: CPython's second pass meets any `print`/`exec` name followed by an expression (but no `(`) before
 * the point of failure, and reports it.
 */
function legacyPrint(p: PyParser, tokens: L.PyToken[], end: number): PySyntaxError | null {
  for (let k = 0; k < end; k++) {
    const n = tokens[k];
    if (n.tokenType !== L.NAME || (n.image !== "print" && n.image !== "exec")) continue;
    const nx = tokens[k + 1];
    if (nx.tokenType === L.LPAR || (!startsExpression(nx) && nx.tokenType !== L.STAR)) continue;
    if (k > 0 && NOT_BEFORE_EXPR.has(tokens[k - 1].tokenType)) continue;
    const b = tryParse(p, tokens, k + 1, "starExpressions");
    if (b.expr) {
      const msg = `Missing parentheses in call to '${n.image}'. Did you mean ${n.image}(...)?`;
      return errorAt(p, msg, join(tokSpan(n), b.expr.span));
    }
  }
  return null;
}

const NOT_BEFORE_EXPR = new Set([
  L.DOT,
  L.NAME,
  L.NUMBER,
  L.STRING,
  L.RPAR,
  L.RSQB,
  L.RBRACE,
  L.ELLIPSIS,
  L.KW.import,
  L.KW.from,
  L.KW.def,
  L.KW.class,
  L.KW.as,
  L.KW.global,
  L.KW.nonlocal,
  L.KW.None,
  L.KW.True,
  L.KW.False,
]);

/** `f() = <incomplete>`: an invalid target is reported even when the value after `=` does not parse. */
function badAssignment(p: PyParser, tokens: L.PyToken[]): PySyntaxError | null {
  const ctx = p.assignCtx;
  if (!ctx) return null;
  const b = tryParse(p, tokens, tokens.indexOf(ctx.firstEq as L.PyToken) + 1, "bitOr");
  const after = b.expr ? tokenAfter(tokens, tokens.indexOf(ctx.firstEq as L.PyToken) + 1, b.expr.span) : null;
  const thenEq = after !== null && (after.tokenType === L.EQUAL || after.tokenType === L.COLONEQUAL);
  try {
    checkAssignTargets(ctx.targets, { lb: b.expr, thenEq }, (msg, span) => p.fail(msg, span));
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
  return null;
}

/**
 * `(a b)`: two expressions side by side inside brackets (CPython's invalid_expression): `a`, a disjunction from
 * the start of an expression being parsed, ends right where `b`, an expression, starts. `b` starts at the token
 * the parser failed on, or just before it when that is a `not` (taken for `not in`) or an opening bracket.
 */
function missingComma(p: PyParser, tokens: L.PyToken[], i: number): PySyntaxError | null {
  // Expression starts on the current logical line, in order.
  let line = i;
  while (line > 0 && tokens[line - 1].tokenType !== L.NEWLINE) line--;
  const first = new Set(tokens.slice(line, i + 1));
  const starts = [...new Set(p.exprStarts.filter((t) => first.has(t as L.PyToken)))]
    .map((t) => tokens.indexOf(t as L.PyToken)).sort((x, y) => x - y);
  const prev = i > 0 ? tokens[i - 1].tokenType : null;
  const splits = prev === L.KW.not || prev === L.LSQB || prev === L.LPAR ? [i, i - 1] : [i];
  for (const bStart of splits) {
    const bTok = tokens[bStart];
    if (!startsExpression(bTok)) continue;
    for (const s of starts) {
      if (s >= bStart) continue;
      const aTok = tokens[s];
      if (aTok.tokenType === L.NAME && (["match", "case", "_"].includes(aTok.image))) continue;
      if (aTok.tokenType === L.NAME && bStart === s + 1 && bTok.tokenType === L.STRING) continue;
      const a = tryParse(p, tokens.slice(0, bStart), s, "disjunction");
      if (!a.expr || a.far !== null) continue;
      // CPython parses `b` even outside brackets (and so reads ahead, which matters for "'(' was never closed").
      const b = tryParse(p, tokens, bStart, "expression");
      // (Where `b` fails on a token starting an expression, CPython finds a missing comma inside it, and read
      // one token further.)
      const f = b.far;
      farToken = f && startsExpression(f) ? tokens[tokens.indexOf(f) + 1] ?? f : f;
      if (!b.expr) return null;
      farToken = tokenAfter(tokens, bStart, b.expr.span); // it read one token past `b`
      if ((tokens[tokens.indexOf(farToken) - 1].depth ?? 0) === 0) return null;
      return errorAt(p, "invalid syntax. Perhaps you forgot a comma?", join(a.expr.span, b.expr.span));
    }
  }
  return null;
}

/**
 * `a, b c = 1`: after a statement starting with a tuple, CPython tries `c = 1` as a named expression and reports
 * `=` there (invalid_assignment, then invalid_named_expression).
 */
function tupleThenAssign(p: PyParser, tokens: L.PyToken[], i: number): PySyntaxError | null {
  let s = i;
  while (s > 0 && ![L.NEWLINE, L.INDENT, L.DEDENT, L.SEMI].includes(tokens[s - 1].tokenType)) s--;
  if (s === i || (!startsExpression(tokens[s]) && tokens[s].tokenType !== L.STAR)) return null;
  const head = tryParse(p, tokens.slice(0, i), s, "starExpressions");
  if (!head.expr || head.far !== null || head.expr.kind !== "Tuple" || p.isParenthesizedExpr(head.expr)) return null;
  // The comma-separated expressions from `i` on, each tried as a named expression.
  for (let k = i; k < tokens.length;) {
    const a = tryParse(p, tokens, k, "bitOr");
    if (!a.expr) return null;
    const eq = tokenAfter(tokens, k, a.expr.span);
    if (eq.tokenType === L.EQUAL) {
      const v = tokens.indexOf(eq) + 1;
      const b = tryParse(p, tokens, v, "bitOr");
      if (!b.expr) return null;
      const after = tokenAfter(tokens, v, b.expr.span);
      if (after.tokenType === L.EQUAL || after.tokenType === L.COLONEQUAL) return null;
      farToken = after;
      if (a.expr.kind === "Name") {
        const msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
        return errorAt(p, msg, join(a.expr.span, b.expr.span));
      }
      if (!isBitOrLevel(a.expr) || startsExcluded(a.expr)) return null;
      const msg = `cannot assign to ${exprName(a.expr)} here. Maybe you meant '==' instead of '='?`;
      return errorAt(p, msg, a.expr.span);
    }
    const e = tryParse(p, tokens, k, "expression");
    if (!e.expr) return null;
    const comma = tokenAfter(tokens, k, e.expr.span);
    if (comma.tokenType !== L.COMMA) return null;
    k = tokens.indexOf(comma) + 1;
  }
  return null;
}

/** The furthest token a CPython parser would have read for the last error (for the unclosed-bracket rule). */
let farToken: L.PyToken | null = null;

function tokenAfter(tokens: L.PyToken[], i: number, s: Span): L.PyToken {
  while (
    i < tokens.length - 1 &&
    (tokens[i].startLine! < s.endLine || (tokens[i].startLine === s.endLine && tokens[i].startColumn! < s.endCol))
  ) i++;
  return tokens[i];
}

/** The PySyntaxError p.fail/p.failAt would throw. */
function errorAt(p: PyParser, msg: string, where: Span | "IndentationError" | null, t?: L.PyToken): PySyntaxError {
  try {
    if (where === null || where === "IndentationError") p.failAt(t!, msg, where ?? "SyntaxError");
    else p.fail(msg, where);
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
  throw new Error("unreachable");
}

/** Parses `rule` at tokens[i] (for error messages only): the expression if it parsed, and where it stopped. */
function tryParse(
  p: PyParser,
  tokens: L.PyToken[],
  i: number,
  rule: "expression" | "starExpressions" | "bitOr" | "disjunction",
): { expr: Expr | null; far: L.PyToken | null } {
  const saved = { starts: p.exprStarts, pending: p.pending, assign: p.assignCtx };
  p.pending = [];
  p.exprStarts = [];
  try {
    p.input = tokens.slice(i);
    const e = p[rule]();
    const ok = p.errors.every((x) => x.name === "NotAllInputParsedException");
    return { expr: ok ? e : null, far: (p.errors[0]?.token as L.PyToken) ?? null };
  } catch {
    return { expr: null, far: p.nextToken() as L.PyToken };
  } finally {
    p.exprStarts = saved.starts;
    p.pending = saved.pending;
    p.assignCtx = saved.assign;
  }
}

/**
 * For the REPL: whether `source` is an unfinished input that should be continued on a `... ` line (an open
 * bracket, an unterminated triple-quoted string, a backslash at the end, a compound statement not yet ended by
 * a blank line), following CPython's codeop.compile_command. Complete inputs, and inputs with a syntax error
 * to report, give false.
 */
export function isIncomplete(source: string): boolean {
  if (source.split("\n").every((l) => l.trim() === "" || l.trim().startsWith("#"))) return false;
  const r = run(source, "<stdin>");
  if (r.error) {
    if (r.error.msg.startsWith("unterminated triple-quoted string literal")) return true;
    const t = r.errorToken;
    if (!t || !r.tokens) return false;
    const tt = t.tokenType;
    if (tt !== L.ENDMARKER && tt !== L.DEDENT && tt !== L.EOF_ERROR) return false;
    const i = r.tokens.indexOf(t);
    return r.tokens.slice(i + 1).every((x) => x.tokenType === L.DEDENT || x.tokenType === L.ENDMARKER);
  }
  const body = r.module!.body;
  const last = body[body.length - 1];
  if (!last) return false;
  const compound = ["If", "While", "For", "Try", "With", "FunctionDef", "ClassDef"].includes(last.kind);
  return compound && !L.normalizeSource(source).endsWith("\n");
}
