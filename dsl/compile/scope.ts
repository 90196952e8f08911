// Static scope analysis, as Python does it at compile time: which names each function binds (its locals),
// which it declares global/nonlocal, and where each free name resolves. Class bodies bind into the class
// namespace and are skipped when resolving names of the functions nested in them; comprehensions are
// scopes of their own (their walrus targets bind in the enclosing function).

import type * as ir from "../ir.ts";

export type ScopeKind = "module" | "function" | "class" | "comprehension";

export class Scope {
  locals = new Set<string>();
  globals = new Set<string>();
  nonlocals = new Set<string>();
  /** Uses zero-arg super() or __class__: needs the class cell. */
  usesClassCell = false;
  children = new Map<object, Scope>();
  constructor(readonly kind: ScopeKind, readonly parent: Scope | null, readonly name: string) {}

  /** How a name read or written in this scope resolves. */
  resolve(name: string): "local" | "global" | "class" | "free" {
    if (this.kind === "module") return "global";
    if (this.globals.has(name)) return "global";
    if (this.nonlocals.has(name)) return "free";
    if (this.locals.has(name)) return this.kind === "class" ? "class" : "local";
    // Free: look in enclosing function scopes, skipping classes.
    for (let s = this.parent; s !== null; s = s.parent) {
      if (s.kind === "module") return "global";
      if (s.kind === "class") continue;
      if (s.globals.has(name)) return "global";
      if (s.locals.has(name) || s.nonlocals.has(name)) return "free";
    }
    return "global";
  }
}

/** Builds the scope tree for a module. Scopes are keyed by their IR node. */
export function analyzeModule(mod: ir.Module): Scope {
  const root = new Scope("module", null, "<module>");
  for (const s of mod.body) visitStmt(s, root);
  return root;
}

function bindTarget(t: ir.Expr, scope: Scope): void {
  switch (t.kind) {
    case "Name":
      bind(scope, t.id);
      break;
    case "Tuple":
    case "List":
      for (const e of t.elts) bindTarget(e, scope);
      break;
    case "Starred":
      bindTarget(t.value, scope);
      break;
    default:
      visitExpr(t, scope);
  }
}

function bind(scope: Scope, name: string): void {
  if (scope.globals.has(name) || scope.nonlocals.has(name)) return;
  scope.locals.add(name);
}

function visitBody(body: ir.Stmt[], scope: Scope): void {
  for (const s of body) visitStmt(s, scope);
}

function visitArgsDefaults(a: ir.Arguments, scope: Scope): void {
  for (const d of a.defaults) visitExpr(d, scope);
  for (const d of a.kwDefaults) if (d) visitExpr(d, scope);
}

function paramNames(a: ir.Arguments): string[] {
  const out = [...a.posonly, ...a.args].map((x) => x.name);
  if (a.vararg) out.push(a.vararg.name);
  for (const k of a.kwonly) out.push(k.name);
  if (a.kwarg) out.push(a.kwarg.name);
  return out;
}

function newFunctionScope(node: object, parent: Scope, name: string, args: ir.Arguments): Scope {
  const fs = new Scope("function", parent, name);
  parent.children.set(node, fs);
  for (const p of paramNames(args)) fs.locals.add(p);
  return fs;
}

function visitStmt(s: ir.Stmt, scope: Scope): void {
  switch (s.kind) {
    case "ExprStmt":
      visitExpr(s.value, scope);
      break;
    case "Assign":
      visitExpr(s.value, scope);
      for (const t of s.targets) bindTarget(t, scope);
      break;
    case "AugAssign":
      visitExpr(s.value, scope);
      bindTarget(s.target, scope);
      if (s.target.kind !== "Name") visitExpr(s.target, scope);
      break;
    case "AnnAssign":
      if (s.value) visitExpr(s.value, scope);
      if (s.value || s.target.kind !== "Name") bindTarget(s.target, scope);
      else if (scope.kind !== "module") bind(scope, (s.target as ir.Name).id);
      break;
    case "If":
    case "While":
      visitExpr(s.test, scope);
      visitBody(s.body, scope);
      visitBody(s.orelse, scope);
      break;
    case "For":
      visitExpr(s.iter, scope);
      bindTarget(s.target, scope);
      visitBody(s.body, scope);
      visitBody(s.orelse, scope);
      break;
    case "FunctionDef": {
      for (const d of s.decorators) visitExpr(d, scope);
      visitArgsDefaults(s.args, scope);
      bind(scope, s.name);
      const fs = newFunctionScope(s, scope, s.name, s.args);
      collectDecls(s.body, fs);
      visitBody(s.body, fs);
      break;
    }
    case "ClassDef": {
      for (const d of s.decorators) visitExpr(d, scope);
      for (const b of s.bases) visitExpr(b, scope);
      for (const k of s.keywords) visitExpr(k.value, scope);
      bind(scope, s.name);
      const cs = new Scope("class", scope, s.name);
      scope.children.set(s, cs);
      collectDecls(s.body, cs);
      visitBody(s.body, cs);
      break;
    }
    case "Return":
      if (s.value) visitExpr(s.value, scope);
      break;
    case "Import":
      for (const a of s.names) bind(scope, a.asname ?? a.name.split(".")[0]);
      break;
    case "ImportFrom":
      for (const a of s.names) if (a.name !== "*") bind(scope, a.asname ?? a.name);
      break;
    case "With":
      for (const it of s.items) {
        visitExpr(it.contextExpr, scope);
        if (it.optionalVars) bindTarget(it.optionalVars, scope);
      }
      visitBody(s.body, scope);
      break;
    case "Try":
      visitBody(s.body, scope);
      for (const h of s.handlers) {
        if (h.type) visitExpr(h.type, scope);
        if (h.name) bind(scope, h.name);
        visitBody(h.body, scope);
      }
      visitBody(s.orelse, scope);
      visitBody(s.finalbody, scope);
      break;
    case "Raise":
      if (s.exc) visitExpr(s.exc, scope);
      if (s.cause) visitExpr(s.cause, scope);
      break;
    case "Assert":
      visitExpr(s.test, scope);
      if (s.msg) visitExpr(s.msg, scope);
      break;
    case "Delete":
      for (const t of s.targets) bindTarget(t, scope);
      break;
    case "Global":
    case "Nonlocal":
    case "Break":
    case "Continue":
    case "Pass":
      break;
  }
}

