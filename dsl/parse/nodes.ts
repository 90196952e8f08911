// Span helpers and small node builders shared by the parser modules.

import type { IToken } from "chevrotain";
import type { Expr, Span } from "../ir.ts";

/** The span of one token (Chevrotain columns are 1-based, end inclusive; spans are end-exclusive). */
export function tokSpan(t: IToken): Span {
  return { line: t.startLine!, col: t.startColumn!, endLine: t.endLine!, endCol: t.endColumn! + 1 };
}

/** From the start of `a` to the end of `b`. */
export function join(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

export function spanFromTokens(first: IToken, last: IToken): Span {
  return { line: first.startLine!, col: first.startColumn!, endLine: last.endLine!, endCol: last.endColumn! + 1 };
}

export function startOf(t: IToken): Span {
  return { line: t.startLine!, col: t.startColumn!, endLine: t.startLine!, endCol: t.startColumn! };
}

/** Extends a node's span to the given token (e.g. a closing bracket). */
export function endAt(s: Span, t: IToken): Span {
  return { line: s.line, col: s.col, endLine: t.endLine!, endCol: t.endColumn! + 1 };
}

/** Python's name for an expression kind in "cannot assign to %s" messages (_PyPegen_get_expr_name). */
export function exprName(e: Expr): string {
  switch (e.kind) {
    case "Attribute":
      return "attribute";
    case "Subscript":
      return "subscript";
    case "Starred":
      return "starred";
    case "Name":
      return "name";
    case "List":
      return "list";
    case "Tuple":
      return "tuple";
    case "Lambda":
      return "lambda";
    case "Call":
      return "function call";
    case "BoolOp":
    case "BinOp":
    case "UnaryOp":
      return "expression";
    case "Comprehension":
      return e.type === "generator" ? "generator expression" : `${e.type} comprehension`;
    case "Yield":
    case "YieldFrom":
      return "yield expression";
    case "Dict":
      return "dict literal";
    case "Set":
      return "set display";
    case "JoinedStr":
    case "FormattedValue":
      return "f-string expression";
    case "Constant": {
      const v = e.value;
      if (v.type === "None") return "None";
      if (v.type === "bool") return v.value ? "True" : "False";
      if (v.type === "Ellipsis") return "ellipsis";
      return "literal";
    }
    case "Compare":
      return "comparison";
    case "IfExp":
      return "conditional expression";
    case "NamedExpr":
      return "named expression";
    case "Slice":
      return "slice";
  }
}
