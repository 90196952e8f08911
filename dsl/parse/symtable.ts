// CPython's symtable checks (symtable.c): duplicate arguments, global/nonlocal misuse, yield inside
// comprehensions. Also the expression walking helpers shared with semantic.ts.

import type { Arguments, Expr, Span, Stmt } from "../ir.ts";

export type Fail = (msg: string, span: Span) => never;

type ScopeKind = "module" | "function" | "class" | "comprehension";

interface Scope {
  kind: ScopeKind;
  parent: Scope | null;
  params: Set<string>;
  bound: Set<string>;
  used: Set<string>;
  globals: Set<string>;
  nonlocals: { name: string; span: Span }[];
  /** For comprehensions: "list comprehension", "generator expression", ... */
  what?: string;
}

function newScope(kind: ScopeKind, parent: Scope | null, what?: string): Scope {
  return {
    kind,
    parent,
    params: new Set(),
    bound: new Set(),
    used: new Set(),
    globals: new Set(),
    nonlocals: [],
    what,
  };
}

/** Calls `f` on each direct sub-expression of `e`. */
export function eachChild(e: Expr, f: (x: Expr) => void): void {
  switch (e.kind) {
    case "Name":
    case "Constant":
      return;
    case "JoinedStr":
      return e.values.forEach(f);
    case "FormattedValue":
      f(e.value);
      if (e.formatSpec) f(e.formatSpec);
      return;
    case "Tuple":
    case "List":
    case "Set":
      return e.elts.forEach(f);
    case "Dict":
      e.keys.forEach((k) => k && f(k));
      return e.values.forEach(f);
    case "Attribute":
    case "Starred":
      return f(e.value);
    case "Subscript":
      f(e.value);
      return f(e.index);
    case "Slice":
      if (e.lower) f(e.lower);
      if (e.upper) f(e.upper);
      if (e.step) f(e.step);
      return;
    case "Call":
      f(e.func);
      e.args.forEach(f);
      return e.keywords.forEach((k) => f(k.value));
    case "BinOp":
      f(e.left);
      return f(e.right);
    case "UnaryOp":
      return f(e.operand);
    case "BoolOp":
      return e.values.forEach(f);
    case "Compare":
      f(e.left);
      return e.comparators.forEach(f);
    case "IfExp":
      f(e.test);
      f(e.body);
      return f(e.orelse);
    case "Lambda":
      defaultsOf(e.args).forEach(f);
      return f(e.body);
    case "Comprehension":
      for (const g of e.generators) {
        f(g.target);
        f(g.iter);
        g.ifs.forEach(f);
      }
      if (e.key) f(e.key);
      return f(e.elt);
    case "Yield":
      if (e.value) f(e.value);
      return;
    case "YieldFrom":
      return f(e.value);
    case "NamedExpr":
      f(e.target);
      return f(e.value);
  }
}

export function defaultsOf(a: Arguments): Expr[] {
  return [...a.defaults, ...a.kwDefaults.filter((d): d is Expr => d !== null)];
}

export function annotationsOf(a: Arguments): Expr[] {
  const all = [...a.posonly, ...a.args, ...(a.vararg ? [a.vararg] : []), ...a.kwonly, ...(a.kwarg ? [a.kwarg] : [])];
  return all.map((x) => x.annotation).filter((x): x is Expr => x !== null);
}

/** Names bound by an assignment target. */
function bindTarget(t: Expr, s: Scope): void {
  if (t.kind === "Name") s.bound.add(t.id);
  else if (t.kind === "Tuple" || t.kind === "List") t.elts.forEach((x) => bindTarget(x, s));
  else if (t.kind === "Starred") bindTarget(t.value, s);
}

// ---------------------------------------------------------------- pass 1: symbol tables

export class SymtablePass {
  private nonlocalChecks: Scope[] = [];
  constructor(private fail: Fail) {}

  run(body: Stmt[]): void {
    const mod = newScope("module", null);
    this.stmts(body, mod);
    for (const s of this.nonlocalChecks) this.resolveNonlocals(s);
  }

  private stmts(body: Stmt[], s: Scope): void {
    for (const st of body) this.stmt(st, s);
  }

  private params(a: Arguments, s: Scope): void {
    const all = [...a.posonly, ...a.args, ...a.kwonly, ...(a.vararg ? [a.vararg] : []), ...(a.kwarg ? [a.kwarg] : [])];
    for (const p of all) {
      if (s.params.has(p.name)) this.fail(`duplicate argument '${p.name}' in function definition`, p.span);
      s.params.add(p.name);
      s.bound.add(p.name);
    }
  }

