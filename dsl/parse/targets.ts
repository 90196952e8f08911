// Assignment, deletion and loop targets: validation with CPython 3.11's messages (invalid_assignment,
// invalid_named_expression, _PyPegen_get_invalid_target).

import type { Expr, Span } from "../ir.ts";
import { exprName, join } from "./nodes.ts";

/** Nodes written inside parentheses: `(a, b)`, `(yield)`, `(x)`. */
export const PARENTHESIZED = new WeakSet<Expr>();

export type Fail = (msg: string, span: Span) => never;
type TargetsType = "star" | "del" | "for";

/** The first sub-expression that cannot be a target, or null (_PyPegen_get_invalid_target). */
export function invalidTarget(e: Expr, type: TargetsType): Expr | null {
  switch (e.kind) {
    case "List":
    case "Tuple":
      for (const x of e.elts) {
        const bad = invalidTarget(x, type);
        if (bad) return bad;
      }
      return null;
    case "Starred":
      return type === "del" ? e : invalidTarget(e.value, type);
    case "Compare":
      if (type === "for") return e.ops[0] === "in" ? invalidTarget(e.left, type) : null;
      return e;
    case "Name":
    case "Subscript":
    case "Attribute":
      return null;
    default:
      return e;
  }
}

export function checkTarget(e: Expr, fail: Fail, type: TargetsType = "star"): void {
  const bad = invalidTarget(e, type);
  if (bad) fail(`${type === "del" ? "cannot delete" : "cannot assign to"} ${exprName(bad)}`, bad.span);
}

/** The first bitwise_or-level expression that a PEG parse of `e` starts with, or null if it starts otherwise. */
function leadingBitOr(e: Expr): Expr | null {
  if (PARENTHESIZED.has(e)) return e;
  switch (e.kind) {
    case "Tuple":
      return e.elts.length ? leadingBitOr(e.elts[0]) : e;
    case "Compare":
      return leadingBitOr(e.left);
    case "BoolOp":
      return leadingBitOr(e.values[0]);
    case "IfExp":
      return leadingBitOr(e.body);
    case "UnaryOp":
      return e.op === "not" ? null : e;
    case "Lambda":
    case "Starred":
    case "Yield":
    case "YieldFrom":
    case "NamedExpr":
      return null;
    default:
      return e;
  }
}

export function isBitOrLevel(e: Expr): boolean {
  if (PARENTHESIZED.has(e)) return true;
  switch (e.kind) {
    case "Compare":
    case "BoolOp":
    case "IfExp":
    case "Lambda":
    case "Starred":
    case "Yield":
    case "YieldFrom":
    case "NamedExpr":
      return false;
    case "UnaryOp":
      return e.op !== "not";
    default:
      return true;
  }
}

/** Whether `e` starts with a list display, a parenthesized tuple, a generator expression, True, False or None. */
export function startsExcluded(e: Expr): boolean {
  for (;;) {
    if (PARENTHESIZED.has(e)) return e.kind === "Tuple" || (e.kind === "Comprehension" && e.type === "generator");
    switch (e.kind) {
      case "List":
        return true;
      case "Comprehension":
        return e.type === "generator";
      case "Constant":
        return e.value.type === "None" || e.value.type === "bool";
      case "BinOp":
        e = e.left;
        continue;
      case "Attribute":
      case "Subscript":
        e = e.value;
        continue;
      case "Call":
        e = e.func;
        continue;
      default:
        return false;
    }
  }
}

/**
 * Raises CPython's error for `t1 = t2 = ... = value` when a target is invalid (a no-op otherwise).
 * `rhs` is what follows the first `=`: the bitwise_or expression it starts with (null if none) and whether
 * another `=` or `:=` comes right after that expression.
 */
export function checkAssignTargets(targets: Expr[], rhs: { lb: Expr | null; thenEq: boolean }, fail: Fail): void {
  const bad = targets.find((t) => invalidTarget(t, "star") !== null);
  if (bad === undefined) return;
  // invalid_named_expression, tried on the last element of the first target.
  const t1 = targets[0];
  const e = t1.kind === "Tuple" && !PARENTHESIZED.has(t1) && t1.elts.length ? t1.elts[t1.elts.length - 1] : t1;
  const lb = rhs.lb;
  if (lb !== null && !rhs.thenEq && isBitOrLevel(e) && !startsExcluded(e)) {
    if (e.kind === "Name") fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", join(e.span, lb.span));
    fail(`cannot assign to ${exprName(e)} here. Maybe you meant '==' instead of '='?`, e.span);
  }
  for (const t of targets) {
    if ((t.kind === "Yield" || t.kind === "YieldFrom") && !PARENTHESIZED.has(t)) {
      fail("assignment to yield expression not possible", t.span);
    }
    checkTarget(t, fail);
  }
}

/** The rhs argument of checkAssignTargets for a complete statement. */
export function rhsOf(targets: Expr[], value: Expr): { lb: Expr | null; thenEq: boolean } {
  const next = targets.length > 1 ? targets[1] : value;
  const lb = leadingBitOr(next);
  return { lb, thenEq: lb === next && targets.length > 1 };
}

export function checkAugTarget(t: Expr, fail: Fail): void {
  if (t.kind === "Name" || t.kind === "Attribute" || t.kind === "Subscript") return;
  fail(`'${exprName(t)}' is an illegal expression for augmented assignment`, t.span);
}

export function checkAnnTarget(t: Expr, fail: Fail): void {
  if (t.kind === "Name" || t.kind === "Attribute" || t.kind === "Subscript") return;
  if (t.kind === "Tuple" && !PARENTHESIZED.has(t)) {
    fail("only single target (not tuple) can be annotated", t.elts[0].span);
  }
  if (t.kind === "Tuple" || t.kind === "List") {
    fail(`only single target (not ${t.kind === "Tuple" ? "tuple" : "list"}) can be annotated`, t.span);
  }
  fail("illegal target for annotation", t.span);
}
