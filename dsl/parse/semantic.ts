// Checks CPython makes after parsing, in its order: first the symbol tables (symtable.ts), then the compiler's:
// return/yield outside function, break/continue outside loop, starred expressions, repeated keywords, a bare
// except that is not last. Also sets FunctionDef.isGenerator.

import type { Arguments, Expr, FunctionDef, Keyword, Stmt } from "../ir.ts";
import { annotationsOf, defaultsOf, eachChild, type Fail, SymtablePass } from "./symtable.ts";

// ---------------------------------------------------------------- pass 2: the compiler's checks

interface Ctx {
  fn: FunctionDef | "lambda" | null;
  inLoop: boolean;
}

class CompilePass {
  constructor(private fail: Fail) {}

  stmts(body: Stmt[], c: Ctx): void {
    for (const st of body) this.stmt(st, c);
  }

  private stmt(st: Stmt, c: Ctx): void {
    const e = (x: Expr | null): void => void (x && this.expr(x, c));
    switch (st.kind) {
      case "FunctionDef":
        st.decorators.forEach(e);
        this.arguments(st.args, c);
        if (st.returns) e(st.returns);
        st.isGenerator = false;
        return this.stmts(st.body, { fn: st, inLoop: false });
      case "ClassDef":
        st.decorators.forEach(e);
        st.bases.forEach(e);
        this.keywords(st.keywords, c);
        return this.stmts(st.body, { fn: null, inLoop: false });
      case "Return":
        if (c.fn === null) this.fail("'return' outside function", st.span);
        return e(st.value);
      case "Break":
        if (!c.inLoop) this.fail("'break' outside loop", st.span);
        return;
      case "Continue":
        if (!c.inLoop) this.fail("'continue' not properly in loop", st.span);
        return;
      case "Assign":
        st.targets.forEach((t) => this.target(t, c));
        return this.load(st.value, c);
      case "AugAssign":
        e(st.target);
        return this.load(st.value, c);
      case "AnnAssign":
        e(st.target);
        e(st.annotation);
        return st.value ? this.load(st.value, c) : undefined;
      case "For":
        this.load(st.iter, c);
        this.target(st.target, c);
        this.stmts(st.body, { ...c, inLoop: true });
        return this.stmts(st.orelse, c);
      case "While":
        e(st.test);
        this.stmts(st.body, { ...c, inLoop: true });
        return this.stmts(st.orelse, c);
      case "If":
        e(st.test);
        this.stmts(st.body, c);
        return this.stmts(st.orelse, c);
      case "With":
        for (const it of st.items) {
          e(it.contextExpr);
          if (it.optionalVars) this.target(it.optionalVars, c);
        }
        return this.stmts(st.body, c);
      case "Try":
        this.stmts(st.body, c);
        st.handlers.forEach((h, i) => {
          if (h.type === null && i < st.handlers.length - 1) this.fail("default 'except:' must be last", h.span);
          e(h.type);
          this.stmts(h.body, c);
        });
        this.stmts(st.orelse, c);
        return this.stmts(st.finalbody, c);
      case "ExprStmt":
        return this.load(st.value, c);
      case "Raise":
        e(st.exc);
        return e(st.cause);
      case "Assert":
        e(st.test);
        return e(st.msg);
      case "Delete":
        return st.targets.forEach(e);
      default:
        return;
    }
  }

  private arguments(a: Arguments, c: Ctx): void {
    defaultsOf(a).forEach((d) => this.expr(d, c));
    annotationsOf(a).forEach((d) => this.expr(d, c));
  }

  private keywords(ks: Keyword[], c: Ctx): void {
    const seen = new Set<string>();
    for (const k of ks) {
      if (k.arg !== null) {
        if (seen.has(k.arg)) this.fail(`keyword argument repeated: ${k.arg}`, k.span);
        seen.add(k.arg);
      }
      this.expr(k.value, c);
    }
  }

  /** An assignment target: at most one starred item, and only inside a tuple or list. */
  private target(t: Expr, c: Ctx): void {
    if (t.kind === "Starred") this.fail("starred assignment target must be in a list or tuple", t.span);
    if (t.kind === "Tuple" || t.kind === "List") {
      let stars = 0;
      for (const x of t.elts) {
        if (x.kind === "Starred") {
          if (++stars > 1) this.fail("multiple starred expressions in assignment", t.span);
          this.target(x.value, c);
        } else this.target(x, c);
      }
      return;
    }
    this.expr(t, c);
  }

  /** A value: a bare starred expression is not one. */
  private load(x: Expr, c: Ctx): void {
    if (x.kind === "Starred") this.fail("can't use starred expression here", x.span);
    this.expr(x, c);
  }

  private expr(x: Expr, c: Ctx): void {
    switch (x.kind) {
      case "Yield":
      case "YieldFrom":
        if (c.fn === null) this.fail("'yield' outside function", x.span);
        if (c.fn !== "lambda") c.fn.isGenerator = true;
        break;
      case "Lambda":
        this.arguments(x.args, c);
        return this.load(x.body, { fn: "lambda", inLoop: false });
      case "Call":
        this.expr(x.func, c);
        x.args.forEach((a) => a.kind === "Starred" ? this.expr(a.value, c) : this.load(a, c));
        return this.keywords(x.keywords, c);
      case "Tuple":
      case "List":
      case "Set":
        return x.elts.forEach((y) => y.kind === "Starred" ? this.expr(y.value, c) : this.load(y, c));
      case "Subscript":
        this.load(x.value, c);
        if (x.index.kind === "Tuple") return this.expr(x.index, c);
        return this.load(x.index, c);
      case "Comprehension":
        for (const g of x.generators) {
          this.load(g.iter, c);
          this.target(g.target, c);
          g.ifs.forEach((y) => this.load(y, c));
        }
        if (x.key) this.load(x.key, c);
        return this.load(x.elt, c);
      case "Starred":
        return this.fail("can't use starred expression here", x.span);
    }
    eachChild(x, (y) => this.load(y, c));
  }
}

/** Runs CPython's post-parse checks over a module body (throws via `fail`). */
export function checkModule(body: Stmt[], fail: Fail): void {
  checkFuture(body, fail);
  new SymtablePass(fail).run(body);
  new CompilePass(fail).stmts(body, { fn: null, inLoop: false });
}

const FUTURE_FEATURES = new Set([
  "nested_scopes",
  "generators",
  "division",
  "absolute_import",
  "with_statement",
  "print_function",
  "unicode_literals",
  "barry_as_FLUFL",
  "generator_stop",
  "annotations",
]);

/** `from __future__ import x` (CPython's future.c): known features, and only at the top of the file. */
function checkFuture(body: Stmt[], fail: Fail): void {
  let top = true;
  body.forEach((s, i) => {
    const doc = i === 0 && s.kind === "ExprStmt" && s.value.kind === "Constant" && s.value.value.type === "str";
    if (s.kind === "ImportFrom" && s.module === "__future__" && s.level === 0) {
      const at = { ...s.span, endLine: s.span.line, endCol: s.span.col };
      if (!top) fail("from __future__ imports must occur at the beginning of the file", s.span);
      for (const a of s.names) {
        if (a.name === "braces") fail("not a chance", at);
        if (!FUTURE_FEATURES.has(a.name)) fail(`future feature ${a.name} is not defined`, at);
      }
    } else if (!doc) top = false;
  });
}