  private declare(kind: "global" | "nonlocal", names: string[], span: Span, s: Scope): void {
    if (kind === "nonlocal" && s.kind === "module") this.fail("nonlocal declaration not allowed at module level", span);
    for (const n of names) {
      if (s.params.has(n)) this.fail(`name '${n}' is parameter and ${kind}`, span);
      if (s.bound.has(n)) this.fail(`name '${n}' is assigned to before ${kind} declaration`, span);
      if (s.used.has(n)) this.fail(`name '${n}' is used prior to ${kind} declaration`, span);
      const other = kind === "global" ? s.nonlocals.some((x) => x.name === n) : s.globals.has(n);
      if (other) this.fail(`name '${n}' is nonlocal and global`, span);
      if (kind === "global") s.globals.add(n);
      else s.nonlocals.push({ name: n, span });
    }
    if (kind === "nonlocal" && !this.nonlocalChecks.includes(s)) this.nonlocalChecks.push(s);
  }

  private resolveNonlocals(s: Scope): void {
    for (const { name, span } of s.nonlocals) {
      let p = s.parent;
      let found = false;
      while (p && p.kind !== "module") {
        if (p.kind === "function" && !p.globals.has(name) && (p.bound.has(name))) {
          found = true;
          break;
        }
        p = p.parent;
      }
      if (!found) this.fail(`no binding for nonlocal '${name}' found`, span);
    }
  }

  private funcScope(args: Arguments, parent: Scope): Scope {
    const f = newScope("function", parent);
    this.params(args, f);
    return f;
  }

  private stmt(st: Stmt, s: Scope): void {
    const e = (x: Expr | null): void => void (x && this.expr(x, s));
    switch (st.kind) {
      case "FunctionDef":
        st.decorators.forEach(e);
        defaultsOf(st.args).forEach(e);
        annotationsOf(st.args).forEach(e);
        if (st.returns) e(st.returns);
        s.bound.add(st.name);
        this.stmts(st.body, this.funcScope(st.args, s));
        return;
      case "ClassDef":
        st.decorators.forEach(e);
        st.bases.forEach(e);
        st.keywords.forEach((k) => e(k.value));
        s.bound.add(st.name);
        this.stmts(st.body, newScope("class", s));
        return;
      case "Global":
      case "Nonlocal":
        return this.declare(st.kind === "Global" ? "global" : "nonlocal", st.names, st.span, s);
      case "Assign":
        e(st.value);
        return st.targets.forEach((t) => (this.expr(t, s), bindTarget(t, s)));
      case "AugAssign":
      case "AnnAssign":
        e(st.value);
        if (st.kind === "AnnAssign") e(st.annotation);
        this.expr(st.target, s);
        return bindTarget(st.target, s);
      case "For":
        e(st.iter);
        this.expr(st.target, s);
        bindTarget(st.target, s);
        this.stmts(st.body, s);
        return this.stmts(st.orelse, s);
      case "While":
      case "If":
        e(st.test);
        this.stmts(st.body, s);
        return this.stmts(st.orelse, s);
      case "With":
        for (const it of st.items) {
          e(it.contextExpr);
          if (it.optionalVars) (e(it.optionalVars), bindTarget(it.optionalVars, s));
        }
        return this.stmts(st.body, s);
      case "Try":
        this.stmts(st.body, s);
        for (const h of st.handlers) {
          e(h.type);
          if (h.name) s.bound.add(h.name);
          this.stmts(h.body, s);
        }
        this.stmts(st.orelse, s);
        return this.stmts(st.finalbody, s);
      case "Import":
      case "ImportFrom":
        for (const a of st.names) if (a.name !== "*") s.bound.add(a.asname ?? a.name.split(".")[0]);
        return;
      case "ExprStmt":
        return e(st.value);
      case "Return":
        return e(st.value);
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

  private expr(x: Expr, s: Scope): void {
    switch (x.kind) {
      case "Name":
        s.used.add(x.id);
        return;
      case "Lambda":
        defaultsOf(x.args).forEach((d) => this.expr(d, s));
        this.expr(x.body, this.funcScope(x.args, s));
        return;
      case "Comprehension": {
        const what = x.type === "generator" ? "generator expression" : `${x.type} comprehension`;
        const c = newScope("comprehension", s, what);
        x.generators.forEach((g, i) => {
          this.expr(g.iter, i === 0 ? s : c);
          this.expr(g.target, c);
          bindTarget(g.target, c);
          g.ifs.forEach((y) => this.expr(y, c));
        });
        if (x.key) this.expr(x.key, c);
        this.expr(x.elt, c);
        return;
      }
      case "Yield":
      case "YieldFrom":
        if (s.kind === "comprehension") this.fail(`'yield' inside ${s.what}`, x.span);
        break;
      case "NamedExpr":
        s.bound.add(x.target.id);
        break;
    }
    eachChild(x, (y) => this.expr(y, s));
  }
}