/** global/nonlocal declarations apply to the whole scope, wherever they appear in it. */
function collectDecls(body: ir.Stmt[], scope: Scope): void {
  const walk = (stmts: ir.Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === "Global") { for (const n of s.names) scope.globals.add(n); }
      else if (s.kind === "Nonlocal") { for (const n of s.names) scope.nonlocals.add(n); }
      else if (s.kind === "If" || s.kind === "While" || s.kind === "For") {
        walk(s.body);
        walk(s.orelse);
      } else if (s.kind === "With") walk(s.body);
      else if (s.kind === "Try") {
        walk(s.body);
        for (const h of s.handlers) walk(h.body);
        walk(s.orelse);
        walk(s.finalbody);
      }
    }
  };
  walk(body);
}

/** The nearest scope that a walrus inside comprehensions binds into. */
function walrusScope(scope: Scope): Scope {
  let s = scope;
  while (s.kind === "comprehension" && s.parent) s = s.parent;
  return s;
}

function visitExpr(e: ir.Expr, scope: Scope): void {
  switch (e.kind) {
    case "Name":
      if (e.id === "super" || e.id === "__class__") markClassCell(scope);
      break;
    case "Constant":
      break;
    case "JoinedStr":
      for (const v of e.values) visitExpr(v, scope);
      break;
    case "FormattedValue":
      visitExpr(e.value, scope);
      if (e.formatSpec) visitExpr(e.formatSpec, scope);
      break;
    case "Tuple":
    case "List":
    case "Set":
      for (const x of e.elts) visitExpr(x, scope);
      break;
    case "Dict":
      for (const k of e.keys) if (k) visitExpr(k, scope);
      for (const v of e.values) visitExpr(v, scope);
      break;
    case "Attribute":
      visitExpr(e.value, scope);
      break;
    case "Subscript":
      visitExpr(e.value, scope);
      visitExpr(e.index, scope);
      break;
    case "Slice":
      if (e.lower) visitExpr(e.lower, scope);
      if (e.upper) visitExpr(e.upper, scope);
      if (e.step) visitExpr(e.step, scope);
      break;
    case "Starred":
      visitExpr(e.value, scope);
      break;
    case "Call":
      visitExpr(e.func, scope);
      for (const a of e.args) visitExpr(a, scope);
      for (const k of e.keywords) visitExpr(k.value, scope);
      break;
    case "BinOp":
      visitExpr(e.left, scope);
      visitExpr(e.right, scope);
      break;
    case "UnaryOp":
      visitExpr(e.operand, scope);
      break;
    case "BoolOp":
      for (const v of e.values) visitExpr(v, scope);
      break;
    case "Compare":
      visitExpr(e.left, scope);
      for (const c of e.comparators) visitExpr(c, scope);
      break;
    case "IfExp":
      visitExpr(e.test, scope);
      visitExpr(e.body, scope);
      visitExpr(e.orelse, scope);
      break;
    case "Lambda": {
      visitArgsDefaults(e.args, scope);
      const fs = newFunctionScope(e, scope, "<lambda>", e.args);
      visitExpr(e.body, fs);
      break;
    }
    case "Comprehension": {
      // The first iterable is evaluated in the enclosing scope.
      visitExpr(e.generators[0].iter, scope);
      const cs = new Scope("comprehension", scope, "<" + e.type + "comp>");
      scope.children.set(e, cs);
      e.generators.forEach((g, i) => {
        if (i > 0) visitExpr(g.iter, cs);
        bindTarget(g.target, cs);
        for (const c of g.ifs) visitExpr(c, cs);
      });
      visitExpr(e.elt, cs);
      if (e.key) visitExpr(e.key, cs);
      break;
    }
    case "Yield":
      if (e.value) visitExpr(e.value, scope);
      break;
    case "YieldFrom":
      visitExpr(e.value, scope);
      break;
    case "NamedExpr": {
      visitExpr(e.value, scope);
      const target = walrusScope(scope);
      if (target.kind !== "module") bind(target, e.target.id);
      break;
    }
  }
}

/** A function using super()/__class__ needs the class cell of its enclosing class. */
function markClassCell(scope: Scope): void {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind === "function") s.usesClassCell = true;
    if (s.kind === "class") return;
  }
}
